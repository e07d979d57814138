package dataintegrity

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/piprate/json-gold/ld"

	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/ob3"
)

// maxCachedContexts bounds the processed-context cache. A verifier sees
// @context lists chosen by strangers; beyond this many distinct lists new
// ones are processed per call and not kept.
const maxCachedContexts = 256

// undefinedVocab is the vocabulary mapping the processor starts from. A term
// or type that no context defines expands to undefinedVocab+term instead of
// being dropped, and the safety checks reject any IRI with this prefix,
// naming the term. A context that sets its own @vocab (such as the W3C
// examples context) overrides it for the terms it covers, as JSON-LD says.
const undefinedVocab = "urn:accolade:undefined-term:"

// loader serves JSON-LD context documents from memory: the contexts embedded
// in package ob3 plus any a test adds. It never touches the network. It also
// caches processed contexts (json-gold's *ld.Context, the result of parsing
// every term definition) keyed by the document's @context value, so that a
// credential's contexts are parsed once per process, not once per call.
type loader struct {
	docs map[string]*ld.RemoteDocument // read-only after construction
	opts *ld.JsonLdOptions             // bound into every processed context

	mu     sync.Mutex
	active map[string]*ld.Context

	roots  sync.Map     // *ld.Context → *fctx, the fast expansion's root contexts
	nRoots atomic.Int32 // entries in roots
	budget fastBudget   // what the fast expansion's contexts keep
	noFast bool         // always expand with json-gold (tests and benchmarks)
}

// newLoader returns a loader serving the embedded contexts and extra, which
// must not redefine an embedded URL (giving an embedded URL its own
// document again, byte for byte, is no change, and allowed).
func newLoader(extra map[string][]byte) (*loader, error) {
	l := &loader{
		docs:   make(map[string]*ld.RemoteDocument),
		active: make(map[string]*ld.Context),
	}
	for _, u := range ob3.ContextURLs() {
		b, _ := ob3.ContextDocument(u)
		if err := l.add(u, b); err != nil {
			return nil, errs.Wrap(errs.Internal, err, "embedded context")
		}
	}
	for u, b := range extra {
		if _, ok := l.docs[u]; ok {
			if same, _ := ob3.ContextDocument(u); bytes.Equal(same, b) {
				continue
			}
			return nil, errs.E(errs.Invalid, "context %s is embedded and cannot be replaced", u)
		}
		if err := l.add(u, b); err != nil {
			return nil, err
		}
	}
	l.opts = newOptions(l)
	return l, nil
}

func (l *loader) add(u string, b []byte) error {
	var doc map[string]any
	if err := json.Unmarshal(b, &doc); err != nil {
		return errs.Wrap(errs.Invalid, err, "context %s is not JSON", u)
	}
	if _, ok := doc["@context"]; !ok {
		return errs.E(errs.Invalid, "context %s has no @context", u)
	}
	l.docs[u] = &ld.RemoteDocument{DocumentURL: u, Document: doc}
	return nil
}

// newOptions returns the JSON-LD options of every expansion: JSON-LD 1.1,
// safe mode, and l as the only document loader. (Canonicalization is
// rdfc.go's, so json-gold's Algorithm and Format options play no part.)
func newOptions(l *loader) *ld.JsonLdOptions {
	opts := ld.NewJsonLdOptions("")
	opts.ProcessingMode = ld.JsonLd_1_1
	opts.SafeMode = true
	opts.DocumentLoader = l
	return opts
}

// unknownContext returns the error for a context URL that is not embedded.
func unknownContext(field, u string) error {
	return &errs.Error{Kind: errs.Invalid, Field: field, Msg: fmt.Sprintf("unknown context %q", u), Err: ErrUnknownContext}
}

// LoadDocument implements ld.DocumentLoader. It returns a deep copy: json-gold
// merges an @import into the imported document, and a shared document must
// never change. With the processed-context cache it runs only on a miss.
func (l *loader) LoadDocument(u string) (*ld.RemoteDocument, error) {
	d, ok := l.docs[u]
	if !ok {
		return nil, unknownContext("", u)
	}
	return &ld.RemoteDocument{DocumentURL: d.DocumentURL, Document: ld.CloneDocument(d.Document)}, nil
}

// activeContext returns the processed context for a document's @context
// value, from the cache when it was seen before.
func (l *loader) activeContext(local any) (*ld.Context, error) {
	if err := l.checkURLs(local); err != nil {
		return nil, err
	}
	key, err := json.Marshal(local)
	if err != nil {
		return nil, errs.Wrap(errs.Invalid, err, "@context")
	}
	l.mu.Lock()
	c, ok := l.active[string(key)]
	l.mu.Unlock()
	if ok {
		return c, nil
	}
	base := ld.NewContext(map[string]any{"@vocab": undefinedVocab}, l.opts)
	c, err = base.Parse(local)
	if err != nil {
		return nil, jsonldError(err, "@context")
	}
	l.mu.Lock()
	if len(l.active) < maxCachedContexts {
		l.active[string(key)] = c
	}
	l.mu.Unlock()
	return c, nil
}

// checkURLs rejects a @context value naming a context that is not embedded,
// before any processing, so that the error names the URL.
func (l *loader) checkURLs(local any) error {
	var items []any
	switch v := local.(type) {
	case nil:
		return errs.Field("@context", "missing: a JSON-LD document needs one")
	case []any:
		items = v
	default:
		items = []any{v}
	}
	if len(items) == 0 {
		return errs.Field("@context", "empty")
	}
	for i, it := range items {
		switch v := it.(type) {
		case string:
			if _, ok := l.docs[v]; !ok {
				return unknownContext(fmt.Sprintf("@context[%d]", i), v)
			}
		case map[string]any:
		default:
			return errs.Field(fmt.Sprintf("@context[%d]", i), "must be a URL or an object, not %T", it)
		}
	}
	return nil
}

var (
	defaultLoaderOnce = sync.OnceValues(func() (*loader, error) { return newLoader(nil) })
)

// Option changes how Sign, Verify and Canonicalize process a document.
type Option func(*settings)

type settings struct {
	loader  *loader
	purpose string
	err     error
}

// WithContexts makes the JSON-LD contexts in docs (URL to document) available
// in addition to the embedded ones; it cannot replace an embedded context.
// Build the option once and reuse it: it carries its own processed-context
// cache. It exists for tests and conformance data (the W3C examples
// context); products use only the embedded contexts.
func WithContexts(docs map[string][]byte) Option {
	l, err := newLoader(docs)
	return func(s *settings) { s.loader, s.err = l, err }
}

func newSettings(opts []Option) (*settings, error) {
	s := &settings{purpose: PurposeAssertionMethod}
	for _, o := range opts {
		o(s)
	}
	if s.err != nil {
		return nil, s.err
	}
	if s.loader == nil {
		l, err := defaultLoaderOnce()
		if err != nil {
			return nil, err
		}
		s.loader = l
	}
	return s, nil
}
