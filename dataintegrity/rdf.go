package dataintegrity

import (
	"bytes"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf16"

	"github.com/piprate/json-gold/ld"

	"github.com/accolade-badges/accolade/errs"
)

// toRDF is the JSON-LD "Deserialize JSON-LD to RDF" algorithm over an
// expanded document that checkExpanded accepted. It replaces json-gold's
// JsonLdApi.ToRDF, which (1) runs a large URL regular expression on every
// distinct http(s) IRI, about 25 µs each, most of the cost of canonicalizing
// a credential, (2) silently drops statements whose IRI fails that
// expression, where jsonld.js keeps them, and (3) cannot turn a JSON literal
// that is an array, number or boolean into RDF. Node map generation stays
// json-gold's.
func toRDF(expanded []any) ([]quad, error) {
	issuer := ld.NewIdentifierIssuer("_:b")
	nodeMap := map[string]any{"@default": map[string]any{}}
	if _, err := ld.NewJsonLdApi().GenerateNodeMap(expanded, nodeMap, "@default", issuer, "", "", nil); err != nil {
		return nil, jsonldError(err, "")
	}
	var quads []quad
	for graphName, g := range nodeMap {
		var graph term
		if graphName != "@default" {
			if !strings.HasPrefix(graphName, "_:") && !ld.IsAbsoluteIri(graphName) {
				return nil, unsignable("", "graph name %q is not an absolute IRI", graphName)
			}
			graph = nodeRef(graphName)
		}
		var err error
		if quads, err = graphToRDF(quads, graph, g.(map[string]any), issuer); err != nil {
			return nil, err
		}
	}
	return quads, nil
}

// termKind says what an RDF term is; the zero term is the default graph.
type termKind uint8

const (
	termNone termKind = iota
	termIRI
	termBlank
	termLiteral
)

// term is an RDF term: an IRI, a blank node ("_:" and its label) or a literal
// with its datatype IRI and language tag.
type term struct {
	kind                  termKind
	value, datatype, lang string
}

// quad is an RDF statement; g is the zero term in the default graph.
type quad struct{ s, p, o, g term }

var (
	rdfFirst = term{kind: termIRI, value: ld.RDFFirst}
	rdfRest  = term{kind: termIRI, value: ld.RDFRest}
	rdfNil   = term{kind: termIRI, value: ld.RDFNil}
	rdfType  = term{kind: termIRI, value: ld.RDFType}
)

func graphToRDF(quads []quad, graph term, nodes map[string]any, issuer *ld.IdentifierIssuer) ([]quad, error) {
	for id, n := range nodes {
		subject := nodeRef(id)
		for property, values := range n.(map[string]any) {
			predicate := term{kind: termIRI, value: property}
			if property == "@type" {
				predicate = rdfType
			} else if ld.IsKeyword(property) {
				continue
			}
			for _, item := range values.([]any) {
				object, list, err := objectToRDF(item, issuer, graph)
				if err != nil {
					return nil, err
				}
				quads = append(quads, list...)
				quads = append(quads, quad{subject, predicate, object, graph})
			}
		}
	}
	return quads, nil
}

func nodeRef(id string) term {
	if strings.HasPrefix(id, "_:") {
		return term{kind: termBlank, value: id}
	}
	return term{kind: termIRI, value: id}
}

// objectToRDF converts a value, list or node reference to an RDF term, with
// the statements a list needs.
func objectToRDF(item any, issuer *ld.IdentifierIssuer, graph term) (term, []quad, error) {
	switch v := item.(type) {
	case string: // an @type value
		return nodeRef(v), nil, nil
	case map[string]any:
		if _, ok := v["@value"]; ok {
			lit, err := literal(v)
			return lit, nil, err
		}
		if list, ok := v["@list"].([]any); ok {
			return listToRDF(list, issuer, graph)
		}
		id, _ := v["@id"].(string)
		return nodeRef(id), nil, nil
	}
	return term{}, nil, errs.E(errs.Internal, "unexpected %T in the node map", item)
}

func listToRDF(list []any, issuer *ld.IdentifierIssuer, graph term) (term, []quad, error) {
	if len(list) == 0 {
		return rdfNil, nil, nil
	}
	head := nodeRef(issuer.GetId(""))
	var quads []quad
	subject := head
	for i, item := range list {
		object, more, err := objectToRDF(item, issuer, graph)
		if err != nil {
			return term{}, nil, err
		}
		quads = append(quads, more...)
		next := rdfNil
		if i < len(list)-1 {
			next = nodeRef(issuer.GetId(""))
		}
		quads = append(quads, quad{subject, rdfFirst, object, graph}, quad{subject, rdfRest, next, graph})
		subject = next
	}
	return head, quads, nil
}

