package issuer_test

import (
	"context"
	"crypto"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/dataintegrity"
	"github.com/accolade-badges/accolade/issuer"
	"github.com/accolade-badges/accolade/keys"
)

// issueParallelism is goroutines per core in the parallel issuance
// benchmark: most of them wait for a commit at any moment, and share it.
const issueParallelism = 16

// BenchmarkIssueParallel issues credentials from many goroutines, as a
// bulk award or concurrent API clients do: built, both proofs, durably
// stored (the store's group commit). Its baseline, in the same run, is
// BenchmarkIssueBaseline.
func BenchmarkIssueParallel(b *testing.B) {
	for _, alg := range []keys.Algorithm{keys.RS256, keys.EdDSA} {
		b.Run(string(alg), func(b *testing.B) {
			f := newFixture(b, alg)
			members := benchMembers(b, f, b.N)
			ctx := context.Background()
			var next atomic.Int64
			b.SetParallelism(issueParallelism)
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					m := members[next.Add(1)-1]
					if _, err := f.svc.Issue(ctx, issuer.Request{Achievement: "project-trainer", Member: m.ID}); err != nil {
						b.Error(err)
						return
					}
				}
			})
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "credentials/s")
		})
	}
}

// benchMembers stores n members, m0 to m(n-1), in batches.
func benchMembers(b *testing.B, f *fixture, n int) []*accolade.Member {
	b.Helper()
	members := make([]*accolade.Member, n)
	for i := range members {
		members[i] = &accolade.Member{ID: fmt.Sprintf("m%d", i), Name: "Member", Email: fmt.Sprintf("m%d@example.org", i)}
	}
	for i := 0; i < len(members); i += 5000 {
		if _, err := f.db.PutMembers(members[i:min(i+5000, len(members))]); err != nil {
			b.Fatal(err)
		}
	}
	return members
}

// BenchmarkIssueBaseline is the cryptography of one issuance and nothing
// else, on all cores: RDFC-1.0 canonicalisation of a credential the
// service issued (its proof removed) and the two signatures, with raw
// keys: Ed25519 for the Data Integrity proof, and the VC-JWT's algorithm
// over a signing input of the real token's size. RS256-signature is one
// RSA-2048 signature and nothing else.
func BenchmarkIssueBaseline(b *testing.B) {
	for _, alg := range []keys.Algorithm{keys.RS256, keys.EdDSA} {
		b.Run(string(alg), func(b *testing.B) {
			f := newFixture(b, alg)
			rec, err := f.svc.Issue(context.Background(), issuer.Request{Achievement: "project-trainer", Member: "layla"})
			if err != nil {
				b.Fatal(err)
			}
			var doc map[string]any
			if err := json.Unmarshal(rec.JSON, &doc); err != nil {
				b.Fatal(err)
			}
			delete(doc, "proof")
			unsigned, _ := json.Marshal(doc)
			input := []byte(rec.JWT[:strings.LastIndex(rec.JWT, ".")])
			_, ed, _ := ed25519.GenerateKey(rand.Reader)
			var rs *rsa.PrivateKey
			if alg == keys.RS256 {
				if rs, err = rsa.GenerateKey(rand.Reader, 2048); err != nil {
					b.Fatal(err)
				}
			}
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					nq, err := dataintegrity.Canonicalize(unsigned)
					if err != nil {
						b.Error(err)
						return
					}
					h := sha256.Sum256([]byte(nq))
					ed25519.Sign(ed, h[:])
					if rs != nil {
						d := sha256.Sum256(input)
						if _, err := rsa.SignPKCS1v15(nil, rs, crypto.SHA256, d[:]); err != nil {
							b.Error(err)
							return
						}
					} else {
						ed25519.Sign(ed, input)
					}
				}
			})
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "credentials/s")
		})
	}
	// The issue's baseline for RS256: its signature alone.
	b.Run("RS256-signature", func(b *testing.B) {
		rs, err := rsa.GenerateKey(rand.Reader, 2048)
		if err != nil {
			b.Fatal(err)
		}
		d := sha256.Sum256(make([]byte, 4000))
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if _, err := rsa.SignPKCS1v15(nil, rs, crypto.SHA256, d[:]); err != nil {
					b.Error(err)
					return
				}
			}
		})
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "credentials/s")
	})
}
