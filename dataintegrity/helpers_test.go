package dataintegrity_test

import (
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/mr-tron/base58"

	"github.com/accolade-badges/accolade/dataintegrity"
	"github.com/accolade-badges/accolade/errs"
)

// specDir is the official reference data, relative to this package.
const specDir = "../../shared/spec"

// readSpec returns a file under specDir, skipping the test when the
// reference data is not checked out next to the repository.
func readSpec(tb testing.TB, rel string) []byte {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join(specDir, rel))
	if os.IsNotExist(err) {
		tb.Skip("../shared/spec not present: ", err)
	}
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// readSpecJSON decodes a spec file into v.
func readSpecJSON(tb testing.TB, rel string, v any) {
	tb.Helper()
	if err := json.Unmarshal(readSpec(tb, rel), v); err != nil {
		tb.Fatalf("%s: %v", rel, err)
	}
}

// examplesContext makes the W3C examples context available, as the W3C test
// vectors need it.
func examplesContext(tb testing.TB) dataintegrity.Option {
	tb.Helper()
	return dataintegrity.WithContexts(map[string][]byte{
		"https://www.w3.org/ns/credentials/examples/v2": readSpec(tb, "test-vectors/w3c-vc-di-eddsa/credentials-examples-v2-context.json"),
	})
}

// keySigner is a test Signer over an Ed25519 private key.
type keySigner ed25519.PrivateKey

func (k keySigner) Sign(msg []byte) ([]byte, error) {
	return ed25519.Sign(ed25519.PrivateKey(k), msg), nil
}

// signerFromSeedHex builds a signer from a hex private key: a 32-byte seed,
// or the 64-byte seed ‖ public key form.
func signerFromSeedHex(tb testing.TB, h string) keySigner {
	tb.Helper()
	b, err := hex.DecodeString(h)
	if err != nil {
		tb.Fatal(err)
	}
	return keySigner(ed25519.NewKeyFromSeed(b[:ed25519.SeedSize]))
}

// signerFromMultikey decodes a Multikey Ed25519 secret key (multicodec
// ed25519-priv, 0x1300, varint 0x80 0x26).
func signerFromMultikey(tb testing.TB, s string) keySigner {
	tb.Helper()
	b, err := base58.Decode(s[1:])
	if err != nil || len(b) != 34 || b[0] != 0x80 || b[1] != 0x26 {
		tb.Fatalf("secret multikey %q: %x, %v", s, b, err)
	}
	return keySigner(ed25519.NewKeyFromSeed(b[2:]))
}

// keyResolver maps verification methods to keys, all authorised for one
// purpose by one controller.
type keyResolver struct {
	keys       map[string]ed25519.PublicKey
	controller string
	purpose    string
}

func (r keyResolver) ResolveKey(_ context.Context, vm, purpose string) (ed25519.PublicKey, string, error) {
	k, ok := r.keys[vm]
	if !ok {
		return nil, "", errs.E(errs.NotFound, "no key %s", vm)
	}
	p := r.purpose
	if p == "" {
		p = "assertionMethod"
	}
	if purpose != p {
		return nil, "", errs.E(errs.Forbidden, "%s not authorised for %s", vm, purpose)
	}
	return k, r.controller, nil
}

func mustMultikey(tb testing.TB, s string) ed25519.PublicKey {
	tb.Helper()
	k, err := dataintegrity.DecodeMultikey(s)
	if err != nil {
		tb.Fatal(err)
	}
	return k
}

func mustJSON(tb testing.TB, v any) []byte {
	tb.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}
