package issuer_test

import (
	"context"
	"testing"

	"github.com/accolade-badges/accolade/issuer"
	"github.com/accolade-badges/accolade/keys"
)

// BenchmarkIssue measures the whole issuing path per credential: reserve in
// bbolt, build, validate, Data Integrity proof (Ed25519 over RDFC-1.0), VC-JWT
// signature with the issuer's algorithm, and the stored record.
func BenchmarkIssue(b *testing.B) {
	for _, alg := range []keys.Algorithm{keys.RS256, keys.EdDSA} {
		b.Run(string(alg), func(b *testing.B) {
			f := newFixture(b, alg)
			members := benchMembers(b, f, b.N)
			ctx := context.Background()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if _, err := f.svc.Issue(ctx, issuer.Request{Achievement: "project-trainer", Member: members[i].ID}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "credentials/s")
		})
	}
}
