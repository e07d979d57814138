package accolade

import "time"

// Change is one event of a store's change feed: that a record the criteria
// index holds was written, by which node. Several nodes sharing one
// database read the feed to keep their indexes up to date with each
// other's writes; it names the record only, which the reader reads again.
type Change struct {
	Seq  uint64    // the event's number, increasing without gaps in commit order
	Kind string    // one of the Change kinds
	ID   string    // the record's id (member, exchange, attestation, credential, achievement)
	Node string    // the store handle that wrote it (see store.DB.NodeID)
	At   time.Time // when it was written, by the writing node's clock
}

// The kinds of Change.
const (
	ChangeMember      = "member"      // a member was stored or updated
	ChangeForgotten   = "forgotten"   // a member's personal data was erased
	ChangeExchange    = "exchange"    // an exchange was stored, confirmed, disputed or withdrawn
	ChangeAttestation = "attestation" // an attestation was stored (directly or by an approval)
	ChangeCredential  = "credential"  // a credential was issued, its status changed, or it was superseded
	ChangeAchievement = "achievement" // an achievement was stored, published, unpublished or deleted
)
