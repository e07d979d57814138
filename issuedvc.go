package accolade

import "time"

// IssuedVC is a credential Accolade signed for a trusted client through
// the VC-API (POST /credentials/issue): a credential the client built,
// with the issuer's Data Integrity proof and, when asked, status entries.
// It is not a member's award: no member, achievement or page; it exists so
// that its status can be changed (POST /credentials/status) and so that
// what was signed is on record.
type IssuedVC struct {
	ID            string // the credential's id (a URL, "urn:uuid:…" when the client gave none)
	Issuer        string // issuer slug
	Token         string // id of the API token that asked for it ("" for the install-wide token)
	Created       time.Time
	Status        Status // Active, Revoked or Suspended
	StatusChanged time.Time
	StatusEntries []StatusEntry
	JSON          []byte // the credential as signed
}
