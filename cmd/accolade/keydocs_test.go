package main

import (
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
)

// TestProfileURLIssuerKeyDocuments follows the keys of a profile-URL issuer
// (the default on an http base URL) as other verifiers do: the proof's
// verificationMethod is a Multikey document controlled by the issuer id,
// the profile at the issuer id lists it under assertionMethod, and the
// JWT kid answers a bare JWK.
func TestProfileURLIssuerKeyDocuments(t *testing.T) {
	a := startApp(t)
	_, jwt, doc := issueOne(t, a, "ana")
	issuerID := a.base + "/issuers/default"

	get := func(path, accept string) (int, http.Header, []byte) {
		t.Helper()
		req, _ := http.NewRequest("GET", path, nil)
		req.Header.Set("Accept", accept)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		return resp.StatusCode, resp.Header, b
	}

	code, _, prof := get(issuerID, "application/json")
	var profile struct {
		ID                 string
		Context            []any `json:"@context"`
		AssertionMethod    []string
		VerificationMethod []struct{ ID, Type, Controller string }
	}
	mustJSON(t, prof, &profile)
	// Its keys by id only: each method is a document of its own, and
	// verifier-core refuses a controller document that embeds them.
	if code != 200 || profile.ID != issuerID || len(profile.AssertionMethod) != 2 || len(profile.VerificationMethod) != 0 {
		t.Fatalf("GET %s (JSON) = %d %s, want the profile listing its 2 keys under assertionMethod", issuerID, code, prof)
	}

	var cred map[string]any
	mustJSON(t, doc, &cred)
	vm := proofOf(cred)["verificationMethod"].(string)
	if !strings.HasPrefix(vm, issuerID+"/keys/") || !strings.HasSuffix(vm, "/multikey") || !slices.Contains(profile.AssertionMethod, vm) {
		t.Errorf("proof verificationMethod %q: want %s/keys/<id>/multikey, listed under the profile's assertionMethod %v", vm, issuerID, profile.AssertionMethod)
	}
	code, h, key := get(vm, "application/ld+json, application/json")
	var mk struct {
		Context                                  []string `json:"@context"`
		ID, Type, Controller, PublicKeyMultibase string
	}
	mustJSON(t, key, &mk)
	if code != 200 || h.Get("Content-Type") != "application/ld+json" || !strings.Contains(h.Get("Cache-Control"), "max-age") ||
		len(mk.Context) != 1 || mk.Context[0] != "https://w3id.org/security/multikey/v1" ||
		mk.ID != vm || mk.Type != "Multikey" || mk.Controller != issuerID || !strings.HasPrefix(mk.PublicKeyMultibase, "z6Mk") {
		t.Errorf("GET %s = %d %v %s, want a cacheable Multikey document controlled by %s", vm, code, h, key, issuerID)
	}

	var hdr struct{ Kid string }
	mustJSON(t, b64(t, strings.Split(string(jwt), ".")[0]), &hdr)
	rsaID, ok := strings.CutPrefix(hdr.Kid, issuerID+"/keys/")
	if !ok || strings.Contains(rsaID, "/") {
		t.Fatalf("JWT kid %q, want %s/keys/<id>", hdr.Kid, issuerID)
	}
	code, _, jwk := get(hdr.Kid, "application/json")
	var bare map[string]any
	mustJSON(t, jwk, &bare)
	if code != 200 || bare["kty"] != "RSA" || bare["d"] != nil {
		t.Errorf("GET %s = %d %s, want the bare public JWK", hdr.Kid, code, jwk)
	}
	if code, _, body := get(hdr.Kid+"/multikey", "application/json"); code != 404 {
		t.Errorf("GET the Multikey document of an RSA key = %d %s, want 404", code, body)
	}

	for ct, body := range map[string][]byte{"application/vc+ld+json": doc, "text/plain": jwt} {
		if ok, _, out := verifyBody(t, a, ct, body); !ok {
			t.Errorf("verify %s: %s", ct, out)
		}
	}
}
