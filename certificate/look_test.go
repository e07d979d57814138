package certificate_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/accolade-badges/accolade/certificate"
)

// TestLook writes certificates and their PNG renderings to
// $CERTIFICATE_LOOK, to look at.
func TestLook(t *testing.T) {
	dir := os.Getenv("CERTIFICATE_LOOK")
	if dir == "" {
		t.Skip("set CERTIFICATE_LOOK=DIR to write sample certificates (PDF and PNG) to look at")
	}
	pdftoppm := tool(t, "pdftoppm", "poppler-utils")
	for _, s := range []struct{ file, name, lang string }{
		{"latin", "Zoë Ångström-Nuñez", "en"},
		{"arabic", "ليلى حداد", "ar"},
		{"devanagari", "प्रज्ञा क्षत्रिय", "hi"},
		{"cjk", "王小明", "zh"},
		{"mixed", "Layla ليلى Haddad", "fr"},
		{"long", "Maximilian Alexander Wolfgang von Hohenzollern-Sigmaringen", "es"},
	} {
		c := sample(s.name, s.lang)
		if s.file == "long" {
			c.Size, c.IssuerLogo = "letter", badgePNG(t)
			c.Description = strings.Repeat("Trains other volunteers to run community projects, from the first meeting to the last report. ", 9)
			c.Criteria = strings.Repeat("Ran 3 confirmed workshops for 10 different learners and was vouched for by 2 mentors. ", 8)
			c.Design = certificate.Design{Primary: "#6b1d2a", Accent: "#2f6f5e", Title: "Diploma", Statement: "ha completado con éxito"}
		}
		if s.file == "latin" {
			c.Image = badgePNG(t)
		}
		p := filepath.Join(dir, s.file+".pdf")
		if err := os.WriteFile(p, render(t, c), 0o644); err != nil {
			t.Fatal(err)
		}
		if out, err := exec.Command(pdftoppm, "-png", "-r", "60", "-singlefile", p, filepath.Join(dir, s.file)).CombinedOutput(); err != nil {
			t.Fatalf("pdftoppm: %v\n%s", err, out)
		}
	}
}
