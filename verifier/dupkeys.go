package verifier

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"

	"github.com/accolade-badges/accolade/errs"
)

// maxJSONDepth bounds the nesting the duplicate-key scan follows; deeper
// documents are refused (encoding/json refuses them too, at 10000).
const maxJSONDepth = 1000

// checkDuplicateKeys returns an Invalid error naming the first property
// that appears twice in one JSON object of data, at any depth. Two parsers
// may read different values from such a document (Go's keeps the last, many
// keep the first), so a signed document with one must not be trusted. A
// document that is not JSON is left to the parser that reads it.
func checkDuplicateKeys(data []byte, what string) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	// One frame per open container: the keys seen so far in an object,
	// nil for an array.
	var stack []map[string]bool
	expectKey := false
	for {
		t, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return nil
		}
		if d, ok := t.(json.Delim); ok {
			switch d {
			case '{', '[':
				if len(stack) >= maxJSONDepth {
					return errs.E(errs.Invalid, "%s is nested more than %d levels deep", what, maxJSONDepth)
				}
				var frame map[string]bool
				if d == '{' {
					frame = map[string]bool{}
				}
				stack = append(stack, frame)
			default:
				stack = stack[:len(stack)-1]
			}
			expectKey = len(stack) > 0 && stack[len(stack)-1] != nil
			continue
		}
		if expectKey {
			key, _ := t.(string)
			seen := stack[len(stack)-1]
			if seen[key] {
				return errs.E(errs.Invalid, "%s has the property %q twice, so different software could read different values from it", what, key)
			}
			seen[key] = true
			expectKey = false
			continue
		}
		expectKey = len(stack) > 0 && stack[len(stack)-1] != nil
	}
}
