package main

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/accolade-badges/accolade/api"
	"github.com/accolade-badges/accolade/internal/spectest"
)

// issueOne defines a member and issues them the trainer badge.
func issueOne(t *testing.T, a *app, member string) (id string, jwt, doc []byte) {
	t.Helper()
	a.do("PUT", "/api/v1/achievements/project-trainer", adminToken, "application/yaml", trainerYAML)
	if code, _, body := a.do("PUT", "/api/v1/members/"+member, adminToken, "application/json",
		`{"name":"Member `+member+`","email":"`+member+`@example.org"}`); code >= 300 {
		t.Fatalf("PUT member = %d %s", code, body)
	}
	code, _, body := a.do("POST", "/api/v1/credentials", adminToken, "application/json", `{"achievement":"project-trainer","member":"`+member+`"}`)
	if code != http.StatusCreated {
		t.Fatalf("issue = %d %s", code, body)
	}
	var out struct{ ID string }
	mustJSON(t, body, &out)
	_, _, jwt = a.do("GET", "/credentials/"+out.ID+".jwt", "", "", "")
	_, _, doc = a.do("GET", "/credentials/"+out.ID+".json", "", "", "")
	return out.ID, jwt, doc
}

// verifyBody posts a credential to the public API and returns the verdict.
func verifyBody(t *testing.T, a *app, contentType string, body []byte) (bool, map[string]string, string) {
	t.Helper()
	code, _, out := a.do("POST", "/api/v1/verify", "", contentType, string(body))
	var v struct {
		Verified bool
		Format   string
		Checks   []struct{ Check, Status, Message string }
	}
	mustJSON(t, out, &v)
	if code != 200 {
		t.Fatalf("verify = %d %s", code, out)
	}
	st := map[string]string{}
	for _, c := range v.Checks {
		st[c.Check] = c.Status
	}
	return v.Verified, st, string(out)
}

