package ledger

import (
	"fmt"
	"io"
	"iter"
	"path/filepath"
	"strings"
	"time"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/errs"
)

// Format is the format of a bulk import file.
type Format int

// The import formats.
const (
	CSV   Format = iota + 1 // comma-separated values with a header row
	JSONL                   // one JSON object per line
)

func (f Format) String() string {
	switch f {
	case CSV:
		return "csv"
	case JSONL:
		return "jsonl"
	}
	return fmt.Sprintf("format(%d)", int(f))
}

// ParseFormat returns the format named s: "csv", or "jsonl" (also "ndjson").
func ParseFormat(s string) (Format, error) {
	switch strings.ToLower(s) {
	case "csv":
		return CSV, nil
	case "jsonl", "ndjson":
		return JSONL, nil
	}
	return 0, errs.Field("format", "%q is not one of csv, jsonl", s)
}

// FormatOf returns the format a file name's extension implies: JSONL for
// ".jsonl" and ".ndjson", CSV otherwise.
func FormatOf(filename string) Format {
	switch strings.ToLower(filepath.Ext(filename)) {
	case ".jsonl", ".ndjson":
		return JSONL
	}
	return CSV
}

// Row is one row read from an import file. Row counts data rows from 1 (a CSV
// header is not a row); Line is the file line the row starts on. When Err is
// set, Value is nil and the row must not be applied; when Fatal is also set,
// reading stopped there (a bad header, a malformed row, an I/O error) and Row
// is the row that could not be read, or 0 for a header.
type Row[T any] struct {
	Row   int
	Line  int
	Value T
	Err   error
	Fatal bool
}

// Fail returns err, typically from Validate, as a *RowError for this row.
func (r Row[T]) Fail(err error) error {
	return &RowError{Row: r.Row, Line: r.Line, Err: err}
}

// RowError is a problem with one row of an import file. Err names the field
// (errs.FieldOf) and has its kind (errs.KindOf), usually errs.Invalid.
type RowError struct {
	Row  int
	Line int
	Err  error
}

func (e *RowError) Error() string {
	if e.Row == 0 {
		return fmt.Sprintf("line %d: %v", e.Line, e.Err)
	}
	return fmt.Sprintf("row %d (line %d): %v", e.Row, e.Line, e.Err)
}

func (e *RowError) Unwrap() error { return e.Err }

// ReadMembers reads members. CSV columns, in any order, names matched without
// regard to case:
//
//	id         required  member id
//	name       required  display name
//	email      required  private; published only hashed
//	did        optional  a DID such as did:web:example.org
//	lang       optional  a language tag such as en or pt-BR
//	latinName  optional  the name in Latin letters, for certificates
//	listed     optional  yes/no, true/false or 1/0: named in public lists
//	                     (empty: no)
//
// JSONL rows are objects with the same keys. Rows are parsed, not validated: call
// Validate on each value.
func ReadMembers(r io.Reader, f Format) iter.Seq[Row[*accolade.Member]] {
	return read(r, f, memberFields)
}

// ReadExchanges reads exchanges. CSV columns, in any order, names matched
// without regard to case; cells listing several values separate them with ';'
// or '|' (in a ';'-separated file, '|', or ';' inside a quoted cell):
//
//	id           required  the exchange id
//	kind         required  one_to_one, workshop, circle, mentoring or project
//	title        optional
//	skills       required  skill tags, such as "training;wikidata" or "training|wikidata"
//	hours        required  a number, such as 1.5
//	occurredAt   required  RFC 3339 (2026-03-04T18:00:00Z) or a date (2026-03-04, midnight UTC)
//	teachers     required  member ids
//	learners     required  member ids
//	confirmedBy  optional  member ids of participants who confirm it
//	rating       optional  1 to 5
//	feedback     optional
//
// JSONL rows are objects with the same keys, lists as JSON arrays. Rows are parsed, not validated: call
// Validate on each value.
func ReadExchanges(r io.Reader, f Format) iter.Seq[Row[*Exchange]] {
	return read(r, f, exchangeFields)
}

