package dataintegrity

import (
	"encoding/json"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// The fast expansion (fastexpand.go) must give exactly what json-gold's
// Expand gives, or give up. These tests run both on many documents and
// compare the expanded documents (reflect.DeepEqual) and the canonical
// N-Quads or errors of the whole canonicalization.

// diffPair is two loaders over the same contexts: one with the fast path,
// one expanding with json-gold only.
type diffPair struct{ fast, gold *loader }

// diffStats counts what the differential checks saw.
type diffStats struct {
	docs     int // documents compared
	fast     int // expanded by the fast path
	fallback int // left to json-gold by the fast path
	rejected int // refused before expansion (context list)
	errors   int // canonicalization errors (the same on both paths)
}

func newDiffPair(tb testing.TB, extra map[string][]byte) diffPair {
	tb.Helper()
	fast, err := newLoader(extra)
	if err != nil {
		tb.Fatal(err)
	}
	gold, err := newLoader(extra)
	if err != nil {
		tb.Fatal(err)
	}
	gold.noFast = true
	return diffPair{fast, gold}
}

// goldExpand is json-gold's expansion of doc, with a panic as an error.
func (p diffPair) goldExpand(doc map[string]any) (out []any, panicked bool, err error) {
	defer func() {
		if recover() != nil {
			out, panicked, err = nil, true, nil
		}
	}()
	out, err = p.gold.expand(doc, nil)
	return out, false, err
}

// check compares the two paths on raw. It reports false on a mismatch.
func (p diffPair) check(tb testing.TB, raw []byte, st *diffStats) bool {
	tb.Helper()
	decode := func() map[string]any {
		m, err := decodeObject(raw, "document")
		if err != nil {
			return nil
		}
		return m
	}
	doc := decode()
	if doc == nil {
		return true
	}
	st.docs++
	rejected := st.rejected
	if !p.checkExpand(tb, decode, st) {
		return false
	}
	nqF, errF := p.fast.canonicalize(decode(), modeVerify)
	nqG, errG := p.gold.canonicalize(decode(), modeVerify)
	if nqF != nqG || (errF == nil) != (errG == nil) {
		tb.Errorf("canonical forms differ:\nfast %v\n%s\njson-gold %v\n%s\ndocument %s", errF, nqF, errG, nqG, raw)
		return false
	}
	if errF == nil {
		return true
	}
	st.errors++
	// A context list refused before expansion goes through the same code on
	// both paths, and json-gold's message can depend on map order there.
	if errF.Error() != errG.Error() && st.rejected == rejected {
		tb.Errorf("errors differ:\nfast      %v\njson-gold %v\ndocument %s", errF, errG, raw)
		return false
	}
	return true
}

// checkExpand compares the expanded documents where the fast path runs.
func (p diffPair) checkExpand(tb testing.TB, decode func() map[string]any, st *diffStats) bool {
	tb.Helper()
	doc := decode()
	active, err := p.fast.activeContext(doc["@context"])
	if err != nil {
		st.rejected++
		return true
	}
	body := make(map[string]any, len(doc))
	for k, v := range doc {
		if k != "@context" {
			body[k] = v
		}
	}
	out, ok := p.fast.tryFastExpand(active, body)
	if !ok {
		st.fallback++
		return true
	}
	st.fast++
	want, panicked, err := p.goldExpand(decode())
	if panicked || err != nil {
		tb.Errorf("fast path expanded a document json-gold refuses (panic %v): %v", panicked, err)
		return false
	}
	if got := finishExpand(out); !reflect.DeepEqual(got, want) {
		g, _ := json.Marshal(got)
		w, _ := json.Marshal(want)
		tb.Errorf("expansions differ:\nfast      %s\njson-gold %s", g, w)
		return false
	}
	return true
}

// jsonDocuments returns every JSON object with an @context in the files
// matching the patterns, found at any depth, re-encoded.
func jsonDocuments(tb testing.TB, patterns ...string) map[string][]byte {
	tb.Helper()
	docs := map[string][]byte{}
	for _, pat := range patterns {
		files, _ := filepath.Glob(pat)
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				tb.Fatal(err)
			}
			var v any
			if json.Unmarshal(b, &v) != nil {
				continue
			}
			collectDocuments(v, f, docs)
		}
	}
	return docs
}

