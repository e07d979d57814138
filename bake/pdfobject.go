package bake

import (
	"bytes"
	"errors"
	"strconv"
)

// This file is a small reader of PDF objects (ISO 32000-1 §7.3): enough
// to follow a document catalog to its embedded files. It never reads
// content streams, fonts or anything that draws.

// pdfName is a PDF name object, without its slash.
type pdfName string

// pdfRef is an indirect reference "num gen R".
type pdfRef struct{ num, gen int64 }

// pdfDict is a PDF dictionary.
type pdfDict map[pdfName]any

// pdfStream is a stream object: its dictionary and its raw (still
// encoded) data.
type pdfStream struct {
	dict pdfDict
	raw  []byte
}

// Parser bounds.
const (
	pdfMaxDepth    = 32      // arrays and dictionaries nested in one another
	pdfMaxObjects  = 100_000 // indirect objects in one file
	pdfMaxElements = 100_000 // elements of one array or dictionary
)

// errPDFSyntax is returned by the parser on anything it cannot read; the
// caller turns it into a message for people.
var errPDFSyntax = errors.New("pdf syntax error")

// pdfLexer reads PDF tokens and objects from b, starting at pos.
type pdfLexer struct {
	b   []byte
	pos int
}

func isPDFSpace(c byte) bool {
	return c == 0 || c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' '
}

func isPDFDelim(c byte) bool {
	switch c {
	case '(', ')', '<', '>', '[', ']', '{', '}', '/', '%':
		return true
	}
	return false
}

// skipSpace skips white space and comments.
func (l *pdfLexer) skipSpace() {
	for l.pos < len(l.b) {
		c := l.b[l.pos]
		switch {
		case isPDFSpace(c):
			l.pos++
		case c == '%':
			for l.pos < len(l.b) && l.b[l.pos] != '\n' && l.b[l.pos] != '\r' {
				l.pos++
			}
		default:
			return
		}
	}
}

// regular reads a run of regular characters (a number or keyword).
func (l *pdfLexer) regular() []byte {
	start := l.pos
	for l.pos < len(l.b) && !isPDFSpace(l.b[l.pos]) && !isPDFDelim(l.b[l.pos]) {
		l.pos++
	}
	return l.b[start:l.pos]
}

// object reads one direct object. A "num gen R" reference becomes a
// pdfRef.
func (l *pdfLexer) object(depth int) (any, error) {
	if depth > pdfMaxDepth {
		return nil, errPDFSyntax
	}
	l.skipSpace()
	if l.pos >= len(l.b) {
		return nil, errPDFSyntax
	}
	switch c := l.b[l.pos]; {
	case c == '/':
		l.pos++
		return l.name(), nil
	case c == '(':
		l.pos++
		return l.literalString()
	case c == '<' && l.pos+1 < len(l.b) && l.b[l.pos+1] == '<':
		l.pos += 2
		return l.dict(depth)
	case c == '<':
		l.pos++
		return l.hexString()
	case c == '[':
		l.pos++
		return l.array(depth)
	case isPDFDelim(c):
		return nil, errPDFSyntax
	}
	tok := l.regular()
	switch string(tok) {
	case "true":
		return true, nil
	case "false":
		return false, nil
	case "null":
		return nil, nil
	}
	n, err := strconv.ParseInt(string(tok), 10, 64)
	if err != nil {
		if f, ferr := strconv.ParseFloat(string(tok), 64); ferr == nil {
			return f, nil
		}
		return nil, errPDFSyntax
	}
	// "num gen R"?
	save := l.pos
	l.skipSpace()
	if gen, ok := l.int(); ok {
		l.skipSpace()
		if l.pos < len(l.b) && l.b[l.pos] == 'R' && (l.pos+1 == len(l.b) || isPDFSpace(l.b[l.pos+1]) || isPDFDelim(l.b[l.pos+1])) {
			l.pos++
			return pdfRef{n, gen}, nil
		}
	}
	l.pos = save
	return n, nil
}

// int reads a non-negative integer, or leaves pos alone.
func (l *pdfLexer) int() (int64, bool) {
	save := l.pos
	tok := l.regular()
	n, err := strconv.ParseInt(string(tok), 10, 64)
	if err != nil || n < 0 || len(tok) == 0 || tok[0] == '+' || tok[0] == '-' {
		l.pos = save
		return 0, false
	}
	return n, true
}

// name reads a name after its slash, decoding #xx escapes.
func (l *pdfLexer) name() pdfName {
	tok := l.regular()
	if bytes.IndexByte(tok, '#') < 0 {
		return pdfName(tok)
	}
	var out []byte
	for i := 0; i < len(tok); i++ {
		if tok[i] == '#' && i+2 < len(tok) {
			if v, err := strconv.ParseUint(string(tok[i+1:i+3]), 16, 8); err == nil {
				out = append(out, byte(v))
				i += 2
				continue
			}
		}
		out = append(out, tok[i])
	}
	return pdfName(out)
}

