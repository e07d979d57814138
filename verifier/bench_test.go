package verifier_test

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"math/big"
	"strings"
	"testing"

	"github.com/go-jose/go-jose/v4"

	"github.com/accolade-badges/accolade/dataintegrity"
	"github.com/accolade-badges/accolade/verifier"
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

// BenchmarkVerifyBaseline is the cryptography of BenchmarkVerifyJWT and
// BenchmarkVerifyDataIntegrity alone, with the same keys and documents:
// the VC-JWT's signature checked with the raw public key, and for Data
// Integrity the RDFC-1.0 canonicalisation of the credential (its proof
// removed) and an Ed25519 verification.
func BenchmarkVerifyBaseline(b *testing.B) {
	rs, ed, es, _ := testKeys(b)
	for _, k := range []testKey{rs, ed, es} {
		b.Run(string(k.pub.Alg), func(b *testing.B) {
			tok := ownJWT(b, k)
			dot := strings.LastIndex(tok, ".")
			input := []byte(tok[:dot])
			sig, err := base64.RawURLEncoding.DecodeString(tok[dot+1:])
			if err != nil {
				b.Fatal(err)
			}
			check := func() bool {
				switch pub := k.priv.Public().(type) {
				case ed25519.PublicKey:
					return ed25519.Verify(pub, input, sig)
				case *rsa.PublicKey:
					h := sha256.Sum256(input)
					return rsa.VerifyPKCS1v15(pub, crypto.SHA256, h[:], sig) == nil
				case *ecdsa.PublicKey:
					h := sha256.Sum256(input)
					r, s := new(big.Int).SetBytes(sig[:32]), new(big.Int).SetBytes(sig[32:])
					return ecdsa.Verify(pub, h[:], r, s)
				}
				return false
			}
			if !check() {
				b.Fatal("the signature does not verify")
			}
			b.ReportAllocs()
			for b.Loop() {
				if !check() {
					b.Fatal("the signature does not verify")
				}
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "verify/s")
		})
	}
	b.Run("DataIntegrity", func(b *testing.B) {
		doc := signDI(b, credential(issuerID, issuerName), ed.priv.(ed25519.PrivateKey), ed.kid)
		var m map[string]any
		if err := json.Unmarshal(doc, &m); err != nil {
			b.Fatal(err)
		}
		delete(m, "proof")
		unsigned, _ := json.Marshal(m)
		pub := ed.priv.Public().(ed25519.PublicKey)
		sig := ed25519.Sign(ed.priv.(ed25519.PrivateKey), make([]byte, 64))
		b.ReportAllocs()
		for b.Loop() {
			nq, err := dataintegrity.Canonicalize(unsigned)
			if err != nil {
				b.Fatal(err)
			}
			h := sha256.Sum256([]byte(nq))
			var data [64]byte
			copy(data[32:], h[:]) // the proof configuration's hash, then the document's
			ed25519.Verify(pub, data[:], sig)
		}
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "verify/s")
	})
}

// BenchmarkVerifyStatusList verifies another issuer's VC-JWT (ES256, key
// in the header) with a Bitstring Status List entry whose list is cached
// after the first fetch, beside the same credential without the entry:
// the cost of the status check on the verify path.
func BenchmarkVerifyStatusList(b *testing.B) {
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	list := listJWT(b, key, statusListCredential(foreignIssuer, "revocation", encodeList(b, 16384)))
	without := credential(foreignIssuer, "Somebody")
	for _, bc := range []struct {
		name string
		cred []byte
	}{
		{"without", []byte(sign(b, key, jose.ES256, payload(without), map[string]any{"jwk": true}))},
		{"with-status", statusJWT(b, key, entry("revocation", "3"))},
	} {
		b.Run(bc.name, func(b *testing.B) {
			v := newVerifier(b, nil, &offline{docs: map[string]string{listURL: list}})
			if got := v.Verify(ctx, bc.cred, ""); got.Outcome != verifier.OutcomeUnconfirmedIssuer {
				b.Fatalf("Verify outcome = %s; checks %+v", got.Outcome, got.Checks)
			}
			b.ReportAllocs()
			for b.Loop() {
				v.Verify(ctx, bc.cred, "")
			}
		})
	}
}
