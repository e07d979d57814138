package accolade

import "time"

// NoticeKind is what a notice tells its recipient. The list is append-only.
type NoticeKind string

// The notice kinds.
const (
	NoticeSignIn   NoticeKind = "signin"   // a one-time sign-in link (never optional)
	NoticeAwarded  NoticeKind = "awarded"  // a credential was issued to the member
	NoticeConfirm  NoticeKind = "confirm"  // someone logged an exchange with the member: please confirm it
	NoticeDecided  NoticeKind = "decided"  // the member's application was approved or rejected
	NoticeExpiring NoticeKind = "expiring" // a credential of the member expires soon
	NoticeTxCode   NoticeKind = "txcode"   // the transaction code of a wallet offer the member asked for (never optional)
)

// Notice is an event that a member is told about by mail. It is written to
// the outbox in the same transaction as the change that causes it, and the
// mail is rendered (in the member's language, as they are then) and sent
// after: a crash between the change and the send loses nothing. The
// Message-ID of its mail derives from ID, so a resend is recognisably the
// same message.
type Notice struct {
	ID     string     `json:"id"` // unique and stable: kind and the event's ids, or random
	Kind   NoticeKind `json:"kind"`
	Member string     `json:"member"` // the recipient
	// What the notice is about, by kind: the credential (awarded,
	// expiring), the exchange (confirm), the application (decided).
	Credential  string `json:"credential,omitempty"`
	Exchange    string `json:"exchange,omitempty"`
	Application string `json:"application,omitempty"`
	// By is the member whose action caused it (who logged the exchange,
	// who decided the application); empty for the system or a coordinator.
	By string `json:"by,omitempty"`
	// Link is the secret a notice carries: the sign-in link of a
	// NoticeSignIn, the transaction code of a NoticeTxCode (whose
	// Credential is the credential offered). The outbox forgets it once the
	// mail is sent or given up on.
	Link string `json:"link,omitempty"`
	// Lang is the language to write in when the person asked for the mail
	// from a page in that language (a sign-in link); empty: the member's.
	Lang    string    `json:"lang,omitempty"`
	Created time.Time `json:"created"`
}