func TestDataIntegrityAndKeyRotation(t *testing.T) {
	a := startAppIn(t, t.TempDir(), "https://badges.example.org")
	oldID, oldJWT, oldDoc := issueOne(t, a, "ana")
	spectest.ValidateCredential(t, oldDoc)
	if !strings.Contains(string(oldDoc), `"cryptosuite": "eddsa-rdfc-2022"`) && !strings.Contains(string(oldDoc), `"cryptosuite":"eddsa-rdfc-2022"`) {
		t.Fatalf("credential JSON has no eddsa-rdfc-2022 proof: %s", oldDoc)
	}
	for _, form := range []struct {
		ct, check string
		body      []byte
	}{{"application/vc+ld+json", "proof", oldDoc}, {"text/plain", "signature", oldJWT}} {
		if ok, st, out := verifyBody(t, a, form.ct, form.body); !ok || st[form.check] != "pass" || st["issuer"] != "pass" {
			t.Fatalf("verify %s before rotation: %s", form.ct, out)
		}
	}

	// The DID document lists the keys under assertionMethod: the RSA key as
	// a JsonWebKey, the Ed25519 key as a Multikey and as a JsonWebKey. The
	// JWT kid and the proof's verificationMethod are among them.
	_, _, did := a.do("GET", "/issuers/default/did.json", "", "", "")
	var didDoc struct {
		ID              string
		AssertionMethod []string
	}
	mustJSON(t, did, &didDoc)
	if didDoc.ID != "did:web:badges.example.org:issuers:default" || len(didDoc.AssertionMethod) != 3 {
		t.Fatalf("DID document = %s", did)
	}
	var h0 struct{ Kid string }
	mustJSON(t, b64(t, strings.Split(string(oldJWT), ".")[0]), &h0)
	var doc0 map[string]any
	mustJSON(t, oldDoc, &doc0)
	for _, id := range []string{h0.Kid, proofOf(doc0)["verificationMethod"].(string)} {
		if !slices.Contains(didDoc.AssertionMethod, id) || !strings.HasPrefix(id, didDoc.ID+"#") {
			t.Errorf("%s is not a method of the DID document %s", id, did)
		}
	}

	// Rotate through the CLI (in the server), then issue again.
	env := map[string]string{"ACCOLADE_TOKEN": adminToken}
	code, out, errOut := cli(t, env, "keys", "rotate", "--server", a.base)
	if code != 0 || !strings.Contains(out, "RS256") || !strings.Contains(out, "EdDSA") {
		t.Fatalf("keys rotate = %d\n%s%s", code, out, errOut)
	}
	newID, newJWT, newDoc := issueOne(t, a, "layla")
	if newID == oldID || string(newJWT[:40]) == "" {
		t.Fatal("no new credential")
	}
	var oldH, newH struct{ Kid string }
	mustJSON(t, b64(t, strings.Split(string(oldJWT), ".")[0]), &oldH)
	mustJSON(t, b64(t, strings.Split(string(newJWT), ".")[0]), &newH)
	if oldH.Kid == newH.Kid {
		t.Errorf("kid unchanged after rotation: %s", oldH.Kid)
	}
	// Old and new verify, in both forms.
	for name, body := range map[string][]byte{"old json": oldDoc, "new json": newDoc, "old jwt": oldJWT, "new jwt": newJWT} {
		ct := "application/json"
		if strings.HasSuffix(name, "jwt") {
			ct = "text/plain"
		}
		if ok, _, out := verifyBody(t, a, ct, body); !ok {
			t.Errorf("verify %s after rotation failed: %s", name, out)
		}
	}
	_, _, did = a.do("GET", "/issuers/default/did.json", "", "", "")
	mustJSON(t, did, &didDoc)
	if len(didDoc.AssertionMethod) != 6 {
		t.Errorf("DID document after rotation lists %d methods, want 6 (2 active keys, 2 retired, Ed25519 ones twice)", len(didDoc.AssertionMethod))
	}

	// keys list shows what each key signed; removing a retired key needs --force.
	code, out, _ = cli(t, env, "keys", "list", "--server", a.base)
	if code != 0 || strings.Count(out, "retired") != 2 || strings.Count(out, "active") != 2 {
		t.Errorf("keys list = %d\n%s", code, out)
	}
	var list api.KeyList
	_, _, body := a.do("GET", "/api/v1/issuers/default/keys", adminToken, "", "")
	mustJSON(t, body, &list)
	var retiredEd string
	for _, k := range list.Keys {
		if k.Active && k.Alg == "RS256" && k.KID != newH.Kid {
			t.Errorf("keys list: kid of the active RS256 key %q, want the new JWTs' kid %q", k.KID, newH.Kid)
		}
		if !k.Active && k.Alg == "EdDSA" {
			retiredEd = k.ID
			if k.Signed != 1 {
				t.Errorf("retired EdDSA key signed %d credentials, want 1", k.Signed)
			}
		}
	}
	code, _, errOut = cli(t, env, "keys", "remove", "--server", a.base, "--", retiredEd)
	if code == 0 || !strings.Contains(errOut, "1 credentials") {
		t.Errorf("keys remove without --force = %d %q, want a refusal naming 1 credential", code, errOut)
	}
	code, out, _ = cli(t, env, "keys", "remove", "--force", "--server", a.base, "--", retiredEd)
	if code != 0 || !strings.Contains(out, "1 credentials signed with it no longer verify") {
		t.Errorf("keys remove --force = %d %q", code, out)
	}
	if ok, st, _ := verifyBody(t, a, "application/json", oldDoc); ok || st["proof"] != "fail" {
		t.Errorf("old credential still verifies after its key was removed: %v", st)
	}
}

func TestTamperedDataIntegrityCredential(t *testing.T) {
	a := startApp(t)
	_, _, doc := issueOne(t, a, "olga")
	tests := []struct {
		name   string
		mutate func(m map[string]any)
		check  string
	}{
		{"nested field", func(m map[string]any) {
			m["credentialSubject"].(map[string]any)["achievement"].(map[string]any)["name"] = "Grand Master"
		}, "proof"},
		{"proof value", func(m map[string]any) {
			p := proofOf(m)
			v := []byte(p["proofValue"].(string))
			v[10] ^= 1
			p["proofValue"] = string(v)
		}, "proof"},
		{"verification method", func(m map[string]any) {
			proofOf(m)["verificationMethod"] = "did:key:z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi#z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi"
		}, "proof"},
		{"proof purpose", func(m map[string]any) { proofOf(m)["proofPurpose"] = "authentication" }, "proof"},
		{"context list", func(m map[string]any) {
			m["@context"] = []any{"https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json"}
		}, "proof"},
		{"unknown context", func(m map[string]any) {
			m["@context"] = append(m["@context"].([]any), "https://evil.example/context.json")
		}, "proof"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var m map[string]any
			mustJSON(t, doc, &m)
			tt.mutate(m)
			b, _ := json.Marshal(m)
			ok, st, out := verifyBody(t, a, "application/vc+ld+json", b)
			if ok || st[tt.check] != "fail" && st["format"] != "fail" {
				t.Errorf("verify after tampering with the %s: verified %v, checks %v\n%s", tt.name, ok, st, out)
			}
		})
	}
}

func proofOf(m map[string]any) map[string]any {
	return m["proof"].([]any)[0].(map[string]any)
}
