package dataintegrity

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestRDFCMatchesRDFCanonize compares this package's RDFC-1.0 with
// rdf-canonize 5 (jsonld.js 9) on graphs that need the Hash N-Degree Quads
// algorithm, with rdf-canonize's default work limit (factor 1) and a larger
// one (3). testdata/rdfc/canonize.js made the expected files; "ERR" means
// rdf-canonize refused the graph.
func TestRDFCMatchesRDFCanonize(t *testing.T) {
	l, err := newLoader(nil)
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob("testdata/rdfc/*.json")
	for _, f := range files {
		for _, factor := range []int{1, 3} {
			name := strings.TrimSuffix(filepath.Base(f), ".json")
			t.Run(name+"/"+string(rune('0'+factor)), func(t *testing.T) {
				b, err := os.ReadFile(f)
				if err != nil {
					t.Fatal(err)
				}
				want, err := os.ReadFile(strings.TrimSuffix(f, ".json") + ".w" + string(rune('0'+factor)) + ".jsonld9.nq")
				if err != nil {
					t.Fatal(err)
				}
				var doc map[string]any
				if err := json.Unmarshal(b, &doc); err != nil {
					t.Fatal(err)
				}
				defer func(w int) { workFactor = w }(workFactor)
				workFactor = factor
				got, err := l.canonicalize(doc, modeVerify)
				switch {
				case string(want) == "ERR\n":
					if !errors.Is(err, ErrUnsignable) {
						t.Errorf("canonicalize = %q, %v; want ErrUnsignable as rdf-canonize refuses it", got, err)
					}
				case err != nil:
					t.Errorf("canonicalize: %v; rdf-canonize gives\n%s", err, want)
				case got != string(want):
					t.Errorf("canonicalize =\n%s\nwant (rdf-canonize)\n%s", got, want)
				}
			})
		}
	}
}

// TestPoisonGraphIsRefusedQuickly: json-gold's canonicalization of this
// 8-node blank node clique takes over ten seconds (and hours at 10 nodes).
func TestPoisonGraphIsRefusedQuickly(t *testing.T) {
	l, err := newLoader(nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []int{8, 12, 30} {
		var nodes []any
		for i := range k {
			var knows []any
			for j := range k {
				if i != j {
					knows = append(knows, "_:b"+string(rune('A'+j)))
				}
			}
			nodes = append(nodes, map[string]any{"@id": "_:b" + string(rune('A'+i)), "knows": knows})
		}
		doc := map[string]any{
			"@context": []any{"https://www.w3.org/ns/credentials/v2",
				map[string]any{"knows": map[string]any{"@id": "https://e.example/knows", "@type": "@id"}}},
			"@graph": nodes,
		}
		start := time.Now()
		_, err := l.canonicalize(doc, modeVerify)
		if !errors.Is(err, ErrUnsignable) {
			t.Errorf("canonicalize(clique of %d) error = %v, want ErrUnsignable", k, err)
		}
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("canonicalize(clique of %d) took %v", k, d)
		}
	}
}
