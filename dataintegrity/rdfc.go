package dataintegrity

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strconv"
	"strings"
)

// RDFC-1.0 (W3C RDF Dataset Canonicalization, the URDNA2015 algorithm),
// following rdf-canonize 5, the implementation behind jsonld.js, step for
// step, including its work limit.
//
// json-gold has an implementation, but without any limit: a credential of a
// few hundred bytes whose blank nodes form a symmetric graph (a "poison
// graph") takes it seconds at 8 blank nodes and hours at 10. A verifier on
// the open internet cannot allow that. As rdf-canonize does by default, the
// Hash N-Degree Quads algorithm may run at most as many times as there are
// blank nodes whose first-degree hashes collide; a document that needs more
// is refused (ErrUnsignable). Deployed jsonld.js verifiers refuse such
// documents too, so no credential that verifies elsewhere is lost. A bound on
// permutations guards the one loop the call limit does not.

func errTooSymmetric() error {
	return unsignable("", "blank nodes too symmetric to canonicalize within the RDFC-1.0 work limit (jsonld.js refuses them too)")
}

// maxPermutations bounds the permutations tried in one canonicalization.
const maxPermutations = 1 << 16

// workFactor is rdf-canonize's maxWorkFactor: Hash N-Degree Quads may run
// (colliding blank nodes)^workFactor times. Only tests change it.
var workFactor = 1

// issuer is the RDFC-1.0 identifier issuer: it maps blank node labels to
// prefix+counter in the order first seen.
type issuer struct {
	prefix string
	ids    map[string]string
	order  []string
}

func newIssuer(prefix string) *issuer {
	return &issuer{prefix: prefix, ids: make(map[string]string)}
}

func (is *issuer) id(old string) string {
	if id, ok := is.ids[old]; ok {
		return id
	}
	id := is.prefix + strconv.Itoa(len(is.order))
	is.ids[old] = id
	is.order = append(is.order, old)
	return id
}

func (is *issuer) has(old string) bool { _, ok := is.ids[old]; return ok }

func (is *issuer) clone() *issuer {
	return &issuer{prefix: is.prefix, ids: maps(is.ids), order: slices.Clone(is.order)}
}

func maps(m map[string]string) map[string]string {
	c := make(map[string]string, len(m))
	for k, v := range m {
		c[k] = v
	}
	return c
}

// canonicalizer is the state of one RDFC-1.0 run.
type canonicalizer struct {
	quads        []quad
	blankQuads   map[string][]*quad // blank node label -> quads it is in
	firstDegree  map[string]string  // blank node label -> first-degree hash
	canonical    *issuer
	deepLeft     int // Hash N-Degree Quads calls left
	permutations int
}

// rdfc returns the canonical N-Quads of quads.
func rdfc(quads []quad) (string, error) {
	c := &canonicalizer{quads: quads, blankQuads: make(map[string][]*quad),
		firstDegree: make(map[string]string), canonical: newIssuer("_:c14n")}
	for i := range quads {
		q := &quads[i]
		for _, t := range []term{q.s, q.o, q.g} {
			if t.kind == termBlank && (len(c.blankQuads[t.value]) == 0 || c.blankQuads[t.value][len(c.blankQuads[t.value])-1] != q) {
				c.blankQuads[t.value] = append(c.blankQuads[t.value], q)
			}
		}
	}
	if err := c.issueIdentifiers(); err != nil {
		return "", err
	}
	lines := make([]string, len(quads))
	for i, q := range quads {
		lines[i] = serializeQuad(c.relabel(q.s), q.p, c.relabel(q.o), c.relabel(q.g))
	}
	slices.Sort(lines)
	return strings.Join(lines, ""), nil
}

func (c *canonicalizer) relabel(t term) term {
	if t.kind == termBlank {
		t.value = c.canonical.id(t.value)
	}
	return t
}

