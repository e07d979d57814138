package bake

import (
	"bytes"
	"compress/zlib"
	"encoding/json"
	"fmt"
	"io"
	"strconv"

	"github.com/accolade-badges/accolade/errs"
)

// IsPDF reports whether b starts like a PDF file: "%PDF-" within its
// first 1024 bytes, as readers allow.
func IsPDF(b []byte) bool {
	return bytes.Contains(b[:min(len(b), 1024)], []byte("%PDF-"))
}

// pdfInflateBudget bounds everything ReadPDF inflates from one file, on
// top of the limit on each embedded file: object streams and candidates
// that turn out not to be credentials.
const pdfInflateBudget = 32 << 20

// ReadPDF returns the credential a PDF file carries as an embedded file
// (ISO 32000-1 §7.11.4) in its document catalog's /Names /EmbeddedFiles
// name tree: the first file, in the tree's order (sorted by name), that is
// a credential — a JSON object with a "proof", or a compact JWS (a
// VC-JWT). A certificate that embeds both forms of one credential
// (credential.json and credential.jwt) thus yields the JSON one; either
// proves the same. Only the embedded file is signed, never the text the
// PDF draws: a verifier shows what the credential says.
//
// It finds objects by scanning the file rather than trusting its
// cross-reference table, so files re-saved by other tools (incremental
// updates, object streams, cross-reference streams) are read too, as
// long as each embedded file's stream is an ordinary indirect object.
// Streams may be uncompressed or FlateDecode; each embedded file may
// inflate to at most limit bytes, and all inflation together to 32 MiB.
//
// It returns an Invalid error saying what is wrong when pdf is not a PDF,
// cannot be read, has no embedded files or none that is a credential, and
// a TooLarge error wrapping ErrTooLarge when the only credential-sized
// candidates exceed limit.
func ReadPDF(pdf []byte, limit int64) ([]byte, error) {
	if !IsPDF(pdf) {
		return nil, errs.E(errs.Invalid, "This is not a PDF file.")
	}
	r := &pdfReader{b: pdf, budget: pdfInflateBudget}
	if err := r.scan(); err != nil {
		return nil, err
	}
	files, err := r.embeddedFiles()
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, errs.E(errs.Invalid, "This PDF carries no credential: it has no embedded files.")
	}
	var tooBig error
	for _, f := range files {
		data, err := r.decode(f, limit)
		if err != nil {
			if errs.KindOf(err) == errs.TooLarge {
				tooBig = err
			}
			continue
		}
		if isCredential(data) {
			return bytes.TrimSpace(data), nil
		}
	}
	if tooBig != nil {
		return nil, tooBig
	}
	return nil, errs.E(errs.Invalid, "This PDF carries no credential: none of its %d embedded files is a credential (a JSON credential with a proof, or a VC-JWT).", len(files))
}

