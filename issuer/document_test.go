package issuer_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/dataintegrity"
	"github.com/accolade-badges/accolade/issuer"
	"github.com/accolade-badges/accolade/keys"
)

// TestProfileDocument checks the profile document of both kinds of issuer:
// every key listed with ids as credentials name them, and a document that
// our JSON-LD processor expands with no undefined term and no protected
// term redefined.
func TestProfileDocument(t *testing.T) {
	for _, tt := range []struct {
		base, issuerID string
		mode           accolade.IDMode
	}{
		{"http://127.0.0.1:8080", "http://127.0.0.1:8080/issuers/default", accolade.IDAuto},
		{"https://badges.example.org", "https://badges.example.org/issuers/default", accolade.IDURL},
		{"https://badges.example.org", "did:web:badges.example.org:issuers:default", accolade.IDAuto},
	} {
		t.Run(tt.issuerID, func(t *testing.T) {
			f := newFixtureAt(t, keys.RS256, tt.base)
			if _, err := f.keys.Generate("default", keys.ES256); err != nil {
				t.Fatal(err)
			}
			if _, err := f.keys.Rotate("default"); err != nil { // retired keys stay listed
				t.Fatal(err)
			}
			prof, err := f.db.Issuer("default")
			must(t, err)
			prof.IDMode = tt.mode
			u := accolade.URLs{Base: tt.base}
			pub := f.keys.Public("default")
			b, err := issuer.ProfileDocument(u, prof, pub)
			if err != nil {
				t.Fatalf("ProfileDocument: %v", err)
			}
			var doc struct {
				ID                 string
				Type               []string
				VerificationMethod []any
				AssertionMethod    []string
			}
			must(t, json.Unmarshal(b, &doc))
			if doc.ID != tt.issuerID || len(doc.Type) != 1 || doc.Type[0] != "Profile" {
				t.Errorf("profile id %q type %v, want %q [Profile]", doc.ID, doc.Type, tt.issuerID)
			}
			// Methods are listed by id only: embedded method objects make
			// verifier-core refuse the proof (interop/README.md).
			if len(doc.VerificationMethod) != 0 || len(doc.AssertionMethod) != len(pub) {
				t.Fatalf("%d embedded methods, %d assertion methods, want none and one per key (%d):\n%s", len(doc.VerificationMethod), len(doc.AssertionMethod), len(pub), b)
			}
			for _, id := range doc.AssertionMethod {
				k, ok := keyOf(pub, id, tt.issuerID, tt.base)
				if !ok {
					t.Errorf("assertionMethod %q names none of the keys", id)
				}
				if k.Alg == keys.EdDSA && id != u.VerificationMethod(prof, k.ID) {
					t.Errorf("Ed25519 method id %q, want the verificationMethod of proofs %q", id, u.VerificationMethod(prof, k.ID))
				}
			}
			if _, err := dataintegrity.Canonicalize(b); err != nil {
				t.Errorf("profile document does not expand cleanly: %v\n%s", err, b)
			}
			// The check has teeth: without the DID context, assertionMethod
			// is undefined.
			for _, drop := range []int{2} {
				var m map[string]any
				must(t, json.Unmarshal(b, &m))
				ctx := m["@context"].([]any)
				m["@context"] = append(ctx[:drop:drop], ctx[drop+1:]...)
				short, _ := json.Marshal(m)
				if _, err := dataintegrity.Canonicalize(short); err == nil {
					t.Errorf("profile document without context %d expands cleanly; the check proves nothing", drop)
				}
			}
		})
	}
}

// keyOf finds the key a method id names, in any of the forms issued.
func keyOf(pub []keys.PublicKey, id, issuerID, base string) (keys.PublicKey, bool) {
	for _, k := range pub {
		for _, form := range []string{issuerID + "#" + k.ID, base + "/issuers/default/keys/" + k.ID, base + "/issuers/default/keys/" + k.ID + "/multikey"} {
			if id == form && (strings.HasPrefix(issuerID, "did:") == strings.Contains(form, "#")) {
				return k, true
			}
		}
	}
	return keys.PublicKey{}, false
}