// issueIdentifiers is steps 3 to 6 of the algorithm.
func (c *canonicalizer) issueIdentifiers() error {
	byHash := make(map[string][]string)
	for id := range c.blankQuads {
		h := c.hashFirstDegree(id)
		byHash[h] = append(byHash[h], id)
	}
	hashes := sortedKeys(byHash)
	var nonUnique [][]string
	for _, h := range hashes {
		if ids := byHash[h]; len(ids) > 1 {
			slices.Sort(ids) // only the order of equal-hash lists is free; fix it
			nonUnique = append(nonUnique, ids)
			c.deepLeft += len(ids) // summed here, raised to workFactor below
			continue
		}
		c.canonical.id(byHash[h][0])
	}
	c.deepLeft = intPow(c.deepLeft, workFactor)
	for _, ids := range nonUnique {
		var results []nDegreeResult
		for _, id := range ids {
			if c.canonical.has(id) {
				continue
			}
			is := newIssuer("_:b")
			is.id(id)
			r, err := c.hashNDegree(id, is)
			if err != nil {
				return err
			}
			results = append(results, r)
		}
		slices.SortStableFunc(results, func(a, b nDegreeResult) int { return strings.Compare(a.hash, b.hash) })
		for _, r := range results {
			for _, old := range r.issuer.order {
				c.canonical.id(old)
			}
		}
	}
	return nil
}

// hashFirstDegree is the Hash First Degree Quads algorithm.
func (c *canonicalizer) hashFirstDegree(id string) string {
	az := func(t term) term {
		if t.kind == termBlank {
			if t.value == id {
				t.value = "_:a"
			} else {
				t.value = "_:z"
			}
		}
		return t
	}
	quads := c.blankQuads[id]
	lines := make([]string, len(quads))
	for i, q := range quads {
		lines[i] = serializeQuad(az(q.s), q.p, az(q.o), az(q.g))
	}
	slices.Sort(lines)
	h := sha256.New()
	for _, l := range lines {
		h.Write([]byte(l))
	}
	sum := hex.EncodeToString(h.Sum(nil))
	c.firstDegree[id] = sum
	return sum
}

// hashRelated is the Hash Related Blank Node algorithm.
func (c *canonicalizer) hashRelated(related string, q *quad, is *issuer, position string) string {
	var id string
	switch {
	case c.canonical.has(related):
		id = c.canonical.id(related)
	case is.has(related):
		id = is.id(related)
	default:
		id = c.firstDegree[related]
	}
	input := position
	if position != "g" {
		input += "<" + q.p.value + ">"
	}
	sum := sha256.Sum256([]byte(input + id))
	return hex.EncodeToString(sum[:])
}

type nDegreeResult struct {
	hash   string
	issuer *issuer
}

