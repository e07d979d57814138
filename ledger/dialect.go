package ledger

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"

	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"

	"github.com/accolade-badges/accolade/errs"
)

// The text encodings SniffCSV recognises.
const (
	UTF8    = "UTF-8"
	UTF8BOM = "UTF-8 with a byte order mark"
	UTF16LE = "UTF-16LE"
	UTF16BE = "UTF-16BE"
)

// sniffLen is how much of a file SniffCSV looks at to find the separator: the
// header line must end within it.
const sniffLen = 64 << 10

// Dialect is how a CSV file is written: the text encoding it arrived in and
// the separator between its cells.
type Dialect struct {
	Encoding string // UTF8, UTF8BOM, UTF16LE or UTF16BE
	Comma    rune   // ',', ';' or '\t'
}

// Separator names the separator for messages: "','", "';'" or "tab".
func (d Dialect) Separator() string {
	if d.Comma == '\t' {
		return "tab"
	}
	return fmt.Sprintf("'%c'", d.Comma)
}

// SniffCSV returns r's text as UTF-8 without a byte order mark, and the
// dialect it found: a UTF-8 byte order mark is dropped, UTF-16 with a byte
// order mark (Excel's "Unicode text") is converted, and the separator is the
// one of ',', ';' or tab that appears most often in the header line outside
// quotes (',' when none does). It returns an errs.Invalid error for text that
// looks like UTF-16 without a byte order mark.
func SniffCSV(r io.Reader) (io.Reader, Dialect, error) {
	d := Dialect{Encoding: UTF8, Comma: ','}
	br := bufio.NewReaderSize(r, sniffLen)
	bom, _ := br.Peek(3)
	var text io.Reader = br
	switch {
	case bytes.HasPrefix(bom, []byte("\xef\xbb\xbf")):
		br.Discard(3)
		d.Encoding = UTF8BOM
	case bytes.HasPrefix(bom, []byte("\xff\xfe")):
		d.Encoding = UTF16LE
		text = transform.NewReader(br, unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder())
	case bytes.HasPrefix(bom, []byte("\xfe\xff")):
		d.Encoding = UTF16BE
		text = transform.NewReader(br, unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM).NewDecoder())
	}
	tr := bufio.NewReaderSize(text, sniffLen)
	head, _ := tr.Peek(sniffLen)
	if i := bytes.IndexByte(head, '\n'); i >= 0 {
		head = head[:i]
	}
	if bytes.IndexByte(head, 0) >= 0 {
		return nil, d, errs.E(errs.Invalid, "this file looks like UTF-16 text without a byte order mark; save it from your spreadsheet as \"CSV UTF-8\" and import again")
	}
	d.Comma = separator(head)
	return tr, d, nil
}

// separator returns the most frequent of ',', ';' and tab outside quotes in a
// header line, preferring ',' on a tie.
func separator(line []byte) rune {
	counts := map[byte]int{}
	quoted := false
	for _, c := range line {
		switch {
		case c == '"':
			quoted = !quoted
		case !quoted && (c == ',' || c == ';' || c == '\t'):
			counts[c]++
		}
	}
	best := byte(',')
	for _, c := range []byte{';', '\t'} {
		if counts[c] > counts[best] {
			best = c
		}
	}
	return rune(best)
}

// newCSVReader returns a reader of CSV records over text sniffed by SniffCSV.
func newCSVReader(text io.Reader, d Dialect) *csv.Reader {
	cr := csv.NewReader(text)
	cr.Comma = d.Comma
	cr.FieldsPerRecord = -1
	return cr
}

// malformed describes a CSV syntax error from cr in words, for the row it
// stopped reading at. The message says what is wrong and how to fix it. An
// unclosed quote reads to the end of the file, so that is how it is told
// apart from text after a closing quote.
func malformed(cr *csv.Reader, err error) error {
	var pe *csv.ParseError
	if !errors.As(err, &pe) {
		return errs.Wrap(errs.Invalid, err, "cannot be read")
	}
	unclosed := false
	if errors.Is(pe.Err, csv.ErrQuote) {
		_, next := cr.Read()
		unclosed = errors.Is(next, io.EOF)
	}
	switch {
	case unclosed:
		return errs.E(errs.Invalid, "malformed: an unclosed quote (a cell on line %d starts with \" and no \" ends it)", pe.StartLine)
	case errors.Is(pe.Err, csv.ErrQuote):
		return errs.E(errs.Invalid, "malformed: text follows the closing quote of a cell on line %d; put the whole cell in quotes and write a quote inside it as \"\"", pe.Line)
	case errors.Is(pe.Err, csv.ErrBareQuote):
		return errs.E(errs.Invalid, "malformed: a quote (\") in the middle of a cell on line %d; put the whole cell in quotes and write a quote inside it as \"\"", pe.Line)
	}
	return errs.E(errs.Invalid, "malformed on line %d: %v", pe.Line, pe.Err)
}

// checkUTF8 reports the first cell of rec that is not UTF-8 text, naming its
// column and the offending byte.
func checkUTF8[T any](rec []string, cols []*field[T]) error {
	for i, s := range rec {
		if utf8.ValidString(s) {
			continue
		}
		pos := 0
		for pos < len(s) {
			r, size := utf8.DecodeRuneInString(s[pos:])
			if r == utf8.RuneError && size <= 1 {
				break
			}
			pos += size
		}
		name := fmt.Sprintf("column %d", i+1)
		if i < len(cols) && cols[i] != nil {
			name = cols[i].name
		}
		return errs.Field(name, "byte 0x%02X (character %d of the cell) is not UTF-8 text: the file was saved in another encoding, such as Windows-1252; save it from your spreadsheet as \"CSV UTF-8\" and import again",
			s[pos], utf8.RuneCountInString(s[:pos])+1)
	}
	return nil
}

// Records reads the raw records of a CSV file, as ReadMembers and the other
// readers see them: for a client that splits a file into batches.
type Records struct {
	Dialect Dialect
	cr      *csv.Reader
}

// NewRecords sniffs r (see SniffCSV) and returns a reader of its records.
func NewRecords(r io.Reader) (*Records, error) {
	text, d, err := SniffCSV(r)
	if err != nil {
		return nil, err
	}
	return &Records{Dialect: d, cr: newCSVReader(text, d)}, nil
}

// Read returns the next record, the header first, or io.EOF at the end. Any
// other error is an errs.Invalid error saying in words what is malformed; the
// rest of the file cannot be read.
func (r *Records) Read() ([]string, error) {
	rec, err := r.cr.Read()
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, malformed(r.cr, err)
	}
	return rec, err
}
