package certificate_test

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/accolade-badges/accolade/certificate"
	"github.com/accolade-badges/accolade/errs"
)

func TestDeterministic(t *testing.T) {
	c := sample("Layla ليلى Haddad", "ar")
	c.Image = badgePNG(t)
	a, b := render(t, c), render(t, sample("Layla ليلى Haddad", "ar"))
	c2 := sample("Layla ليلى Haddad", "ar")
	c2.Image = badgePNG(t)
	if !bytes.Equal(a, render(t, c2)) {
		t.Error("two renderings of the same certificate differ")
	}
	if bytes.Equal(a, b) {
		t.Error("a certificate with a badge image is the same as without")
	}
	if !bytes.Contains(a, []byte("/CreationDate (D:20261103100000Z)")) {
		t.Error("CreationDate is not the award date")
	}
}

func TestLetterSize(t *testing.T) {
	pdfinfo := tool(t, "pdfinfo", "poppler-utils")
	for size, want := range map[string]string{"letter": "612 x 792 pts (letter)", "": "595.28 x 841.89 pts (A4)", "A4": "595.28 x 841.89 pts (A4)"} {
		c := sample("Sam Okafor", "en")
		c.Size = size
		p := filepath.Join(t.TempDir(), "c.pdf")
		if err := os.WriteFile(p, render(t, c), 0o644); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command(pdfinfo, p).CombinedOutput()
		if err != nil {
			t.Fatalf("pdfinfo: %v\n%s", err, out)
		}
		// Landscape: pdfinfo names the paper and gives width x height.
		wantLandscape := map[string]string{"612 x 792 pts (letter)": "792 x 612 pts (letter)", "595.28 x 841.89 pts (A4)": "841.89 x 595.28 pts (A4)"}[want]
		if !strings.Contains(string(out), wantLandscape) {
			t.Errorf("size %q: pdfinfo says\n%s\nwant page size %s", size, out, wantLandscape)
		}
		if !strings.Contains(string(out), "Title:           Project Trainer — Sam Okafor") || !strings.Contains(string(out), "Author:          Riverside Skill Exchange") {
			t.Errorf("pdfinfo Title/Author:\n%s", out)
		}
	}
}

func TestBadInput(t *testing.T) {
	for _, tc := range []struct {
		name, field string
		change      func(*certificate.Certificate)
	}{
		{"size", "size", func(c *certificate.Certificate) { c.Size = "b5" }},
		{"design size", "design.size", func(c *certificate.Certificate) { c.Design.Size = "tabloid" }},
		{"primary", "design.primary", func(c *certificate.Certificate) { c.Design.Primary = "navy" }},
		{"accent", "design.accent", func(c *certificate.Certificate) { c.Design.Accent = "#12345g" }},
		{"image", "badge image", func(c *certificate.Certificate) { c.Image = []byte("GIF89a not really") }},
		{"logo", "design.logo", func(c *certificate.Certificate) { c.Design.Logo = []byte{0x89, 'P', 'N', 'G'} }},
		{"background", "design.background", func(c *certificate.Certificate) { c.Design.Background = []byte("x") }},
		{"no achievement", "achievement name", func(c *certificate.Certificate) { c.AchievementName = " " }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := sample("Sam Okafor", "en")
			tc.change(c)
			_, err := certificate.Render(c, nil)
			var e *errs.Error
			if errs.KindOf(err) != errs.Invalid || !asErr(err, &e) || e.Field != tc.field {
				t.Errorf("Render error %v (kind %v), want Invalid naming %q", err, errs.KindOf(err), tc.field)
			}
		})
	}
}

func TestUndrawableName(t *testing.T) {
	c := sample("𐀀𐀁𐀂", "en") // Linear B: no bundled font
	pdf, notes := renderNotes(t, c)
	if len(notes) != 1 || !strings.Contains(notes[0], "Sam Okafor") {
		t.Errorf("notes %q, want one saying the Latin name was printed", notes)
	}
	if got := extract(t, pdf); !strings.Contains(got, "Sam Okafor") {
		t.Errorf("text %q lacks the Latin name", got)
	}
	c.HolderLatinName = ""
	if _, notes := renderNotes(t, c); len(notes) != 1 {
		t.Errorf("without a Latin name: notes %q, want one", notes)
	}
}

func TestImages(t *testing.T) {
	m := image.NewRGBA(image.Rect(0, 0, 40, 30))
	for i := range m.Pix {
		m.Pix[i] = byte(i)
	}
	m.Set(0, 0, color.RGBA{255, 0, 0, 255})
	var j bytes.Buffer
	if err := jpeg.Encode(&j, m, nil); err != nil {
		t.Fatal(err)
	}
	c := sample("Sam Okafor", "en")
	c.Image, c.IssuerLogo, c.Design.Background = j.Bytes(), badgePNG(t), j.Bytes()
	pdf := render(t, c)
	for _, want := range []string{"/DCTDecode", "/SMask"} {
		if !bytes.Contains(pdf, []byte(want)) {
			t.Errorf("PDF has no %s", want)
		}
	}
}

func TestLabelsComplete(t *testing.T) {
	en := readLabels(t, "en")
	langs := certificate.Languages()
	if len(langs) < 5 {
		t.Fatalf("Languages() = %v, want at least en, fr, es, ar, zh", langs)
	}
	for _, lang := range langs {
		lb := readLabels(t, lang)
		for k, v := range en {
			got, ok := lb[k]
			switch {
			case !ok:
				t.Errorf("labels/%s.json has no %q", lang, k)
			case k == "months":
				if m, _ := got.([]any); len(m) != 12 {
					t.Errorf("labels/%s.json months: %d names, want 12", lang, len(m))
				}
			case k == "dir":
				if got != "ltr" && got != "rtl" {
					t.Errorf("labels/%s.json dir %q, want ltr or rtl", lang, got)
				}
			default:
				if s, _ := got.(string); strings.TrimSpace(s) == "" {
					t.Errorf("labels/%s.json %q is empty", lang, k)
				}
				if k == "date" && !strings.Contains(got.(string), "{day}") {
					t.Errorf("labels/%s.json date %q has no {day}", lang, got)
				}
				_ = v
			}
		}
		for k := range lb {
			if _, ok := en[k]; !ok {
				t.Errorf("labels/%s.json has %q, which en.json lacks", lang, k)
			}
		}
	}
}

func TestLongNarrativeIsCut(t *testing.T) {
	c := sample("Sam Okafor", "en")
	c.Description = strings.Repeat("Trains other volunteers to run community projects. ", 200)
	c.Criteria = strings.Repeat("Ran 3 confirmed workshops. ", 100)
	pdf, notes := renderNotes(t, c)
	if len(notes) != 1 || !strings.Contains(notes[0], "cut") {
		t.Errorf("notes %q, want one saying the text was cut", notes)
	}
	// What follows the narrative on the page is still there.
	if got := extract(t, pdf); !strings.Contains(got, "Awarded") || !strings.Contains(got, c.CredentialID) {
		t.Errorf("text lacks the band:\n%s", got)
	}
}