func collectDocuments(v any, name string, docs map[string][]byte) {
	switch v := v.(type) {
	case map[string]any:
		if _, ok := v["@context"]; ok {
			b, _ := json.Marshal(v)
			docs[name] = b
			if _, ok := v["proof"]; ok {
				delete(v, "proof")
				b, _ := json.Marshal(v)
				docs[name+"#noproof"] = b
			}
		}
		for k, e := range v {
			if k != "@context" {
				collectDocuments(e, name+"/"+k, docs)
			}
		}
	case []any:
		for _, e := range v {
			collectDocuments(e, name+"[]", docs)
		}
	}
}

// examplesContexts returns the W3C examples context when the spec data is
// present.
func examplesContexts() map[string][]byte {
	b, err := os.ReadFile(filepath.Join(specDirInternal, "test-vectors/w3c-vc-di-eddsa/credentials-examples-v2-context.json"))
	if err != nil {
		return nil
	}
	return map[string][]byte{"https://www.w3.org/ns/credentials/examples/v2": b}
}

const specDirInternal = "../../shared/spec"

func TestFastExpandCorpus(t *testing.T) {
	p := newDiffPair(t, examplesContexts())
	patterns := []string{"testdata/*.json", "testdata/rdfc/*.json", "../issuer/testdata/credential.golden.json"}
	if _, err := os.Stat(specDirInternal); err == nil {
		patterns = append(patterns, specDirInternal+"/examples/*.json", specDirInternal+"/test-vectors/*.json",
			specDirInternal+"/test-vectors/*/*.json")
	} else {
		t.Log("../shared/spec not present: only the package's fixtures")
	}
	var st diffStats
	for name, raw := range jsonDocuments(t, patterns...) {
		if !p.check(t, raw, &st) {
			t.Errorf("in %s", name)
		}
	}
	t.Logf("%+v", st)
	if st.fast == 0 {
		t.Error("the fast path expanded none of the corpus")
	}
}

func TestFastExpandRandomCredentials(t *testing.T) {
	p := newDiffPair(t, nil)
	r := rand.New(rand.NewPCG(2026, 11))
	var st diffStats
	mismatches := 0
	for i := range 5000 {
		raw, _ := json.Marshal(randomCredential(r))
		if !p.check(t, raw, &st) {
			mismatches++
			t.Errorf("credential %d", i)
			if mismatches > 5 {
				t.Fatal("too many mismatches")
			}
		}
	}
	t.Logf("%+v", st)
	if st.docs != 5000 || st.fast < 2500 || st.errors < 250 {
		t.Errorf("the generator should exercise both paths and errors: %+v", st)
	}
}

// FuzzFastExpand compares the fast path with json-gold on arbitrary JSON.
func FuzzFastExpand(f *testing.F) {
	for _, raw := range jsonDocuments(f, "testdata/*.json", "../issuer/testdata/credential.golden.json", "../../shared/spec/examples/*.json") {
		f.Add(raw)
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 20 {
		raw, _ := json.Marshal(randomCredential(r))
		f.Add(raw)
	}
	p := newDiffPair(f, nil)
	f.Fuzz(func(t *testing.T, raw []byte) {
		if len(raw) > 64<<10 || strings.Count(string(raw), "{") > 200 {
			return
		}
		p.check(t, raw, &diffStats{})
	})
}

// BenchmarkCanonicalizeJSONGoldExpand is BenchmarkCanonicalize with
// json-gold's expansion instead of the fast path: compare the two.
func BenchmarkCanonicalizeJSONGoldExpand(b *testing.B) {
	benchmarkCanonicalizeLoader(b, true)
}

// BenchmarkCanonicalizeFastExpand is BenchmarkCanonicalize on a loader of
// its own, next to BenchmarkCanonicalizeJSONGoldExpand.
func BenchmarkCanonicalizeFastExpand(b *testing.B) {
	benchmarkCanonicalizeLoader(b, false)
}

func benchmarkCanonicalizeLoader(b *testing.B, noFast bool) {
	l, err := newLoader(nil)
	if err != nil {
		b.Fatal(err)
	}
	l.noFast = noFast
	doc := readCredential(b)
	b.ReportAllocs()
	cpu := StartCPU()
	defer cpu.Report(b)
	for b.Loop() {
		if _, err := l.canonicalize(doc, modeVerify); err != nil {
			b.Fatal(err)
		}
	}
}