// literalString reads a (string) after its opening parenthesis.
func (l *pdfLexer) literalString() ([]byte, error) {
	var out []byte
	nest := 0
	for l.pos < len(l.b) {
		c := l.b[l.pos]
		l.pos++
		switch c {
		case '(':
			nest++
		case ')':
			if nest == 0 {
				return out, nil
			}
			nest--
		case '\\':
			if l.pos >= len(l.b) {
				return nil, errPDFSyntax
			}
			e := l.b[l.pos]
			l.pos++
			switch e {
			case 'n':
				c = '\n'
			case 'r':
				c = '\r'
			case 't':
				c = '\t'
			case 'b':
				c = '\b'
			case 'f':
				c = '\f'
			case '\r', '\n':
				if e == '\r' && l.pos < len(l.b) && l.b[l.pos] == '\n' {
					l.pos++
				}
				continue
			default:
				if '0' <= e && e <= '7' {
					v := int(e - '0')
					for k := 0; k < 2 && l.pos < len(l.b) && '0' <= l.b[l.pos] && l.b[l.pos] <= '7'; k++ {
						v = v*8 + int(l.b[l.pos]-'0')
						l.pos++
					}
					c = byte(v)
				} else {
					c = e
				}
			}
		}
		out = append(out, c)
	}
	return nil, errPDFSyntax
}

// hexString reads a <hex string> after its opening bracket.
func (l *pdfLexer) hexString() ([]byte, error) {
	var out []byte
	var hi byte
	odd := false
	for l.pos < len(l.b) {
		c := l.b[l.pos]
		l.pos++
		var v byte
		switch {
		case c == '>':
			if odd {
				out = append(out, hi<<4)
			}
			return out, nil
		case isPDFSpace(c):
			continue
		case '0' <= c && c <= '9':
			v = c - '0'
		case 'a' <= c && c <= 'f':
			v = c - 'a' + 10
		case 'A' <= c && c <= 'F':
			v = c - 'A' + 10
		default:
			return nil, errPDFSyntax
		}
		if odd {
			out = append(out, hi<<4|v)
		} else {
			hi = v
		}
		odd = !odd
	}
	return nil, errPDFSyntax
}

func (l *pdfLexer) array(depth int) ([]any, error) {
	var out []any
	for len(out) < pdfMaxElements {
		l.skipSpace()
		if l.pos < len(l.b) && l.b[l.pos] == ']' {
			l.pos++
			return out, nil
		}
		v, err := l.object(depth + 1)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return nil, errPDFSyntax
}

func (l *pdfLexer) dict(depth int) (pdfDict, error) {
	out := pdfDict{}
	for len(out) < pdfMaxElements {
		l.skipSpace()
		if l.pos+1 < len(l.b) && l.b[l.pos] == '>' && l.b[l.pos+1] == '>' {
			l.pos += 2
			return out, nil
		}
		if l.pos >= len(l.b) || l.b[l.pos] != '/' {
			return nil, errPDFSyntax
		}
		l.pos++
		key := l.name()
		v, err := l.object(depth + 1)
		if err != nil {
			return nil, err
		}
		out[key] = v
	}
	return nil, errPDFSyntax
}

// streamData reads the data of a stream whose dictionary d has just been
// read, when the keyword "stream" follows; it reports false when it does
// not. A direct /Length that ends at "endstream" is used; otherwise the
// data runs to the next "endstream" (an indirect /Length is applied when
// the stream is decoded).
func (l *pdfLexer) streamData(d pdfDict) ([]byte, bool) {
	save := l.pos
	l.skipSpace()
	if !bytes.HasPrefix(l.b[l.pos:], []byte("stream")) {
		l.pos = save
		return nil, false
	}
	l.pos += len("stream")
	if l.pos < len(l.b) && l.b[l.pos] == '\r' {
		l.pos++
	}
	if l.pos < len(l.b) && l.b[l.pos] == '\n' {
		l.pos++
	}
	start := l.pos
	if n, ok := d["Length"].(int64); ok && n >= 0 && n <= int64(len(l.b)-start) {
		end := start + int(n)
		rest := bytes.TrimLeft(l.b[end:], "\r\n \t")
		if bytes.HasPrefix(rest, []byte("endstream")) {
			l.pos = len(l.b) - len(rest) + len("endstream")
			return l.b[start:end], true
		}
	}
	i := bytes.Index(l.b[start:], []byte("endstream"))
	if i < 0 {
		l.pos = len(l.b)
		return l.b[start:], true
	}
	l.pos = start + i + len("endstream")
	data := l.b[start : start+i]
	data = bytes.TrimSuffix(data, []byte("\n"))
	data = bytes.TrimSuffix(data, []byte("\r"))
	return data, true
}
