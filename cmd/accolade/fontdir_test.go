package main

import (
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// With ACCOLADE_FONT_DIR, a certificate draws a name in a script the bundled
// fonts lack (Thai) with a font from that directory; without it, the name
// falls back to the member's Latin name. Read back with poppler's pdftotext.
func TestFontDir(t *testing.T) {
	const dir = "/usr/share/fonts/truetype/noto"
	pdftotext, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext (Debian poppler-utils) not found")
	}
	if _, err := os.Stat(filepath.Join(dir, "NotoSansThai-Regular.ttf")); err != nil {
		t.Skip("Debian fonts-noto-core is not installed: no Thai font to find")
	}
	for _, tc := range []struct {
		fontDir, want string
	}{
		{dir, "สมชาย ใจดี"},
		{"", "Somchai Jaidee"},
	} {
		a := startAppWith(t, func(m *Main) { m.Config.FontDir = tc.fontDir }, "--demo")
		if code, _, out := a.do("PUT", "/api/v1/members/somchai", adminToken, "application/json",
			`{"name":"สมชาย ใจดี","latinName":"Somchai Jaidee","email":"somchai@example.org","lang":"th"}`); code >= 300 {
			t.Fatalf("PUT member = %d %s", code, out)
		}
		code, _, body := a.do("POST", "/api/v1/credentials", adminToken, "application/json", `{"achievement":"mentor","member":"somchai"}`)
		var issued struct{ ID string }
		if json.Unmarshal(body, &issued); code != http.StatusCreated {
			t.Fatalf("issue = %d %s", code, body)
		}
		_, _, pdf := a.do("GET", "/credentials/"+issued.ID+".pdf", "", "", "")
		file := filepath.Join(t.TempDir(), "c.pdf")
		os.WriteFile(file, pdf, 0o600)
		out, err := exec.Command(pdftotext, file, "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		if text := strings.Join(strings.Fields(string(out)), " "); !strings.Contains(text, tc.want) {
			t.Errorf("font dir %q: the certificate lacks %q:\n%s", tc.fontDir, tc.want, text)
		}
	}
	m := &Main{Config: Config{FontDir: filepath.Join(t.TempDir(), "nope")}}
	if _, err := m.newServer("", ""); err == nil || !strings.Contains(err.Error(), "ACCOLADE_FONT_DIR: ") {
		t.Errorf("a missing font directory: %v, want an error naming ACCOLADE_FONT_DIR", err)
	}
}
