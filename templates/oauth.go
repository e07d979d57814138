package templates

import (
	"io"
	"time"
)

// ConsentPage is where a signed-in member lets an application use the
// Open Badges API for them, or not (/oauth/authorize). Client and
// ClientURI are what the application registered: claims, shown as such.
type ConsentPage struct {
	MemberPage
	Client, ClientURI string
	// Scopes are what it asks for, in words.
	Scopes []string
	// RedirectHost is where the member's answer takes them.
	RedirectHost string
	// Action is where the form posts; Fields are its hidden fields (the
	// request, checked again when it comes back).
	Action string
	Fields map[string]string
}

// GrantView is an application the member let in, on the settings page.
type GrantView struct {
	Client    string
	Scopes    []string
	Created   time.Time
	RevokeURL string
}

// ExternalView is a credential the member deposited from elsewhere, on
// the settings page: what it claims.
type ExternalView struct {
	ID, Name, Issuer string
	Received         time.Time
	RemoveURL        string // POST with the id to remove it from the record
}

// Consent renders the consent page.
func (r *Renderer) Consent(w io.Writer, v ConsentPage) error {
	return r.render(w, "oauth-consent", v)
}
