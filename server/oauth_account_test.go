package server

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/accolade-badges/accolade"
)

// TestOAuthAfterForget: once a coordinator erases bob, the platform he
// let in can neither read nor change his profile (which would give a
// forgotten member a name again), and the credential it deposited for
// him is gone.
func TestOAuthAfterForget(t *testing.T) {
	f, tok, _ := depositedFixture(t)
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

// TestRemoveDeposited: bob removes from his settings page a credential a
// platform deposited; one that is not in his record (another member's)
// is a 404 and changes nothing.
func TestRemoveDeposited(t *testing.T) {
	f, tok, sam := depositedFixture(t)
	mustOK(t, putExternalFor(f, "ann", sam.JWT))
	page := f.bob.do("GET", "/account/settings", nil)
	if !strings.Contains(page.Body.String(), routeRemoveExternal) || !strings.Contains(page.Body.String(), `aria-label="Remove Circle Host from your record"`) {
		t.Fatalf("the settings page offers no removal:\n%s", page.Body)
	}
	if rec := f.bob.do("POST", routeRemoveExternal, url.Values{"id": {"urn:uuid:not-his"}}); rec.Code != http.StatusNotFound {
		t.Errorf("removing a credential not in his record = %d, want 404", rec.Code)
	}
	if rec := f.bob.do("POST", routeRemoveExternal, url.Values{"id": {"urn:uuid:" + sam.ID}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("removing the deposited credential = %d %s", rec.Code, rec.Body)
	}
	if ext, err := f.ts.db.Externals("bob"); err != nil || len(ext) != 0 {
		t.Errorf("bob's deposited credentials after removal = %d, %v", len(ext), err)
	}
	if ext, err := f.ts.db.Externals("ann"); err != nil || len(ext) != 1 {
		t.Errorf("ann's deposited credentials after bob's removal = %d, %v; want hers kept", len(ext), err)
	}
	resp, b := f.api("GET", pathOBCredentials, "", "", tok.AccessToken)
	if resp.StatusCode != 200 || strings.Contains(string(b), sam.JWT) {
		t.Errorf("getCredentials after removal = %d, still lists it: %.300s", resp.StatusCode, b)
	}
}

// putExternalFor deposits jwt for member directly in the store.
func putExternalFor(f *oauthFixture, member, jwt string) error {
	_, err := f.ts.db.PutExternal(&accolade.External{Member: member, ID: "urn:uuid:x", JWT: jwt, Received: f.clk.now})
	return err
}

// depositedFixture is an oauthFixture whose platform, with bob's access
// token, deposited sam's credential (its JWT) in bob's record.
func depositedFixture(t *testing.T) (*oauthFixture, *oauth2.Token, *accolade.Record) {
	t.Helper()
	f := newOAuthFixture(t)
	tok := f.token(f.cfg)
	sam := f.ts.issue(t, "sam")
	if resp, b := f.api("POST", pathOBCredentials, "text/plain", sam.JWT, tok.AccessToken); resp.StatusCode != http.StatusCreated {
		t.Fatalf("upsert = %d %s", resp.StatusCode, b)
	}
	return f, tok, sam
}

// pruneSpy is the OAuth store, telling what PruneOAuth deleted.
type pruneSpy struct {
	oauthStore
	pruned chan int
}

func (p pruneSpy) PruneOAuth(now time.Time) (int, error) {
	n, err := p.oauthStore.PruneOAuth(now)
	p.pruned <- n
	return n, err
}

// TestSessionPruningPrunesOAuth: the hourly pruning that sign-ins start
// deletes an expired authorization code too.
func TestSessionPruningPrunesOAuth(t *testing.T) {
	ts, clk := newSignInServer(t, obBase)
	mustOK(t, ts.db.PutOAuthClient(&accolade.OAuthClient{ID: "c", Name: "c", RedirectURIs: []string{"https://x/cb"}, Created: clk.now}))
	mustOK(t, ts.db.CreateOAuthGrant(&accolade.OAuthGrant{ID: "g", Member: "bob", Client: "c", Created: clk.now},
		&accolade.OAuthCode{Hash: "h", Grant: "g", Client: "c", RedirectURI: "https://x/cb", Expires: clk.now.Add(-time.Minute)}))
	spy := pruneSpy{oauthStore: ts.s.oauth, pruned: make(chan int, 1)}
	ts.s.oauth = spy
	ts.s.pruneSessions(clk.now)
	select {
	case n := <-spy.pruned:
		if n != 1 {
			t.Errorf("the pruning deleted %d OAuth records, want the expired code", n)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("pruning the sessions did not prune OAuth codes and tokens")
	}
}
