package templates

import (
	"io"
	"time"
)

// SignInPage is the sign-in form, and the answer once it is sent.
type SignInPage struct {
	Site
	Email string // as typed, to fill the form again
	Next  string // the path to go to once signed in
	// Sent reports whether the form was sent: the page then says that a
	// link is on its way if the address is a member's — the same words
	// whether it is or not.
	Sent bool
	// Error is what was wrong with the address, in the page's language.
	Error string
	// SignedInAs is the name of the member already signed in, if any.
	SignedInAs string
	// Passkeys reports whether the site offers signing in with a passkey.
	Passkeys bool
}

// SignInLinkPage is where a mailed sign-in link leads: a button that signs
// in (a POST to Action), or what is wrong with the link.
type SignInLinkPage struct {
	Site
	Action     string
	MemberName string
	Problem    string // used or expired, in the page's language; empty: the link works
}

// SettingsPage is a member's account settings.
type SettingsPage struct {
	MemberPage
	Name, Email string
	Lang        string // the member's language
	Mail        bool   // notification mail on
	Saved       bool
	// Coordinates names the communities the member coordinates.
	Coordinates []string
	// PasskeysOn reports whether the site offers passkeys; Passkeys are
	// the member's, oldest first.
	PasskeysOn bool
	Passkeys   []PasskeyView
	// Grants are the applications the member let use the Open Badges
	// API, in force; Externals the credentials they deposited through it.
	Grants    []GrantView
	Externals []ExternalView
}

// PasskeyView is one of a member's passkeys on their settings page.
type PasskeyView struct {
	ID, Name          string
	Created, LastUsed time.Time // LastUsed zero: never used
}

// SignIn renders the sign-in page.
func (r *Renderer) SignIn(w io.Writer, v SignInPage) error { return r.render(w, "signin", v) }

// SignInLink renders the page of a sign-in link.
func (r *Renderer) SignInLink(w io.Writer, v SignInLinkPage) error {
	return r.render(w, "signin-link", v)
}

// Settings renders a member's account settings.
func (r *Renderer) Settings(w io.Writer, v SettingsPage) error {
	return r.render(w, "account-settings", v)
}
