package dataintegrity_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/accolade-badges/accolade/dataintegrity"
)

// FuzzVerify checks that no input makes Verify or Canonicalize panic.
func FuzzVerify(f *testing.F) {
	signed, err := dataintegrity.Sign(readTestdata(f, "ob3_credential.json"), signerFromSeedHex(f, obSeedHex), testOptions)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(signed)
	f.Add(readTestdata(f, "js_ed25519signature2020_ob302_vc11.json"))
	f.Add([]byte(`{"@context":["https://www.w3.org/ns/credentials/v2",{"@vocab":null,"x":{"@id":"_:x","@reverse":"https://a.example/r"}}],"x":{"@list":[{"@value":1.5e300},{"@value":[1,"a"],"@type":"@json"}]},"proof":[{}]}`))
	f.Add([]byte(`{"@context":"https://www.w3.org/ns/credentials/v2","@graph":[{"@id":"_:a","@type":"https://t.example/T","@included":[{"@id":"https://x.example"}]}],"proof":{"type":"Ed25519Signature2020","proofValue":"z"}}`))
	// The specification's examples, when ../shared/spec is beside the
	// repository.
	files, _ := filepath.Glob("../../shared/spec/examples/*.json")
	for _, name := range files {
		if raw, err := os.ReadFile(name); err == nil {
			f.Add(raw)
		}
	}
	f.Fuzz(func(t *testing.T, doc []byte) {
		_, _ = dataintegrity.Verify(context.Background(), doc, dataintegrity.DidKeyResolver{})
		_, _ = dataintegrity.Canonicalize(doc)
	})
}
