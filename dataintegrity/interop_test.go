package dataintegrity_test

import (
	"context"
	"encoding/json"
	"os"
	"testing"
	"time"

	"github.com/accolade-badges/accolade/dataintegrity"
)

// obSeedHex is the published Open Badges test-vector key that signed the
// JavaScript fixtures (testdata/README.md).
const obSeedHex = "6241a409e6707bb640a0140a8a32bc3d193c33a661747284d6adfa4ed4180be4"

func readTestdata(tb testing.TB, name string) []byte {
	tb.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// TestJavaScriptInterop signs the realistic credential and expects the proof
// the JavaScript reference stack made for it, byte for byte, then verifies
// both JavaScript-signed fixtures.
func TestJavaScriptInterop(t *testing.T) {
	var js struct {
		Proof struct {
			Created            string `json:"created"`
			VerificationMethod string `json:"verificationMethod"`
			ProofValue         string `json:"proofValue"`
		} `json:"proof"`
	}
	if err := json.Unmarshal(readTestdata(t, "js_eddsa-rdfc-2022_ob3_credential.json"), &js); err != nil {
		t.Fatal(err)
	}
	created, _ := time.Parse(time.RFC3339, js.Proof.Created)
	signed, err := dataintegrity.Sign(readTestdata(t, "ob3_credential.json"), signerFromSeedHex(t, obSeedHex),
		dataintegrity.Options{VerificationMethod: js.Proof.VerificationMethod, Created: created})
	if err != nil {
		t.Fatalf("Sign: %v", err)
	}
	var got struct {
		Proof []struct {
			ProofValue string `json:"proofValue"`
		} `json:"proof"`
	}
	if err := json.Unmarshal(signed, &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Proof) != 1 || got.Proof[0].ProofValue != js.Proof.ProofValue {
		t.Errorf("Sign proofValue = %+v, want %s (jsonld-signatures)", got.Proof, js.Proof.ProofValue)
	}

	for _, name := range []string{"js_eddsa-rdfc-2022_ob3_credential.json", "js_ed25519signature2020_ob302_vc11.json"} {
		t.Run(name, func(t *testing.T) {
			res, err := dataintegrity.Verify(context.Background(), readTestdata(t, name), dataintegrity.DidKeyResolver{})
			if err != nil {
				t.Fatalf("Verify: %v", err)
			}
			if len(res) != 1 || res[0].Err != nil {
				t.Errorf("Verify = %+v, want one verified proof", res)
			}
		})
	}
}
