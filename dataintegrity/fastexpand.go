package dataintegrity

import (
	"slices"
	"strings"

	"github.com/piprate/json-gold/ld"
)

// fastExpand expands body, a document without its @context, with the W3C
// JSON-LD 1.1 Expansion Algorithm (safe mode, no framing) restricted to what
// credentials use, over memoized contexts (fastctx.go). Its output must equal
// json-gold v0.9.1's JsonLdApi.Expand value for the same input, which the
// differential tests check; the comments below name the algorithm's steps
// as json-gold numbers them, since that is the result it must reproduce.
// For anything else — an @context other than context URLs, the @list,
// @set, @reverse, @nest and @included keywords, index, id, type and
// language maps, @propagate, and every input on which json-gold would
// fail — it returns errFastUnsupported and the caller expands with
// json-gold. The differential tests (fastexpand_test.go) compare the two.
func fastExpand(f *fctx, body map[string]any) (any, error) {
	return fastElement(f, "", body, nil)
}

// fastElement expands one element (the algorithm's steps 1–3; json-gold's
// expandElement with insideIndex false).
func fastElement(f *fctx, activeProperty string, element any, typeScoped *fctx) (any, error) {
	switch elem := element.(type) {
	case nil:
		return nil, nil
	case []any:
		return fastArray(f, activeProperty, elem, typeScoped)
	case map[string]any:
		return fastNode(f, activeProperty, elem, typeScoped)
	default:
		if activeProperty == "" || activeProperty == "@graph" {
			return nil, nil
		}
		return f.c.ExpandValue(activeProperty, element)
	}
}

func fastArray(f *fctx, activeProperty string, elem []any, typeScoped *fctx) (any, error) {
	list := activeProperty == "@list" || f.c.HasContainerMapping(activeProperty, "@list")
	result := make([]any, 0)
	for _, item := range elem {
		v, err := fastElement(f, activeProperty, item, typeScoped)
		if err != nil {
			return nil, err
		}
		if a, ok := v.([]any); ok && list {
			v = map[string]any{"@list": a} // a list of lists
		}
		switch v := v.(type) {
		case nil:
		case []any:
			result = append(result, v...)
		default:
			result = append(result, v)
		}
	}
	return result, nil
}

