package accolade

import "time"

// State is the life-cycle state of a credential record in the store.
type State string

const (
	// Pending marks a reserved credential id that is being built and signed.
	// The store keeps reservations in memory; records of this state are
	// found only in stores written by older versions (left by a crash), and
	// are never listed or served.
	Pending State = "pending"
	// Issued marks a signed, stored credential.
	Issued State = "issued"
)

// Status is a credential's current standing.
type Status string

const (
	Active    Status = "active"
	Revoked   Status = "revoked"
	Suspended Status = "suspended"
	Expired   Status = "expired" // derived from ValidUntil; never stored
)

// Record is an issued (or reserved) credential as the store keeps it.
type Record struct {
	ID           string    `json:"id"` // uuid; the credential id is "urn:uuid:" + ID
	State        State     `json:"state"`
	Issuer       string    `json:"issuer"` // issuer slug
	Achievement  string    `json:"achievement"`
	Member       string    `json:"member"`
	ValidFrom    time.Time `json:"validFrom"`
	ValidUntil   time.Time `json:"validUntil,omitzero"`
	Status       Status    `json:"status"`
	StatusReason string    `json:"statusReason,omitempty"` // private: never in a public answer
	// StatusChanged is when Status last changed (revoked, suspended,
	// reinstated); zero for an active credential never changed, and for
	// changes made before it was recorded.
	StatusChanged time.Time `json:"statusChanged,omitzero"`
	// StatusEntries are the credential's places in its issuer's status
	// lists: revocation, then suspension for a suspendable achievement.
	// Credentials issued before status lists have none. Before
	// ReserveCredential, only the purposes are set, each Index holding a
	// random draw that the store uses to pick the index.
	StatusEntries []StatusEntry `json:"statusEntries,omitempty"`
	KeyID         string        `json:"keyId,omitempty"`      // the key that signed the JWT
	Alg           string        `json:"alg,omitempty"`        // the JWT's algorithm
	ProofKeyID    string        `json:"proofKeyId,omitempty"` // the Ed25519 key of the Data Integrity proof
	JWT           string        `json:"jwt,omitempty"`        // the exact signed VC-JWT
	JSON          []byte        `json:"json,omitempty"`       // the credential JSON as signed (Data Integrity form when present)
	Evidence      []string      `json:"evidence,omitempty"`
	Created       time.Time     `json:"created"`

	// A renewal is a new credential for a member whose credential for the
	// achievement expired or was about to: Renews names that credential,
	// AwardedDate keeps the date it was first awarded (the credential's
	// awardedDate), and the renewed one gets SupersededBy and SupersededAt.
	AwardedDate  time.Time `json:"awardedDate,omitzero"` // zero: ValidFrom
	Renews       string    `json:"renews,omitempty"`
	SupersededBy string    `json:"supersededBy,omitempty"`
	SupersededAt time.Time `json:"supersededAt,omitzero"`

	// Hidden reports whether the holder hid the credential's public page:
	// it answers 404 to everyone but them and is left out of public lists.
	// The credential itself (its JSON, JWT and status) is unchanged and
	// still verifies.
	Hidden bool `json:"hidden,omitempty"`
	// Holder is the DID the credential was bound to when its holder
	// collected it into a wallet (VC-API exchange, OpenID4VCI) and proved
	// control of that DID: credentialSubject.id. Such a credential renews
	// the one it was collected from (Renews), keeps its evidence and
	// validUntil, and sends no award mail. Empty for every other.
	Holder string `json:"holder,omitempty"`

	// Forgotten is when the holder's personal data was erased (accolade
	// members forget): JSON and JWT, which name them, are gone from the
	// store; the status entries stay, so the holder's own copy still
	// verifies, and the public page says only that the details were
	// removed. Zero: not erased.
	Forgotten time.Time `json:"forgotten,omitzero"`
}

// Awarded returns the date the member was first awarded the achievement:
// AwardedDate for a renewal, ValidFrom otherwise.
func (r *Record) Awarded() time.Time {
	if !r.AwardedDate.IsZero() {
		return r.AwardedDate
	}
	return r.ValidFrom
}

// Renewable reports whether r may be renewed at now by a credential issued
// then, for an achievement renewed within renewWithin of its expiry: r is
// issued, active (a revoked or suspended credential is never renewed), not
// already superseded, and expired or expiring within renewWithin.
func (r *Record) Renewable(now time.Time, renewWithin time.Duration) bool {
	return r.State == Issued && r.Status == Active && r.SupersededBy == "" &&
		!r.ValidUntil.IsZero() && !now.Before(r.ValidUntil.Add(-renewWithin))
}

// CurrentStatus returns the record's status at now: Expired when validUntil
// has passed and the credential is otherwise active.
func (r *Record) CurrentStatus(now time.Time) Status {
	if r.Status == Active && !r.ValidUntil.IsZero() && !now.Before(r.ValidUntil) {
		return Expired
	}
	return r.Status
}

// Valid reports whether the record is an issued credential that is active and
// not expired at now.
func (r *Record) Valid(now time.Time) bool {
	return r.State == Issued && r.CurrentStatus(now) == Active
}

// CredentialFilter selects issued credentials; empty fields match everything.
type CredentialFilter struct {
	Member      string
	Achievement string
	KeyID       string // signed by this key (the JWT's or the proof's)
}

// Match reports whether r is an issued credential that f selects.
func (f CredentialFilter) Match(r *Record) bool {
	return r.State == Issued &&
		(f.Member == "" || r.Member == f.Member) &&
		(f.Achievement == "" || r.Achievement == f.Achievement) &&
		(f.KeyID == "" || r.KeyID == f.KeyID || r.ProofKeyID == f.KeyID)
}

// Evidence is one fact that earned a credential: an exchange, an attestation
// or another credential, with a short narrative for people. It never holds
// an email address.
type Evidence struct {
	ID        string // the exchange, attestation or credential id
	Kind      string // "exchange", "attestation" or "credential"
	Narrative string // e.g. "Workshop 'Editing basics', 2 h, 12 learners, 2026-03-04"
	// Name is a short title, such as "Attestation of training by Ana Lima";
	// "" gives Kind and ID. Description is, for an attestation, what the
	// attester said.
	Name        string
	Description string
}

// Held is who holds an issued credential, as the award index needs it:
// the credential's id, member, achievement, validity and status, without
// the credential.
type Held struct {
	ID, Member, Achievement string
	ValidUntil              time.Time // zero: it does not expire
	Status                  Status
	Created                 time.Time
}
