package dataintegrity_test

import (
	"context"
	"sync"
	"testing"

	"github.com/accolade-badges/accolade/dataintegrity"
)

// The benchmarks use testdata/ob3_credential.json, a 2.9 KB Open Badges 3.0
// credential (1.8 KB compact) with 52 quads and two blank nodes.

func BenchmarkCanonicalize(b *testing.B) {
	doc := readTestdata(b, "ob3_credential.json")
	if _, err := dataintegrity.Canonicalize(doc); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	cpu := dataintegrity.StartCPU()
	defer cpu.Report(b)
	for b.Loop() {
		if _, err := dataintegrity.Canonicalize(doc); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSign(b *testing.B) {
	doc := readTestdata(b, "ob3_credential.json")
	signer := signerFromSeedHex(b, obSeedHex)
	b.ReportAllocs()
	cpu := dataintegrity.StartCPU()
	defer cpu.Report(b)
	for b.Loop() {
		if _, err := dataintegrity.Sign(doc, signer, testOptions); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkVerify(b *testing.B) {
	signed, err := dataintegrity.Sign(readTestdata(b, "ob3_credential.json"), signerFromSeedHex(b, obSeedHex), testOptions)
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.ReportAllocs()
	cpu := dataintegrity.StartCPU()
	defer cpu.Report(b)
	for b.Loop() {
		res, err := dataintegrity.Verify(ctx, signed, dataintegrity.DidKeyResolver{})
		if err != nil || res[0].Err != nil {
			b.Fatal(err, res)
		}
	}
}

// TestConcurrentUse runs Sign and Verify from several goroutines over the
// shared processed-context cache; run it with -race.
func TestConcurrentUse(t *testing.T) {
	doc := readTestdata(t, "ob3_credential.json")
	signer := signerFromSeedHex(t, obSeedHex)
	want, err := dataintegrity.Sign(doc, signer, testOptions)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 5 {
				got, err := dataintegrity.Sign(doc, signer, testOptions)
				if err != nil || string(got) != string(want) {
					t.Errorf("concurrent Sign = %s, %v", got, err)
					return
				}
				res, err := dataintegrity.Verify(context.Background(), got, dataintegrity.DidKeyResolver{})
				if err != nil || res[0].Err != nil {
					t.Errorf("concurrent Verify = %+v, %v", res, err)
					return
				}
			}
		})
	}
	wg.Wait()
}
