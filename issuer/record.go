package issuer

import "github.com/accolade-badges/accolade"

// The credential record moved to the domain package.

// State is accolade.State.
//
// Deprecated: use accolade.State (issue 9); removed after the parallel branches merge.
type State = accolade.State

// Status is accolade.Status.
//
// Deprecated: use accolade.Status (issue 9); removed after the parallel branches merge.
type Status = accolade.Status

// Record is accolade.Record.
//
// Deprecated: use accolade.Record (issue 9); removed after the parallel branches merge.
type Record = accolade.Record

// CredentialFilter is accolade.CredentialFilter.
//
// Deprecated: use accolade.CredentialFilter (issue 9); removed after the parallel branches merge.
type CredentialFilter = accolade.CredentialFilter

// Evidence is accolade.Evidence.
//
// Deprecated: use accolade.Evidence (issue 9); removed after the parallel branches merge.
type Evidence = accolade.Evidence

// Deprecated: use accolade.Pending, accolade.Issued, accolade.Active,
// accolade.Revoked, accolade.Suspended and accolade.Expired (issue 9);
// removed after the parallel branches merge.
const (
	Pending   = accolade.Pending
	Issued    = accolade.Issued
	Active    = accolade.Active
	Revoked   = accolade.Revoked
	Suspended = accolade.Suspended
	Expired   = accolade.Expired
)
