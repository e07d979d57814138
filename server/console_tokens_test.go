package server

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/accolade-badges/accolade"
)

var tokenSecret = regexp.MustCompile(`<code class="console-secret" dir="ltr">([^<]+)</code>`)

// TestConsoleTokens: a token is created for the community only, its secret
// shown once and never on the list; it works on the API until revoked;
// another community's token is not found.
func TestConsoleTokens(t *testing.T) {
	f := newConsoleFixture(t)
	base := "/console/default/tokens"
	if rec := f.bob.do("POST", base, url.Values{"name": {"sync"}}); rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "Tick at least one thing the token may do.") || !strings.Contains(rec.Body.String(), `value="sync"`) {
		t.Errorf("creating a token without scopes: %d, want 422 with the message and the name kept\n%s", rec.Code, rec.Body)
	}
	rec := f.bob.do("POST", base, url.Values{"name": {"sync"}, "scopes": {"read", "credentials:issue"}})
	m := tokenSecret.FindStringSubmatch(rec.Body.String())
	if rec.Code != http.StatusCreated || m == nil || !strings.HasPrefix(m[1], accolade.TokenPrefix) {
		t.Fatalf("creating a token: %d, want 201 with the secret\n%s", rec.Code, rec.Body)
	}
	secret := m[1]
	list, err := f.ts.db.Tokens()
	mustOK(t, err)
	var tok *accolade.Token
	for _, x := range list {
		if x.Name == "sync" {
			tok = x
		}
	}
	if tok == nil || tok.Issuer != "default" || tok.CreatedBy != "coordinator:bob" || len(tok.Scopes) != 2 {
		t.Fatalf("the new token: %+v", tok)
	}
	if got := f.ts.serve(t, "GET", "/api/v1/tokens", "", secret, ""); got.Code != http.StatusForbidden {
		t.Errorf("the new token without tokens:admin on GET /api/v1/tokens: %d, want 403", got.Code)
	}
	if got := f.ts.serve(t, "GET", "/api/v1/audit", "", secret, ""); got.Code != http.StatusOK {
		t.Errorf("the new read token on the audit API: %d, want 200", got.Code)
	}
	body := getConsole(t, f.bob, base)
	if !strings.Contains(body, "sync") || strings.Contains(body, secret) || strings.Contains(body, "console-secret") {
		t.Error("the list should name the token and never show its secret")
	}
	other, _, err := f.ts.s.newToken("north", "other", []accolade.Scope{accolade.ScopeRead}, "test")
	mustOK(t, err)
	if strings.Contains(body, "north") {
		t.Error("the list holds another community's token")
	}
	if rec := f.bob.do("POST", base+"/"+other.ID+"/revoke", url.Values{}); rec.Code != http.StatusNotFound {
		t.Errorf("revoking another community's token: %d, want 404", rec.Code)
	}
	postConsole(t, f.bob, base+"/"+tok.ID+"/revoke", url.Values{}, "tokenRevoked")
	if x, _ := f.ts.db.Token(tok.ID); x.Revoked.IsZero() {
		t.Error("after revoking the token is not revoked")
	}
	if x, _ := f.ts.db.Token(other.ID); !x.Revoked.IsZero() {
		t.Error("the other community's token was revoked")
	}
	if got := f.ts.serve(t, "GET", "/api/v1/audit", "", secret, ""); got.Code != http.StatusUnauthorized {
		t.Errorf("a revoked token on the API: %d, want 401", got.Code)
	}
}
