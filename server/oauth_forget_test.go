package server

import (
	"net/http"
	"strings"
	"testing"
)

// TestOAuthAfterForget: once a coordinator erases bob, the platform he
// let in can neither read nor change his profile (which would give a
// forgotten member a name again), and the credential it deposited for
// him is gone.
func TestOAuthAfterForget(t *testing.T) {
	f := newOAuthFixture(t)
	tok := f.token(f.cfg)
	sam := f.ts.issue(t, "sam")
	if resp, b := f.api("POST", pathOBCredentials, "text/plain", sam.JWT, tok.AccessToken); resp.StatusCode != http.StatusCreated {
		t.Fatalf("upsert = %d %s", resp.StatusCode, b)
	}
	if rec := f.ts.serve(t, "POST", "/api/v1/members/bob/forget", "", testToken, ""); rec.Code != http.StatusOK ||
		!strings.Contains(rec.Body.String(), `"grants": 1`) || !strings.Contains(rec.Body.String(), `"deposited": 1`) {
		t.Fatalf("forget bob = %d %s, want 1 grant ended and 1 deposited credential deleted", rec.Code, rec.Body)
	}
	for _, c := range []struct{ method, path, ctype, body string }{
		{"GET", pathOBProfile, "", ""},
		{"PUT", pathOBProfile, "application/json", `{"type":"Profile","name":"Bob again"}`},
		{"GET", pathOBCredentials, "", ""},
	} {
		if resp, b := f.api(c.method, c.path, c.ctype, c.body, tok.AccessToken); resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("%s %s after bob was forgotten = %d %s, want 401", c.method, c.path, resp.StatusCode, b)
		}
	}
	if m, err := f.ts.db.Member("bob"); err != nil || m.Name != "" {
		t.Errorf("bob after the erasure: %+v, %v; want no name", m, err)
	}
	code, out := f.tokenPost(pathOAuthToken, map[string][]string{"grant_type": {"refresh_token"}, "refresh_token": {tok.RefreshToken}}, f.cfg.ClientID, f.cfg.ClientSecret)
	if code != http.StatusBadRequest || out["error"] != "invalid_grant" {
		t.Errorf("refresh after bob was forgotten = %d %v, want invalid_grant", code, out)
	}
}
