package bake_test

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/accolade-badges/accolade/bake"
	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/internal/certtest"
)

const proofJSON = `{"@context":["https://www.w3.org/ns/credentials/v2"],"type":["VerifiableCredential"],"proof":{"type":"DataIntegrityProof"}}`

// attachment is one embedded file of a test PDF.
type attachment struct {
	name, data string
	flate      bool // FlateDecode the stream
	indirect   bool // /Length as an indirect object
}

// testPDF writes a one-page PDF with a correct cross-reference table and
// the given embedded files in its /Names /EmbeddedFiles tree.
func testPDF(files ...attachment) []byte {
	list := make([]certtest.Attachment, len(files))
	for i, f := range files {
		list[i] = certtest.Attachment{Name: f.name, Data: f.data, Flate: f.flate, Indirect: f.indirect}
	}
	return certtest.PDF(list...)
}

func TestReadPDF(t *testing.T) {
	for _, tc := range []struct {
		name  string
		files []attachment
		want  string
	}{
		{"jwt", []attachment{{name: "credential.jwt", data: jwt}}, jwt},
		{"json flate", []attachment{{name: "credential.json", data: proofJSON, flate: true}}, proofJSON},
		{"indirect length", []attachment{{name: "credential.jwt", data: jwt, indirect: true}}, jwt},
		{"indirect length flate", []attachment{{name: "c.json", data: proofJSON, flate: true, indirect: true}}, proofJSON},
		{"first credential wins", []attachment{
			{name: "a-readme.txt", data: "not a credential"},
			{name: "credential.json", data: proofJSON, flate: true},
			{name: "credential.jwt", data: jwt},
		}, proofJSON},
		{"json without proof skipped", []attachment{
			{name: "a.json", data: json},
			{name: "b.jwt", data: jwt},
		}, jwt},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := bake.ReadPDF(testPDF(tc.files...), limit)
			if err != nil || string(got) != tc.want {
				t.Errorf("ReadPDF = %.40q, %v; want %.40q", got, err, tc.want)
			}
		})
	}
}

func TestReadPDFErrors(t *testing.T) {
	big := strings.Repeat("x", 2*limit)
	for _, tc := range []struct {
		name string
		pdf  []byte
		kind errs.Kind
		msg  string
	}{
		{"not a pdf", []byte("hello"), errs.Invalid, "not a PDF"},
		{"no embedded files", testPDF(), errs.Invalid, "This PDF carries no credential: it has no embedded files."},
		{"no credential", testPDF(attachment{name: "a.txt", data: "hello"}), errs.Invalid, "none of its 1 embedded files"},
		{"bomb", testPDF(attachment{name: "a.jwt", data: big, flate: true}), errs.TooLarge, "unpacks to more than 1 MiB"},
		{"too large", testPDF(attachment{name: "a.jwt", data: big}), errs.TooLarge, "larger than 1 MiB"},
		{"no catalog", []byte("%PDF-1.4\n1 0 obj\n<< /Type /Pages >>\nendobj\n"), errs.Invalid, "no document catalog"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := bake.ReadPDF(tc.pdf, limit)
			if err == nil || errs.KindOf(err) != tc.kind || !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("ReadPDF = %.20q, %v (kind %v); want a %v error containing %q", got, err, errs.KindOf(err), tc.kind, tc.msg)
			}
			if tc.kind == errs.TooLarge && !errors.Is(err, bake.ErrTooLarge) {
				t.Errorf("ReadPDF error %v does not wrap ErrTooLarge", err)
			}
		})
	}
}

// TestReadPDFOtherTools reads PDFs that tools sharing no code with this
// package wrote: poppler's pdfattach attaching a credential, and qpdf
// re-saving that file with object streams and a cross-reference stream.
func TestReadPDFOtherTools(t *testing.T) {
	if _, err := exec.LookPath("pdfattach"); err != nil {
		t.Skip("pdfattach (Debian package poppler-utils) is not installed")
	}
	dir := t.TempDir()
	plain, cred, attached := filepath.Join(dir, "plain.pdf"), filepath.Join(dir, "credential.jwt"), filepath.Join(dir, "attached.pdf")
	must(t, os.WriteFile(plain, testPDF(), 0o600))
	must(t, os.WriteFile(cred, []byte(jwt+"\n"), 0o600))
	if out, err := exec.Command("pdfattach", plain, cred, attached).CombinedOutput(); err != nil {
		t.Fatalf("pdfattach: %v\n%s", err, out)
	}
	files := []string{attached}
	if _, err := exec.LookPath("qpdf"); err == nil {
		resaved := filepath.Join(dir, "objstm.pdf")
		out, err := exec.Command("qpdf", "--object-streams=generate", "--compress-streams=y", attached, resaved).CombinedOutput()
		if err != nil {
			t.Fatalf("qpdf: %v\n%s", err, out)
		}
		files = append(files, resaved)
	} else {
		t.Log("qpdf is not installed: not testing a PDF with object streams")
	}
	if len(files) == 2 {
		b, err := os.ReadFile(files[1])
		must(t, err)
		if !bytes.Contains(b, []byte("/ObjStm")) || !bytes.Contains(b, []byte("/XRef")) {
			t.Errorf("qpdf wrote no object stream or no cross-reference stream: the test tests nothing more")
		}
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		must(t, err)
		if got, err := bake.ReadPDF(b, limit); err != nil || string(got) != jwt {
			t.Errorf("ReadPDF(%s) = %.40q, %v; want the attached JWT", filepath.Base(f), got, err)
		}
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// FuzzReadPDF checks that no input makes ReadPDF panic or return more
// than its limit.
func FuzzReadPDF(f *testing.F) {
	f.Add(testPDF(attachment{name: "c.jwt", data: jwt}))
	f.Add(testPDF(attachment{name: "c.json", data: proofJSON, flate: true, indirect: true}))
	f.Add(testPDF())
	f.Add([]byte("%PDF-1.5\n1 0 obj << /Type /ObjStm /N 1 /First 4 >> stream\n2 0 << /Type /Catalog >>\nendstream endobj"))
	f.Add([]byte("%PDF-1.4 1 0 obj << /A [ (a\\(b) <41> /N#41 1 0 R ] >> endobj trailer << /Root 1 0 R >>"))
	f.Fuzz(func(t *testing.T, pdf []byte) {
		got, err := bake.ReadPDF(pdf, 1024)
		if err == nil && len(got) > 1024 {
			t.Errorf("ReadPDF returned %d bytes, more than its limit", len(got))
		}
	})
}
