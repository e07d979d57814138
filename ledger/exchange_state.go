package ledger

import "slices"

// Confirmation is where one participant stands on an exchange.
type Confirmation string

// The confirmation states of a participant.
const (
	Confirmed Confirmation = "confirmed" // in ConfirmedBy
	Waiting   Confirmation = "waiting"   // neither confirmed nor disputed yet
	Disputed  Confirmation = "disputed"  // in DisputedBy
)

// ConfirmationOf returns where member stands on the exchange; a member who
// is not a participant is Waiting.
func (e *Exchange) ConfirmationOf(member string) Confirmation {
	switch {
	case slices.Contains(e.DisputedBy, member):
		return Disputed
	case slices.Contains(e.ConfirmedBy, member):
		return Confirmed
	}
	return Waiting
}

// AwaitsConfirmation reports whether member is a participant of the
// exchange, not withdrawn, who has neither confirmed nor disputed it: the
// exchange asks them to confirm.
func (e *Exchange) AwaitsConfirmation(member string) bool {
	return !e.Withdrawn && e.IsParticipant(member) && e.ConfirmationOf(member) == Waiting
}