func intPow(n, k int) int {
	r := 1
	for range k {
		if r > maxPermutations {
			return r
		}
		r *= n
	}
	return r
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// hashNDegree is the Hash N-Degree Quads algorithm.
func (c *canonicalizer) hashNDegree(id string, is *issuer) (nDegreeResult, error) {
	if c.deepLeft <= 0 {
		return nDegreeResult{}, errTooSymmetric()
	}
	c.deepLeft--
	related := make(map[string][]string)
	for _, q := range c.blankQuads[id] {
		for _, pos := range []struct {
			t   term
			key string
		}{{q.s, "s"}, {q.o, "o"}, {q.g, "g"}} {
			if pos.t.kind == termBlank && pos.t.value != id {
				h := c.hashRelated(pos.t.value, q, is, pos.key)
				related[h] = append(related[h], pos.t.value)
			}
		}
	}
	h := sha256.New()
	for _, rh := range sortedKeys(related) {
		h.Write([]byte(rh))
		chosenPath, chosenIssuer, err := c.choosePath(related[rh], is)
		if err != nil {
			return nDegreeResult{}, err
		}
		h.Write([]byte(chosenPath))
		is = chosenIssuer
	}
	return nDegreeResult{hash: hex.EncodeToString(h.Sum(nil)), issuer: is}, nil
}

// choosePath is step 5.4 of Hash N-Degree Quads: the lexicographically least
// path over all permutations of the related blank nodes.
func (c *canonicalizer) choosePath(nodes []string, is *issuer) (string, *issuer, error) {
	var chosenPath string
	var chosenIssuer *issuer
	for p := newPermuter(nodes); p.hasNext(); {
		perm := p.next()
		if c.permutations++; c.permutations > maxPermutations {
			return "", nil, errTooSymmetric()
		}
		issuerCopy := is.clone()
		var path strings.Builder
		var recursion []string
		worse := func() bool { return chosenPath != "" && path.String() > chosenPath }
		skip := false
		for _, r := range perm {
			if c.canonical.has(r) {
				path.WriteString(c.canonical.id(r))
			} else {
				if !issuerCopy.has(r) {
					recursion = append(recursion, r)
				}
				path.WriteString(issuerCopy.id(r))
			}
			if skip = worse(); skip {
				break
			}
		}
		for i := 0; !skip && i < len(recursion); i++ {
			r := recursion[i]
			res, err := c.hashNDegree(r, issuerCopy)
			if err != nil {
				return "", nil, err
			}
			path.WriteString(issuerCopy.id(r))
			path.WriteString("<" + res.hash + ">")
			issuerCopy = res.issuer
			skip = worse()
		}
		if !skip && (chosenPath == "" || path.String() < chosenPath) {
			chosenPath, chosenIssuer = path.String(), issuerCopy
		}
	}
	return chosenPath, chosenIssuer, nil
}

// permuter yields the permutations of a list in the order rdf-canonize's
// Permuter does (Steinhaus–Johnson–Trotter from the sorted list), so that
// the work limit is spent as it is there.
type permuter struct {
	current []string
	left    map[string]bool
	done    bool
}

func newPermuter(list []string) *permuter {
	p := &permuter{current: slices.Clone(list), left: make(map[string]bool)}
	slices.Sort(p.current)
	for _, e := range p.current {
		p.left[e] = true
	}
	return p
}

func (p *permuter) hasNext() bool { return !p.done }

func (p *permuter) next() []string {
	rval := slices.Clone(p.current)
	k, pos, found := "", 0, false
	n := len(p.current)
	for i, e := range p.current {
		left := p.left[e]
		if (!found || e > k) && ((left && i > 0 && e > p.current[i-1]) || (!left && i < n-1 && e > p.current[i+1])) {
			k, pos, found = e, i, true
		}
	}
	if !found {
		p.done = true
		return rval
	}
	swap := pos + 1
	if p.left[k] {
		swap = pos - 1
	}
	p.current[pos], p.current[swap] = p.current[swap], k
	for _, e := range p.current {
		if e > k {
			p.left[e] = !p.left[e]
		}
	}
	return rval
}

// serializeQuad writes one canonical N-Quads line (RDFC-1.0, section 4).
// IRIs need no escaping: checkIRI refuses those that would.
func serializeQuad(s, p, o, g term) string {
	var b strings.Builder
	writeTerm(&b, s)
	b.WriteByte(' ')
	writeTerm(&b, p)
	b.WriteByte(' ')
	writeTerm(&b, o)
	if g.kind != termNone {
		b.WriteByte(' ')
		writeTerm(&b, g)
	}
	b.WriteString(" .\n")
	return b.String()
}

func writeTerm(b *strings.Builder, t term) {
	switch t.kind {
	case termIRI:
		b.WriteString("<" + t.value + ">")
	case termBlank:
		b.WriteString(t.value)
	case termLiteral:
		b.WriteByte('"')
		writeEscaped(b, t.value)
		b.WriteByte('"')
		switch {
		case t.datatype == rdfLangString:
			b.WriteString("@" + t.lang)
		case t.datatype != xsdString:
			b.WriteString("^^<" + t.datatype + ">")
		}
	}
}

const (
	rdfLangString = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
	xsdString     = "http://www.w3.org/2001/XMLSchema#string"
)

// writeEscaped escapes a literal's lexical form as RDFC-1.0 says: ECHAR for
// BS, HT, LF, FF, CR, " and \, UCHAR (\u00XX, upper-case hex) for the other
// C0 controls and DEL, everything else as it is.
func writeEscaped(b *strings.Builder, s string) {
	for _, r := range s {
		switch r {
		case '\b':
			b.WriteString(`\b`)
		case '\t':
			b.WriteString(`\t`)
		case '\n':
			b.WriteString(`\n`)
		case '\f':
			b.WriteString(`\f`)
		case '\r':
			b.WriteString(`\r`)
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		default:
			if r < 0x20 || r == 0x7f {
				b.WriteString(`\u00`)
				b.WriteString(strings.ToUpper(strconv.FormatInt(int64(r)>>4, 16) + strconv.FormatInt(int64(r)&0xf, 16)))
				continue
			}
			b.WriteRune(r)
		}
	}
}