// fastNode expands a JSON object: it selects the active context (reverting
// a type-scoped context, applying property- and type-scoped contexts), then
// expands the entries and checks the result as json-gold does.
func fastNode(f *fctx, activeProperty string, elem map[string]any, typeScoped *fctx) (any, error) {
	expandedActiveProperty, err := f.expandIRI(activeProperty)
	if err != nil {
		return nil, errFastUnsupported
	}
	keys := make([]string, 0, len(elem))
	for k := range elem {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	if f, err = fastNodeContext(f, activeProperty, elem, keys, typeScoped); err != nil {
		return nil, err
	}
	typeScoped = f
	f, typeKey, err := fastTypeContexts(f, elem, keys)
	if err != nil {
		return nil, err
	}
	result := make(map[string]any)
	if err := fastObject(f, activeProperty, expandedActiveProperty, elem, keys, result, typeKey, typeScoped); err != nil {
		return nil, err
	}
	return fastFinish(f, activeProperty, result)
}

// fastNodeContext is the start of json-gold's expandElement for an object:
// revert a type-scoped context unless the object is a value or a lone node
// reference, then apply the active property's scoped context and the
// object's own @context.
func fastNodeContext(f *fctx, activeProperty string, elem map[string]any, keys []string, typeScoped *fctx) (*fctx, error) {
	local, hasContext := elem["@context"]
	from := f
	td := f.c.GetTermDefinition(activeProperty)
	hasPropertyCtx := td != nil && td.Context != nil
	if typeScoped == nil && f.prev != nil {
		typeScoped = f
	}
	mustRevert := true
	if typeScoped != nil && len(keys) <= 2 && !hasContext {
		for _, key := range keys {
			p, err := typeScoped.expandIRI(key)
			if err != nil {
				return nil, errFastUnsupported
			}
			if p == "@value" {
				mustRevert = false
				f = typeScoped
				break
			}
			if p == "@id" && len(keys) == 1 {
				mustRevert = false
				break
			}
		}
	}
	if mustRevert {
		f = f.revert()
	}
	var err error
	if hasPropertyCtx {
		if f, err = f.withProperty(activeProperty, from); err != nil {
			return nil, err
		}
	}
	if hasContext {
		return f.withEmbedded(local)
	}
	return f, nil
}

// fastTypeContexts applies the type-scoped contexts of the object's types,
// in lexicographical order, and returns the key that holds them.
func fastTypeContexts(f *fctx, elem map[string]any, keys []string) (*fctx, string, error) {
	from := f
	typeKey := ""
	for _, key := range keys {
		p, err := f.expandIRI(key)
		if err != nil {
			return nil, "", errFastUnsupported
		}
		if p != "@type" {
			continue
		}
		var types []string
		switch v := elem[key].(type) {
		case []any:
			for _, t := range v {
				s, ok := t.(string)
				if !ok {
					return nil, "", errFastUnsupported
				}
				types = append(types, s)
			}
			slices.Sort(types)
		case string:
			types = []string{v}
		default:
			return nil, "", errFastUnsupported
		}
		for _, t := range types {
			if td := from.c.GetTermDefinition(t); td != nil && td.HasContext {
				if f, err = f.withType(t, from); err != nil {
					return nil, "", err
				}
			}
		}
		typeKey = key
	}
	return f, typeKey, nil
}

// fastFinish is the end of json-gold's expandElement: value, typed-node and
// free-floating-value rules. Where json-gold reports an error, the fast path
// gives up so that json-gold reports it.
func fastFinish(f *fctx, activeProperty string, result map[string]any) (any, error) {
	if rval, ok := result["@value"]; ok {
		for k := range result {
			switch k {
			case "@value", "@index", "@language", "@type", "@direction":
			default:
				return nil, errFastUnsupported
			}
		}
		_, hasLanguage := result["@language"]
		_, hasDirection := result["@direction"]
		typ, hasType := result["@type"]
		if (hasLanguage || hasDirection) && hasType {
			return nil, errFastUnsupported
		}
		if rval == nil && typ != "@json" {
			return nil, nil
		}
		if err := fastCheckValue(rval, typ, hasLanguage, hasType); err != nil {
			return nil, err
		}
	} else if typ, ok := result["@type"]; ok {
		if _, isList := typ.([]any); !isList {
			result["@type"] = []any{typ}
		}
	} else if _, ok := result["@set"]; ok {
		return nil, errFastUnsupported
	}
	if _, ok := result["@language"]; ok && len(result) == 1 {
		return nil, nil
	}
	if activeProperty == "" || activeProperty == "@graph" {
		_, hasValue := result["@value"]
		_, hasID := result["@id"]
		if len(result) == 0 || hasValue || (hasID && len(result) == 1) {
			return nil, nil
		}
	}
	return result, nil
}

// fastCheckValue is json-gold's check of a value object's @value against
// its @language or @type (JSON-LD 1.1 processing mode).
func fastCheckValue(rval, typ any, hasLanguage, hasType bool) error {
	if hasLanguage {
		if _, ok := rval.(string); !ok && !isEmptyMap(rval) {
			return errFastUnsupported
		}
		return nil
	}
	if !hasType {
		return nil
	}
	types := ld.Arrayify(typ)
	if len(types) == 1 && types[0] == "@json" {
		return nil
	}
	for _, t := range types {
		s, ok := t.(string)
		if !isEmptyMap(t) && !(ok && ld.IsAbsoluteIri(s) && !strings.HasPrefix(s, "_:")) {
			return errFastUnsupported
		}
	}
	return nil
}

func isEmptyMap(v any) bool {
	m, ok := v.(map[string]any)
	return ok && len(m) == 0
}
