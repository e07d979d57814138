package accolade

import "time"

// Endorsement is an OB 3.0 EndorsementCredential kept by this install: one
// a community of it issued, or one a coordinator attached after it was
// verified. It endorses one Profile or Achievement (Subject, its id), and
// appears in that target's Profile or Achievement from then on.
type Endorsement struct {
	ID           string // the credential's id
	Subject      string // id of the endorsed profile or achievement
	Endorser     string // the endorsing issuer's id
	EndorserName string // the endorsing issuer's name, as the credential claims it
	Comment      string // the endorsementComment ("" when it has none)
	Attached     bool   // received from outside, not issued here
	Created      time.Time
	JSON         []byte // the credential with its Data Integrity proof, or nil
	JWT          string // the credential as a compact VC-JWT, or ""
}
