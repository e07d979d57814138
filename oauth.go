package accolade

import (
	"slices"
	"strings"
	"time"

	"github.com/accolade-badges/accolade/errs"
)

// This file holds what the Open Badges 3.0 API's OAuth 2.0 is made of: the
// client platforms a member lets fetch their badges (registered with RFC
// 7591), the grants members give them, and the hashed codes and tokens of
// those grants. As for sign-in links, secrets are never here: a code or a
// token is known by the hex SHA-256 of the secret its holder has.

// The Open Badges 3.0 API scopes.
const (
	ScopeCredentialRead   = "https://purl.imsglobal.org/spec/ob/v3p0/scope/credential.readonly"
	ScopeCredentialUpsert = "https://purl.imsglobal.org/spec/ob/v3p0/scope/credential.upsert"
	ScopeProfileRead      = "https://purl.imsglobal.org/spec/ob/v3p0/scope/profile.readonly"
	ScopeProfileUpdate    = "https://purl.imsglobal.org/spec/ob/v3p0/scope/profile.update"
)

// OBScopes are the scopes a client may ask for, in the order pages list them.
var OBScopes = []string{ScopeCredentialRead, ScopeCredentialUpsert, ScopeProfileRead, ScopeProfileUpdate}

// ParseOAuthScopes splits an OAuth scope parameter (space-separated) into known
// scopes, in OBScopes order without repeats; an unknown one is an
// errs.Invalid error naming it. "offline_access", which clients send to
// ask for a refresh token, is accepted and dropped: every grant has one.
func ParseOAuthScopes(s string) ([]string, error) {
	var out []string
	for _, f := range strings.Fields(s) {
		if f == "offline_access" {
			continue
		}
		if !slices.Contains(OBScopes, f) {
			return nil, errs.E(errs.Invalid, "unknown scope %q", f)
		}
		if !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	slices.SortFunc(out, func(a, b string) int { return slices.Index(OBScopes, a) - slices.Index(OBScopes, b) })
	return out, nil
}

// OAuthClient is a platform registered to use the API (RFC 7591).
type OAuthClient struct {
	ID   string
	Name string
	URI  string // its home page, as it says; empty: none
	// RedirectURIs are the exact URIs codes may be sent to.
	RedirectURIs []string
	// Scopes are those it registered for; it may ask for no others.
	Scopes []string
	// SecretHash is the hex SHA-256 of its client secret; empty: a public
	// client (token_endpoint_auth_method "none"), which PKCE alone binds.
	SecretHash string
	Created    time.Time
}

// OAuthGrant is a member's consent for a client to use scopes: what the
// account page lists and can revoke. Its tokens die with it.
type OAuthGrant struct {
	ID      string
	Member  string
	Client  string
	Scopes  []string
	Created time.Time
	Revoked time.Time // zero: in force
}

// OAuthCode is an authorization code, waiting to be exchanged once.
type OAuthCode struct {
	Hash        string
	Grant       string
	Client      string
	RedirectURI string
	// Challenge is the PKCE S256 code challenge.
	Challenge string
	Expires   time.Time
}

// OAuthToken is an access or refresh token of a grant.
type OAuthToken struct {
	Hash    string
	Grant   string
	Refresh bool
	Expires time.Time
}

// External is a credential a member deposited from elsewhere through the
// API (upsertCredential): stored as received, verified before.
type External struct {
	Member string
	// ID is the credential's own id (its "id", or the JWT's jti).
	ID string
	// JSON is the credential as received, when it came as JSON; JWT, when
	// it came as a compact JWS.
	JSON []byte
	JWT  string
	// Name and IssuerName are what it says (claims), for the account page.
	Name, IssuerName string
	Received         time.Time
}

// OAuth errors.
var (
	// ErrCodeUsed is an authorization code exchanged before (its grant is
	// revoked, as RFC 6749 §4.1.2 asks), expired, or unknown.
	ErrCodeUsed = errs.E(errs.Invalid, "the authorization code is unknown, expired or already used")
	// ErrTokenInvalid is a token that is unknown, expired, or whose grant
	// was revoked.
	ErrTokenInvalid = errs.E(errs.Unauthorized, "the access token is unknown, expired or revoked")
)
