package dataintegrity

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/piprate/json-gold/ld"

	"github.com/accolade-badges/accolade/errs"
)

// What the checks here guard against, found by reading json-gold v0.9.1 and
// comparing it with jsonld.js 8 and 9 (rdf-canonize 3.4 and 5.0):
//
//   - Expansion drops properties no context defines (safe mode only covers
//     properties, with a message that does not name them), and types and
//     @vocab values that no context defines become relative IRIs, which the
//     RDF conversion then drops. The processor starts with @vocab set to
//     undefinedVocab, so all of these survive expansion and are named here.
//   - The RDF conversion silently drops a node whose @id is a relative IRI
//     (with everything under it), a blank-node property, and a literal with a
//     malformed language tag. @direction is dropped as well (no rdfDirection
//     mode). json-gold's conversion also drops any statement with an http(s)
//     IRI that its URL regular expression refuses (very long URLs, odd
//     hosts), where jsonld.js keeps it; rdf.go does the conversion instead.
//   - Control characters: RDFC-1.0 (and rdf-canonize 5, jsonld.js 9) escape
//     BS HT LF FF CR as \b \t \n \f \r and every other C0 control and DEL
//     as \uXXXX; this package does too (rdfc.go). But rdf-canonize 3.x
//     (jsonld.js 8, still deployed) escapes only LF and CR, and json-gold
//     only LF, CR and TAB, so a signature over any other control character
//     fails in some verifiers. Sign refuses them; Verify accepts them.
//   - Integers are printed through int64 by json-gold and through
//     Number.toFixed by JavaScript; they agree below 2^53. jsonld.js also
//     takes 1e-7 (whose String() has no ".") for an integer, "0".

// maxSafeInteger is 2^53: above it a JSON number is not an exact integer in
// JavaScript, and json-gold and jsonld.js render some differently.
const maxSafeInteger = 1 << 53

// scanJSON checks the decoded document before expansion: control characters,
// keyword-like keys that JSON-LD ignores, and numbers too large to render the
// same everywhere. path is the dotted JSON path of v. Of several errors it
// returns the one with the least message, whatever the map order.
func scanJSON(v any, path string, m mode) error {
	switch v := v.(type) {
	case string:
		return checkString(v, path, m)
	case float64:
		if math.Abs(v) >= maxSafeInteger {
			return unsignable(path, "number %s is outside ±2^53", strconv.FormatFloat(v, 'g', -1, 64))
		}
		if v != math.Trunc(v) && !strings.Contains(esNumber(v), ".") {
			// jsonld.js takes a number whose String() has no "." for an
			// integer: 1e-7 becomes "0"^^xsd:integer there.
			return unsignable(path, "number %s: jsonld.js would canonicalize it as the integer 0", esNumber(v))
		}
	case []any:
		var first error
		for i, e := range v {
			first = least(first, scanJSON(e, fmt.Sprintf("%s[%d]", path, i), m))
		}
		return first
	case map[string]any:
		var first error
		for k, e := range v {
			if k != "@context" { // processed, and its errors reported, by json-gold
				first = least(first, scanEntry(k, e, joinPath(path, k), m))
			}
		}
		return first
	}
	return nil
}

// scanEntry is scanJSON for the entry k: e of an object, at path p.
func scanEntry(k string, e any, p string, m mode) error {
	if err := checkString(k, p, m); err != nil {
		return err
	}
	if strings.HasPrefix(k, "@") && !ld.IsKeyword(k) {
		return &errs.Error{Kind: errs.Invalid, Field: p, Msg: fmt.Sprintf("undefined keyword %q", k), Err: ErrUndefinedTerm}
	}
	return scanJSON(e, p, m)
}

