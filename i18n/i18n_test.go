package i18n_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/accolade-badges/accolade/i18n"
)

// TestCatalogueComplete fails when a language lacks a key English has, or
// has one English does not: a translator adds or removes keys in every file.
func TestCatalogueComplete(t *testing.T) {
	c, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	en := c.Keys(i18n.Source)
	for _, l := range i18n.Languages[1:] {
		keys := c.Keys(l.Tag)
		for _, k := range en {
			if !slices.Contains(keys, k) {
				t.Errorf("locales/%s.json: no key %q (English has it)", l.Tag, k)
			}
		}
		for _, k := range keys {
			if !slices.Contains(en, k) {
				t.Errorf("locales/%s.json: key %q is not in locales/en.json", l.Tag, k)
			}
		}
	}
}

// keyUse finds a literal key passed to a locale's T or N, in Go code
// (l.T("nav.verify"), loc.N("x", n)) and in templates ({{.L.T "nav.verify"}},
// {{$.Site.L.N "x" .Count}}).
var keyUse = regexp.MustCompile(`\.(?:T|N)\(?\s*"([a-z][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)+)"`)

// TestCatalogueUsed fails when code or a template names a key the English
// catalogue lacks, or the catalogue holds a key nothing names. Keys must be
// literal strings where they are used, so that this test sees them.
func TestCatalogueUsed(t *testing.T) {
	c, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	used := map[string]string{} // key → first file naming it
	root := ".."
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if n := d.Name(); n == "node_modules" || n == "testdata" || strings.HasPrefix(n, ".") && p != root {
				return filepath.SkipDir
			}
			return nil
		}
		switch filepath.Ext(p) {
		case ".go", ".html", ".txt", ".tmpl":
		default:
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for _, m := range keyUse.FindAllSubmatch(b, -1) {
			if _, ok := used[string(m[1])]; !ok {
				used[string(m[1])] = p
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	en := c.Keys(i18n.Source)
	for k, file := range used {
		if !slices.Contains(en, k) && !strings.HasSuffix(file, "i18n_test.go") {
			t.Errorf("%s names key %q, which locales/en.json does not define", file, k)
		}
	}
	for _, k := range en {
		if _, ok := used[k]; !ok {
			t.Errorf("locales/en.json: key %q is used nowhere (remove it from every locales file)", k)
		}
	}
}

func TestMatch(t *testing.T) {
	c := i18n.Default()
	for _, tc := range []struct {
		name  string
		prefs []string
		want  string
	}{
		{"nothing", nil, "en"},
		{"member setting", []string{"ar", "fr"}, "ar"},
		{"region", []string{"fr-CA"}, "fr"},
		{"unsupported then header", []string{"pt-BR", "de-DE,de;q=0.9,es;q=0.5"}, "es"},
		{"header order by q", []string{"en;q=0.1, zh-CN;q=0.9"}, "zh"},
		{"malformed", []string{"!!", "hi-IN"}, "hi"},
		{"traditional chinese", []string{"zh-Hant-TW"}, "zh"},
		{"none supported", []string{"de"}, "en"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := c.Match(tc.prefs...).Lang(); got != tc.want {
				t.Errorf("Match(%q) = %s, want %s", tc.prefs, got, tc.want)
			}
		})
	}
	if d := c.Match("ar").Dir(); d != "rtl" {
		t.Errorf("Arabic Dir() = %s, want rtl", d)
	}
}

func TestDate(t *testing.T) {
	c := i18n.Default()
	day := time.Date(2026, 3, 4, 23, 0, 0, 0, time.FixedZone("x", -5*3600)) // 5 March in UTC
	for lang, want := range map[string]string{
		"en": "5 March 2026", "fr": "5 mars 2026", "es": "5 de marzo de 2026",
		"zh": "2026年3月5日", "ar": "5 مارس 2026", "hi": "5 मार्च 2026",
	} {
		if got := c.Locale(lang).Date(day); got != want {
			t.Errorf("%s Date = %q, want %q", lang, got, want)
		}
	}
	if got := c.Locale("zh").MonthYear(day); got != "2026年3月" {
		t.Errorf("zh MonthYear = %q", got)
	}
}
