package dataintegrity

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/piprate/json-gold/ld"

	"github.com/accolade-badges/accolade/errs"
)

// maxDocumentSize bounds the JSON this package processes. Canonicalization
// cost grows faster than linearly with blank nodes; a credential is a few KB.
const maxDocumentSize = 1 << 20

// Canonicalize returns the RDFC-1.0 canonical N-Quads of a JSON-LD document,
// using only embedded contexts (and those added with WithContexts). It
// returns an errs.Invalid error wrapping ErrUnknownContext, ErrUndefinedTerm
// or ErrUnsignable for a document whose canonical form would not say what its
// JSON says, and errs.TooLarge for a document over 1 MiB.
func Canonicalize(doc []byte, opts ...Option) (string, error) {
	s, err := newSettings(opts)
	if err != nil {
		return "", err
	}
	m, err := decodeObject(doc, "document")
	if err != nil {
		return "", err
	}
	return s.loader.canonicalize(m, modeVerify)
}

// mode selects how strict the string checks are. Signing refuses what some
// deployed verifiers serialize differently; verifying accepts what RDFC-1.0
// defines.
type mode int

const (
	modeVerify mode = iota
	modeSign
)

// decodeObject parses JSON that must be an object. Numbers are float64, as in
// JavaScript, so that json-gold renders them as jsonld.js does.
func decodeObject(b []byte, what string) (map[string]any, error) {
	if len(b) > maxDocumentSize {
		return nil, errs.E(errs.TooLarge, "%s is %d bytes; the limit is %d", what, len(b), maxDocumentSize)
	}
	if !utf8.Valid(b) {
		return nil, errs.E(errs.Invalid, "%s is not valid UTF-8", what)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, errs.Wrap(errs.Invalid, err, "%s is not a JSON object", what)
	}
	if m == nil {
		return nil, errs.E(errs.Invalid, "%s is null, not a JSON object", what)
	}
	return m, nil
}

// canonicalize returns the canonical N-Quads of doc, whose "@context" holds
// the contexts to use. doc is not modified. A panic in the JSON-LD processor
// (json-gold asserts types in places) becomes an errs.Internal error: no
// document may crash the caller.
func (l *loader) canonicalize(doc map[string]any, m mode) (nq string, err error) {
	defer func() {
		if p := recover(); p != nil {
			nq, err = "", errs.E(errs.Internal, "JSON-LD processing failed on this document: %v", p)
		}
	}()
	if err := scanJSON(doc, "", m); err != nil {
		return "", err
	}
	expanded, err := l.expand(doc, nil)
	if err != nil {
		return "", err
	}
	if err := checkExpanded(expanded); err != nil {
		return "", l.locate(doc, err)
	}
	quads, err := toRDF(expanded)
	if err != nil {
		return "", err
	}
	return rdfc(quads)
}

// expand runs JSON-LD expansion of doc with its processed @context taken from
// the cache. handler, when not nil, is json-gold's ExpandedElementHandler.
func (l *loader) expand(doc map[string]any, handler ld.ElementHandler) ([]any, error) {
	active, err := l.activeContext(doc["@context"])
	if err != nil {
		return nil, err
	}
	body := make(map[string]any, len(doc))
	for k, v := range doc {
		if k != "@context" {
			body[k] = v
		}
	}
	if handler == nil && !l.noFast {
		if out, ok := l.tryFastExpand(active, body); ok {
			return finishExpand(out), nil
		}
	}
	opts := l.opts
	if handler != nil {
		opts = l.opts.Copy()
		opts.ExpandedElementHandler = handler
	}
	out, err := ld.NewJsonLdApi().Expand(active, "", body, opts, false, nil)
	if err != nil {
		return nil, jsonldError(err, "")
	}
	return finishExpand(out), nil
}

// finishExpand does the last steps of the expansion algorithm, as
// JsonLdProcessor.Expand does them: drop an empty result, unwrap a lone
// @graph, make an array.
func finishExpand(out any) []any {
	if m, ok := out.(map[string]any); ok {
		if len(m) == 0 {
			return []any{}
		}
		if g, ok := m["@graph"]; ok && len(m) == 1 {
			out = g
		}
	}
	switch v := out.(type) {
	case nil:
		return []any{}
	case []any:
		return v
	default:
		return []any{v}
	}
}

// jsonldError turns a json-gold error into an errs.Invalid error. An error
// this package created (an unknown context from the loader) comes back as
// it was.
func jsonldError(err error, field string) error {
	var e *errs.Error
	if errors.As(err, &e) {
		return e
	}
	var je *ld.JsonLdError
	if errors.As(err, &je) && je.Code == ld.InvalidProperty {
		// Safe mode: a property expansion would drop. The undefinedVocab
		// mapping turns undefined terms into IRIs the checks name, so this
		// is reached only where a context resets @vocab to null.
		return &errs.Error{Kind: errs.Invalid, Field: field, Msg: "a property in a scope without @vocab", Err: ErrUndefinedTerm}
	}
	return &errs.Error{Kind: errs.Invalid, Field: field, Msg: "JSON-LD processing failed", Err: err}
}

// locate adds the position of a rejected IRI to err, found by expanding
// doc again and asking json-gold where each node came from. It runs only when
// err is already certain, so the happy path pays nothing for it.
func (l *loader) locate(doc map[string]any, err error) error {
	var be *badIRIError
	if !errors.As(err, &be) {
		return err
	}
	var pointer string
	found := false
	_, _ = l.expand(doc, func(p string, expanded any) {
		if !found && nodeHasIRI(expanded, be.iri) {
			pointer, found = p, true
		}
	})
	if !found {
		return err
	}
	path := pointerToPath(pointer)
	switch be.role {
	case roleType:
		path = joinPath(path, "type")
	case roleProperty:
		if name, ok := strings.CutPrefix(be.iri, undefinedVocab); ok {
			path = joinPath(path, name)
		}
	}
	be.err.Field = path
	return err
}

// pointerToPath turns an RFC 6901 pointer into the dotted path errs.Field
// uses: "/credentialSubject/achievement/0" becomes
// "credentialSubject.achievement[0]".
func pointerToPath(p string) string {
	var b bytes.Buffer
	for _, tok := range splitPointer(p) {
		if isIndex(tok) {
			fmt.Fprintf(&b, "[%s]", tok)
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(tok)
	}
	return b.String()
}

func splitPointer(p string) []string {
	if p == "" {
		return nil
	}
	var toks []string
	for _, t := range bytes.Split([]byte(p[1:]), []byte("/")) {
		s := string(bytes.ReplaceAll(bytes.ReplaceAll(t, []byte("~1"), []byte("/")), []byte("~0"), []byte("~")))
		toks = append(toks, s)
	}
	return toks
}

func isIndex(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
