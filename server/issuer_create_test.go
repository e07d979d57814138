package server

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/accolade-badges/accolade/api"
	"github.com/accolade-badges/accolade/keys"
	"github.com/accolade-badges/accolade/verifier"
)

// TestCreateIssuer creates issuer north through the API and checks that
// its profile, did:web document, keys and status lists work at once, and
// that its credentials carry its id and its keys.
func TestCreateIssuer(t *testing.T) {
	ts := newTestServer(t, "https://badges.example.org")
	rec := ts.serve(t, "POST", "/api/v1/issuers", "application/json", testToken,
		`{"slug": "north", "name": "North Time Bank", "url": "https://north.example.org", "email": "hello@north.example.org", "lang": "fr", "alg": "EdDSA", "idMode": "did:web"}`)
	if rec.Code != http.StatusCreated {
		t.Fatalf("POST /api/v1/issuers = %d %s", rec.Code, rec.Body)
	}
	var v api.Issuer
	mustOK(t, json.Unmarshal(rec.Body.Bytes(), &v))
	if v.Slug != "north" || v.Name != "North Time Bank" || v.Alg != "EdDSA" || v.Lang != "fr" ||
		v.ID != "did:web:badges.example.org:issuers:north" || v.Profile != "https://badges.example.org/issuers/north" || v.Created.IsZero() {
		t.Errorf("created issuer = %+v", v)
	}
	if got := rec.Header().Get("Location"); got != v.Profile {
		t.Errorf("Location = %q, want %q", got, v.Profile)
	}
	if n := len(ts.keys.Public("north")); n != 2 {
		t.Errorf("north has %d keys, want 2 (RS256 and EdDSA)", n)
	}
	for _, path := range []string{"/issuers/north", "/issuers/north/did.json", "/.well-known/jwks.json"} {
		if rec := ts.serve(t, "GET", path, "", "", ""); rec.Code != http.StatusOK {
			t.Errorf("GET %s = %d %s", path, rec.Code, rec.Body)
		} else if path == "/issuers/north/did.json" && !strings.Contains(rec.Body.String(), `"did:web:badges.example.org:issuers:north"`) {
			t.Errorf("GET %s = %s, want north's did:web", path, rec.Body)
		}
	}
	wantProblem(t, "POST north again", ts.serve(t, "POST", "/api/v1/issuers", "application/json", testToken, `{"slug": "north", "name": "Again"}`), http.StatusConflict)
	if p, err := ts.db.Issuer("north"); err != nil || p.Name != "North Time Bank" {
		t.Errorf("north after a refused POST = %+v, %v", p, err)
	}

	rec = ts.serve(t, "GET", "/api/v1/issuers", "", testToken, "")
	var list api.IssuerList
	mustOK(t, json.Unmarshal(rec.Body.Bytes(), &list))
	var slugs []string
	for _, p := range list.Issuers {
		slugs = append(slugs, p.Slug)
	}
	if strings.Join(slugs, " ") != "default north other" {
		t.Errorf("GET /api/v1/issuers = %d %v, want default north other", rec.Code, slugs)
	}

	// An achievement of north's, issued and verified.
	rec = ts.serve(t, "PUT", "/api/v1/achievements/north-host", "application/yaml", testToken,
		"id: north-host\nissuer: north\nname: North Host\ndescription: Hosts circles in the north.\n")
	if rec.Code != http.StatusCreated {
		t.Fatalf("PUT north-host = %d %s", rec.Code, rec.Body)
	}
	if rec := ts.serve(t, "PUT", "/api/v1/members/ana", "application/json", testToken, `{"name":"अनन्या शर्मा","email":"ana@example.org","communities":["default","north"]}`); rec.Code != http.StatusOK {
		t.Fatalf("ana joins north = %d %s", rec.Code, rec.Body)
	}
	rec = ts.serve(t, "POST", "/api/v1/credentials", "application/json", testToken, `{"achievement": "north-host", "member": "ana"}`)
	if rec.Code != http.StatusCreated {
		t.Fatalf("POST /api/v1/credentials = %d %s", rec.Code, rec.Body)
	}
	var issued api.Issued
	mustOK(t, json.Unmarshal(rec.Body.Bytes(), &issued))
	if kid := jwtKID(t, issued.JWT); !strings.HasPrefix(kid, v.ID+"#") || !ownKey(ts.keys.Public("north"), strings.TrimSuffix(strings.TrimPrefix(kid, v.ID+"#"), "-jwk")) {
		t.Errorf("north's credential is signed with kid %q, not one of north's keys", kid)
	}
	if rec := ts.serve(t, "GET", "/status/north/revocation-1", "", "", ""); rec.Code != http.StatusOK {
		t.Errorf("GET north's status list = %d %s", rec.Code, rec.Body)
	}
	for name, jwt := range map[string]string{"north's": issued.JWT, "default's": ts.rec.JWT} {
		verdict := verifyJWT(t, ts, jwt)
		if !verdict.Verified || !verdict.IssuerConfirmed {
			t.Errorf("verify %s credential = %s %q", name, verdict.Outcome, verdict.Summary)
		}
		var c struct {
			Issuer struct{ ID string } `json:"issuer"`
		}
		mustOK(t, json.Unmarshal(verdict.Credential, &c))
		want := map[string]string{"north's": v.ID, "default's": "did:web:badges.example.org:issuers:default"}[name]
		if c.Issuer.ID != want {
			t.Errorf("%s credential has issuer %q, want %q", name, c.Issuer.ID, want)
		}
	}

	// An achievement naming an unknown issuer is refused, with its line.
	rec = ts.serve(t, "PUT", "/api/v1/achievements/south-host", "application/yaml", testToken,
		"id: south-host\nissuer: nort\nname: South Host\ndescription: Hosts.\n")
	p := wantProblem(t, "PUT an achievement of issuer nort", rec, http.StatusBadRequest)
	if !strings.Contains(p.Detail, `request body:2: issuer: there is no issuer "nort" (did you mean "north"?)`) {
		t.Errorf("PUT with issuer nort: %q", p.Detail)
	}
	if _, err := ts.db.Achievement("south-host"); err == nil {
		t.Error("south-host was stored")
	}
}

