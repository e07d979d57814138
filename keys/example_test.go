package keys_test

import (
	"crypto/ed25519"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/accolade-badges/accolade/keys"
)

func ExampleDIDWebOf() {
	did, _ := keys.DIDWebOf("https://example.org:8443/x", "issuers", "default")
	fmt.Println(did)
	url, _ := keys.DIDWebURL(did)
	fmt.Println(url)
	// Output:
	// did:web:example.org%3A8443:x:issuers:default
	// https://example.org:8443/x/issuers/default/did.json
}

func ExamplePublicKey_Multikey() {
	raw, _ := hex.DecodeString("4bdeafde2ea8beefadd8c699b5c7e0704cf51154d52e17b20b71337ca04cc5a5")
	p := keys.PublicKey{Alg: keys.EdDSA, Key: ed25519.PublicKey(raw)}
	mk, _ := p.Multikey()
	fmt.Println(mk)
	// Output: z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi
}

func ExampleParseDIDKey() {
	key, err := keys.ParseDIDKey("did:key:z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi#z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi")
	fmt.Printf("%T %v\n", key, err)
	// Output: ed25519.PublicKey <nil>
}

// memStore is a minimal in-memory keys.Store for the example.
type memStore map[string]keys.Record

func (m memStore) PutKeys(recs ...keys.Record) error {
	for _, r := range recs {
		m[r.ID] = r
	}
	return nil
}

func (m memStore) ListKeys() ([]keys.Record, error) {
	var out []keys.Record
	for _, r := range m {
		out = append(out, r)
	}
	return out, nil
}

func (m memStore) DeleteKey(id string) error {
	delete(m, id)
	return nil
}

func ExampleSignJWT() {
	dir, _ := os.MkdirTemp("", "keys-example")
	defer os.RemoveAll(dir)
	sealer, err := keys.LoadOrCreateKeyFile(filepath.Join(dir, "keys.key"), nil)
	if err != nil {
		panic(err)
	}
	ring, err := keys.Open(keys.Config{Store: memStore{}, Sealer: sealer})
	if err != nil {
		panic(err)
	}
	if _, err := ring.EnsureIssuer("default"); err != nil {
		panic(err)
	}
	signer, _ := ring.Signer("default", keys.EdDSA)
	kid := "https://example.org/.well-known/jwks.json#" + signer.KeyID()
	tok, _ := keys.SignJWT(signer, kid, []byte(`{"iss":"https://example.org/issuers/default"}`))
	header, _ := base64.RawURLEncoding.DecodeString(strings.Split(tok, ".")[0])
	fmt.Println(strings.Replace(string(header), signer.KeyID(), "<id>", 1))
	// Output: {"alg":"EdDSA","kid":"https://example.org/.well-known/jwks.json#<id>","typ":"JWT"}
}
