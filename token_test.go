package accolade

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/accolade-badges/accolade/errs"
)

func TestParseScopes(t *testing.T) {
	for _, tt := range []struct {
		name  string
		in    []string
		want  []Scope
		error string
	}{
		{"in order, without repeats", []string{"read", " members:write", "read"}, []Scope{ScopeMembersWrite, ScopeRead}, ""},
		{"every scope", []string{"members:write", "activity:write", "achievements:write", "credentials:issue", "credentials:revoke", "keys:admin", "tokens:admin", "issuers:admin", "read"}, AllScopes, ""},
		{"none", nil, nil, "is required"},
		{"unknown", []string{"read", "write"}, nil, `"write" is not a scope`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseScopes(tt.in)
			if tt.error != "" {
				if errs.FieldOf(err) != "scopes" || !strings.Contains(err.Error(), tt.error) {
					t.Errorf("ParseScopes(%q) error = %v, want field scopes and %q", tt.in, err, tt.error)
				}
				return
			}
			if err != nil || !slices.Equal(got, tt.want) {
				t.Errorf("ParseScopes(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
			}
		})
	}
}

func TestNewTokenSecret(t *testing.T) {
	secret, hash, id, err := NewTokenSecret(bytes.NewReader(bytes.Repeat([]byte{7}, 38)))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(secret, TokenPrefix) || len(secret) != len(TokenPrefix)+43 || hash != TokenHash(secret) || len(hash) != 64 || id != "070707070707" {
		t.Errorf("NewTokenSecret = %q %q %q", secret, hash, id)
	}
	if _, _, _, err := NewTokenSecret(bytes.NewReader(nil)); errs.KindOf(err) != errs.Internal {
		t.Errorf("NewTokenSecret without randomness: %v, want an internal error", err)
	}
}