// isCredential reports whether data is a JSON object with a "proof"
// member or has the shape of a compact JWS.
func isCredential(data []byte) bool {
	s := bytes.TrimSpace(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")))
	if len(s) > 0 && s[0] == '{' {
		var m map[string]json.RawMessage
		return json.Unmarshal(s, &m) == nil && m["proof"] != nil
	}
	return looksLikeJWS(s)
}

// looksLikeJWS reports whether s has the shape of a compact JWS: three
// base64url parts separated by dots, the first not empty.
func looksLikeJWS(s []byte) bool {
	if bytes.Count(s, []byte(".")) != 2 || len(s) == 0 || s[0] == '.' {
		return false
	}
	for _, c := range s {
		if !(c == '.' || c == '-' || c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9') {
			return false
		}
	}
	return true
}

// pdfReader holds a PDF's indirect objects, found by scanning.
type pdfReader struct {
	b       []byte
	objects map[int64]any // object number → value (a pdfStream for streams)
	objStms []pdfStream   // object streams, read when a reference is not found
	root    any           // the trailer's /Root, when one was found
	budget  int64         // bytes left to inflate
	expand  bool          // the object streams have been read
}

// objHeader finds the next "num gen obj" (num of 1 to 10 digits, gen of
// 1 to 5, separated by white space, "obj" not followed by a letter, digit
// or underscore) at or after from. It returns where the header starts, the
// digits of num, and where it ends; ok is false when there is none. It
// looks for "obj" and reads backwards, which is linear in the file (a
// regular expression with submatches was 200 times slower).
func objHeader(b []byte, from int) (start int, num []byte, end int, ok bool) {
	for from < len(b) {
		i := bytes.Index(b[from:], []byte("obj"))
		if i < 0 {
			return 0, nil, 0, false
		}
		p := from + i
		from = p + 3
		if from < len(b) && isWordByte(b[from]) {
			continue
		}
		j := p
		spaces := func() bool {
			k := j
			for j > 0 && isPDFSpace(b[j-1]) {
				j--
			}
			return j < k
		}
		digits := func(n int) bool {
			k := j
			for j > 0 && k-j < n && b[j-1] >= '0' && b[j-1] <= '9' {
				j--
			}
			return j < k
		}
		if !spaces() || !digits(5) || !spaces() {
			continue
		}
		numEnd := j
		if !digits(10) {
			continue
		}
		return j, b[j:numEnd], from, true
	}
	return 0, nil, 0, false
}

// isWordByte reports whether c is a letter, digit or underscore (what a
// regular expression's \w matches).
func isWordByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// unreadable is the error for a PDF whose structure cannot be followed.
func unreadable(what string) error {
	return errs.E(errs.Invalid, "This PDF could not be read: %s.", what)
}

// scan finds every indirect object in the file, skipping over stream
// data, and the /Root of the last trailer or cross-reference stream. A later definition of an object
// replaces an earlier one, as incremental updates do.
func (r *pdfReader) scan() error {
	r.objects = map[int64]any{}
	pos, rootAt := 0, -1
	for from := 0; ; {
		start, digits, end, ok := objHeader(r.b, from)
		if !ok {
			break
		}
		from = end
		if start < pos || (start > 0 && !isPDFSpace(r.b[start-1]) && !isPDFDelim(r.b[start-1])) {
			continue
		}
		if len(r.objects) >= pdfMaxObjects {
			return unreadable(fmt.Sprintf("it has more than %d objects", pdfMaxObjects))
		}
		num, _ := strconv.ParseInt(string(digits), 10, 64)
		l := &pdfLexer{b: r.b, pos: end}
		v, err := l.object(0)
		if err != nil {
			pos = end
			continue
		}
		if d, ok := v.(pdfDict); ok {
			if raw, ok := l.streamData(d); ok {
				s := pdfStream{dict: d, raw: raw}
				v = s
				switch d["Type"] {
				case pdfName("ObjStm"):
					r.objStms = append(r.objStms, s)
				case pdfName("XRef"):
					if d["Root"] != nil {
						r.root, rootAt = d["Root"], start
					}
				}
			}
		}
		r.objects[num] = v
		pos = l.pos
		from = max(from, pos)
	}
	for i := bytes.Index(r.b, []byte("trailer")); i >= 0; {
		l := &pdfLexer{b: r.b, pos: i + len("trailer")}
		if d, err := l.object(0); err == nil {
			if d, ok := d.(pdfDict); ok && d["Root"] != nil && i > rootAt {
				r.root, rootAt = d["Root"], i
			}
		}
		j := bytes.Index(r.b[i+1:], []byte("trailer"))
		if j < 0 {
			break
		}
		i += 1 + j
	}
	return nil
}

// resolve follows indirect references (at most 8 deep); a reference to
// an object that does not exist is null, as the standard says.
func (r *pdfReader) resolve(v any) any {
	for range 8 {
		ref, ok := v.(pdfRef)
		if !ok {
			return v
		}
		o, found := r.objects[ref.num]
		if !found && !r.expand {
			r.readObjStms()
			o, found = r.objects[ref.num]
		}
		if !found {
			return nil
		}
		v = o
	}
	return nil
}

// readObjStms adds the objects of every object stream (§7.5.7) that are
// not defined directly.
func (r *pdfReader) readObjStms() {
	r.expand = true
	for _, s := range r.objStms {
		n, _ := s.dict["N"].(int64)
		first, _ := s.dict["First"].(int64)
		data, err := r.decode(s, pdfInflateBudget)
		if err != nil || n <= 0 || n > pdfMaxObjects || first < 0 || first > int64(len(data)) {
			continue
		}
		head := &pdfLexer{b: data[:first]}
		for range n {
			head.skipSpace()
			num, ok1 := head.int()
			head.skipSpace()
			off, ok2 := head.int()
			if !ok1 || !ok2 || len(r.objects) >= pdfMaxObjects {
				break
			}
			if _, defined := r.objects[num]; defined || first+off >= int64(len(data)) {
				continue
			}
			l := &pdfLexer{b: data, pos: int(first + off)}
			if v, err := l.object(0); err == nil {
				r.objects[num] = v
			}
		}
	}
}

// dict resolves v to a dictionary (a stream's dictionary counts), or nil.
func (r *pdfReader) dict(v any) pdfDict {
	switch v := r.resolve(v).(type) {
	case pdfDict:
		return v
	case pdfStream:
		return v.dict
	}
	return nil
}

// catalog returns the document catalog: the trailer's /Root, or else an
// object of type /Catalog.
func (r *pdfReader) catalog() pdfDict {
	if d := r.dict(r.root); d != nil {
		return d
	}
	for _, o := range r.objects {
		if d, ok := o.(pdfDict); ok && d["Type"] == pdfName("Catalog") {
			return d
		}
	}
	r.readObjStms()
	for _, o := range r.objects {
		if d, ok := o.(pdfDict); ok && d["Type"] == pdfName("Catalog") {
			return d
		}
	}
	return nil
}

// embeddedFiles returns the embedded file streams of the catalog's
// /Names /EmbeddedFiles name tree, in the tree's order.
func (r *pdfReader) embeddedFiles() ([]pdfStream, error) {
	cat := r.catalog()
	if cat == nil {
		return nil, unreadable("it has no document catalog")
	}
	tree := r.dict(r.dict(cat["Names"])["EmbeddedFiles"])
	var files []pdfStream
	seen := map[pdfRef]bool{}
	var walk func(node pdfDict, depth int)
	walk = func(node pdfDict, depth int) {
		if node == nil || depth > pdfMaxDepth || len(files) >= 1000 {
			return
		}
		names, _ := r.resolve(node["Names"]).([]any)
		for i := 1; i < len(names); i += 2 {
			if s, ok := r.fileStream(names[i]); ok {
				files = append(files, s)
			}
		}
		kids, _ := r.resolve(node["Kids"]).([]any)
		for _, k := range kids {
			if ref, ok := k.(pdfRef); ok {
				if seen[ref] {
					continue
				}
				seen[ref] = true
			}
			walk(r.dict(k), depth+1)
		}
	}
	walk(tree, 0)
	return files, nil
}

// fileStream returns the embedded file stream of a file specification
// (§7.11.3): its /EF /UF or /EF /F entry.
func (r *pdfReader) fileStream(spec any) (pdfStream, bool) {
	ef := r.dict(r.dict(spec)["EF"])
	for _, key := range []pdfName{"UF", "F"} {
		if s, ok := r.resolve(ef[key]).(pdfStream); ok {
			return s, true
		}
	}
	return pdfStream{}, false
}

// decode returns a stream's data, decoded: no filter or FlateDecode
// (without a predictor), at most limit bytes and within the reader's
// inflation budget.
func (r *pdfReader) decode(s pdfStream, limit int64) ([]byte, error) {
	raw := s.raw
	if n, ok := r.resolve(s.dict["Length"]).(int64); ok && n >= 0 && n < int64(len(raw)) {
		raw = raw[:n]
	}
	var filters []any
	switch f := r.resolve(s.dict["Filter"]).(type) {
	case nil:
	case pdfName:
		filters = []any{f}
	case []any:
		filters = f
	default:
		return nil, unreadable("a stream has a malformed /Filter")
	}
	if len(filters) == 0 {
		if int64(len(raw)) > limit {
			return nil, tooLarge("The credential in the PDF is larger than " + errs.Size(limit) + ".")
		}
		return raw, nil
	}
	if len(filters) > 1 || filters[0] != pdfName("FlateDecode") {
		return nil, unreadable(fmt.Sprintf("a stream uses the %v filter, which this reader does not read (only FlateDecode)", filters[0]))
	}
	if p, ok := r.dict(s.dict["DecodeParms"])["Predictor"].(int64); ok && p > 1 {
		return nil, unreadable("a stream uses a predictor, which this reader does not read")
	}
	zr, err := zlib.NewReader(bytes.NewReader(raw))
	if err != nil {
		return nil, unreadable("a compressed stream is damaged")
	}
	defer zr.Close()
	max := min(limit, r.budget)
	data, err := io.ReadAll(io.LimitReader(zr, max+1))
	r.budget -= int64(len(data))
	switch {
	case int64(len(data)) > max:
		return nil, tooLarge("A compressed stream in the PDF unpacks to more than " + errs.Size(max) + ".")
	case err != nil:
		return nil, unreadable("a compressed stream is damaged")
	}
	return data, nil
}
