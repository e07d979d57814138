package dataintegrity

import (
	"encoding/json"
	"os"
	"sync/atomic"
	"testing"

	"github.com/piprate/json-gold/ld"
)

// countingLoader counts the context documents json-gold asks for.
type countingLoader struct {
	next  ld.DocumentLoader
	loads atomic.Int64
}

func (c *countingLoader) LoadDocument(u string) (*ld.RemoteDocument, error) {
	c.loads.Add(1)
	return c.next.LoadDocument(u)
}

func readCredential(tb testing.TB) map[string]any {
	tb.Helper()
	b, err := os.ReadFile("testdata/ob3_credential.json")
	if err != nil {
		tb.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		tb.Fatal(err)
	}
	return m
}

func TestProcessedContextsAreCached(t *testing.T) {
	l, err := newLoader(nil)
	if err != nil {
		t.Fatal(err)
	}
	counter := &countingLoader{next: l}
	l.opts.DocumentLoader = counter
	doc := readCredential(t)
	first, err := l.canonicalize(doc, modeSign)
	if err != nil {
		t.Fatal(err)
	}
	loads := counter.loads.Load()
	if loads != 3 {
		t.Errorf("first canonicalization loaded %d contexts, want 3", loads)
	}
	for range 3 {
		again, err := l.canonicalize(doc, modeSign)
		if err != nil || again != first {
			t.Fatalf("canonicalize again = %v; differs: %v", err, again != first)
		}
	}
	if n := counter.loads.Load(); n != loads {
		t.Errorf("later canonicalizations loaded %d more contexts, want 0", n-loads)
	}
}

// BenchmarkCanonicalizeJSONGold is json-gold's own Normalize with its
// caching document loader: context documents are cached, but every call
// processes every context again. Compare with BenchmarkCanonicalize.
func BenchmarkCanonicalizeJSONGold(b *testing.B) {
	l, err := newLoader(nil)
	if err != nil {
		b.Fatal(err)
	}
	opts := ld.NewJsonLdOptions("")
	opts.Algorithm = ld.AlgorithmURDNA2015
	opts.Format = "application/n-quads"
	opts.DocumentLoader = ld.NewCachingDocumentLoader(l)
	doc := readCredential(b)
	proc := ld.NewJsonLdProcessor()
	want, err := l.canonicalize(doc, modeVerify)
	if err != nil {
		b.Fatal(err)
	}
	got, err := proc.Normalize(doc, opts)
	if err != nil || got != want {
		b.Fatalf("json-gold Normalize differs from canonicalize: %v", err)
	}
	b.ReportAllocs()
	cpu := StartCPU()
	defer cpu.Report(b)
	for b.Loop() {
		if _, err := proc.Normalize(doc, opts); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkProcessContexts is what the processed-context cache saves per
// canonicalization: processing the credential's three contexts.
func BenchmarkProcessContexts(b *testing.B) {
	l, err := newLoader(nil)
	if err != nil {
		b.Fatal(err)
	}
	local := readCredential(b)["@context"]
	b.ReportAllocs()
	cpu := StartCPU()
	defer cpu.Report(b)
	for b.Loop() {
		if _, err := ld.NewContext(nil, l.opts).Parse(local); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCanonicalizeNoContextCache is BenchmarkCanonicalize with the
// processed-context cache emptied before every call.
func BenchmarkCanonicalizeNoContextCache(b *testing.B) {
	l, err := newLoader(nil)
	if err != nil {
		b.Fatal(err)
	}
	doc := readCredential(b)
	b.ReportAllocs()
	cpu := StartCPU()
	defer cpu.Report(b)
	for b.Loop() {
		l.active = make(map[string]*ld.Context)
		if _, err := l.canonicalize(doc, modeVerify); err != nil {
			b.Fatal(err)
		}
	}
}

// TestMatchesJSONGoldNormalize checks this package's RDF conversion and
// RDFC-1.0 against json-gold's Normalize (URDNA2015 set explicitly) on
// documents where json-gold has none of the problems rdf.go and rdfc.go
// avoid.
func TestMatchesJSONGoldNormalize(t *testing.T) {
	l, err := newLoader(nil)
	if err != nil {
		t.Fatal(err)
	}
	opts := ld.NewJsonLdOptions("")
	opts.Algorithm = ld.AlgorithmURDNA2015
	opts.Format = "application/n-quads"
	opts.DocumentLoader = l
	files := []string{"testdata/ob3_credential.json", "testdata/js_ed25519signature2020_ob302_vc11.json",
		"testdata/rdfc/chain.json", "testdata/rdfc/twins.json"}
	for _, name := range []string{"validator_ob30_complete.json", "validator_ob30_endorsement-valid.json", "validator_ob30_simple.json"} {
		if _, err := os.Stat("../../shared/spec/examples/" + name); err == nil {
			files = append(files, "../../shared/spec/examples/"+name)
		}
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var doc map[string]any
		if err := json.Unmarshal(b, &doc); err != nil {
			t.Fatal(err)
		}
		delete(doc, "proof")
		got, err := l.canonicalize(doc, modeVerify)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		want, err := ld.NewJsonLdProcessor().Normalize(doc, opts)
		if err != nil {
			t.Fatalf("%s: json-gold: %v", f, err)
		}
		if got != want {
			t.Errorf("%s: canonicalize =\n%s\njson-gold Normalize =\n%s", f, got, want)
		}
	}
}
