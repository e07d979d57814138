package vcapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"

	"github.com/accolade-badges/accolade/errs"
)

// Member is one member of a JSON object: its name and its value as sent.
type Member struct {
	Name  string
	Value json.RawMessage
}

// Object is a JSON object with its members in the order they came, so
// that what Accolade adds to a client's credential leaves the client's
// part as the client wrote it.
type Object struct {
	Members []Member
}

// ParseObject reads a JSON object. path names it in errors ("" for the
// request body). A member given twice is refused: JSON parsers disagree on
// which one counts, and a signature must cover what every reader reads.
func ParseObject(data []byte, path string) (Object, error) {
	what := "it" // the field names it
	if path == "" {
		what = "the request body"
	}
	data = bytes.TrimSpace(data)
	if len(data) == 0 || data[0] != '{' {
		return Object{}, errs.Field(path, "%s must be a JSON object (it is %s)", what, describeKind(data))
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	if _, err := dec.Token(); err != nil {
		return Object{}, errs.Field(path, "%s is not valid JSON: %v", what, err)
	}
	var o Object
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return Object{}, errs.Field(path, "%s is not valid JSON: %v", what, err)
		}
		name, _ := t.(string)
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return Object{}, errs.Field(join(path, name), "is not valid JSON: %v", err)
		}
		if _, dup := o.Get(name); dup {
			return Object{}, errs.Field(join(path, name), "is given twice; give each member once")
		}
		o.Members = append(o.Members, Member{name, v})
	}
	if _, err := dec.Token(); err != nil {
		return Object{}, errs.Field(path, "%s is not valid JSON: %v", what, err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return Object{}, errs.Field(path, "%s has more after its closing brace", what)
	}
	return o, nil
}

func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

// Get returns the value of member name.
func (o Object) Get(name string) (json.RawMessage, bool) {
	for _, m := range o.Members {
		if m.Name == name {
			return m.Value, true
		}
	}
	return nil, false
}

// Set replaces member name's value, or appends the member.
func (o *Object) Set(name string, v json.RawMessage) {
	for i := range o.Members {
		if o.Members[i].Name == name {
			o.Members[i].Value = v
			return
		}
	}
	o.Members = append(o.Members, Member{name, v})
}

// Insert puts member name at position i (or replaces it where it is).
func (o *Object) Insert(i int, name string, v json.RawMessage) {
	if _, ok := o.Get(name); ok {
		o.Set(name, v)
		return
	}
	o.Members = slices.Insert(o.Members, min(i, len(o.Members)), Member{name, v})
}

// Only refuses a member not in names, naming it.
func (o Object) Only(path string, names ...string) error {
	for _, m := range o.Members {
		if !slices.Contains(names, m.Name) {
			return errs.Field(join(path, m.Name), "is not a member this request takes (it takes %s)", quoteList(names))
		}
	}
	return nil
}

// Strings reads member name as a string or a list of strings. With
// objectsToo, objects in the list (inline JSON-LD contexts) are allowed
// and come back as "".
func (o Object) Strings(path, name string, objectsToo bool) ([]string, error) {
	raw, ok := o.Get(name)
	if !ok {
		return nil, nil
	}
	var one string
	if json.Unmarshal(raw, &one) == nil {
		return []string{one}, nil
	}
	var list []json.RawMessage
	if json.Unmarshal(raw, &list) != nil {
		return nil, errs.Field(path, "must be a string or a list of strings (it is %s)", describeKind(raw))
	}
	out := make([]string, len(list))
	for i, v := range list {
		if objectsToo && len(v) > 0 && v[0] == '{' {
			continue
		}
		if json.Unmarshal(v, &out[i]) != nil || out[i] == "" {
			return nil, errs.Field(fmt.Sprintf("%s[%d]", path, i), "must be a non-empty string (it is %s)", describe(v))
		}
	}
	return out, nil
}

// MarshalJSON writes the members in order.
func (o Object) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, m := range o.Members {
		if i > 0 {
			b.WriteByte(',')
		}
		name, _ := json.Marshal(m.Name)
		b.Write(name)
		b.WriteByte(':')
		if err := json.Compact(&b, m.Value); err != nil {
			return nil, err
		}
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// objects reads an object or a list of objects.
func objects(raw json.RawMessage, path string) ([]Object, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) > 0 && raw[0] == '{' {
		o, err := ParseObject(raw, path)
		return []Object{o}, err
	}
	var list []json.RawMessage
	if json.Unmarshal(raw, &list) != nil {
		return nil, errs.Field(path, "must be an object or a list of objects (it is %s)", describeKind(raw))
	}
	out := make([]Object, len(list))
	for i, v := range list {
		var err error
		if out[i], err = ParseObject(v, fmt.Sprintf("%s[%d]", path, i)); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func describeKind(raw []byte) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return "empty"
	}
	switch raw[0] {
	case '{':
		return "an object"
	case '[':
		return "a list"
	case '"':
		return "a string"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	}
	return "a number"
}
