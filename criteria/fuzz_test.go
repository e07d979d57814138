package criteria_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/accolade-badges/accolade/criteria"
	"github.com/accolade-badges/accolade/errs"
)

// FuzzParseAchievement: ParseAchievement never panics; it returns an
// achievement or an Invalid or TooLarge error, never both nor neither.
func FuzzParseAchievement(f *testing.F) {
	files, _ := filepath.Glob("testdata/*")
	for _, name := range files {
		if b, err := os.ReadFile(name); err == nil {
			f.Add(filepath.Base(name), b)
		}
	}
	f.Add("a.yaml", []byte("id: x\nname: &a [*a]\n"))
	f.Add("a.json", []byte(`{"id":"x","criteria":{"all":[{"any":[]}]}}`))
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		a, err := criteria.ParseAchievement(name, data)
		switch {
		case err == nil && a == nil:
			t.Fatalf("ParseAchievement(%q) returned neither an achievement nor an error", data)
		case err != nil && a != nil:
			t.Fatalf("ParseAchievement(%q) returned both an achievement and %v", data, err)
		case err != nil:
			var joined interface{ Unwrap() []error }
			if errors.As(err, &joined) {
				return
			}
			if k := errs.KindOf(err); k != errs.Invalid && k != errs.TooLarge {
				t.Errorf("ParseAchievement(%q) error %v has kind %v, want Invalid or TooLarge", data, err, k)
			}
		}
	})
}
