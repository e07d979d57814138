package main

import (
	"bytes"
	"encoding/json"
	"image"
	"image/color"
	"image/png"
	"mime/multipart"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/accolade-badges/accolade/bake"
	"github.com/accolade-badges/accolade/internal/certtest"
	"github.com/accolade-badges/accolade/internal/testutil"
)

// badgePNG is a demo credential baked into a small PNG image.
func badgePNG(t *testing.T, credential string) []byte {
	t.Helper()
	m := image.NewNRGBA(image.Rect(0, 0, 96, 96))
	for i := range m.Pix {
		m.Pix[i] = []byte{40, 110, 90, 255}[i%4]
	}
	m.Set(48, 48, color.White)
	var b bytes.Buffer
	if err := png.Encode(&b, m); err != nil {
		t.Fatal(err)
	}
	img, err := bake.PNG(b.Bytes(), credential)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// certificateFiles are a demo credential in the forms a partner is handed
// it: a baked PNG, a tampered baked PNG, a PDF certificate with the JSON
// credential attached by poppler's pdfattach (absent when pdfattach is
// not installed), and a phone photo of the printed certificate's QR code.
func certificateFiles(t *testing.T, a *app, id string) map[string][]byte {
	t.Helper()
	jwt := credentialJWT(t, a, id)
	_, _, doc := a.do("GET", "/credentials/"+id+".json", "", "", "")
	_, _, served := a.do("GET", "/credentials/"+id+".pdf", "", "", "")
	_, _, servedPNG := a.do("GET", "/credentials/"+id+".png", "", "", "")
	files := map[string][]byte{
		"certificate-served.pdf": served,    // the server's own certificate
		"badge-served.png":       servedPNG, // the server's own baked badge
		"badge.png":              badgePNG(t, jwt),
		"badge-tampered.png":     badgePNG(t, testutil.Tamper(jwt)),
		"certificate-photo.jpg":  certtest.PhotoJPEG(t, a.base+"/credentials/"+id, 2000, 1500),
	}
	if _, err := exec.LookPath("pdfattach"); err == nil {
		files["certificate.pdf"] = certtest.PDFAttach(t, "credential.json", string(doc))
	} else {
		t.Log("pdfattach (poppler-utils) is not installed: no PDF certificate case")
	}
	return files
}

// formatVerdict is the part of a POST /api/v1/verify answer these tests
// read.
type formatVerdict struct{ Outcome, Format, Summary string }

func postVerifyFormat(t *testing.T, a *app, contentType string, body []byte) formatVerdict {
	t.Helper()
	code, _, out := a.do("POST", "/api/v1/verify", "", contentType, string(body))
	if code != 200 {
		t.Fatalf("POST /api/v1/verify = %d %s", code, out)
	}
	var v formatVerdict
	mustJSON(t, out, &v)
	return v
}

// TestVerifyCertificateAPI posts each form of a credential to
// POST /api/v1/verify, raw and as a multipart upload.
func TestVerifyCertificateAPI(t *testing.T) {
	a := startApp(t, "--demo")
	id := demoCredentials(t, a)["kwame"]
	files := certificateFiles(t, a, id)
	files["certificate-tampered.pdf"] = certtest.PDF(certtest.Attachment{Name: "credential.jwt", Data: testutil.Tamper(credentialJWT(t, a, id)), Flate: true})
	for _, tc := range []struct {
		file, contentType, outcome, format string
	}{
		{"badge.png", "image/png", "valid", "png+jwt"},
		{"badge-tampered.png", "image/png", "invalid", "png+jwt"},
		{"certificate.pdf", "application/pdf", "valid", "pdf+json"},
		{"certificate-tampered.pdf", "application/pdf", "invalid", "pdf+jwt"},
		{"certificate-photo.jpg", "image/jpeg", "valid", "jpeg+qr-code+url+jwt"},
		{"certificate-photo.jpg", "", "valid", "jpeg+qr-code+url+jwt"},
	} {
		body, ok := files[tc.file]
		if !ok {
			continue
		}
		t.Run(tc.file+" "+tc.contentType, func(t *testing.T) {
			v := postVerifyFormat(t, a, tc.contentType, body)
			if v.Outcome != tc.outcome || v.Format != tc.format {
				t.Errorf("POST %s as %q: outcome %q format %q, want %q %q; summary %q", tc.file, tc.contentType, v.Outcome, v.Format, tc.outcome, tc.format, v.Summary)
			}
			var form bytes.Buffer
			mw := multipart.NewWriter(&form)
			fw, _ := mw.CreateFormFile("file", tc.file)
			fw.Write(body)
			mw.Close()
			v = postVerifyFormat(t, a, mw.FormDataContentType(), form.Bytes())
			if v.Outcome != tc.outcome || v.Format != tc.format {
				t.Errorf("POST %s as multipart: outcome %q format %q, want %q %q", tc.file, v.Outcome, v.Format, tc.outcome, tc.format)
			}
		})
	}
	t.Run("the server's own PDF certificate", func(t *testing.T) {
		code, _, pdf := a.do("GET", "/credentials/"+id+".pdf", "", "", "")
		if code != 200 {
			t.Fatalf("GET /credentials/{id}.pdf = %d", code)
		}
		if v := postVerifyFormat(t, a, "application/pdf", pdf); v.Outcome != "valid" || !strings.HasPrefix(v.Format, "pdf+") {
			t.Errorf("POST the server's PDF certificate: outcome %q format %q, want valid pdf+…; summary %q", v.Outcome, v.Format, v.Summary)
		}
	})
	t.Run("the server's PDF certificate, printed and scanned", func(t *testing.T) {
		if _, err := exec.LookPath("pdftoppm"); err != nil {
			t.Skip("pdftoppm (poppler-utils) is not installed")
		}
		_, _, pdf := a.do("GET", "/credentials/"+id+".pdf", "", "", "")
		dir := t.TempDir()
		writeFile(t, filepath.Join(dir, "c.pdf"), pdf)
		if out, err := exec.Command("pdftoppm", "-r", "150", "-png", "-singlefile", filepath.Join(dir, "c.pdf"), filepath.Join(dir, "scan")).CombinedOutput(); err != nil {
			t.Fatalf("pdftoppm: %v\n%s", err, out)
		}
		scan, err := os.ReadFile(filepath.Join(dir, "scan.png"))
		if err != nil {
			t.Fatal(err)
		}
		if v := postVerifyFormat(t, a, "image/png", scan); v.Outcome != "valid" || v.Format != "png+qr-code+url+jwt" {
			t.Errorf("POST a scan of the server's PDF certificate: outcome %q format %q, want valid png+qr-code+url+jwt; summary %q", v.Outcome, v.Format, v.Summary)
		}
	})
	t.Run("pasted link", func(t *testing.T) {
		if v := postVerifyFormat(t, a, "text/plain", []byte(" "+a.base+"/credentials/"+id+"\n")); v.Outcome != "valid" || v.Format != "url+jwt" {
			t.Errorf("POST a bare link: outcome %q format %q, want valid url+jwt", v.Outcome, v.Format)
		}
	})
	for _, ct := range []string{"application/x-www-form-urlencoded", "image/gif", "text/html; charset=utf-8"} {
		code, _, body := a.do("POST", "/api/v1/verify", "", ct, "x")
		var p struct{ Detail string }
		json.Unmarshal(body, &p)
		if code != http.StatusUnsupportedMediaType || !strings.Contains(p.Detail, "application/pdf") || !strings.Contains(p.Detail, "image/jpeg") {
			t.Errorf("POST /api/v1/verify as %s = %d %s, want 415 naming the accepted types", ct, code, body)
		}
	}
}

// TestVerifyCertificatePage uploads files through the verify page's form,
// as a browser without JavaScript does.
func TestVerifyCertificatePage(t *testing.T) {
	a := startApp(t, "--demo")
	id := demoCredentials(t, a)["kwame"]
	files := certificateFiles(t, a, id)
	for name, want := range map[string]string{
		"badge.png":             `<span class="answer">Valid — issued by <bdi dir="auto">`,
		"badge-tampered.png":    `<span class="answer">Not valid — the content was changed after signing</span>`,
		"certificate.pdf":       `<span class="answer">Valid — issued by`,
		"certificate-photo.jpg": `<span class="answer">Valid — issued by`,
	} {
		body, ok := files[name]
		if !ok {
			continue
		}
		var form bytes.Buffer
		mw := multipart.NewWriter(&form)
		mw.WriteField("input", "")
		fw, _ := mw.CreateFormFile("file", name)
		fw.Write(body)
		mw.WriteField("url", "")
		mw.Close()
		code, _, page := a.do("POST", "/verify", "", mw.FormDataContentType(), form.String())
		if code != 200 || !strings.Contains(string(page), want) {
			t.Errorf("POST /verify with %s = %d, want a page containing %q\n%.3000s", name, code, want, page)
		}
	}
	code, _, page := a.do("POST", "/verify", "", "application/x-www-form-urlencoded", "input=&url=")
	if code != 400 || !strings.Contains(string(page), `aria-describedby="input-hint verify-error"`) {
		t.Errorf("POST /verify with nothing = %d, want 400 with the error tied to the fields", code)
	}
	code, _, page = a.do("POST", "/verify", "", "application/x-www-form-urlencoded", "input="+a.base+"/credentials/"+id)
	if code != 200 || !strings.Contains(string(page), "Valid — issued by") {
		t.Errorf("POST /verify with a pasted link = %d, want it verified as a link", code)
	}
}

// TestVerifyCertificateCLI verifies a PDF certificate and a photo of its
// QR code with accolade verify, through the server and on the data
// directory.
func TestVerifyCertificateCLI(t *testing.T) {
	a := startApp(t, "--demo")
	id := demoCredentials(t, a)["kwame"]
	files := certificateFiles(t, a, id)
	dir := t.TempDir()
	var paths []string
	for _, name := range []string{"certificate.pdf", "certificate-photo.jpg"} {
		if b, ok := files[name]; ok {
			paths = append(paths, filepath.Join(dir, name))
			writeFile(t, paths[len(paths)-1], b)
		}
	}
	// The server took a free port: the data directory is read with the
	// same base URL.
	env := a.storeEnv()
	for _, p := range paths {
		code, out, errOut := cli(t, env, "verify", p, "--server", a.base)
		if code != 0 || !strings.HasPrefix(out, "VALID (valid)\nValid — issued by") {
			t.Errorf("verify %s --server = %d\n%s%s", filepath.Base(p), code, out, errOut)
		}
	}
	if err := a.m.Close(); err != nil {
		t.Fatal(err)
	}
	for _, p := range paths {
		code, out, errOut := cli(t, env, "verify", p)
		if code != 0 || !strings.HasPrefix(out, "VALID (valid)\nValid — issued by") {
			t.Errorf("verify %s on the data directory = %d\n%s%s", filepath.Base(p), code, out, errOut)
		}
	}
}
