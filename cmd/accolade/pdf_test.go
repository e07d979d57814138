package main

import (
	"bytes"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPDF fetches the demo's credentials as PDF certificates, over HTTP
// and with accolade pdf.
func TestPDF(t *testing.T) {
	a := startApp(t, "--demo")
	creds := listCredentials(t, a, "")
	if len(creds) == 0 {
		t.Fatal("the demo has no credentials")
	}
	id := creds[0].ID
	code, h, body := a.do("GET", "/credentials/"+id+".pdf", "", "", "")
	if code != 200 || h.Get("Content-Type") != "application/pdf" || !bytes.HasPrefix(body, []byte("%PDF-1.7")) {
		t.Fatalf("GET .pdf = %d %s %.20q", code, h.Get("Content-Type"), body)
	}
	if cd := h.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment; filename=") || !strings.HasSuffix(cd, ".pdf") {
		t.Errorf("Content-Disposition %q", cd)
	}
	etag := h.Get("ETag")
	req, _ := http.NewRequest("GET", a.base+"/credentials/"+id+".pdf", nil)
	req.Header.Set("If-None-Match", etag)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if etag == "" || resp.StatusCode != http.StatusNotModified {
		t.Errorf("If-None-Match %s = %d, want 304", etag, resp.StatusCode)
	}
	if code, _, body := a.do("GET", "/credentials/"+id+".pdf?size=b5", "", "", ""); code != 400 || !strings.Contains(string(body), "size") {
		t.Errorf("size=b5 = %d %s, want 400 naming size", code, body)
	}
	_, _, letter := a.do("GET", "/credentials/"+id+".pdf?size=letter", "", "", "")
	if !bytes.Contains(letter, []byte("/MediaBox [0 0 792 612]")) {
		t.Error("size=letter is not a landscape US Letter page")
	}

	out := filepath.Join(t.TempDir(), "c.pdf")
	env := map[string]string{"ACCOLADE_TOKEN": adminToken}
	code, _, errOut := cli(t, env, "pdf", id, "-o", out, "--size", "letter", "--server", a.base)
	got, _ := os.ReadFile(out)
	if code != 0 || !bytes.Equal(got, letter) {
		t.Errorf("accolade pdf = %d %s; file %d bytes, want the server's %d", code, errOut, len(got), len(letter))
	}
	if code, _, errOut := cli(t, env, "pdf", id, "-o", out, "--size", "b5", "--server", a.base); code != exitUsage || !strings.Contains(errOut, "size") {
		t.Errorf("accolade pdf --size b5 = %d %s, want 2 naming size", code, errOut)
	}
	if code, _, errOut := cli(t, env, "pdf", id, "--server", a.base); code != exitUsage || !strings.Contains(errOut, "-o FILE") {
		t.Errorf("accolade pdf without -o = %d %s", code, errOut)
	}
}

// TestPDFData runs accolade pdf on a data directory no server holds.
func TestPDFData(t *testing.T) {
	a := startApp(t, "--demo")
	id := listCredentials(t, a, "")[0].ID
	_, _, want := a.do("GET", "/credentials/"+id+".pdf", "", "", "")
	if err := a.m.Close(); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "c.pdf")
	env := a.storeEnv()
	code, _, errOut := cli(t, env, "pdf", "urn:uuid:"+id, "-o", out)
	got, _ := os.ReadFile(out)
	if code != 0 || !bytes.Equal(got, want) || !strings.Contains(errOut, "directly in the ") {
		t.Errorf("accolade pdf --data = %d %s; %d bytes, want the server's %d", code, errOut, len(got), len(want))
	}
	if code, _, errOut := cli(t, env, "pdf", "00000000-0000-0000-0000-000000000000", "-o", out); code == 0 || !strings.Contains(errOut, "no credential") {
		t.Errorf("accolade pdf of an unknown id = %d %s", code, errOut)
	}
}
