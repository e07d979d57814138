package main

import (
	"strings"
	"testing"
)

func TestParseAndRender(t *testing.T) {
	rs := results{}
	parse(strings.NewReader(`goos: linux
BenchmarkIssueParallel/EdDSA-2         	    1500	   3129569 ns/op	      2000 credentials/s
BenchmarkIssueBaseline/EdDSA-2         	    9532	   1225031 ns/op	      3000 credentials/s
BenchmarkHTTPIssue-2   	     300	  29709242 ns/op	        42.06 p50-ms	       7.5 p99-ms	        33.66 req/s
BenchmarkRender/latin-2   	     300	  29709242 ns/op	        11.5 ms/op	       40123 bytes/pdf
BenchmarkHostileInputs/pdf_50,000_objects-2 	5	 312400000 ns/op
BenchmarkHostileInputs/json_2_MiB_of_keys-2 	5	 26000 ns/op
PASS
`), rs)
	if got := rs["BenchmarkHTTPIssue"]["p99-ms"]; got != 7.5 {
		t.Fatalf("p99-ms = %v, want 7.5 (parsed %v)", got, rs)
	}
	out := render(rs, false)
	for _, want := range []string{
		"| bulk issuance, VC-JWT EdDSA + Data Integrity, built, signed and durably stored, all cores | 2,000 credentials/s | 3,000 credentials/s | 67% |",
		"| … its p99 latency | 7.5 ms |  |  | < 10 ms | yes |",
		"| issuance over loopback HTTP, 4 connections, EdDSA, both proofs | 34 credentials/s |  |  | ≥ 3,400/s | no |",
		"312 ms (pdf 50,000 objects)",
		"| PDF certificate, Latin name | 29.7 ms, 40 KB |",
		"| status list check (cached) on the verify path | not measured |",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the table lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "100,000 × 1,000,000") {
		t.Errorf("the table has a BENCH_FULL row without -full:\n%s", out)
	}
}
