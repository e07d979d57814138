package certtest

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// Attachment is one embedded file of a PDF that PDF writes.
type Attachment struct {
	Name, Data string
	Flate      bool // FlateDecode the stream
	Indirect   bool // /Length as an indirect object
}

// PDF returns a one-page PDF with a correct cross-reference table and the
// given embedded files in its /Names /EmbeddedFiles name tree, in order.
func PDF(files ...Attachment) []byte {
	var objs []string // objs[i] is object i+1
	add := func(s string) int { objs = append(objs, s); return len(objs) }
	pages := add("")
	page := add(fmt.Sprintf("<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] >>", pages))
	objs[pages-1] = fmt.Sprintf("<< /Type /Pages /Kids [%d 0 R] /Count 1 >>", page)
	var names []string
	for _, f := range files {
		data, filter := f.Data, ""
		if f.Flate {
			var b bytes.Buffer
			zw := zlib.NewWriter(&b)
			zw.Write([]byte(f.Data))
			zw.Close()
			data, filter = b.String(), " /Filter /FlateDecode"
		}
		length := fmt.Sprint(len(data))
		if f.Indirect {
			length = fmt.Sprintf("%d 0 R", add(length))
		}
		stream := add(fmt.Sprintf("<< /Type /EmbeddedFile /Length %s%s >>\nstream\n%s\nendstream", length, filter, data))
		spec := add(fmt.Sprintf("<< /Type /Filespec /F (%s) /UF (%s) /EF << /F %d 0 R >> >>", f.Name, f.Name, stream))
		names = append(names, fmt.Sprintf("(%s) %d 0 R", f.Name, spec))
	}
	catalog := fmt.Sprintf("<< /Type /Catalog /Pages %d 0 R", pages)
	if len(files) > 0 {
		tree := add(fmt.Sprintf("<< /Names [%s] >>", strings.Join(names, " ")))
		catalog += fmt.Sprintf(" /Names << /EmbeddedFiles %d 0 R >>", tree)
	}
	root := add(catalog + " >>")
	var b bytes.Buffer
	b.WriteString("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, root, xref)
	return b.Bytes()
}

// PDFAttach returns a PDF to which poppler's pdfattach, a tool sharing no
// code with Accolade, attached credential as the file name. It skips the
// test when pdfattach (Debian package poppler-utils) is not installed.
func PDFAttach(tb testing.TB, name, credential string) []byte {
	tb.Helper()
	if _, err := exec.LookPath("pdfattach"); err != nil {
		tb.Skip("pdfattach (Debian package poppler-utils) is not installed")
	}
	dir := tb.TempDir()
	plain, file, out := filepath.Join(dir, "plain.pdf"), filepath.Join(dir, name), filepath.Join(dir, "attached.pdf")
	if err := os.WriteFile(plain, PDF(), 0o600); err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(file, []byte(credential), 0o600); err != nil {
		tb.Fatal(err)
	}
	if msg, err := exec.Command("pdfattach", plain, file, out).CombinedOutput(); err != nil {
		tb.Fatalf("pdfattach: %v\n%s", err, msg)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}
