package server

import (
	"crypto/ed25519"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/accolade-badges/accolade/dataintegrity"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/internal/spectest"
)

// vcapiBase is the test server's base: issuer ids are did:web there.
const vcapiBase = "https://badges.example.org"

const issuerDID = "did:web:badges.example.org:issuers:default"

// alumni is the VC-API test suites' credential (VCDM 2.0, the W3C examples
// context), with the issuer set by the caller.
func alumni(issuer string) map[string]any {
	return map[string]any{
		"@context":  []any{"https://www.w3.org/ns/credentials/v2", "https://www.w3.org/ns/credentials/examples/v2"},
		"type":      []any{"VerifiableCredential", "ExampleAlumniCredential"},
		"issuer":    issuer,
		"validFrom": "2026-01-01T00:00:00Z",
		"credentialSubject": map[string]any{
			"id":       "did:example:ebfeb1f712ebc6f1c276e12ec21",
			"alumniOf": map[string]any{"name": "Example University"},
		},
	}
}

func issueBody(t *testing.T, c map[string]any, options map[string]any) string {
	t.Helper()
	m := map[string]any{"credential": c}
	if options != nil {
		m["options"] = options
	}
	b, err := json.Marshal(m)
	mustOK(t, err)
	return string(b)
}

func (ts *testServer) issueVC(t *testing.T, body string) (int, map[string]any, string) {
	t.Helper()
	rec := ts.serve(t, "POST", "/credentials/issue", "application/json", testToken, body)
	var out map[string]any
	_ = json.Unmarshal(rec.Body.Bytes(), &out)
	return rec.Code, out, rec.Body.String()
}

func (ts *testServer) verifyVC(t *testing.T, vc any) (int, vcResult) {
	t.Helper()
	b, err := json.Marshal(map[string]any{"verifiableCredential": vc})
	mustOK(t, err)
	rec := ts.serve(t, "POST", "/credentials/verify", "application/json", "", string(b))
	var out vcResult
	if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
		t.Fatalf("POST /credentials/verify = %d %s: not a result: %v", rec.Code, rec.Body, err)
	}
	return rec.Code, out
}

