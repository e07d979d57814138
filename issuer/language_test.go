package issuer_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/criteria"
	"github.com/accolade-badges/accolade/dataintegrity"
	"github.com/accolade-badges/accolade/internal/spectest"
	"github.com/accolade-badges/accolade/issuer"
	"github.com/accolade-badges/accolade/keys"
)

// TestCredentialInMemberLanguage: a member's credential carries the
// achievement in their language when the achievement has it (its base
// language for a regional tag), with inLanguage saying which; otherwise
// the main text, with the file's inLanguage. Each validates against the
// official schema, and inLanguage is signed.
func TestCredentialInMemberLanguage(t *testing.T) {
	f := newFixture(t, keys.RS256)
	a, err := criteria.ParseAchievement("guide.yaml", []byte(`id: guide
name: Museum Guide
description: Guides visitors.
achievementType: Badge
inLanguage: en
translations:
  fr:
    name: Guide de musée
    description: Guide les visiteurs.
    narrative: A guidé dix visites.
  ar:
    name: مرشد المتحف
criteria:
  narrative: Guided ten tours.
`))
	must(t, err)
	must(t, f.db.PutAchievement(a))
	for _, tc := range []struct {
		lang, name, description, narrative, inLanguage string
	}{
		{"fr", "Guide de musée", "Guide les visiteurs.", "A guidé dix visites.", "fr"},
		{"fr-CA", "Guide de musée", "Guide les visiteurs.", "A guidé dix visites.", "fr"},
		{"ar", "مرشد المتحف", "Guides visitors.", "Guided ten tours.", "ar"}, // what it lacks is the main text
		{"de", "Museum Guide", "Guides visitors.", "Guided ten tours.", "en"},
		{"", "Museum Guide", "Guides visitors.", "Guided ten tours.", "en"},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			id := "m-" + strings.ReplaceAll(tc.lang, "-", "")
			_, err := f.db.PutMember(&accolade.Member{ID: id, Name: "M", Email: id + "@example.org", Lang: tc.lang})
			must(t, err)
			rec, err := f.svc.Issue(context.Background(), issuer.Request{Achievement: "guide", Member: id})
			must(t, err)
			spectest.ValidateCredential(t, rec.JSON)
			var c struct {
				Name              string
				CredentialSubject struct {
					Achievement struct {
						Name, Description, InLanguage string
						Criteria                      struct{ Narrative string }
					}
				}
			}
			must(t, json.Unmarshal(rec.JSON, &c))
			got := c.CredentialSubject.Achievement
			if got.Name != tc.name || got.Description != tc.description || got.Criteria.Narrative != tc.narrative ||
				got.InLanguage != tc.inLanguage || c.Name != tc.name {
				t.Errorf("member language %q: achievement = %+v, credential name %q; want %q, %q, %q, inLanguage %q",
					tc.lang, got, c.Name, tc.name, tc.description, tc.narrative, tc.inLanguage)
			}
			nq, err := dataintegrity.Canonicalize(rec.JSON)
			must(t, err)
			if !strings.Contains(nq, `<https://schema.org/inLanguage> "`+tc.inLanguage+`"`) {
				t.Errorf("inLanguage is not in the signed canonical form")
			}
		})
	}
}