// literal converts a value object as jsonld.js and json-gold do: booleans,
// integers and doubles get XSD types, other values keep their datatype or
// language, and JSON literals are canonicalized (RFC 8785).
func literal(v map[string]any) (term, error) {
	datatype, _ := v["@type"].(string)
	if datatype == "@json" {
		var b bytes.Buffer
		if err := writeJCS(&b, v["@value"]); err != nil {
			return term{}, err
		}
		return term{kind: termLiteral, value: b.String(), datatype: ld.RDFJSONLiteral}, nil
	}
	withType := func(value, dflt string) term {
		if datatype == "" {
			datatype = dflt
		}
		return term{kind: termLiteral, value: value, datatype: datatype}
	}
	switch value := v["@value"].(type) {
	case bool:
		return withType(strconv.FormatBool(value), ld.XSDBoolean), nil
	case float64:
		if value != math.Trunc(value) || datatype == ld.XSDDouble {
			return withType(ld.GetCanonicalDouble(value), ld.XSDDouble), nil
		}
		return withType(strconv.FormatInt(int64(value), 10), ld.XSDInteger), nil
	case string:
		if lang, ok := v["@language"].(string); ok && datatype == "" {
			return term{kind: termLiteral, value: value, datatype: ld.RDFLangString, lang: lang}, nil
		}
		return withType(value, ld.XSDString), nil
	}
	return term{}, unsignable("", "value %v cannot be a literal", v["@value"])
}

// writeJCS writes v in the JSON Canonicalization Scheme (RFC 8785), as the
// JavaScript canonicalize package used by jsonld.js does.
func writeJCS(b *bytes.Buffer, v any) error {
	switch v := v.(type) {
	case nil:
		b.WriteString("null")
	case bool:
		b.WriteString(strconv.FormatBool(v))
	case float64:
		b.WriteString(esNumber(v))
	case string:
		writeJCSString(b, v)
	case []any:
		b.WriteByte('[')
		for i, e := range v {
			if i > 0 {
				b.WriteByte(',')
			}
			if err := writeJCS(b, e); err != nil {
				return err
			}
		}
		b.WriteByte(']')
	case map[string]any:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		slices.SortFunc(keys, func(x, y string) int { return slices.Compare(utf16.Encode([]rune(x)), utf16.Encode([]rune(y))) })
		b.WriteByte('{')
		for i, k := range keys {
			if i > 0 {
				b.WriteByte(',')
			}
			writeJCSString(b, k)
			b.WriteByte(':')
			if err := writeJCS(b, v[k]); err != nil {
				return err
			}
		}
		b.WriteByte('}')
	default:
		return errs.E(errs.Internal, "unexpected %T in a JSON literal", v)
	}
	return nil
}

// writeJCSString writes s quoted as ECMAScript's JSON.stringify does.
func writeJCSString(b *bytes.Buffer, s string) {
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"', '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '\b':
			b.WriteString(`\b`)
		case '\f':
			b.WriteString(`\f`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		default:
			if r < 0x20 {
				b.WriteString(`\u00`)
				b.WriteString(strconv.FormatInt(int64(r)>>4, 16))
				b.WriteString(strconv.FormatInt(int64(r)&0xf, 16))
				continue
			}
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
}

// esNumber formats a finite float64 as ECMAScript's Number.prototype.toString.
func esNumber(f float64) string {
	if f == 0 {
		return "0"
	}
	if f < 0 {
		return "-" + esNumber(-f)
	}
	mant, exp, _ := strings.Cut(strconv.FormatFloat(f, 'e', -1, 64), "e")
	digits := strings.Replace(mant, ".", "", 1)
	n, _ := strconv.Atoi(exp)
	n++ // the decimal point sits after n digits
	k := len(digits)
	switch {
	case k <= n && n <= 21:
		return digits + strings.Repeat("0", n-k)
	case 0 < n && n <= 21:
		return digits[:n] + "." + digits[n:]
	case -6 < n && n <= 0:
		return "0." + strings.Repeat("0", -n) + digits
	}
	e := "e+"
	if n-1 < 0 {
		e = "e-"
	}
	m := digits[:1]
	if k > 1 {
		m += "." + digits[1:]
	}
	return m + e + strconv.Itoa(abs(n-1))
}

func abs(i int) int {
	if i < 0 {
		return -i
	}
	return i
}
