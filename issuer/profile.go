package issuer

import "github.com/accolade-badges/accolade"

// The issuer profile and the URL layout moved to the domain package.

// Profile is accolade.Profile.
//
// Deprecated: use accolade.Profile (issue 9); removed after the parallel branches merge.
type Profile = accolade.Profile

// IDMode is accolade.IDMode.
//
// Deprecated: use accolade.IDMode (issue 9); removed after the parallel branches merge.
type IDMode = accolade.IDMode

// URLs is accolade.URLs.
//
// Deprecated: use accolade.URLs (issue 9); removed after the parallel branches merge.
type URLs = accolade.URLs

// Deprecated: use accolade.DefaultSlug, accolade.IDAuto, accolade.IDDIDWeb
// and accolade.IDURL (issue 9); removed after the parallel branches merge.
const (
	DefaultSlug = accolade.DefaultSlug
	IDAuto      = accolade.IDAuto
	IDDIDWeb    = accolade.IDDIDWeb
	IDURL       = accolade.IDURL
)

// ValidSlug reports whether s is a well-formed issuer or achievement slug.
//
// Deprecated: use accolade.ValidSlug (issue 9); removed after the parallel branches merge.
func ValidSlug(s string) bool { return accolade.ValidSlug(s) }

// CheckBaseURL checks a service base URL.
//
// Deprecated: use accolade.CheckBaseURL (issue 9); removed after the parallel branches merge.
func CheckBaseURL(base string) error { return accolade.CheckBaseURL(base) }
