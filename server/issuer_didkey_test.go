package server

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/accolade-badges/accolade/api"
)

// TestCreateDIDKeyIssuer creates a did:key community on the http base a
// newcomer gets: its id is the did:key of its Ed25519 key, which names the
// JWT's key, the proof's and the status list's; its credentials verify;
// its keys refuse to rotate, changing nothing; its public profile says the
// same id.
func TestCreateDIDKeyIssuer(t *testing.T) {
	ts := newTestServer(t, "http://127.0.0.1:8080")
	rec := ts.serve(t, "POST", "/api/v1/issuers", "application/json", testToken, `{"slug": "keyed", "name": "Keyed Circle", "idMode": "did:key"}`)
	if rec.Code != http.StatusCreated {
		t.Fatalf("POST /api/v1/issuers = %d %s", rec.Code, rec.Body)
	}
	var v api.Issuer
	mustOK(t, json.Unmarshal(rec.Body.Bytes(), &v))
	if !strings.HasPrefix(v.ID, "did:key:z6Mk") || v.Alg != "EdDSA" || v.IDMode != "did:key" {
		t.Fatalf("created issuer = %+v, want a did:key id and EdDSA", v)
	}
	vm := v.ID + "#" + strings.TrimPrefix(v.ID, "did:key:")

	rec = ts.serve(t, "PUT", "/api/v1/achievements/keyed-host", "application/yaml", testToken,
		"id: keyed-host\nissuer: keyed\nname: Keyed Host\ndescription: Hosts keyed circles.\n")
	if rec.Code != http.StatusCreated {
		t.Fatalf("PUT keyed-host = %d %s", rec.Code, rec.Body)
	}
	if rec := ts.serve(t, "PUT", "/api/v1/members/ana", "application/json", testToken, `{"name":"ليلى","email":"ana@example.org","communities":["default","keyed"]}`); rec.Code != http.StatusOK {
		t.Fatalf("ana joins keyed = %d %s", rec.Code, rec.Body)
	}
	rec = ts.serve(t, "POST", "/api/v1/credentials", "application/json", testToken, `{"achievement": "keyed-host", "member": "ana"}`)
	if rec.Code != http.StatusCreated {
		t.Fatalf("POST /api/v1/credentials = %d %s", rec.Code, rec.Body)
	}
	var issued api.Issued
	mustOK(t, json.Unmarshal(rec.Body.Bytes(), &issued))
	if kid := jwtKID(t, issued.JWT); kid != vm {
		t.Errorf("the JWT's kid is %q, want %q", kid, vm)
	}
	verdict := verifyJWT(t, ts, issued.JWT)
	if !verdict.Verified || !verdict.IssuerConfirmed {
		t.Errorf("verify = %s %q, want valid", verdict.Outcome, verdict.Summary)
	}
	var c struct{ Issuer struct{ ID string } }
	mustOK(t, json.Unmarshal(verdict.Credential, &c))
	if c.Issuer.ID != v.ID {
		t.Errorf("issuer.id = %q, want %q", c.Issuer.ID, v.ID)
	}
	rec = ts.serve(t, "GET", "/status/keyed/revocation-1", "", "", "")
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), v.ID) {
		t.Errorf("GET keyed's status list = %d %s, want one issued by %s", rec.Code, rec.Body, v.ID)
	}

	// A rotation is refused, with the reason, and changes nothing.
	before := ts.keys.Public("keyed")
	rec = ts.serve(t, "POST", "/api/v1/issuers/keyed/keys/rotate", "application/json", testToken, "")
	p := wantProblem(t, "rotate keyed", rec, http.StatusConflict)
	if !strings.Contains(p.Detail, "did:key") {
		t.Errorf("rotate refusal %q does not say why", p.Detail)
	}
	if after := ts.keys.Public("keyed"); len(after) != len(before) || after[0].ID != before[0].ID {
		t.Errorf("a refused rotation changed the keys: %v → %v", before, after)
	}

	// The public profile names the same id.
	rec = ts.serve(t, "GET", "/issuers/keyed", "", "", "")
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), v.ID) {
		t.Errorf("GET /issuers/keyed = %d, without its id %s\n%s", rec.Code, v.ID, rec.Body)
	}
}