// TestVCAPIIssue signs VCDM 2.0 and 1.1 credentials and an Open Badge,
// each verified by the same verifier as /api/v1/verify, with the proof
// shape each client expects.
func TestVCAPIIssue(t *testing.T) {
	ts := newTestServer(t, vcapiBase)
	v1 := map[string]any{
		"@context":          []any{"https://www.w3.org/2018/credentials/v1"},
		"type":              []any{"VerifiableCredential"},
		"issuer":            map[string]any{"id": issuerDID}, // the 1.1 context defines no issuer name
		"credentialSubject": map[string]any{"id": "did:example:123"},
	}
	ob := map[string]any{
		"@context":  []any{"https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"},
		"id":        "urn:uuid:2c2f6f59-5e0b-4c9e-9a57-0a6b1f6b9d11",
		"type":      []any{"VerifiableCredential", "OpenBadgeCredential"},
		"issuer":    map[string]any{"id": issuerDID, "type": []any{"Profile"}, "name": "Riverside"},
		"validFrom": "2026-03-01T00:00:00Z",
		"name":      "Wiki Editor",
		"credentialSubject": map[string]any{
			"id": "did:example:123", "type": []any{"AchievementSubject"},
			"achievement": map[string]any{"id": "https://example.org/achievements/1", "type": []any{"Achievement"},
				"name": "Wiki Editor", "description": "Edits.", "criteria": map[string]any{"narrative": "Edited."}},
		},
	}
	for _, tt := range []struct {
		name       string
		credential map[string]any
		arrayProof bool
	}{
		{"VCDM 2.0", alumni(issuerDID), false},
		{"VCDM 1.1", v1, false},
		{"Open Badge", ob, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			code, out, body := ts.issueVC(t, issueBody(t, tt.credential, nil))
			if code != 201 {
				t.Fatalf("POST /credentials/issue = %d %s", code, body)
			}
			vc, _ := out["verifiableCredential"].(map[string]any)
			if vc == nil {
				t.Fatalf("no verifiableCredential in %s", body)
			}
			if _, isList := vc["proof"].([]any); isList != tt.arrayProof {
				t.Errorf("proof = %v; want a list %v", vc["proof"], tt.arrayProof)
			}
			if id, _ := vc["id"].(string); !strings.HasPrefix(id, "urn:") {
				t.Errorf("id = %v, want the client's or a urn:uuid", vc["id"])
			}
			if tt.name == "VCDM 1.1" {
				ctx, _ := json.Marshal(vc["@context"])
				if !strings.Contains(string(ctx), "https://w3id.org/security/data-integrity/v2") || vc["issuanceDate"] == nil {
					t.Errorf("1.1 credential: @context %s, issuanceDate %v; want the Data Integrity context added and an issuance date", ctx, vc["issuanceDate"])
				}
			}
			if tt.name == "Open Badge" {
				b, _ := json.Marshal(vc)
				spectest.ValidateCredential(t, b)
			}
			code, res := ts.verifyVC(t, vc)
			if code != 200 || !res.Verified || !contains(res.Checks, "proof") || len(res.Errors) != 0 {
				t.Errorf("POST /credentials/verify = %d %+v; want 200, verified, the proof check passed", code, res)
			}
			stored, err := ts.db.IssuedVC(vc["id"].(string))
			if err != nil || stored.Issuer != "default" || stored.Status != accolade.Active {
				t.Errorf("stored = %+v, %v", stored, err)
			}
		})
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// TestVCAPIStatus issues with status entries and revokes and suspends
// through POST /credentials/status; the verifier sees each change.
func TestVCAPIStatus(t *testing.T) {
	ts := newTestServer(t, vcapiBase)
	opts := map[string]any{"credentialStatus": []any{
		map[string]any{"type": "BitstringStatusListEntry"},
		map[string]any{"type": "BitstringStatusListEntry", "statusPurpose": "suspension"},
	}}
	code, out, body := ts.issueVC(t, issueBody(t, alumni(issuerDID), opts))
	if code != 201 {
		t.Fatalf("issue = %d %s", code, body)
	}
	vc := out["verifiableCredential"].(map[string]any)
	st, _ := vc["credentialStatus"].([]any)
	if len(st) != 2 {
		t.Fatalf("credentialStatus = %v, want two entries", vc["credentialStatus"])
	}
	id := vc["id"].(string)
	change := func(status string) (int, string) {
		b, _ := json.Marshal(map[string]any{"credentialId": id, "credentialStatus": []any{map[string]any{"type": "BitstringStatusListEntry", "status": status}}})
		rec := ts.serve(t, "POST", "/credentials/status", "application/json", testToken, string(b))
		return rec.Code, rec.Body.String()
	}
	for _, step := range []struct {
		status   string
		code     int
		verified bool
		outcome  string
	}{
		{"suspended", 200, false, "suspended"},
		{"active", 200, true, "valid"},
		{"revoked", 200, false, "revoked"},
		{"active", 409, false, "revoked"},
	} {
		if code, body := change(step.status); code != step.code {
			t.Fatalf("status %s = %d %s, want %d", step.status, code, body, step.code)
		}
		code, res := ts.verifyVC(t, vc)
		if res.Verified != step.verified || string(res.Verdict.Outcome) != step.outcome || (code == 200) != step.verified {
			t.Errorf("after %s: verify = %d verified %v outcome %s; want verified %v, %s", step.status, code, res.Verified, res.Verdict.Outcome, step.verified, step.outcome)
		}
	}
	// An award of the service's own, by its urn:uuid.
	b, _ := json.Marshal(map[string]any{"credentialId": "urn:uuid:" + ts.rec.ID, "credentialStatus": []any{map[string]any{"type": "BitstringStatusListEntry", "status": "revoked"}}})
	if rec := ts.serve(t, "POST", "/credentials/status", "application/json", testToken, string(b)); rec.Code != 200 {
		t.Errorf("revoking an award through the VC-API = %d %s", rec.Code, rec.Body)
	}
	if r, _ := ts.db.Credential(ts.rec.ID); r.Status != accolade.Revoked {
		t.Errorf("award status = %s, want revoked", r.Status)
	}
	// Without a suspension entry, no suspension.
	code, out, _ = ts.issueVC(t, issueBody(t, alumni(issuerDID), map[string]any{"credentialStatus": map[string]any{"type": "BitstringStatusListEntry"}}))
	if code != 201 {
		t.Fatal(code)
	}
	id = out["verifiableCredential"].(map[string]any)["id"].(string)
	if code, body := change("suspended"); code != 409 || !strings.Contains(body, "no suspension status entry") {
		t.Errorf("suspending a credential without a suspension entry = %d %s", code, body)
	}
	for _, bad := range []struct{ body, want string }{
		{`{"credentialId":"urn:uuid:00000000-0000-4000-8000-000000000000","credentialStatus":[{"type":"BitstringStatusListEntry","status":"revoked"}]}`, "no credential"},
		{`{"credentialStatus":[{"type":"BitstringStatusListEntry","status":"revoked"}]}`, "credentialId"},
		{`{"credentialId":"` + id + `","credentialStatus":[{"type":"StatusList2021Entry","status":"revoked"}]}`, "credentialStatus[0].type"},
		{`{"credentialId":"` + id + `","credentialStatus":[{"type":"BitstringStatusListEntry","status":"gone"}]}`, "credentialStatus[0].status"},
		{`{"credentialId":"` + id + `","credentialStatus":[],"x":1}`, "x: is not a member"},
	} {
		rec := ts.serve(t, "POST", "/credentials/status", "application/json", testToken, bad.body)
		if rec.Code/100 != 4 || !strings.Contains(rec.Body.String(), bad.want) {
			t.Errorf("POST /credentials/status %s = %d %s; want a 4xx naming %q", bad.body, rec.Code, rec.Body, bad.want)
		}
	}
}

// TestVCAPIIssueRefused: every malformed credential is refused with 400 or
// 422 naming the problem, and nothing is stored.
func TestVCAPIIssueRefused(t *testing.T) {
	ts := newTestServer(t, vcapiBase)
	with := func(change func(c map[string]any)) string {
		c := alumni(issuerDID)
		change(c)
		return issueBody(t, c, nil)
	}
	for _, tt := range []struct {
		name, body string
		code       int
		field      string
		want       string
	}{
		{"not JSON", `{"credential":`, 400, "credential", "not valid JSON"},
		{"1.1 issuer name", issueBody(t, map[string]any{
			"@context": []any{"https://www.w3.org/2018/credentials/v1"}, "type": []any{"VerifiableCredential"},
			"issuer": map[string]any{"id": issuerDID, "name": "R"}, "credentialSubject": map[string]any{"id": "did:example:1"},
		}, nil), 422, "credential", `undefined term \"name\"`},
		{"no credential", `{"options":{}}`, 400, "credential", "is required"},
		{"credential a string", `{"credential":"x"}`, 422, "credential", "JSON object"},
		{"unknown option", issueBody(t, alumni(issuerDID), map[string]any{"mandatoryPointers": []any{}}), 400, "options.mandatoryPointers", "not a member"},
		{"status of another type", issueBody(t, alumni(issuerDID), map[string]any{"credentialStatus": map[string]any{"type": "StatusList2021Entry"}}), 400, "options.credentialStatus.type", "BitstringStatusListEntry"},
		{"no @context", with(func(c map[string]any) { delete(c, "@context") }), 422, "credential.@context", "is required"},
		{"@context misplaced", with(func(c map[string]any) {
			c["@context"] = []any{"https://www.w3.org/ns/credentials/examples/v2", "https://www.w3.org/ns/credentials/v2"}
		}), 422, "credential.@context[1]", "must come first"},
		{"@context not embedded", with(func(c map[string]any) {
			c["@context"] = []any{"https://www.w3.org/ns/credentials/v2", "https://contexts.example/mine.jsonld"}
		}), 422, "credential", "https://contexts.example/mine.jsonld"},
		{"undefined term", with(func(c map[string]any) {
			c["@context"] = []any{"https://www.w3.org/ns/credentials/v2"}
		}), 422, "credential", "not defined"},
		{"no type", with(func(c map[string]any) { delete(c, "type") }), 422, "credential.type", "is required"},
		{"type without VerifiableCredential", with(func(c map[string]any) { c["type"] = []any{"ExampleAlumniCredential"} }), 422, "credential.type", "VerifiableCredential"},
		{"type a number", with(func(c map[string]any) { c["type"] = 3 }), 422, "credential.type", "string"},
		{"issuer not a URL", with(func(c map[string]any) { c["issuer"] = "Riverside" }), 422, "credential.issuer", "must be a URL"},
		{"issuer object without id", with(func(c map[string]any) { c["issuer"] = map[string]any{"name": "R"} }), 422, "credential.issuer.id", "is required"},
		{"another issuer", with(func(c map[string]any) { c["issuer"] = "did:web:elsewhere.example" }), 422, "credential.issuer", "not an issuer of this service"},
		{"no subject", with(func(c map[string]any) { delete(c, "credentialSubject") }), 422, "credential.credentialSubject", "is required"},
		{"empty subject", with(func(c map[string]any) { c["credentialSubject"] = map[string]any{} }), 422, "credential.credentialSubject", "empty"},
		{"subject id not a URL", with(func(c map[string]any) { c["credentialSubject"] = map[string]any{"id": "ana"} }), 422, "credential.credentialSubject.id", "must be a URL"},
		{"validFrom malformed", with(func(c map[string]any) { c["validFrom"] = "2026-01-01" }), 422, "credential.validFrom", "time zone"},
		{"validFrom without zone", with(func(c map[string]any) { c["validFrom"] = "2026-01-01T00:00:00" }), 422, "credential.validFrom", "time zone"},
		{"validUntil before validFrom", with(func(c map[string]any) { c["validUntil"] = "2025-01-01T00:00:00Z" }), 422, "credential.validUntil", "before validFrom"},
		{"1.1 date in 2.0", with(func(c map[string]any) { c["issuanceDate"] = "2026-01-01T00:00:00Z" }), 422, "credential.issuanceDate", "VCDM 1.1"},
		{"status without type", with(func(c map[string]any) { c["credentialStatus"] = map[string]any{"id": "https://x.example/1"} }), 422, "credential.credentialStatus.type", "is required"},
		{"schema without type", with(func(c map[string]any) { c["credentialSchema"] = []any{map[string]any{"id": "https://x.example/s"}} }), 422, "credential.credentialSchema[0].type", "is required"},
		{"schema without id", with(func(c map[string]any) { c["credentialSchema"] = map[string]any{"type": "JsonSchema"} }), 422, "credential.credentialSchema.id", "must be a URL"},
		{"evidence without type", with(func(c map[string]any) {
			c["evidence"] = []any{map[string]any{"type": "Evidence"}, map[string]any{"name": "x"}}
		}), 422, "credential.evidence[1].type", "is required"},
		{"refreshService without type", with(func(c map[string]any) { c["refreshService"] = map[string]any{"id": "https://x.example/r"} }), 422, "credential.refreshService.type", "is required"},
		{"termsOfUse without type", with(func(c map[string]any) { c["termsOfUse"] = map[string]any{"id": "https://x.example/t"} }), 422, "credential.termsOfUse.type", "is required"},
		{"relatedResource without digest", with(func(c map[string]any) { c["relatedResource"] = []any{map[string]any{"id": "https://x.example/r"}} }), 422, "credential.relatedResource[0]", "no digest"},
		{"already proven", with(func(c map[string]any) { c["proof"] = map[string]any{"type": "DataIntegrityProof"} }), 422, "credential.proof", "already has a proof"},
		{"id not a URL", with(func(c map[string]any) { c["id"] = "1234" }), 422, "credential.id", "must be a URL"},
		{"an award's id", with(func(c map[string]any) { c["id"] = "urn:uuid:" + ts.rec.ID }), 409, "credential.id", "already issued"},
		{"duplicate member", `{"credential":{"@context":["https://www.w3.org/ns/credentials/v2"],"type":["VerifiableCredential"],"type":["X"]}}`, 422, "credential.type", "twice"},
		{"1.1 with status", issueBody(t, map[string]any{
			"@context": []any{"https://www.w3.org/2018/credentials/v1"}, "type": []any{"VerifiableCredential"},
			"issuer": issuerDID, "credentialSubject": map[string]any{"id": "did:example:1"},
		}, map[string]any{"credentialStatus": map[string]any{"type": "BitstringStatusListEntry"}}), 422, "options.credentialStatus", "VCDM 2.0"},
		{"2.0 dates in 1.1", issueBody(t, map[string]any{
			"@context": []any{"https://www.w3.org/2018/credentials/v1"}, "type": []any{"VerifiableCredential"},
			"issuer": issuerDID, "validFrom": "2026-01-01T00:00:00Z", "credentialSubject": map[string]any{"id": "did:example:1"},
		}, nil), 422, "credential.validFrom", "VCDM 2.0 property"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			before, err := ts.db.Dump("audit")
			mustOK(t, err)
			code, out, body := ts.issueVC(t, tt.body)
			if code != tt.code || out["field"] != nilIfEmpty(tt.field) || !strings.Contains(body, tt.want) {
				t.Errorf("POST /credentials/issue = %d field %v: %s\nwant %d field %q naming %q", code, out["field"], body, tt.code, tt.field, tt.want)
			}
			after, err := ts.db.Dump("audit")
			mustOK(t, err)
			if !reflect.DeepEqual(before, after) {
				t.Errorf("a refused issue changed the store")
			}
		})
	}
	// A token of another community signs only for its own issuer.
	other, _ := ts.addToken(t, "other's", "other", false, accolade.ScopeCredentialsIssue)
	rec := ts.serve(t, "POST", "/credentials/issue", "application/json", other, issueBody(t, alumni(issuerDID), nil))
	if rec.Code != 403 {
		t.Errorf("another community's token = %d %s", rec.Code, rec.Body)
	}
	// A token without the scope is refused before anything is read.
	reader, _ := ts.addToken(t, "reader", "", false, accolade.ScopeRead)
	if rec := ts.serve(t, "POST", "/credentials/issue", "application/json", reader, issueBody(t, alumni(issuerDID), nil)); rec.Code != 403 {
		t.Errorf("a read-only token = %d, want 403", rec.Code)
	}
	if rec := ts.serve(t, "POST", "/credentials/issue", "application/json", "", issueBody(t, alumni(issuerDID), nil)); rec.Code != 401 {
		t.Errorf("no token = %d, want 401", rec.Code)
	}
}

func nilIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// TestVCAPIVerify: the answers of POST /credentials/verify for a good
// award, a tampered one, unknown checks and bodies that are not requests.
func TestVCAPIVerify(t *testing.T) {
	ts := newTestServer(t, vcapiBase)
	var vc map[string]any
	mustOK(t, json.Unmarshal(ts.rec.JSON, &vc))
	if code, res := ts.verifyVC(t, vc); code != 200 || !res.Verified || !contains(res.Checks, "proof") || !contains(res.Checks, "status") {
		t.Errorf("verify an award = %d %+v", code, res)
	}
	if code, res := ts.verifyVC(t, ts.rec.JWT); code != 200 || !res.Verified || !contains(res.Checks, "signature") {
		t.Errorf("verify an award's VC-JWT = %d %+v", code, res)
	}
	vc["name"] = "Something else"
	if code, res := ts.verifyVC(t, vc); code != 422 || res.Verified || len(res.Errors) == 0 {
		t.Errorf("verify a tampered award = %d %+v; want 422 with errors", code, res)
	}
	b, _ := json.Marshal(map[string]any{"verifiableCredential": json.RawMessage(ts.rec.JSON), "options": map[string]any{"checks": []any{"proof"}}})
	rec := ts.serve(t, "POST", "/credentials/verify", "application/json", "", string(b))
	var res vcResult
	_ = json.Unmarshal(rec.Body.Bytes(), &res)
	if rec.Code != 200 || !reflect.DeepEqual(res.Checks, []string{"proof"}) {
		t.Errorf("verify asking for the proof check = %d %+v; want checks [proof]", rec.Code, res.Checks)
	}
	for _, bad := range []struct {
		body  string
		code  int
		field string
	}{
		{`{"verifiableCredential":{},"options":{"checks":["telepathy"]}}`, 400, "options.checks"},
		{`{"options":{}}`, 400, "verifiableCredential"},
		{`[]`, 400, ""},
		{`{"verifiableCredential":{"a":1},"extra":1}`, 400, "extra"},
		{`{"verifiableCredential":"not a jwt"}`, 422, ""}, // read, and not a credential
	} {
		rec := ts.serve(t, "POST", "/credentials/verify", "application/json", "", bad.body)
		var out map[string]any
		_ = json.Unmarshal(rec.Body.Bytes(), &out)
		if rec.Code != bad.code || bad.field != "" && out["field"] != bad.field {
			t.Errorf("POST /credentials/verify %s = %d %s; want %d naming %q", bad.body, rec.Code, rec.Body, bad.code, bad.field)
		}
	}
}

