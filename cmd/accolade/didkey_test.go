package main

import (
	"encoding/base64"
	"net/http"
	"strings"
	"testing"
)

// checkDIDKeyIssuer checks what a did:key issuer publishes and signs: its
// id is the did:key of its Ed25519 key, every proof and JWT names that
// key as did#fragment, its keys refuse to rotate (a rotation would change
// the issuer's id), and this service's verifier accepts the credentials.
// The independent libraries of the interoperability suite then verify the
// same credentials.
func checkDIDKeyIssuer(t *testing.T, a *app, creds []jobCredential) {
	t.Helper()
	code, _, body := a.do("GET", "/api/v1/issuers/default", adminToken, "", "")
	var p struct{ ID, IDMode string }
	mustJSON(t, body, &p)
	if code != http.StatusOK || !strings.HasPrefix(p.ID, "did:key:z6Mk") || p.IDMode != "did:key" {
		t.Fatalf("GET issuer = %d %s, want a did:key id", code, body)
	}
	vm := p.ID + "#" + strings.TrimPrefix(p.ID, "did:key:")
	for _, c := range creds {
		var doc struct {
			Issuer struct{ ID string }
			Proof  []struct{ VerificationMethod, Cryptosuite string }
		}
		mustJSON(t, c.JSON, &doc)
		if doc.Issuer.ID != p.ID || len(doc.Proof) != 1 || doc.Proof[0].VerificationMethod != vm || doc.Proof[0].Cryptosuite != "eddsa-rdfc-2022" {
			t.Errorf("%s: issuer %q, proof %+v; want %s signed by %s", c.Name, doc.Issuer.ID, doc.Proof, p.ID, vm)
		}
		parts := strings.Split(c.JWT, ".")
		if len(parts) != 3 {
			t.Fatalf("%s: JWT has %d parts", c.Name, len(parts))
		}
		var header struct{ Alg, Kid string }
		var claims struct{ Iss string }
		for i, v := range []any{&header, &claims} {
			raw, err := base64.RawURLEncoding.DecodeString(parts[i])
			if err != nil {
				t.Fatalf("%s: JWT part %d: %v", c.Name, i, err)
			}
			mustJSON(t, raw, v)
		}
		if header.Alg != "EdDSA" || header.Kid != vm || claims.Iss != p.ID {
			t.Errorf("%s: JWT header %+v, iss %q; want EdDSA, kid %s, iss %s", c.Name, header, claims.Iss, vm, p.ID)
		}
		for form, in := range map[string][]byte{"application/vc+ld+json": c.JSON, "application/jwt": []byte(c.JWT)} {
			if v := postVerify(t, a, form, in); !v.Verified || v.Outcome != "valid" || !v.IssuerConfirmed {
				t.Errorf("%s as %s: verify = %+v, want valid on this service", c.Name, form, v)
			}
		}
	}

	// A rotation is refused with the reason, and changes nothing.
	_, _, before := a.do("GET", "/api/v1/issuers/default/keys", adminToken, "", "")
	code, _, body = a.do("POST", "/api/v1/issuers/default/keys/rotate", adminToken, "application/json", "")
	if code != http.StatusConflict || !strings.Contains(string(body), "did:key") {
		t.Errorf("rotate = %d %s, want 409 explaining that a did:key issuer's key is its identity", code, body)
	}
	if _, _, after := a.do("GET", "/api/v1/issuers/default/keys", adminToken, "", ""); string(after) != string(before) {
		t.Errorf("keys changed by a refused rotation:\n%s\n%s", before, after)
	}

}