func joinPath(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// checkString refuses, when signing, the control characters deployed
// canonicalizers serialize differently (all but LF and CR; see above).
func checkString(s, path string, m mode) error {
	if m == modeVerify {
		return nil
	}
	for _, r := range s {
		if (r < 0x20 && r != '\n' && r != '\r') || r == 0x7f {
			return unsignable(path, "control character U+%04X", r)
		}
	}
	return nil
}

func unsignable(field, format string, args ...any) error {
	return &errs.Error{Kind: errs.Invalid, Field: field, Msg: fmt.Sprintf(format, args...), Err: ErrUnsignable}
}

// badIRIError is an error about one IRI in the expanded document; locate uses
// iri and role to find where it came from.
type badIRIError struct {
	err  *errs.Error
	iri  string
	role iriRole
}

func (e *badIRIError) Error() string { return e.err.Error() }
func (e *badIRIError) Unwrap() error { return e.err }

type iriRole int

const (
	roleID       iriRole = iota // a node's @id or an IRI value
	roleType                    // a node's @type
	roleProperty                // a property
	roleDatatype                // a literal's datatype
)

// checkExpanded walks the expanded document and rejects what the RDF
// conversion would drop or what no context defines.
// When there are several, the error is the one with the least message, so
// that it does not depend on map iteration order.
func checkExpanded(nodes []any) error {
	var first error
	for _, n := range nodes {
		first = least(first, checkItem(n))
	}
	return first
}

// least returns the error with the lesser message; nil counts as none.
func least(a, b error) error {
	if a == nil || (b != nil && b.Error() < a.Error()) {
		return b
	}
	return a
}

func checkItem(v any) error {
	m, ok := v.(map[string]any)
	if !ok {
		return nil // a free-floating scalar; expansion has already removed these
	}
	if _, ok := m["@value"]; ok {
		return checkValue(m)
	}
	if list, ok := m["@list"].([]any); ok {
		return checkExpanded(list)
	}
	return checkNode(m)
}

func checkNode(m map[string]any) error {
	var first error
	for k, v := range m {
		var err error
		switch k {
		case "@id":
			id, _ := v.(string)
			err = checkIRI(id, roleID)
		case "@type":
			for _, t := range asSlice(v) {
				s, _ := t.(string)
				err = least(err, checkIRI(s, roleType))
			}
		case "@graph", "@included":
			err = checkExpanded(asSlice(v))
		case "@reverse":
			err = checkProperties(v.(map[string]any))
		case "@index":
		default:
			err = checkProperty(k, v)
		}
		first = least(first, err)
	}
	return first
}

func checkProperties(props map[string]any) error {
	var first error
	for k, v := range props {
		first = least(first, checkProperty(k, v))
	}
	return first
}

func checkProperty(k string, v any) error {
	if strings.HasPrefix(k, "_:") {
		return &badIRIError{unsignable("", "blank node property %q", k).(*errs.Error), k, roleProperty}
	}
	return least(checkIRI(k, roleProperty), checkExpanded(asSlice(v)))
}

func checkValue(m map[string]any) error {
	if _, ok := m["@direction"]; ok {
		return unsignable("", "@direction is not part of the canonical form")
	}
	if lang, ok := m["@language"].(string); ok && !validLanguage(lang) {
		return unsignable("", "language tag %q is not well-formed", lang)
	}
	if dt, ok := m["@type"].(string); ok && dt != "@json" {
		return checkIRI(dt, roleDatatype)
	}
	return nil
}

// validLanguage is json-gold's test: a literal whose tag fails it is dropped.
func validLanguage(s string) bool {
	parts := strings.Split(s, "-")
	for i, p := range parts {
		if p == "" {
			return false
		}
		for _, r := range p {
			alpha := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
			if !alpha && (i == 0 || r < '0' || r > '9') {
				return false
			}
		}
	}
	return true
}

// checkIRI rejects an IRI that no context defines or that the RDF conversion
// would drop or serialize ambiguously.
func checkIRI(s string, role iriRole) error {
	if role != roleProperty && role != roleDatatype && strings.HasPrefix(s, "_:") {
		return nil
	}
	bad := func(err error) error { return &badIRIError{err.(*errs.Error), s, role} }
	if name, ok := strings.CutPrefix(s, undefinedVocab); ok {
		return bad(undefined(role, name))
	}
	if strings.ContainsFunc(s, notInIRI) {
		return bad(unsignable("", "IRI %q contains a space, a control character or one of <>\"{}|^`\\", s))
	}
	if !ld.IsAbsoluteIri(s) {
		if role == roleType {
			return bad(undefined(role, s))
		}
		return bad(unsignable("", "%q is not an absolute IRI; JSON-LD would drop it", s))
	}
	return nil
}

func undefined(role iriRole, name string) *errs.Error {
	what := "term"
	if role == roleType {
		what = "type"
	}
	return &errs.Error{Kind: errs.Invalid, Msg: fmt.Sprintf("undefined %s %q", what, name), Err: ErrUndefinedTerm}
}

// notInIRI reports whether r may not appear in an N-Quads IRIREF.
func notInIRI(r rune) bool {
	return r <= 0x20 || r == 0x7f || strings.ContainsRune("<>\"{}|^`\\", r)
}

func asSlice(v any) []any {
	if s, ok := v.([]any); ok {
		return s
	}
	return []any{v}
}

// nodeHasIRI reports whether the expanded node object v itself (not a node
// nested in it) uses iri as its @id, a type, a property, or in a value.
func nodeHasIRI(v any, iri string) bool {
	m, ok := v.(map[string]any)
	if !ok {
		return false
	}
	if m["@id"] == iri {
		return true
	}
	for k, vals := range m {
		if k == iri {
			return true
		}
		for _, e := range asSlice(vals) {
			if e == iri {
				return true // an @type entry
			}
			if em, ok := e.(map[string]any); ok {
				if _, isValue := em["@value"]; isValue && em["@type"] == iri {
					return true
				}
				if _, isNode := em["@value"]; !isNode && len(em) == 1 && em["@id"] == iri {
					return true
				}
			}
		}
	}
	return false
}
