package criteria_test

import (
	"strings"
	"testing"

	"github.com/accolade-badges/accolade/criteria"
)

func TestTranslationsInFile(t *testing.T) {
	head := "id: guide\nname: Guide\ndescription: Guides.\n"
	for _, tc := range []struct{ name, file, want string }{
		{"bad tag", head + "translations:\n  french:\n    name: Guide\n", `guide.yaml:5: translations.french: "french" is not a language code`},
		{"own language", head + "inLanguage: fr\ntranslations:\n  fr:\n    name: Guide\n", "translations.fr: is the achievement's own language"},
		{"empty", head + "translations:\n  fr: {}\n", "translations.fr: has no text"},
		{"unknown key", head + "translations:\n  fr:\n    title: Guide\n", `unknown key "title"`},
		{"not a mapping", head + "translations: [fr]\n", "translations: want a mapping of language tags"},
		{"bad inLanguage", head + "inLanguage: English\n", `inLanguage: "English" is not a language code`},
		{"twice in any case", head + "translations:\n  pt-BR:\n    name: Guia\n  pt-br:\n    name: Guia\n", "pt-br"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := criteria.ParseAchievement("guide.yaml", []byte(tc.file))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("ParseAchievement:\n%s\nerr = %v, want it to contain %q", tc.file, err, tc.want)
			}
		})
	}
	a, err := criteria.ParseAchievement("guide.yaml", []byte(head+"inLanguage: en\ntranslations:\n  es:\n    name: Guía\n    narrative: Guió diez visitas.\n"))
	if err != nil {
		t.Fatal(err)
	}
	d := a.Definition().In("es-MX")
	if d.Name != "Guía" || d.Description != "Guides." || d.Narrative != "Guió diez visitas." || d.Lang != "es" || d.Translations != nil {
		t.Errorf("In(es-MX) = %+v", d)
	}
	if a.Definition().In("en-GB").Name != "Guide" {
		t.Errorf("In(en-GB) is not the main text")
	}
}
