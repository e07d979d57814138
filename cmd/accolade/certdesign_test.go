package main

import (
	"bytes"
	"encoding/json"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// A certificate takes what a coordinator configures: the issuer's language
// (for a member with none), paper size and logo, the achievement's design
// (wording, signatory) and uploaded image, and the member's Latin name
// when no bundled font draws their name. Checked with poppler's pdftotext
// and pdfinfo and pdfimages, not with our own reader.
func TestCertificateConfiguration(t *testing.T) {
	pdftotext, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext (Debian poppler-utils) not found: install poppler-utils to check certificates")
	}
	a := startApp(t, "--demo")
	put := func(method, path, ct, body string) {
		t.Helper()
		if code, _, out := a.do(method, path, adminToken, ct, body); code >= 300 {
			t.Fatalf("%s %s = %d %s", method, path, code, out)
		}
	}
	put("PUT", "/api/v1/issuers/default", "application/json", `{"name":"Riverside Skill Exchange","lang":"fr","paperSize":"letter"}`)
	put("PUT", "/api/v1/issuers/default/logo", "image/png", string(testPNG(t, color.RGBA{0x1f, 0x3a, 0x5f, 0xff})))
	put("PUT", "/api/v1/achievements/designed", "application/yaml", `id: designed
name: Atelier de couture
description: A mené un atelier.
certificate:
  title: Certificat de formatrice
  signatory: Amina Diallo
  signatoryRole: Coordinatrice
`)
	put("PUT", "/api/v1/achievements/designed/image", "image/png", string(testPNG(t, color.RGBA{0xb0, 0x8d, 0x57, 0xff})))
	put("PUT", "/api/v1/members/linearb", "application/json", `{"name":"𐀀𐀁𐀂","latinName":"Aka Dami","email":"lb@example.org"}`)
	code, _, body := a.do("POST", "/api/v1/credentials", adminToken, "application/json", `{"achievement":"designed","member":"linearb"}`)
	var issued struct{ ID string }
	if json.Unmarshal(body, &issued); code != http.StatusCreated {
		t.Fatalf("issue = %d %s", code, body)
	}
	_, _, signed := a.do("GET", "/credentials/"+issued.ID+".json", "", "", "")
	var doc struct {
		Issuer struct{ Image struct{ ID string } }
	}
	if json.Unmarshal(signed, &doc); !strings.Contains(doc.Issuer.Image.ID, "/images/") {
		t.Errorf("the credential's issuer image is %q, want the uploaded logo", doc.Issuer.Image.ID)
	}
	code, _, pdf := a.do("GET", "/credentials/"+issued.ID+".pdf", "", "", "")
	if code != 200 {
		t.Fatalf("GET .pdf = %d %s", code, pdf)
	}
	file := filepath.Join(t.TempDir(), "c.pdf")
	if dir := os.Getenv("ACCOLADE_SCREENSHOTS"); dir != "" {
		os.WriteFile(filepath.Join(dir, "certificate-designed.pdf"), pdf, 0o644)
	}
	if err := os.WriteFile(file, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(pdftotext, file, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(string(out)), " ")
	for _, want := range []string{"Certificat de formatrice", "Aka Dami", "Amina Diallo", "Coordinatrice", "Atelier de couture", "Décerné le"} {
		if !strings.Contains(text, want) {
			t.Errorf("the certificate's text lacks %q:\n%s", want, text)
		}
	}
	if info, err := exec.Command("pdfinfo", file).Output(); err == nil && !strings.Contains(string(info), "792 x 612 pts") {
		t.Errorf("not landscape US Letter (the issuer's paper size):\n%s", info)
	}
	if list, err := exec.Command("pdfimages", "-list", file).Output(); err == nil {
		// header, rule, then one row per image (with its soft mask): the
		// logo and the badge
		if n := strings.Count(string(list), "\n") - 2; n < 2 {
			t.Errorf("pdfimages lists %d images, want the logo and the badge:\n%s", n, list)
		}
	}
	// ?size overrides the issuer's paper size.
	_, _, a4 := a.do("GET", "/credentials/"+issued.ID+".pdf?size=a4", "", "", "")
	if !bytes.Contains(a4, []byte("/MediaBox [0 0 841.89 595.28]")) {
		t.Error("?size=a4 is not an A4 page")
	}
}

// testPNG is a 128×128 PNG: a disc of colour c on transparency.
func testPNG(t *testing.T, c color.RGBA) []byte {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, 128, 128))
	for y := 0; y < 128; y++ {
		for x := 0; x < 128; x++ {
			if dx, dy := x-64, y-64; dx*dx+dy*dy < 60*60 {
				img.Set(x, y, c)
			}
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}
