package templates_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/accolade-badges/accolade/templates"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden with the current output")

// assetVersion is normalised in golden files, so that editing the style
// sheet does not change every golden file.
var assetVersion = regexp.MustCompile(`\?v=[0-9a-f]+`)

func TestGolden(t *testing.T) {
	r := mustNew(t)
	for _, p := range allPages(func(*templates.Site) {}) {
		if p.name != "credential" && p.name != "verify-result" {
			continue
		}
		t.Run(p.name, func(t *testing.T) {
			got := assetVersion.ReplaceAll([]byte(render(t, r, p)), []byte("?v=VERSION"))
			path := filepath.Join("testdata", p.name+".golden")
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s page differs from %s (run go test -update if the change is intended)\ngot:\n%s", p.name, path, got)
			}
		})
	}
}
