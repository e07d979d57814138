package dataintegrity

import (
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"os"
	"testing"
	"time"
)

// Sign and Verify of testdata/ob3_credential.json on two loaders, one with
// the fast expansion and one with json-gold's only, so that one benchmark
// run shows both (BenchmarkSign and BenchmarkVerify use the default loader,
// which has the fast path).

type benchSigner ed25519.PrivateKey

func (k benchSigner) Sign(msg []byte) ([]byte, error) {
	return ed25519.Sign(ed25519.PrivateKey(k), msg), nil
}

// benchSetup returns the credential, a did:key signer and its options, and
// an Option selecting a loader with or without the fast path.
func benchSetup(b *testing.B, noFast bool) ([]byte, benchSigner, Options, Option) {
	doc, err := os.ReadFile("testdata/ob3_credential.json")
	if err != nil {
		b.Fatal(err)
	}
	seed, _ := hex.DecodeString("6241a409e6707bb640a0140a8a32bc3d193c33a661747284d6adfa4ed4180be4")
	key := ed25519.NewKeyFromSeed(seed)
	mk := EncodeMultikey(key.Public().(ed25519.PublicKey))
	vm := "did:key:" + mk + "#" + mk
	l, err := newLoader(nil)
	if err != nil {
		b.Fatal(err)
	}
	l.noFast = noFast
	opts := Options{VerificationMethod: vm, Created: time.Date(2025, 3, 14, 9, 27, 0, 0, time.UTC)}
	return doc, benchSigner(key), opts, func(s *settings) { s.loader = l }
}

func benchmarkSign(b *testing.B, noFast bool) {
	doc, signer, opts, withLoader := benchSetup(b, noFast)
	b.ReportAllocs()
	cpu := StartCPU()
	defer cpu.Report(b)
	for b.Loop() {
		if _, err := Sign(doc, signer, opts, withLoader); err != nil {
			b.Fatal(err)
		}
	}
}

func benchmarkVerify(b *testing.B, noFast bool) {
	doc, signer, opts, withLoader := benchSetup(b, noFast)
	signed, err := Sign(doc, signer, opts, withLoader)
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.ReportAllocs()
	cpu := StartCPU()
	defer cpu.Report(b)
	for b.Loop() {
		res, err := Verify(ctx, signed, DidKeyResolver{}, withLoader)
		if err != nil || res[0].Err != nil {
			b.Fatal(err, res)
		}
	}
}

func BenchmarkSignFastExpand(b *testing.B)       { benchmarkSign(b, false) }
func BenchmarkSignJSONGoldExpand(b *testing.B)   { benchmarkSign(b, true) }
func BenchmarkVerifyFastExpand(b *testing.B)     { benchmarkVerify(b, false) }
func BenchmarkVerifyJSONGoldExpand(b *testing.B) { benchmarkVerify(b, true) }
