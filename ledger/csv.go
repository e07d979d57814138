package ledger

import (
	"encoding/csv"
	"errors"
	"io"
	"iter"
	"strings"

	"github.com/accolade-badges/accolade/errs"
)

func readCSV[T any](r io.Reader, fields []field[T]) iter.Seq[Row[*T]] {
	return func(yield func(Row[*T]) bool) {
		text, d, err := SniffCSV(r)
		if err != nil {
			yield(Row[*T]{Line: 1, Err: &RowError{Line: 1, Err: err}, Fatal: true})
			return
		}
		cr := newCSVReader(text, d)
		header, err := cr.Read()
		if err != nil {
			if errors.Is(err, io.EOF) {
				err = errs.E(errs.Invalid, "empty file: want a header row with the columns %s", columnNames(fields))
			} else {
				err = errs.Wrap(errs.Invalid, malformed(cr, err), "header")
			}
			yield(Row[*T]{Line: 1, Err: &RowError{Line: 1, Err: err}, Fatal: true})
			return
		}
		cols, err := mapHeader(header, fields)
		if err != nil {
			yield(Row[*T]{Line: 1, Err: &RowError{Line: 1, Err: err}, Fatal: true})
			return
		}
		for n := 1; ; n++ {
			rec, err := cr.Read()
			if errors.Is(err, io.EOF) {
				return
			}
			if err != nil {
				line := 0
				if pe := (*csv.ParseError)(nil); errors.As(err, &pe) {
					line = pe.StartLine
				}
				yield(Row[*T]{Row: n, Line: line, Err: &RowError{Row: n, Line: line, Err: malformed(cr, err)}, Fatal: true})
				return
			}
			line, _ := cr.FieldPos(0)
			row := Row[*T]{Row: n, Line: line}
			if row.Err = checkUTF8(rec, cols); row.Err == nil {
				row.Value, row.Err = parseRecord(rec, cols, len(header))
			}
			if row.Err != nil {
				row.Value, row.Err = nil, row.Fail(row.Err)
			}
			if !yield(row) {
				return
			}
		}
	}
}

// mapHeader returns the field for each header column, or an error naming an
// unknown, repeated or missing column.
func mapHeader[T any](header []string, fields []field[T]) ([]*field[T], error) {
	cols := make([]*field[T], len(header))
	for i, h := range header {
		h = strings.TrimSpace(h)
		for j := range fields {
			if strings.EqualFold(h, fields[j].name) {
				cols[i] = &fields[j]
			}
		}
		switch {
		case cols[i] == nil:
			return nil, errs.E(errs.Invalid, "header: unknown column %q; the columns are %s", h, columnNames(fields))
		case indexOf(cols[:i], cols[i]) >= 0:
			return nil, errs.E(errs.Invalid, "header: column %q appears twice", h)
		}
	}
	for j := range fields {
		if fields[j].required && indexOf(cols, &fields[j]) < 0 {
			return nil, errs.E(errs.Invalid, "header: column %q is missing; the columns are %s", fields[j].name, columnNames(fields))
		}
	}
	return cols, nil
}

func indexOf[T any](cols []*field[T], f *field[T]) int {
	for i, c := range cols {
		if c == f {
			return i
		}
	}
	return -1
}

func parseRecord[T any](rec []string, cols []*field[T], width int) (*T, error) {
	if len(rec) != width {
		return nil, errs.E(errs.Invalid, "has %d cells; the header has %d columns", len(rec), width)
	}
	v := new(T)
	for i, c := range cols {
		s := strings.TrimSpace(rec[i])
		if s == "" {
			continue
		}
		if err := c.cell(v, s); err != nil {
			return nil, err
		}
	}
	return v, nil
}

// columnNames lists the columns, required ones first, for messages.
func columnNames[T any](fields []field[T]) string {
	var req, opt []string
	for _, f := range fields {
		if f.required {
			req = append(req, f.name)
		} else {
			opt = append(opt, f.name)
		}
	}
	s := strings.Join(req, ", ")
	if len(opt) > 0 {
		s += " (optional: " + strings.Join(opt, ", ") + ")"
	}
	return s
}
