package certificate_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
)

// extract runs pdftotext on pdf. It drops the bidi controls pdftotext puts
// around right-to-left text (U+202B … U+202C) and the LRM we write after
// it, and collapses whitespace: what is left is the text a reader copies.
func extract(t *testing.T, pdf []byte) string {
	t.Helper()
	bin := tool(t, "pdftotext", "poppler-utils")
	cmd := exec.Command(bin, "-enc", "UTF-8", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext: %v\n%s", err, out)
	}
	s := strings.Map(func(r rune) rune {
		switch {
		case r == '\u200e' || r == '\u200f' || r >= '\u202a' && r <= '\u202e' || r >= '\u2066' && r <= '\u2069':
			return -1
		case unicode.IsSpace(r):
			return ' '
		}
		return r
	}, string(out))
	return strings.Join(strings.Fields(s), " ")
}

func TestTextExtraction(t *testing.T) {
	for _, tc := range []struct{ script, name, lang string }{
		{"latin", "Zoë Ångström-Nuñez", "en"},
		{"cyrillic", "Дмитрий Шостакович", "ru"},
		{"greek", "Ἀριστοτέλης Παπαδόπουλος", "el"},
		{"arabic", "ليلى حداد", "ar"},
		{"arabic-lam-alef", "علاء الدين", "ar"},
		{"hebrew", "שרה כהן", "he"},
		{"devanagari", "प्रज्ञा क्षत्रिय", "hi"},
		{"odia", "ପ୍ରଜ୍ଞା ମହାପାତ୍ର", "or"},
		{"tamil", "தமிழ்செல்வி அருண்", "ta"},
		{"chinese", "王小明", "zh"},
		{"japanese", "山田花子", "ja"},
		{"mixed", "Layla ليلى Haddad", "en"},
	} {
		t.Run(tc.script, func(t *testing.T) {
			pdf, notes := renderNotes(t, sample(tc.name, tc.lang))
			if len(notes) > 0 {
				t.Errorf("notes: %q", notes)
			}
			if got := extract(t, pdf); !strings.Contains(got, tc.name) {
				t.Errorf("pdftotext does not give %q; it gives:\n%s", tc.name, got)
			}
		})
	}
}

func TestLabelsExtracted(t *testing.T) {
	for _, lang := range []string{"en", "fr", "es", "ar", "zh"} {
		got := extract(t, render(t, sample("Sam Okafor", lang)))
		lb := readLabels(t, lang)
		for _, k := range []string{"title", "earned", "awarded", "verify"} {
			// The verify sentence is wrapped, at spaces or (Chinese)
			// between any two characters: compare without spaces.
			flat := strings.ReplaceAll(got, " ", "")
			for _, w := range strings.Fields(lb[k].(string)) {
				if !strings.Contains(flat, w) {
					t.Errorf("%s: %s word %q not in the text:\n%s", lang, k, w, got)
					break
				}
			}
		}
	}
}

func TestQRCode(t *testing.T) {
	pdftoppm := tool(t, "pdftoppm", "poppler-utils")
	zbarimg := tool(t, "zbarimg", "zbar-tools")
	dir := t.TempDir()
	for _, lang := range []string{"en", "ar"} {
		c := sample("Sam Okafor", lang)
		p := filepath.Join(dir, lang+".pdf")
		if err := os.WriteFile(p, render(t, c), 0o644); err != nil {
			t.Fatal(err)
		}
		if out, err := exec.Command(pdftoppm, "-png", "-r", "150", "-singlefile", p, filepath.Join(dir, lang)).CombinedOutput(); err != nil {
			t.Fatalf("pdftoppm: %v\n%s", err, out)
		}
		out, err := exec.Command(zbarimg, "--quiet", "--raw", filepath.Join(dir, lang+".png")).Output()
		if err != nil {
			t.Fatalf("zbarimg found no code (%v)", err)
		}
		if got := strings.TrimSpace(string(out)); got != c.VerifyURL {
			t.Errorf("%s: QR code holds %q, want %q", lang, got, c.VerifyURL)
		}
	}
}

func TestAttachments(t *testing.T) {
	pdfdetach := tool(t, "pdfdetach", "poppler-utils")
	c := sample("ليلى حداد", "ar")
	dir := t.TempDir()
	p := filepath.Join(dir, "c.pdf")
	if err := os.WriteFile(p, render(t, c), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(pdfdetach, "-list", p).CombinedOutput()
	if err != nil {
		t.Fatalf("pdfdetach -list: %v\n%s", err, out)
	}
	for _, n := range []string{"project-trainer.json", "project-trainer.jwt"} {
		if !strings.Contains(string(out), n) {
			t.Errorf("pdfdetach -list does not list %s:\n%s", n, out)
		}
	}
	save := filepath.Join(dir, "out")
	if err := os.Mkdir(save, 0o755); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(pdfdetach, "-saveall", "-o", save, p).CombinedOutput(); err != nil {
		t.Fatalf("pdfdetach -saveall: %v\n%s", err, out)
	}
	for n, want := range map[string][]byte{"project-trainer.json": c.CredentialJSON, "project-trainer.jwt": []byte(c.JWT)} {
		got, err := os.ReadFile(filepath.Join(save, n))
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("saved %s = %q (%v), want the input bytes %q", n, got, err, want)
		}
	}
}

func TestQPDFCheck(t *testing.T) {
	qpdf := tool(t, "qpdf", "qpdf")
	for _, name := range []string{"Zoë Ångström-Nuñez", "ليلى حداد", "王小明"} {
		c := sample(name, "en")
		c.Image = badgePNG(t)
		p := filepath.Join(t.TempDir(), "c.pdf")
		if err := os.WriteFile(p, render(t, c), 0o644); err != nil {
			t.Fatal(err)
		}
		if out, err := exec.Command(qpdf, "--check", p).CombinedOutput(); err != nil {
			t.Errorf("qpdf --check (%s): %v\n%s", name, err, out)
		}
	}
}

func TestFontsEmbeddedSubsets(t *testing.T) {
	pdffonts := tool(t, "pdffonts", "poppler-utils")
	p := filepath.Join(t.TempDir(), "c.pdf")
	if err := os.WriteFile(p, render(t, sample("Layla ليلى Haddad प्रज्ञा 王小明", "en")), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(pdffonts, p).CombinedOutput()
	if err != nil {
		t.Fatalf("pdffonts: %v\n%s", err, out)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")[2:]
	if len(lines) < 5 {
		t.Fatalf("pdffonts lists %d fonts, want at least 5:\n%s", len(lines), out)
	}
	for _, l := range lines {
		f := strings.Fields(l)
		// name type(2 words) encoding emb sub uni id gen
		if len(f) < 8 || !strings.Contains(f[0], "+") || f[4] != "yes" || f[5] != "yes" || f[6] != "yes" {
			t.Errorf("font not an embedded subset with ToUnicode: %s", l)
		}
	}
}