type edSigner ed25519.PrivateKey

func (k edSigner) Sign(msg []byte) ([]byte, error) {
	return ed25519.Sign(ed25519.PrivateKey(k), msg), nil
}

// holderVP is a presentation of vc by a did:key holder, signed for
// challenge and domain (unsigned when key is nil).
func holderVP(t *testing.T, key ed25519.PrivateKey, holder string, vc json.RawMessage, challenge, domain string) json.RawMessage {
	t.Helper()
	vp := map[string]any{"@context": []any{"https://www.w3.org/ns/credentials/v2"}, "type": []any{"VerifiablePresentation"}, "holder": holder}
	if vc != nil {
		vp["verifiableCredential"] = []any{vc}
	}
	b, err := json.Marshal(vp)
	mustOK(t, err)
	if key == nil {
		return b
	}
	mk := dataintegrity.EncodeMultikey(key.Public().(ed25519.PublicKey))
	signed, err := dataintegrity.Sign(b, edSigner(key), dataintegrity.Options{VerificationMethod: "did:key:" + mk + "#" + mk,
		Created: time.Date(2026, 3, 4, 10, 0, 0, 0, time.UTC), ProofPurpose: "authentication", Challenge: challenge, Domain: domain})
	mustOK(t, err)
	return signed
}

