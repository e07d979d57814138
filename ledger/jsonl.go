package ledger

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"iter"
	"slices"
	"time"

	"github.com/accolade-badges/accolade/errs"
)

// MaxJSONLLine is the longest line a JSONL import accepts, in bytes.
const MaxJSONLLine = 1 << 20

func readJSONL[T any](r io.Reader, fields []field[T]) iter.Seq[Row[*T]] {
	return func(yield func(Row[*T]) bool) {
		sc := bufio.NewScanner(r)
		sc.Buffer(make([]byte, 64<<10), MaxJSONLLine)
		n, line := 0, 0
		for sc.Scan() {
			line++
			b := bytes.TrimSpace(sc.Bytes())
			if line == 1 {
				b = bytes.TrimPrefix(b, []byte("\ufeff"))
			}
			if len(b) == 0 {
				continue
			}
			n++
			row := Row[*T]{Row: n, Line: line}
			row.Value, row.Err = parseObject(b, fields)
			if row.Err != nil {
				row.Value, row.Err = nil, row.Fail(row.Err)
			}
			if !yield(row) {
				return
			}
		}
		if err := sc.Err(); err != nil {
			if err == bufio.ErrTooLong {
				err = errs.E(errs.TooLarge, "a line is longer than %d bytes", MaxJSONLLine)
			}
			yield(Row[*T]{Row: n + 1, Line: line + 1, Err: &RowError{Row: n + 1, Line: line + 1, Err: err}, Fatal: true})
		}
	}
}

func parseObject[T any](b []byte, fields []field[T]) (*T, error) {
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(b, &obj); err != nil || obj == nil {
		return nil, errs.E(errs.Invalid, "not a JSON object: want one object per line")
	}
	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, k)
	}
	slices.Sort(keys) // report problems in a stable order
	v := new(T)
	for _, k := range keys {
		i := slices.IndexFunc(fields, func(f field[T]) bool { return f.name == k })
		if i < 0 {
			return nil, errs.Field(k, "unknown key; the keys are %s", columnNames(fields))
		}
		p := fields[i].ptr(v)
		if err := json.Unmarshal(obj[k], p); err != nil {
			return nil, errs.Field(k, "want %s", jsonType(p))
		}
	}
	return v, nil
}

// jsonType describes what a decode target accepts.
func jsonType(p any) string {
	switch p.(type) {
	case *float64:
		return "a number"
	case *int:
		return "a whole number"
	case *[]string:
		return "an array of strings"
	case *time.Time:
		return "an RFC 3339 time such as \"2026-03-04T18:00:00Z\""
	}
	return "a string"
}
