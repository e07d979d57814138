package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"github.com/accolade-badges/accolade/internal/spectest"
)

// TestInteropEndorsement: a second community of the install endorses the
// first one's achievement and its profile; the independent libraries
// verify a credential of that achievement (which carries both
// endorsements: the achievement's, and the issuer's in issuer.endorsement) and, separately, the
// endorsement itself — @digitalbazaar/vc its Data Integrity proof, jose
// its VC-JWT, ajv the official EndorsementCredential schema — and refuse
// the endorsement with its comment changed. One did:web EdDSA
// configuration over TLS keeps it short; our verifier reports the
// endorsement check passed.
func TestInteropEndorsement(t *testing.T) {
	node, checker := interopTools(t)
	spec := spectest.Dir(t)
	schema := filepath.Join(spec, "schemas", "ob_v3p0_achievementcredential_schema.json")
	endorsementSchema := filepath.Join(spec, "schemas", "ob_v3p0_endorsementcredential_schema.assembled.json")
	f := newFront(t, true)
	dir := t.TempDir()
	env := map[string]string{"ACCOLADE_DATA": dir, "ACCOLADE_BASE_URL": f.base}
	if code, out, errOut := cli(t, env, "init", "--issuer-name", "Interop Community", "--issuer-id", "did:web", "--alg", "EdDSA"); code != 0 {
		t.Fatalf("init = %d\n%s%s", code, out, errOut)
	}
	a := startMain(t, dir, f.base, func(*Main) {})
	f.proxyTo(a.base)
	steps := []struct{ method, path, ct, body string }{
		{"POST", "/api/v1/issuers", "application/json", `{"slug":"museum","name":"City Museum"}`},
		{"PUT", "/api/v1/achievements/interop-trainer", "application/yaml", interopBadgeYAML},
		{"PUT", "/api/v1/members/wei", "application/json", `{"name":"王伟","email":"wei@example.org","lang":"zh"}`},
	}
	for _, s := range steps {
		if code, _, body := a.do(s.method, s.path, adminToken, s.ct, s.body); code >= 300 {
			t.Fatalf("%s %s = %d %s", s.method, s.path, code, body)
		}
	}
	code, _, body := a.do("POST", "/api/v1/endorsements", adminToken, "application/json",
		`{"endorser":"museum","subject":"`+f.base+`/achievements/interop-trainer","comment":"Trainers we trust"}`)
	var e struct {
		Credential json.RawMessage
		JWT        string
	}
	mustJSON(t, body, &e)
	if code != http.StatusCreated {
		t.Fatalf("POST /api/v1/endorsements = %d %s", code, body)
	}
	// The museum endorses the community's profile too: the credential's
	// issuer carries it (Profile.endorsement).
	_, _, body = a.do("GET", "/api/v1/issuers/default", adminToken, "", "")
	var prof struct{ ID string }
	mustJSON(t, body, &prof)
	if code, _, body := a.do("POST", "/api/v1/endorsements", adminToken, "application/json",
		`{"endorser":"museum","subject":"`+prof.ID+`","comment":"A community we know"}`); code != http.StatusCreated {
		t.Fatalf("POST /api/v1/endorsements of the profile %q = %d %s", prof.ID, code, body)
	}
	code, _, body = a.do("POST", "/api/v1/credentials", adminToken, "application/json", `{"achievement":"interop-trainer","member":"wei"}`)
	var out struct{ ID string }
	mustJSON(t, body, &out)
	if code != http.StatusCreated {
		t.Fatalf("issue = %d %s", code, body)
	}
	cred := jobCredential{Name: "credential carrying an endorsement", Expect: "valid",
		JSON: fetchBody(t, f, "/credentials/"+out.ID+".json"),
		JWT:  strings.TrimSpace(string(fetchBody(t, f, "/credentials/"+out.ID+".jwt")))}
	var issued struct {
		Issuer struct {
			Endorsement []json.RawMessage `json:"endorsement"`
		} `json:"issuer"`
	}
	mustJSON(t, cred.JSON, &issued)
	if !bytes.Contains(cred.JSON, []byte("Trainers we trust")) || len(issued.Issuer.Endorsement) != 1 || !bytes.Contains(issued.Issuer.Endorsement[0], []byte("A community we know")) {
		t.Fatalf("the credential carries no endorsement of its achievement, or none of its issuer: %s", cred.JSON)
	}
	no := false
	endorsement := jobCredential{Name: "endorsement", Expect: "valid", JSON: e.Credential, JWT: e.JWT, OpenBadge: &no, Schema: endorsementSchema}
	bad := endorsement
	bad.Name, bad.Expect, bad.JWT = "endorsement, comment changed", "invalid", ""
	bad.JSON = bytes.Replace(e.Credential, []byte("Trainers we trust"), []byte("Trainers we doubt"), 1)
	creds := []jobCredential{cred, endorsement, bad}
	// wei's CLR record: the record, his credential and his hours statement
	// carry the community's profile endorsement in their issuer.
	clr := clrJobs(t, a, "wei", 1)
	for _, c := range clr {
		if c.JSON != nil && !bytes.Contains(c.JSON, []byte(`"endorsement"`)) {
			t.Errorf("%s carries no endorsement", c.Name)
		}
	}
	creds = append(creds, clr...)
	docs, problems := f.fetchLinks(t, creds)
	for _, p := range problems {
		t.Logf("fetching key documents: %s", p)
	}
	runChecker(t, "endorsement", node, checker, f.caFile, interopJob{Schema: schema, Documents: docs, Credentials: creds})

	code, _, body = a.do("POST", "/api/v1/verify", "", "application/json", string(cred.JSON))
	var v struct {
		Verified bool
		Checks   []struct{ Check, Status, Message string }
	}
	mustJSON(t, body, &v)
	passed, issuerPassed := false, false
	for _, c := range v.Checks {
		passed = passed || c.Check == "endorsement" && c.Status == "pass" && strings.Contains(c.Message, "City Museum: Trainers we trust")
		issuerPassed = issuerPassed || c.Check == "endorsement" && c.Status == "pass" && strings.Contains(c.Message, "City Museum: A community we know")
	}
	if code != http.StatusOK || !v.Verified || !passed || !issuerPassed {
		t.Errorf("our verifier on the credential = %d %s, want valid with both endorsement checks (achievement, issuer) passed", code, body)
	}
}
