package ob3

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// List is a JSON array that also reads a single item as a one-item array, as
// the VC data model allows for evidence, credentialSchema, proof and identifier.
// It always writes an array.
type List[T any] []T

func (l *List[T]) UnmarshalJSON(data []byte) error {
	s, err := oneOrMany[T](data)
	if err != nil {
		return err
	}
	*l = s
	return nil
}

// Context is one entry of "@context": a URL or an inline context object.
type Context struct {
	URL    string
	Inline json.RawMessage
}

func (c Context) MarshalJSON() ([]byte, error) {
	if c.Inline != nil {
		return c.Inline, nil
	}
	return json.Marshal(c.URL)
}

func (c *Context) UnmarshalJSON(data []byte) error {
	data = bytes.TrimSpace(data)
	switch {
	case len(data) > 0 && data[0] == '"':
		return json.Unmarshal(data, &c.URL)
	case len(data) > 0 && data[0] == '{':
		c.Inline = append(json.RawMessage(nil), data...)
		return nil
	}
	return fmt.Errorf("@context entry: want a URL or an object, got %s", describeJSON(data))
}

// Contexts is the "@context" list.
type Contexts = List[Context]

// URLs returns the context URLs in order, skipping inline contexts.
func URLs(cs []Context) []string {
	var out []string
	for _, c := range cs {
		if c.Inline == nil {
			out = append(out, c.URL)
		}
	}
	return out
}
