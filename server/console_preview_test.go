package server

import (
	"bytes"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestConsoleCertificatePreview: a coordinator previews a stored
// achievement's certificate as a PDF with their own name as the holder
// and "Sample" in place of a credential id (read back with Debian's
// pdftotext when installed); another community's achievement has no such
// page, and the editor links the preview.
func TestConsoleCertificatePreview(t *testing.T) {
	_, bob := newConsoleServer(t)
	rec := bob.do("GET", "/console/default/achievements/circle-host/certificate.pdf", nil)
	if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != "application/pdf" || !bytes.HasPrefix(rec.Body.Bytes(), []byte("%PDF-")) {
		t.Fatalf("preview = %d %s", rec.Code, rec.Header().Get("Content-Type"))
	}
	if dir := os.Getenv("ACCOLADE_SCREENSHOTS"); dir != "" { // to look at
		os.WriteFile(filepath.Join(dir, "certificate-preview.pdf"), rec.Body.Bytes(), 0o644)
	}
	if rec := bob.do("GET", "/console/default/achievements/north-star/certificate.pdf", nil); rec.Code != http.StatusNotFound {
		t.Errorf("another community's achievement: %d, want 404", rec.Code)
	}
	if page := bob.do("GET", "/console/default/achievements/circle-host", nil).Body.String(); !strings.Contains(page, `href="https://badges.example.org/console/default/achievements/circle-host/certificate.pdf"`) {
		t.Errorf("the editor does not link the preview")
	}
	pdftotext, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext is not installed (apt-get install poppler-utils): the preview's text is not checked")
	}
	cmd := exec.Command(pdftotext, "-", "-")
	cmd.Stdin = bytes.NewReader(rec.Body.Bytes())
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Bob Mensah", "Circle Host", "Sample"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("the preview's text lacks %q:\n%s", want, out)
		}
	}
}
