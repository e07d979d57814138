package ledger

// Outcome says what storing a fact did.
type Outcome int

const (
	Unchanged Outcome = iota // the same fact was already stored
	Created                  // a new fact was stored
	Updated                  // a stored fact changed (new confirmations, a new name)
)

func (o Outcome) String() string {
	switch o {
	case Created:
		return "created"
	case Updated:
		return "updated"
	}
	return "unchanged"
}
