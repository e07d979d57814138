package main

import (
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/accolade-badges/accolade/internal/spectest"
)

// TestInteropVCAPI signs credentials that a client built through the
// VC-API (POST /credentials/issue) on the real server behind TLS, and
// verifies them with the independent libraries of interop/check.mjs
// (@digitalbazaar/vc with eddsa-rdfc-2022, jose is not involved: there is
// no JWT): a minimal VCDM 2.0 credential with a status entry, a VCDM 1.1
// one (the Data Integrity context added), and an Open Badge (schema and
// verifier-core too). Then it revokes the first through POST
// /credentials/status and the status list says so.
func TestInteropVCAPI(t *testing.T) {
	node, checker := interopTools(t)
	schema := filepath.Join(spectest.Dir(t), "schemas", "ob_v3p0_achievementcredential_schema.json")
	f := newFront(t, true)
	dir := t.TempDir()
	env := map[string]string{"ACCOLADE_DATA": dir, "ACCOLADE_BASE_URL": f.base}
	if code, out, errOut := cli(t, env, "init", "--issuer-name", "Interop Community", "--issuer-id", "did:web", "--alg", "EdDSA"); code != 0 {
		t.Fatalf("init = %d\n%s%s", code, out, errOut)
	}
	a := startMain(t, dir, f.base, func(*Main) {})
	f.proxyTo(a.base)
	var issuerID string
	{
		code, _, body := a.do("GET", "/api/v1/issuers/default", adminToken, "", "")
		var p struct{ ID string }
		if code != 200 || json.Unmarshal(body, &p) != nil || p.ID == "" {
			t.Fatalf("GET /api/v1/issuers/default = %d %s", code, body)
		}
		issuerID = p.ID
	}
	issue := func(credential map[string]any, options map[string]any) json.RawMessage {
		t.Helper()
		b, _ := json.Marshal(map[string]any{"credential": credential, "options": options})
		code, _, body := a.do("POST", "/credentials/issue", adminToken, "application/json", string(b))
		var out struct{ VerifiableCredential json.RawMessage }
		if code != 201 || json.Unmarshal(body, &out) != nil {
			t.Fatalf("POST /credentials/issue = %d %s", code, body)
		}
		return out.VerifiableCredential
	}
	notOB := false
	plain := issue(map[string]any{
		"@context": []any{"https://www.w3.org/ns/credentials/v2"}, "type": []any{"VerifiableCredential"},
		"issuer": issuerID, "name": "Volunteer hours", "credentialSubject": map[string]any{"id": "did:example:volunteer"},
	}, map[string]any{"credentialStatus": map[string]any{"type": "BitstringStatusListEntry"}})
	v1 := issue(map[string]any{
		"@context": []any{"https://www.w3.org/2018/credentials/v1"}, "type": []any{"VerifiableCredential"},
		"issuer": issuerID, "credentialSubject": map[string]any{"id": "did:example:volunteer"},
	}, map[string]any{})
	ob := issue(map[string]any{
		"@context":  []any{"https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"},
		"type":      []any{"VerifiableCredential", "OpenBadgeCredential"},
		"issuer":    map[string]any{"id": issuerID, "type": []any{"Profile"}, "name": "Interop Community"},
		"validFrom": "2026-03-01T00:00:00Z", "name": "Wiki Editor",
		"credentialSubject": map[string]any{
			"id": "did:example:volunteer", "type": []any{"AchievementSubject"},
			"achievement": map[string]any{"id": f.base + "/achievements/wiki-editor", "type": []any{"Achievement"},
				"name": "Wiki Editor", "description": "Edits the wiki.", "criteria": map[string]any{"narrative": "Edited ten pages."}},
		},
	}, map[string]any{"credentialStatus": map[string]any{"type": "BitstringStatusListEntry"}})
	creds := []jobCredential{
		{Name: "VC-API VCDM 2.0", JSON: plain, Expect: "valid", ExpectStatus: "valid", OpenBadge: &notOB},
		{Name: "VC-API VCDM 1.1", JSON: v1, Expect: "valid", OpenBadge: &notOB},
		{Name: "VC-API Open Badge", JSON: ob, Expect: "valid", ExpectStatus: "valid"},
	}
	lists := statusListJobs(t, f, []jobCredential{creds[0], creds[2]})
	docs, problems := f.fetchLinks(t, append(creds, lists...))
	for _, p := range problems {
		t.Logf("fetching key documents: %s", p)
	}
	runChecker(t, "vcapi", node, checker, f.caFile, interopJob{Schema: schema, Documents: docs,
		Libraries: []string{"vc", "ajv", "verifier-core", "bitstring"}, Credentials: append(creds, lists...)})

	var id struct{ ID string }
	_ = json.Unmarshal(plain, &id)
	b, _ := json.Marshal(map[string]any{"credentialId": id.ID, "credentialStatus": []any{map[string]any{"type": "BitstringStatusListEntry", "status": "revoked"}}})
	if code, _, body := a.do("POST", "/credentials/status", adminToken, "application/json", string(b)); code != 200 {
		t.Fatalf("POST /credentials/status = %d %s", code, body)
	}
	lists = statusListJobs(t, f, creds[:1])
	docs, _ = f.fetchLinks(t, append(creds[:1], lists...))
	revoked := creds[0]
	revoked.Name, revoked.ExpectStatus = "VC-API VCDM 2.0, revoked", "invalid"
	runChecker(t, "vcapi/revoked", node, checker, f.caFile, interopJob{Schema: schema, Documents: docs,
		Libraries: []string{"bitstring"}, Credentials: []jobCredential{revoked}})
}
