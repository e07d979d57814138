package accolade

import (
	"time"

	"github.com/accolade-badges/accolade/errs"
)

// This file holds what signing in is made of: one-time links, sessions and
// passkeys, as the store keeps them and the server uses them. Secrets are
// never here: a link or a session is known by the hex SHA-256 of the
// secret the person holds.

// Sign-in and session errors, of kind errs.Invalid: the person holds a link
// or a cookie that no longer works.
var (
	// ErrSignInUsed is a sign-in link that was already used.
	ErrSignInUsed = errs.E(errs.Invalid, "this sign-in link was already used")
	// ErrSignInExpired is a sign-in link past its time, or unknown.
	ErrSignInExpired = errs.E(errs.Invalid, "this sign-in link has expired")
	// ErrTooManySignIns is a member who was sent as many sign-in links
	// as SignInsPerWindow allows; kind errs.RateLimited.
	ErrTooManySignIns = errs.E(errs.RateLimited, "this member was sent %d sign-in links in the last %d minutes: no more are sent until the first of them is older", SignInsPerWindow, int(SignInWindow.Minutes()))
)

// SignInsPerWindow is the most sign-in links a member is sent within
// SignInWindow, whichever node (of several sharing a database) sends
// them: the store counts them where they are kept.
const (
	SignInsPerWindow = 3
	SignInWindow     = 15 * time.Minute
)

// Passkey errors.
var (
	// ErrCeremonyUnknown is a challenge that was never given, already
	// used, or past its time (errs.Invalid).
	ErrCeremonyUnknown = errs.E(errs.Invalid, "this passkey request is unknown, already used or expired")
	// ErrPasskeyExists is a credential id already registered (errs.Conflict).
	ErrPasskeyExists = errs.E(errs.Conflict, "this passkey is already registered")
)

// SignIn is a one-time sign-in link waiting to be used.
type SignIn struct {
	Hash    string // hex SHA-256 of the token in the link
	Member  string
	Next    string // where to go once signed in
	Created time.Time
	Expires time.Time
}

// Session is a signed-in browser.
type Session struct {
	Hash     string // hex SHA-256 of the cookie's value
	Member   string
	Created  time.Time
	LastSeen time.Time
	Expires  time.Time // absolute expiry
}

// Passkey is a member's WebAuthn credential.
type Passkey struct {
	ID         string // base64url credential id
	Member     string
	Credential []byte // the WebAuthn library's Credential as JSON
	Name       string // the member's label
	Created    time.Time
	LastUsed   time.Time // zero: never used to sign in
	SignCount  uint32
}

// Ceremony is a WebAuthn registration or sign-in under way.
type Ceremony struct {
	Challenge string
	Member    string // the member registering; empty for a sign-in
	Session   []byte // the WebAuthn library's SessionData as JSON
	Expires   time.Time
}
