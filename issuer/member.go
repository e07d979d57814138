package issuer

import "github.com/accolade-badges/accolade"

// Member is accolade.Member.
//
// Deprecated: use accolade.Member (issue 9); removed after the parallel branches merge.
type Member = accolade.Member
