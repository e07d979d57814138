package server

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/accolade-badges/accolade"
)

// TestUpsertFromAnotherInstall: a platform deposits into bob's record a
// credential that another install (B) issued. This install has none of
// B's keys: its verifier fetches B's documents over the network, then
// keeps the credential, JSON and JWT (one entry: the same id), and lists
// it through getCredentials. Once B revokes it, depositing it again is
// refused, naming the revocation, and the kept copy is unchanged.
func TestUpsertFromAnotherInstall(t *testing.T) {
	f := newOAuthFixture(t)
	b := newInstall(t, "City Museum")
	fetchFromLoopback(t, f.ts.s, obBase)
	tok := f.token(f.cfg)

	before := b.requests.Load()
	if resp, body := f.api("POST", pathOBCredentials, "application/json", string(b.rec.JSON), tok.AccessToken); resp.StatusCode != http.StatusCreated {
		t.Fatalf("upsert B's JSON credential = %d %s", resp.StatusCode, body)
	}
	if b.requests.Load() == before {
		t.Fatal("the credential of B was kept without fetching anything from B")
	}
	if resp, body := f.api("POST", pathOBCredentials, "text/plain", b.rec.JWT, tok.AccessToken); resp.StatusCode != http.StatusOK {
		t.Fatalf("upsert B's JWT of the same credential = %d %s, want 200 (replaced)", resp.StatusCode, body)
	}
	resp, body := f.api("GET", pathOBCredentials, "", "", tok.AccessToken)
	var list struct {
		CompactJwsString []string `json:"compactJwsString"`
	}
	mustOK(t, json.Unmarshal(body, &list))
	if resp.StatusCode != 200 || len(list.CompactJwsString) != 1 || list.CompactJwsString[0] != b.rec.JWT {
		t.Fatalf("getCredentials after the deposit = %d %s, want B's JWT", resp.StatusCode, body)
	}

	if _, err := b.db.SetStatus(b.rec.ID, accolade.Revoked, "issued in error", b.s.now()); err != nil {
		t.Fatal(err)
	}
	fetchFromLoopback(t, f.ts.s, obBase) // nothing cached: B's status list is read again
	resp, body = f.api("POST", pathOBCredentials, "application/json", string(b.rec.JSON), tok.AccessToken)
	if resp.StatusCode != http.StatusBadRequest || imsxMinor(t, body) != "invalid_data" || !strings.Contains(string(body), "revoked") {
		t.Errorf("upsert after B revoked it = %d %s, want 400 invalid_data naming the revocation", resp.StatusCode, body)
	}
	if strings.Contains(string(body), "issued in error") {
		t.Errorf("the refusal shows B's private revocation reason: %s", body)
	}
	ext, err := f.ts.db.Externals("bob")
	if err != nil || len(ext) != 1 || ext[0].JWT != b.rec.JWT {
		t.Errorf("bob's deposited credentials after the refusal = %d, %v; want the JWT kept", len(ext), err)
	}
}
