package store_test

import (
	"reflect"
	"testing"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/keys"

	"github.com/accolade-badges/accolade/criteria"
	"github.com/accolade-badges/accolade/internal/testutil"
)

// TestAchievementTranslationsRoundTrip: an achievement's languages are
// stored and read back as they were.
func TestAchievementTranslationsRoundTrip(t *testing.T) {
	db := testutil.MustOpen(t)
	if err := db.PutIssuer(&accolade.Profile{Slug: "default", Name: "Museum", Alg: keys.RS256}); err != nil {
		t.Fatal(err)
	}
	a, err := criteria.ParseAchievement("guide.yaml", []byte("id: guide\nname: Guide\ndescription: Guides.\ninLanguage: en\n"+
		"translations:\n  ar:\n    name: مرشد\n  pt-BR:\n    name: Guia\n    description: Guia visitantes.\n    narrative: Guiou dez visitas.\n"))
	if err != nil {
		t.Fatal(err)
	}
	if err := db.PutAchievement(a); err != nil {
		t.Fatal(err)
	}
	got, err := db.Achievement("guide")
	if err != nil {
		t.Fatal(err)
	}
	if got.Lang != "en" || !reflect.DeepEqual(got.Translations, a.Translations) {
		t.Errorf("stored languages = %q %+v, want en %+v", got.Lang, got.Translations, a.Translations)
	}
}
