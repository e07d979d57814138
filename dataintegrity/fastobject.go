package dataintegrity

import (
	"strings"

	"github.com/piprate/json-gold/ld"
)

// fastObject expands each entry of elem, in key order, into result (the
// algorithm's step 13; json-gold's expandObject).
func fastObject(f *fctx, activeProperty, expandedActiveProperty string, elem map[string]any, keys []string,
	result map[string]any, typeKey string, typeScoped *fctx) error {
	inputType, err := fastInputType(f, elem, typeKey)
	if err != nil {
		return err
	}
	for _, key := range keys {
		if key == "@context" {
			continue
		}
		value := elem[key]
		p, err := f.expandIRI(key)
		if err != nil {
			return errFastUnsupported
		}
		if p == "" || (!strings.Contains(p, ":") && !ld.IsKeyword(p)) {
			return errFastUnsupported // safe mode: json-gold reports it
		}
		if ld.IsKeyword(p) {
			if expandedActiveProperty == "@reverse" {
				return errFastUnsupported
			}
			if err := fastKeyword(f, p, value, inputType, result, typeScoped); err != nil {
				return err
			}
			continue
		}
		if err := fastProperty(f, key, p, value, result); err != nil {
			return err
		}
	}
	return nil
}

// fastInputType is the expanded last type of the object, which decides
// whether @value may hold JSON.
func fastInputType(f *fctx, elem map[string]any, typeKey string) (string, error) {
	t := elem[typeKey]
	if a, ok := t.([]any); ok {
		if len(a) == 0 {
			return "", nil
		}
		t = a[len(a)-1]
	}
	s, ok := t.(string)
	if !ok {
		if t != nil {
			return "", errFastUnsupported
		}
		return "", nil
	}
	iri, err := f.expandIRI(s)
	if err != nil {
		return "", errFastUnsupported
	}
	return iri, nil
}

// fastKeyword expands a keyword entry (json-gold's step 7.4) for the
// keywords the fast path supports.
func fastKeyword(f *fctx, p string, value any, inputType string, result map[string]any, typeScoped *fctx) error {
	if _, has := result[p]; has && p != "@type" {
		return errFastUnsupported
	}
	var expanded any
	var err error
	switch p {
	case "@id":
		s, ok := value.(string)
		if !ok {
			return errFastUnsupported
		}
		expanded, err = f.c.ExpandIri(s, true, false, nil, nil)
	case "@type":
		expanded, err = fastTypeValue(value, result, typeScoped)
	case "@graph":
		expanded, err = fastElement(f, "@graph", value, nil)
		expanded = ld.Arrayify(expanded)
	case "@value":
		switch value.(type) {
		case map[string]any, []any:
			if inputType != "@json" {
				return errFastUnsupported
			}
		case nil:
			result["@value"] = nil
			return nil
		}
		expanded = value
	case "@language":
		s, ok := value.(string)
		if !ok {
			return errFastUnsupported
		}
		expanded = strings.ToLower(s)
	case "@direction":
		if _, ok := value.(string); !ok {
			return errFastUnsupported
		}
		expanded = value
	case "@index":
		if _, ok := value.(string); !ok {
			return errFastUnsupported
		}
		expanded = value
	default:
		return errFastUnsupported
	}
	if err != nil {
		return errFastUnsupported
	}
	if expanded != nil {
		result[p] = expanded
	}
	return nil
}

// fastTypeValue expands an @type entry with the context from before the
// object's type-scoped contexts, as json-gold does (including its handling
// of a second key that expands to @type).
func fastTypeValue(value any, result map[string]any, typeScoped *fctx) (any, error) {
	switch v := value.(type) {
	case []any:
		var list []any
		for _, e := range v {
			s, ok := e.(string)
			if !ok {
				return nil, errFastUnsupported
			}
			iri, err := typeScoped.c.ExpandIri(s, true, true, nil, nil)
			if err != nil {
				return nil, err
			}
			list = append(list, iri)
		}
		return list, nil
	case string:
		iri, err := typeScoped.c.ExpandIri(v, true, true, nil, nil)
		if err != nil {
			return nil, err
		}
		if prev, has := result["@type"]; has {
			return append(ld.Arrayify(prev), iri), nil
		}
		return iri, nil
	}
	return nil, errFastUnsupported
}

// fastProperty expands a property entry (json-gold's steps 7.5 to 7.11)
// for a term without a container other than @set, @list and @graph.
func fastProperty(f *fctx, key, p string, value any, result map[string]any) error {
	termCtx := f
	td := f.c.GetTermDefinition(key)
	if td != nil && td.HasContext {
		var err error
		if termCtx, err = f.withProperty(key, f); err != nil {
			return err
		}
	}
	graph, isList, err := fastContainers(termCtx, key)
	if err != nil {
		return err
	}
	var expanded any
	if td != nil && td.Type == "@json" {
		expanded = map[string]any{"@type": "@json", "@value": value}
	} else {
		if expanded, err = fastElement(termCtx, key, value, nil); err != nil {
			return err
		}
	}
	if expanded == nil {
		return nil
	}
	if isList {
		expanded = fastListObject(expanded)
	}
	if graph {
		evs := ld.Arrayify(expanded)
		wrapped := make([]any, 0, len(evs))
		for _, ev := range evs {
			wrapped = append(wrapped, map[string]any{"@graph": ld.Arrayify(ev)})
		}
		expanded = wrapped
	}
	list, _ := result[p].([]any)
	if l, ok := expanded.([]any); ok {
		list = append(list, l...)
	} else {
		list = append(list, expanded)
	}
	if list == nil {
		list = []any{}
	}
	result[p] = list
	return nil
}

// fastListObject makes the expanded value of a property with an @list
// container a list object, unless it is one.
func fastListObject(expanded any) any {
	if m, ok := expanded.(map[string]any); ok {
		if _, isList := m["@list"]; isList {
			return expanded
		}
	}
	if a, ok := expanded.([]any); ok {
		return map[string]any{"@list": a}
	}
	return map[string]any{"@list": []any{expanded}}
}

// fastContainers reports whether key has an @graph or an @list container in
// termCtx, and gives up on a reverse or nested property and on any other
// container (@set aside).
func fastContainers(termCtx *fctx, key string) (graph, list bool, err error) {
	td := termCtx.c.GetTermDefinition(key)
	if td == nil {
		return false, false, nil
	}
	if td.Reverse || td.Nest != "" {
		return false, false, errFastUnsupported
	}
	for _, c := range td.Container {
		switch c {
		case "@set":
		case "@graph":
			graph = true
		case "@list":
			list = true
		default:
			return false, false, errFastUnsupported
		}
	}
	return graph, list, nil
}
