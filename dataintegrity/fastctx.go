package dataintegrity

import (
	"errors"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/piprate/json-gold/ld"
)

// errFastUnsupported is what the fast expansion returns for anything it does
// not handle exactly as json-gold does: the caller then expands with
// json-gold, which produces the same result or the error to report.
var errFastUnsupported = errors.New("dataintegrity: fast expansion does not support this document")

// maxDerivedContexts bounds the scoped contexts one loader derives and
// keeps (each a copy of a processed context, some tens of KB).
// Property-scoped contexts propagate, so a document nesting one term deeply
// derives a new context per level; past this many the fast path gives up on
// documents that need a new one and json-gold expands them.
const maxDerivedContexts = 1024

// maxMemoIRIs bounds the memoized term expansions of one loader, and
// maxMemoTerm the length of a memoized term: documents choose the terms.
const (
	maxMemoIRIs = 1 << 16
	maxMemoTerm = 128
)

// fctx is an immutable active context for the fast expansion: json-gold's
// processed context c, plus prev, the context from before the type-scoped
// contexts that apply to c (nil when none does; json-gold keeps this as
// Context.previousContext and copies it with every context). Derived
// contexts are computed once and memoized, where json-gold copies and
// re-parses a context for every typed node and every scoped property.
type fctx struct {
	c      *ld.Context
	prev   *fctx
	budget *fastBudget

	derived sync.Map // derivKey → *fctx
	iris    sync.Map // term → expanded IRI (vocab-relative, not document-relative)
}

// fastBudget counts what a loader's fast contexts keep.
type fastBudget struct {
	derived, iris atomic.Int32
}

// derivKind says how a derived context was obtained.
type derivKind uint8

const (
	derivProperty derivKind = iota // a property-scoped context, propagating
	derivType                      // a type-scoped context, not propagating
	derivEmbedded                  // a context in the document, propagating
)

// derivKey names a derived context: the kind, the term whose scoped context
// applies, and for a type, the context the term definition was taken from.
type derivKey struct {
	kind derivKind
	term string
	from *fctx
}

// newRootFctx wraps a processed top-level context.
func newRootFctx(c *ld.Context, b *fastBudget) *fctx {
	return &fctx{c: c, budget: b}
}

// revert is json-gold's RevertToPreviousContext.
func (f *fctx) revert() *fctx {
	if f.prev != nil {
		return f.prev
	}
	return f
}

// expandIRI is c.ExpandIri(value, false, true, nil, nil), memoized.
func (f *fctx) expandIRI(value string) (string, error) {
	if v, ok := f.iris.Load(value); ok {
		return v.(string), nil
	}
	iri, err := f.c.ExpandIri(value, false, true, nil, nil)
	if err != nil {
		return "", err
	}
	if len(value) <= maxMemoTerm && f.budget.iris.Load() < maxMemoIRIs && f.budget.iris.Add(1) <= maxMemoIRIs {
		f.iris.Store(value, iri)
	}
	return iri, nil
}

// withProperty returns f with the property-scoped context of term, as
// defined in from, applied as json-gold's parse with propagation and
// protected-term overriding does.
func (f *fctx) withProperty(term string, from *fctx) (*fctx, error) {
	local, ok := scopedContext(from.c.GetTermDefinition(term))
	if !ok {
		return nil, errFastUnsupported
	}
	return f.derive(derivKey{derivProperty, term, from}, local, func(c *ld.Context) *fctx {
		return &fctx{c: c, prev: f.prev, budget: f.budget}
	})
}

// withType returns f with the type-scoped context of typ, as defined in
// from, applied without propagation: the result remembers the context from
// before the first type-scoped context.
func (f *fctx) withType(typ string, from *fctx) (*fctx, error) {
	local, ok := scopedContext(from.c.GetTermDefinition(typ))
	if !ok {
		return nil, errFastUnsupported
	}
	return f.derive(derivKey{derivType, typ, from}, local, func(c *ld.Context) *fctx {
		prev := f.prev
		if prev == nil {
			prev = f
		}
		return &fctx{c: c, prev: prev, budget: f.budget}
	})
}

// withEmbedded returns f with a document's own @context applied, as
// json-gold's Parse does. Only a context URL or a list of them is supported;
// unknown URLs make Parse fail, so json-gold reports them.
func (f *fctx) withEmbedded(local any) (*fctx, error) {
	list, ok := local.([]any)
	if !ok {
		list = []any{local}
	}
	urls := make([]string, 0, len(list))
	for _, u := range list {
		s, ok := u.(string)
		if !ok || s == "" || strings.ContainsRune(s, ' ') { // a space would make keys ambiguous
			return nil, errFastUnsupported
		}
		urls = append(urls, s)
	}
	if len(urls) == 0 {
		return nil, errFastUnsupported
	}
	key := derivKey{derivEmbedded, strings.Join(urls, " "), nil}
	return f.derive(key, local, func(c *ld.Context) *fctx {
		return &fctx{c: c, prev: f.prev, budget: f.budget}
	})
}

// scopedContext returns td's scoped context when the fast path supports it:
// one JSON object without @propagate, @import or @context. json-gold's
// public Parse then yields the same term definitions as the internal parse
// it uses, or an error (a protected term redefined), on which the fast path
// gives up.
func scopedContext(td *ld.TermDefinition) (any, bool) {
	if td == nil || !td.HasContext {
		return nil, false
	}
	local, ok := td.Context.(map[string]any)
	if !ok {
		return nil, false
	}
	for _, k := range []string{"@propagate", "@import", "@context"} {
		if _, has := local[k]; has {
			return nil, false
		}
	}
	return local, true
}

// derive returns the memoized context for key, or parses local on f.c and
// wraps the result with wrap. A context that fails to parse is memoized as
// unsupported.
func (f *fctx) derive(key derivKey, local any, wrap func(*ld.Context) *fctx) (*fctx, error) {
	if v, ok := f.derived.Load(key); ok {
		if v == (*fctx)(nil) {
			return nil, errFastUnsupported
		}
		return v.(*fctx), nil
	}
	if f.budget.derived.Load() >= maxDerivedContexts || f.budget.derived.Add(1) > maxDerivedContexts {
		return nil, errFastUnsupported
	}
	var derived *fctx
	if c, err := f.c.Parse(local); err == nil {
		derived = wrap(c)
	}
	v, _ := f.derived.LoadOrStore(key, derived)
	if v == (*fctx)(nil) {
		return nil, errFastUnsupported
	}
	return v.(*fctx), nil
}

// tryFastExpand expands body with the fast path over the processed context
// active. It reports false, and the caller uses json-gold, for anything the
// fast path does not support, for any error, and for a panic.
func (l *loader) tryFastExpand(active *ld.Context, body map[string]any) (out any, ok bool) {
	defer func() {
		if recover() != nil {
			out, ok = nil, false
		}
	}()
	out, err := fastExpand(l.root(active), body)
	return out, err == nil
}

// root returns the fast expansion's root context for a processed context,
// kept while fewer than maxCachedContexts are. One that is not kept has a
// budget of its own, so that its derived contexts, dropped with it, do not
// use up the loader's.
func (l *loader) root(active *ld.Context) *fctx {
	if v, ok := l.roots.Load(active); ok {
		return v.(*fctx)
	}
	if l.nRoots.Load() >= maxCachedContexts {
		return newRootFctx(active, &fastBudget{})
	}
	v, loaded := l.roots.LoadOrStore(active, newRootFctx(active, &l.budget))
	if !loaded {
		l.nRoots.Add(1)
	}
	return v.(*fctx)
}
