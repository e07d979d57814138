package issuer_test

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/dataintegrity"
	"github.com/accolade-badges/accolade/internal/spectest"
	"github.com/accolade-badges/accolade/issuer"
	"github.com/accolade-badges/accolade/keys"
)

func TestHolderNameIsSigned(t *testing.T) {
	for _, name := range []string{"ليلى حداد", "अनन्या शर्मा", "王小明", "Ana Łukasiewicz"} {
		t.Run(name, func(t *testing.T) {
			f := newFixture(t, keys.RS256)
			_, err := f.db.PutMember(&accolade.Member{ID: "m", Name: name, Email: "m@example.org"})
			must(t, err)
			rec, err := f.svc.Issue(context.Background(), issuer.Request{Achievement: "project-trainer", Member: "m"})
			if err != nil {
				t.Fatalf("Issue: %v", err)
			}
			spectest.ValidateCredential(t, rec.JSON)
			var c struct {
				CredentialSubject struct {
					Name       string
					Identifier []map[string]any
				}
			}
			must(t, json.Unmarshal(rec.JSON, &c))
			ids := c.CredentialSubject.Identifier
			if c.CredentialSubject.Name != name || len(ids) != 2 ||
				ids[0]["identityType"] != "emailAddress" || ids[0]["hashed"] != true || ids[0]["salt"] == "" ||
				ids[1]["identityType"] != "name" || ids[1]["hashed"] != false || ids[1]["identityHash"] != name || ids[1]["salt"] != nil {
				t.Fatalf("credentialSubject = %+v, want name %q, a hashed email and an unhashed name identifier", c.CredentialSubject, name)
			}
			// The proof covers both: they are in the canonical form, and
			// changing either breaks it.
			nq, err := dataintegrity.Canonicalize(rec.JSON)
			must(t, err)
			for _, want := range []string{`<https://schema.org/name> "` + name + `"`, `<https://purl.imsglobal.org/spec/vc/ob/vocab.html#identityHash> "` + name + `"`} {
				if !strings.Contains(nq, want) {
					t.Errorf("canonical form lacks %s:\n%s", want, nq)
				}
			}
			resolver := keyringResolver{f.keys, "did:web:badges.example.org:issuers:default"}
			for _, tampered := range [][]byte{
				bytes.Replace(rec.JSON, []byte(`"name":"`+name+`"`), []byte(`"name":"Mallory"`), 1),
				bytes.Replace(rec.JSON, []byte(`"identityHash":"`+name+`"`), []byte(`"identityHash":"Mallory"`), 1),
			} {
				if bytes.Equal(tampered, rec.JSON) {
					t.Fatalf("tampering changed nothing in %s", rec.JSON)
				}
				res, err := dataintegrity.Verify(context.Background(), tampered, resolver)
				if err == nil && len(res) == 1 && res[0].Err == nil {
					t.Errorf("proof still verifies after the name was changed")
				}
			}
		})
	}
}