// TestVCAPIVerifyPresentation: a holder's DIDAuth presentation verifies
// for its challenge and domain only, by its holder's key only.
func TestVCAPIVerifyPresentation(t *testing.T) {
	ts := newTestServer(t, vcapiBase)
	_, key, _ := ed25519.GenerateKey(nil)
	_, other, _ := ed25519.GenerateKey(nil)
	holder := "did:key:" + dataintegrity.EncodeMultikey(key.Public().(ed25519.PublicKey))
	post := func(vp json.RawMessage, challenge, domain string) (int, map[string]any, string) {
		opts := map[string]any{}
		if challenge != "" {
			opts["challenge"] = challenge
		}
		if domain != "" {
			opts["domain"] = domain
		}
		b, _ := json.Marshal(map[string]any{"verifiablePresentation": vp, "options": opts})
		rec := ts.serve(t, "POST", "/presentations/verify", "application/json", "", string(b))
		var out map[string]any
		_ = json.Unmarshal(rec.Body.Bytes(), &out)
		return rec.Code, out, rec.Body.String()
	}
	good := holderVP(t, key, holder, ts.rec.JSON, "c-123", "https://badges.example.org")
	if code, out, body := post(good, "c-123", "https://badges.example.org"); code != 200 || out["verified"] != true ||
		!strings.Contains(body, `"signed": true`) || !strings.Contains(body, `"holder": "`+holder+`"`) {
		t.Errorf("a good DIDAuth presentation = %d %s", code, body)
	}
	var tampered map[string]any
	mustOK(t, json.Unmarshal(good, &tampered))
	tampered["holder"] = "did:example:someone-else"
	tb, _ := json.Marshal(tampered)
	for _, tt := range []struct {
		name              string
		vp                json.RawMessage
		challenge, domain string
		want              string
	}{
		{"replayed for another challenge", good, "c-456", "https://badges.example.org", "another challenge"},
		{"for another domain", good, "c-123", "https://elsewhere.example", "another domain"},
		{"holder changed after signing", tb, "c-123", "", "does not verify"},
		{"signed by another key", holderVP(t, other, holder, nil, "c-123", ""), "c-123", "", "not of its holder"},
		{"unsigned, with a challenge", holderVP(t, nil, holder, nil, "", ""), "c-123", "", "not signed"},
		{"a credential that does not verify", holderVP(t, key, holder, json.RawMessage(strings.Replace(string(ts.rec.JSON), "Circle Host", "Circle Hostess", 1)), "c-123", ""), "c-123", "", "did not verify"},
	} {
		code, out, body := post(tt.vp, tt.challenge, tt.domain)
		if code != 422 || out["verified"] != false || !strings.Contains(body, tt.want) {
			t.Errorf("%s = %d %s; want 422 naming %q", tt.name, code, body, tt.want)
		}
	}
	if code, out, body := post(holderVP(t, nil, holder, ts.rec.JSON, "", ""), "", ""); code != 200 || out["verified"] != true || !strings.Contains(body, "not signed") {
		t.Errorf("an unsigned presentation without a challenge = %d %s; want verified, with a warning that it is unsigned", code, body)
	}
	for _, bad := range []string{`{}`, `{"verifiablePresentation":{"type":"VerifiableCredential"}}`, `{"verifiablePresentation":{},"options":{"challenge":1}}`} {
		if rec := ts.serve(t, "POST", "/presentations/verify", "application/json", "", bad); rec.Code/100 != 4 {
			t.Errorf("POST /presentations/verify %s = %d %s; want a 4xx", bad, rec.Code, rec.Body)
		}
	}
}