// ReadAttestations reads attestations. CSV columns, in any order, names
// matched without regard to case:
//
//	id         required  the attestation id
//	attester   required  member id of the person vouching
//	member     required  member id of the person vouched for
//	skill      required  a skill tag
//	statement  required  what the member can do
//	level      optional  such as "advanced"
//	createdAt  optional  RFC 3339 or a date; the importer's clock when empty
//
// JSONL rows are objects with the same keys. Rows are parsed, not validated: call
// Validate on each value.
func ReadAttestations(r io.Reader, f Format) iter.Seq[Row[*Attestation]] {
	return read(r, f, attestationFields)
}

func read[T any](r io.Reader, f Format, fields []field[T]) iter.Seq[Row[*T]] {
	if f == JSONL {
		return readJSONL(r, fields)
	}
	return readCSV(r, fields)
}

// field describes one column of a CSV file and one key of a JSONL object.
type field[T any] struct {
	name     string
	required bool                       // the CSV header must have this column
	ptr      func(v *T) any             // where a JSON value is decoded to
	cell     func(v *T, s string) error // parses a non-empty CSV cell
}

func str[T any](name string, required bool, p func(*T) *string) field[T] {
	return field[T]{name, required, func(v *T) any { return p(v) },
		func(v *T, s string) error { *p(v) = s; return nil }}
}

func list[T any](name string, required bool, p func(*T) *[]string) field[T] {
	return field[T]{name, required, func(v *T) any { return p(v) },
		func(v *T, s string) error { *p(v) = splitList(s); return nil }}
}

func when[T any](name string, required bool, p func(*T) *time.Time) field[T] {
	return field[T]{name, required, func(v *T) any { return p(v) },
		func(v *T, s string) (err error) { *p(v), err = parseTime(name, s); return err }}
}

var memberFields = []field[accolade.Member]{
	str("id", true, func(m *accolade.Member) *string { return &m.ID }),
	str("name", true, func(m *accolade.Member) *string { return &m.Name }),
	str("email", true, func(m *accolade.Member) *string { return &m.Email }),
	str("did", false, func(m *accolade.Member) *string { return &m.DID }),
	str("lang", false, func(m *accolade.Member) *string { return &m.Lang }),
	str("latinName", false, func(m *accolade.Member) *string { return &m.LatinName }),
	{"listed", false, func(m *accolade.Member) any { return &m.Listed }, parseListed},
}

var exchangeFields = []field[Exchange]{
	str("id", true, func(e *Exchange) *string { return &e.ID }),
	str("kind", true, func(e *Exchange) *string { return (*string)(&e.Kind) }),
	str("title", false, func(e *Exchange) *string { return &e.Title }),
	list("skills", true, func(e *Exchange) *[]string { return &e.Skills }),
	{"hours", true, func(e *Exchange) any { return &e.Hours }, parseHours},
	when("occurredAt", true, func(e *Exchange) *time.Time { return &e.OccurredAt }),
	list("teachers", true, func(e *Exchange) *[]string { return &e.Teachers }),
	list("learners", true, func(e *Exchange) *[]string { return &e.Learners }),
	list("confirmedBy", false, func(e *Exchange) *[]string { return &e.ConfirmedBy }),
	{"rating", false, func(e *Exchange) any { return &e.Rating }, parseRating},
	str("feedback", false, func(e *Exchange) *string { return &e.Feedback }),
}

var attestationFields = []field[Attestation]{
	str("id", true, func(a *Attestation) *string { return &a.ID }),
	str("attester", true, func(a *Attestation) *string { return &a.Attester }),
	str("member", true, func(a *Attestation) *string { return &a.Member }),
	str("skill", true, func(a *Attestation) *string { return &a.Skill }),
	str("statement", true, func(a *Attestation) *string { return &a.Statement }),
	str("level", false, func(a *Attestation) *string { return &a.Level }),
	when("createdAt", false, func(a *Attestation) *time.Time { return &a.CreatedAt }),
}
