package certificate

import (
	"bytes"
	"compress/zlib"
	"crypto/sha256"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf16"
)

// writer collects the objects of one PDF 1.7 file. Object n is objs[n-1];
// nothing in it depends on the clock or on map order, so the same calls
// give the same bytes.
type writer struct {
	objs [][]byte
}

// alloc reserves an object number, to be set later.
func (w *writer) alloc() int {
	w.objs = append(w.objs, nil)
	return len(w.objs)
}

func (w *writer) set(n int, body string) { w.objs[n-1] = []byte(body) }

// add stores an object and returns its number.
func (w *writer) add(body string) int {
	n := w.alloc()
	w.set(n, body)
	return n
}

// stream stores a stream object with the dictionary entries dict (without
// << >>); compress applies Flate.
func (w *writer) stream(dict string, data []byte, compress bool) int {
	if compress {
		data = deflate(data)
		dict += " /Filter /FlateDecode"
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "<<%s /Length %d>>\nstream\n", dict, len(data))
	b.Write(data)
	b.WriteString("\nendstream")
	n := w.alloc()
	w.objs[n-1] = b.Bytes()
	return n
}

func deflate(data []byte) []byte {
	var b bytes.Buffer
	z, _ := zlib.NewWriterLevel(&b, zlib.BestCompression)
	z.Write(data)
	z.Close()
	return b.Bytes()
}

// bytes writes the file: header, objects, cross-reference table and a
// trailer whose /ID is a hash of the objects.
func (w *writer) bytes(root, info int) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
	offsets := make([]int, len(w.objs))
	h := sha256.New()
	for i, o := range w.objs {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n", i+1)
		b.Write(o)
		b.WriteString("\nendobj\n")
		h.Write(o)
	}
	id := fmt.Sprintf("%x", h.Sum(nil)[:16])
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(w.objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<</Size %d /Root %d 0 R /Info %d 0 R /ID [<%s> <%s>]>>\nstartxref\n%d\n%%%%EOF\n",
		len(w.objs)+1, root, info, id, id, xref)
	return b.Bytes()
}

// ref formats an indirect reference.
func ref(n int) string { return strconv.Itoa(n) + " 0 R" }

// text formats a PDF text string: a literal for printable ASCII, else
// UTF-16BE with a byte order mark, in hex.
func text(s string) string {
	ascii := true
	for _, r := range s {
		if r < 0x20 || r > 0x7e {
			ascii = false
			break
		}
	}
	if ascii {
		r := strings.NewReplacer(`\`, `\\`, "(", `\(`, ")", `\)`)
		return "(" + r.Replace(s) + ")"
	}
	return "<" + utf16hex(s, true) + ">"
}

// utf16hex is s in UTF-16BE as hex digits, after a BOM if bom.
func utf16hex(s string, bom bool) string {
	var b strings.Builder
	if bom {
		b.WriteString("FEFF")
	}
	for _, u := range utf16.Encode([]rune(s)) {
		fmt.Fprintf(&b, "%04X", u)
	}
	return b.String()
}

// name formats a PDF name, escaping what is not a regular character.
func name(s string) string {
	var b strings.Builder
	b.WriteByte('/')
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '!' || c > '~' || strings.IndexByte("#()<>[]{}/%", c) >= 0 {
			fmt.Fprintf(&b, "#%02X", c)
		} else {
			b.WriteByte(c)
		}
	}
	return b.String()
}

// num formats a number with at most three decimals and no trailing zeros.
func num(f float64) string {
	s := strconv.FormatFloat(f, 'f', 3, 64)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	if s == "-0" || s == "" {
		return "0"
	}
	return s
}
