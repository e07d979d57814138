package ob3

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"sync"
	"time"
)

// Extra holds the properties of a JSON object that this package does not
// model, as raw JSON, keyed by property name.
type Extra map[string]json.RawMessage

// knownKeys caches the JSON property names of a struct type's fields.
var knownKeys sync.Map // reflect.Type -> map[string]bool

func keysOf(t reflect.Type) map[string]bool {
	if k, ok := knownKeys.Load(t); ok {
		return k.(map[string]bool)
	}
	k := map[string]bool{}
	for i := 0; i < t.NumField(); i++ {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		if name != "" && name != "-" {
			k[name] = true
		}
	}
	knownKeys.Store(t, k)
	return k
}

// decodeObject decodes data, which must be a JSON object, into v (a pointer to
// a struct with json tags) and returns the properties v's type does not name.
func decodeObject(data []byte, v any) (Extra, error) {
	data = bytes.TrimSpace(data)
	if len(data) == 0 || data[0] != '{' {
		return nil, fmt.Errorf("want a JSON object, got %s", describeJSON(data))
	}
	if err := json.Unmarshal(data, v); err != nil {
		return nil, err
	}
	var all map[string]json.RawMessage
	if err := json.Unmarshal(data, &all); err != nil {
		return nil, err
	}
	known := keysOf(reflect.TypeOf(v).Elem())
	var extra Extra
	for k, raw := range all {
		if known[k] {
			continue
		}
		if extra == nil {
			extra = Extra{}
		}
		extra[k] = raw
	}
	return extra, nil
}

// decodeInto decodes data into *v (the plain form of a type, without its
// JSON methods), storing the properties it does not name in *extra.
func decodeInto[T any](data []byte, v *T, extra *Extra) error {
	var zero T
	*v = zero
	x, err := decodeObject(data, v)
	if err != nil {
		return err
	}
	*extra = x
	return nil
}

// encodeObject encodes v (a struct with json tags) followed by the extra
// properties in sorted order. Extra never overrides a modelled property.
func encodeObject(v any, extra Extra) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	if len(extra) == 0 {
		return b, nil
	}
	known := keysOf(reflect.TypeOf(v))
	names := make([]string, 0, len(extra))
	for k := range extra {
		if !known[k] {
			names = append(names, k)
		}
	}
	sort.Strings(names)
	var buf bytes.Buffer
	buf.Write(b[:len(b)-1])
	first := len(b) == 2 // "{}"
	for _, k := range names {
		if !first {
			buf.WriteByte(',')
		}
		first = false
		kb, _ := json.Marshal(k)
		buf.Write(kb)
		buf.WriteByte(':')
		buf.Write(extra[k])
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

func describeJSON(data []byte) string {
	if len(data) == 0 {
		return "nothing"
	}
	switch data[0] {
	case '"':
		return "a string"
	case '[':
		return "an array"
	case 'n':
		return "null"
	case 't', 'f':
		return "a boolean"
	case '{':
		return "an object"
	}
	return "a number"
}

// oneOrMany decodes a JSON value that may be a single item or an array of
// items into a slice.
func oneOrMany[T any](data []byte) ([]T, error) {
	data = bytes.TrimSpace(data)
	if len(data) > 0 && data[0] == '[' {
		var s []T
		err := json.Unmarshal(data, &s)
		return s, err
	}
	var one T
	if err := json.Unmarshal(data, &one); err != nil {
		return nil, err
	}
	return []T{one}, nil
}

// Types is a JSON-LD "type" value. It reads a string or an array of strings and
// always writes an array.
type Types []string

func (t *Types) UnmarshalJSON(data []byte) error {
	s, err := oneOrMany[string](data)
	if err != nil {
		return fmt.Errorf("type: want a string or an array of strings")
	}
	*t = s
	return nil
}

// Has reports whether name is one of the types.
func (t Types) Has(name string) bool {
	for _, s := range t {
		if s == name {
			return true
		}
	}
	return false
}

// DateTime is an RFC 3339 date-time. It writes UTC with a "Z"; a value read
// from JSON is written back exactly as it was read.
type DateTime struct {
	time.Time
	raw string
}

// NewDateTime returns t truncated to whole seconds, in UTC.
func NewDateTime(t time.Time) DateTime {
	return DateTime{Time: t.UTC().Truncate(time.Second)}
}

func (d DateTime) IsZero() bool { return d.Time.IsZero() && d.raw == "" }

func (d DateTime) MarshalJSON() ([]byte, error) {
	if d.raw != "" {
		return json.Marshal(d.raw)
	}
	return json.Marshal(d.UTC().Format(time.RFC3339Nano))
}

func (d *DateTime) UnmarshalJSON(data []byte) error {
	var s string
	if err := json.Unmarshal(data, &s); err != nil {
		return fmt.Errorf("want an RFC 3339 date-time string, got %s", describeJSON(bytes.TrimSpace(data)))
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return fmt.Errorf("%q is not an RFC 3339 date-time (like 2026-03-04T10:00:00Z)", s)
	}
	*d = DateTime{Time: t, raw: s}
	return nil
}

// Merge sets each member of m in e, which it makes when nil, and returns
// e.
func (e Extra) Merge(m map[string]json.RawMessage) Extra {
	if e == nil {
		e = Extra{}
	}
	for k, v := range m {
		e[k] = v
	}
	return e
}
