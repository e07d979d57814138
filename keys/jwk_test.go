package keys

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/go-jose/go-jose/v4"
)

func TestJWKS(t *testing.T) {
	k, err := signers()
	if err != nil {
		t.Fatal(err)
	}
	keys := k.All()
	kid := func(p PublicKey) string { return "https://example.org/issuers/" + p.Issuer + "/jwks#" + p.ID }
	want, err := JWKS(keys, kid)
	if err != nil {
		t.Fatalf("JWKS: %v", err)
	}
	reversed := slices.Clone(keys)
	slices.Reverse(reversed)
	if got, _ := JWKS(reversed, kid); string(got) != string(want) {
		t.Errorf("JWKS depends on input order:\n%s\n%s", got, want)
	}
	var set jose.JSONWebKeySet
	if err := json.Unmarshal(want, &set); err != nil {
		t.Fatalf("parsing JWKS %s: %v", want, err)
	}
	if len(set.Keys) != len(keys) {
		t.Fatalf("JWKS has %d keys, want %d", len(set.Keys), len(keys))
	}
	for i, jwk := range set.Keys {
		p := sortedPublic(keys)[i]
		if jwk.KeyID != kid(p) || jwk.Algorithm != string(p.Alg) || jwk.Use != "sig" || !jwk.IsPublic() {
			t.Errorf("key %d = kid %q alg %q use %q public %v, want %q %s sig true", i, jwk.KeyID, jwk.Algorithm, jwk.Use, jwk.IsPublic(), kid(p), p.Alg)
		}
		if !keyEqual(p.Key, jwk.Key) {
			t.Errorf("key %d does not round-trip", i)
		}
	}
	for _, private := range []string{`"d"`, `"p"`, `"q"`} {
		if strings.Contains(string(want), private) {
			t.Errorf("JWKS contains private member %s", private)
		}
	}
	if got, err := JWKS(nil, nil); err != nil || string(got) != `{"keys":[]}` {
		t.Errorf("JWKS(nil) = %s, %v; want {\"keys\":[]}", got, err)
	}
}