// TestCreateIssuerRefused sends bad issuers: each is refused naming the
// field, and nothing is written.
func TestCreateIssuerRefused(t *testing.T) {
	ts := newTestServer(t, "http://127.0.0.1:8080")
	for _, tt := range []struct{ name, body, field, detail string }{
		{"no slug", `{"name": "North"}`, "slug", "required"},
		{"bad slug", `{"slug": "North Bank", "name": "North"}`, "slug", "not a valid slug"},
		{"no name", `{"slug": "north"}`, "name", "required"},
		{"bad url", `{"slug": "north", "name": "North", "url": "ftp://north"}`, "url", "not an http(s) URL"},
		{"bad logo", `{"slug": "north", "name": "North", "logo": "logo.png"}`, "logo", "not an http(s) URL"},
		{"bad linkedin", `{"slug": "north", "name": "North", "linkedInOrganizationId": "north-bank"}`, "linkedInOrganizationId", "LinkedIn"},
		{"bad lang", `{"slug": "north", "name": "North", "lang": "French!"}`, "lang", "language tag"},
		{"bad alg", `{"slug": "north", "name": "North", "alg": "HS256"}`, "alg", "RS256, EdDSA or ES256"},
		{"bad id mode", `{"slug": "north", "name": "North", "idMode": "did:peer"}`, "idMode", `"did:web", "did:key" or "url"`},
		{"did:key with RS256", `{"slug": "north", "name": "North", "idMode": "did:key", "alg": "RS256"}`, "alg", "use EdDSA"},
		{"unknown field", `{"slug": "north", "name": "North", "colour": "red"}`, "", `unknown field "colour"`},
		{"existing", `{"slug": "other", "name": "North"}`, "", `issuer "other" already`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			rec := ts.serve(t, "POST", "/api/v1/issuers", "application/json", testToken, tt.body)
			status := http.StatusBadRequest
			if tt.name == "existing" {
				status = http.StatusConflict
			}
			p := wantProblem(t, "POST "+tt.body, rec, status)
			if p.Field != tt.field || !strings.Contains(p.Detail, tt.detail) {
				t.Errorf("POST %s: field %q detail %q, want field %q and %q", tt.body, p.Field, p.Detail, tt.field, tt.detail)
			}
			if list, _ := ts.db.Issuers(); len(list) != 2 {
				t.Errorf("after POST %s: %d issuers, want 2", tt.body, len(list))
			}
			if n := len(ts.keys.Public("north")); n != 0 {
				t.Errorf("after POST %s: north has %d keys", tt.body, n)
			}
		})
	}
}

// failingKeys fails to create keys.
type failingKeys struct{ *keys.Keyring }

func (failingKeys) EnsureKeys(string, keys.Algorithm) (bool, error) {
	return false, errors.New("disk full")
}

// TestCreateIssuerKeysFail: when the keys cannot be stored, the profile
// stored before them is removed again.
func TestCreateIssuerKeysFail(t *testing.T) {
	ts := newTestServer(t, "https://badges.example.org")
	ts.s.keys = failingKeys{ts.keys}
	rec := ts.serve(t, "POST", "/api/v1/issuers", "application/json", testToken, `{"slug": "north", "name": "North", "alg": "ES256"}`)
	wantProblem(t, "POST north without keys", rec, http.StatusInternalServerError)
	if p, err := ts.db.Issuer("north"); err == nil {
		t.Errorf("north was left behind: %+v", p)
	}
	if rec := ts.serve(t, "GET", "/issuers/north", "", "", ""); rec.Code != http.StatusNotFound {
		t.Errorf("GET /issuers/north = %d, want 404", rec.Code)
	}
}

// verifyJWT verifies a credential with POST /api/v1/verify.
func verifyJWT(t *testing.T, ts *testServer, jwt string) verifier.Verdict {
	t.Helper()
	rec := ts.serve(t, "POST", "/api/v1/verify", "text/plain", "", jwt)
	var v verifier.Verdict
	if err := json.Unmarshal(rec.Body.Bytes(), &v); err != nil {
		t.Fatalf("POST /api/v1/verify = %d %s", rec.Code, rec.Body)
	}
	return v
}

// jwtKID returns the kid of a JWT's header.
func jwtKID(t *testing.T, jwt string) string {
	t.Helper()
	b, err := base64.RawURLEncoding.DecodeString(strings.Split(jwt, ".")[0])
	mustOK(t, err)
	var h struct{ Kid string }
	mustOK(t, json.Unmarshal(b, &h))
	return h.Kid
}

func ownKey(list []keys.PublicKey, id string) bool {
	for _, k := range list {
		if k.ID == id {
			return true
		}
	}
	return false
}
