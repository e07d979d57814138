package main

import (
	"encoding/base64"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/accolade-badges/accolade/bake"
)

// carriedForms returns, for each credential, the credential as it travels
// inside the files people are handed: the JSON and VC-JWT attached to the
// PDF certificate (taken out with poppler's pdfdetach), and the baked PNG
// and SVG images (taken out by check.mjs's own reader), with a baked PNG
// whose JWT was changed as a negative control. Each is verified by
// the independent libraries like the credential itself.
func carriedForms(t *testing.T, f *front, creds []jobCredential) []jobCredential {
	t.Helper()
	pdfdetach, err := exec.LookPath("pdfdetach")
	if err != nil {
		t.Log("pdfdetach (Debian poppler-utils) not found: the PDF attachments are not cross-checked")
	}
	var out []jobCredential
	for _, cred := range creds {
		var doc struct{ ID string }
		mustJSON(t, cred.JSON, &doc)
		id, name := strings.TrimPrefix(doc.ID, "urn:uuid:"), cred.Name
		if pdfdetach != "" {
			dir := t.TempDir()
			pdf := filepath.Join(dir, "certificate.pdf")
			if err := os.WriteFile(pdf, fetchBody(t, f, "/credentials/"+id+".pdf"), 0o600); err != nil {
				t.Fatal(err)
			}
			if b, err := exec.Command(pdfdetach, "-saveall", "-o", dir, pdf).CombinedOutput(); err != nil {
				t.Fatalf("pdfdetach -saveall: %v\n%s", err, b)
			}
			c := jobCredential{Name: name + " (attached to the PDF)", Expect: "valid", ExpectStatus: "valid"}
			files, _ := filepath.Glob(filepath.Join(dir, "*"))
			for _, p := range files {
				b, err := os.ReadFile(p)
				if err != nil {
					t.Fatal(err)
				}
				switch filepath.Ext(p) {
				case ".json":
					c.JSON = b
				case ".jwt":
					c.JWT = strings.TrimSpace(string(b))
				}
			}
			if c.JSON == nil || c.JWT == "" {
				t.Fatalf("%s: the PDF's attachments %v lack the JSON or the JWT", name, files)
			}
			out = append(out, c)
		}
		png := fetchBody(t, f, "/credentials/"+id+".png")
		if len(out) <= 3 { // the first credential: a negative control
			forged, err := bake.PNG(png, tampered(t, cred)[1].JWT)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, jobCredential{Name: name + " (baked PNG, JWT payload changed)", Expect: "invalid", PNG: base64.StdEncoding.EncodeToString(forged)})
		}
		out = append(out,
			jobCredential{Name: name + " (baked PNG)", Expect: "valid", PNG: base64.StdEncoding.EncodeToString(png)},
			jobCredential{Name: name + " (baked SVG)", Expect: "valid", SVG: string(fetchBody(t, f, "/credentials/"+id+".svg"))})
	}
	return out
}
