package verifier_test

import (
	"crypto/ed25519"
	"testing"
)

// BenchmarkVerifyJWT verifies a VC-JWT of this service's issuer, whose
// keys are known locally: parsing, the signature, claims, dates and issuer.
func BenchmarkVerifyJWT(b *testing.B) {
	rs, ed, es, _ := testKeys(b)
	for _, k := range []testKey{rs, ed, es} {
		b.Run(string(k.pub.Alg), func(b *testing.B) {
			v := newVerifier(b, newLocal(b), nil)
			tok := []byte(ownJWT(b, k))
			b.ReportAllocs()
			for b.Loop() {
				if got := v.Verify(ctx, tok, ""); !got.Verified {
					b.Fatalf("Verify = %+v", got)
				}
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "verify/s")
		})
	}
}

// BenchmarkVerifyDataIntegrity verifies a JSON credential with an
// eddsa-rdfc-2022 proof by a locally known key (canonicalisation included).
func BenchmarkVerifyDataIntegrity(b *testing.B) {
	_, ed, _, _ := testKeys(b)
	doc := signDI(b, credential(issuerID, issuerName), ed.priv.(ed25519.PrivateKey), ed.kid)
	v := newVerifier(b, newLocal(b), nil)
	b.ReportAllocs()
	for b.Loop() {
		if got := v.Verify(ctx, doc, ""); !got.Verified {
			b.Fatalf("Verify = %+v", got)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "verify/s")
}
