package accolade

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/accolade-badges/accolade/errs"
)

// Scope is what an API token may do. Every admin route needs one.
type Scope string

// Scopes of API tokens.
const (
	ScopeMembersWrite      Scope = "members:write"      // add and change members
	ScopeActivityWrite     Scope = "activity:write"     // exchanges, confirmations, attestations, applications, decisions, imports
	ScopeAchievementsWrite Scope = "achievements:write" // achievements, their images, publishing
	ScopeCredentialsIssue  Scope = "credentials:issue"  // issue directly, evaluate
	ScopeCredentialsRevoke Scope = "credentials:revoke" // revoke, suspend, unsuspend
	ScopeKeysAdmin         Scope = "keys:admin"         // rotate and remove keys
	ScopeTokensAdmin       Scope = "tokens:admin"       // create, list and revoke tokens
	ScopeIssuersAdmin      Scope = "issuers:admin"      // an issuer's profile and logo
	ScopeRead              Scope = "read"               // every GET of the admin API, and the audit log
)

// AllScopes lists every scope, in the order help shows them.
var AllScopes = []Scope{
	ScopeMembersWrite, ScopeActivityWrite, ScopeAchievementsWrite, ScopeCredentialsIssue,
	ScopeCredentialsRevoke, ScopeKeysAdmin, ScopeTokensAdmin, ScopeIssuersAdmin, ScopeRead,
}

// ParseScopes checks a list of scope names and returns them without
// repeats, in AllScopes order. An unknown name is an errs.Invalid error of
// field "scopes".
func ParseScopes(names []string) ([]Scope, error) {
	if len(names) == 0 {
		return nil, errs.Field("scopes", "is required: give one or more of %s", scopeNames())
	}
	for _, n := range names {
		if !slices.Contains(AllScopes, Scope(strings.TrimSpace(n))) {
			return nil, errs.Field("scopes", "%q is not a scope: use %s", n, scopeNames())
		}
	}
	var out []Scope
	for _, s := range AllScopes {
		if slices.ContainsFunc(names, func(n string) bool { return Scope(strings.TrimSpace(n)) == s }) {
			out = append(out, s)
		}
	}
	return out, nil
}

func scopeNames() string {
	names := make([]string, len(AllScopes))
	for i, s := range AllScopes {
		names[i] = string(s)
	}
	return strings.Join(names, ", ")
}

// TokenPrefix starts every token secret.
const TokenPrefix = "acc_"

// Token is an API token as stored: never its secret, only the secret's
// hash. Issuer is the slug of the one community the token acts for, or ""
// for an install-wide (owner) token.
type Token struct {
	ID        string // short and public: what lists show and revocation names
	Hash      string // lowercase hex SHA-256 of the secret
	Name      string
	Issuer    string
	Scopes    []Scope
	Created   time.Time
	CreatedBy string    // the actor that created it
	Revoked   time.Time // zero: in use
	LastUsed  time.Time // updated at most once a minute
}

// Has reports whether t grants scope.
func (t *Token) Has(scope Scope) bool { return slices.Contains(t.Scopes, scope) }

// Owner reports whether t is install-wide.
func (t *Token) Owner() bool { return t.Issuer == "" }

// Actor is how the audit log names the token's holder.
func (t *Token) Actor() string { return fmt.Sprintf("token %s (%s)", t.Name, t.ID) }

// Validate checks a token before it is stored, with errors naming the field.
func (t *Token) Validate() error {
	switch {
	case strings.TrimSpace(t.Name) == "":
		return errs.Field("name", "is required: a name that says who or what uses the token")
	case len(t.Name) > 100:
		return errs.Field("name", "is longer than 100 characters")
	case len(t.Hash) != 64 || t.ID == "":
		return errs.E(errs.Internal, "token without id or hash")
	case len(t.Scopes) == 0:
		return errs.Field("scopes", "is required: give one or more of %s", scopeNames())
	}
	return nil
}

// NewTokenSecret returns a new token secret (TokenPrefix and 32 random
// bytes in base64url), its hash, and a short random public id.
func NewTokenSecret(rand io.Reader) (secret, hash, id string, err error) {
	b := make([]byte, 32+6)
	if _, err := io.ReadFull(rand, b); err != nil {
		return "", "", "", errs.Wrap(errs.Internal, err, "reading randomness for a token")
	}
	secret = TokenPrefix + base64.RawURLEncoding.EncodeToString(b[:32])
	return secret, TokenHash(secret), hex.EncodeToString(b[32:]), nil
}

// TokenHash is the hash a token is stored under.
func TokenHash(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}
