package keys

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rsa"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"os"
	"testing"

	"github.com/mr-tron/base58"

	"github.com/accolade-badges/accolade/errs"
)

// obVectorKey reads the Ed25519 key pair of the official OB 3.0
// eddsa-rdfc-2022 test vector.
func obVectorKey(t *testing.T) (pub ed25519.PublicKey, multibase string) {
	t.Helper()
	b, err := os.ReadFile(specFile(t, "test-vectors/ob3_eddsa-rdfc-2022_test-vector.json"))
	if err != nil {
		t.Fatal(err)
	}
	var v struct {
		KeyPair struct {
			PublicKeyHex       string `json:"publicKeyHex"`
			PublicKeyMultibase string `json:"publicKeyMultibase"`
		} `json:"keyPair"`
	}
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatalf("parsing test vector: %v", err)
	}
	raw, err := hex.DecodeString(v.KeyPair.PublicKeyHex)
	if err != nil {
		t.Fatalf("decoding publicKeyHex: %v", err)
	}
	return ed25519.PublicKey(raw), v.KeyPair.PublicKeyMultibase
}

func TestMultikeyOBVector(t *testing.T) {
	pub, want := obVectorKey(t)
	if want != "z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi" {
		t.Fatalf("test vector publicKeyMultibase = %q, want the published z6MkjZRZ…", want)
	}
	got, err := PublicKey{Alg: EdDSA, Key: pub}.Multikey()
	if err != nil || got != want {
		t.Errorf("Multikey() = %q, %v; want %q", got, err, want)
	}
	for _, in := range []string{want, "did:key:" + want, "did:key:" + want + "#" + want} {
		var key any
		var err error
		if in == want {
			key, err = ParseMultikey(in)
		} else {
			key, err = ParseDIDKey(in)
		}
		if err != nil {
			t.Errorf("parse(%q): %v", in, err)
			continue
		}
		if k, ok := key.(ed25519.PublicKey); !ok || !k.Equal(pub) {
			t.Errorf("parse(%q) = %x, want %x", in, key, pub)
		}
	}
	if did, err := DIDKey(pub); err != nil || did != "did:key:"+want {
		t.Errorf("DIDKey = %q, %v; want did:key:%s", did, err, want)
	}
}

func TestMultikeyW3CVector(t *testing.T) {
	b, err := os.ReadFile(specFile(t, "test-vectors/w3c-vc-di-eddsa/keyPair.json"))
	if err != nil {
		t.Fatal(err)
	}
	var kp struct{ PublicKeyMultibase string }
	if err := json.Unmarshal(b, &kp); err != nil {
		t.Fatal(err)
	}
	key, err := ParseMultikey(kp.PublicKeyMultibase)
	if err != nil {
		t.Fatalf("ParseMultikey(%q): %v", kp.PublicKeyMultibase, err)
	}
	if got, err := EncodeMultikey(key); err != nil || got != kp.PublicKeyMultibase {
		t.Errorf("EncodeMultikey(ParseMultikey(%q)) = %q, %v", kp.PublicKeyMultibase, got, err)
	}
}

// TestMultikeyP256Vector uses the P-256 example of the did:key test vectors
// (w3c-ccg/did-key-spec, nist-curves), also used by Digital Bazaar's and
// Spruce's libraries.
func TestMultikeyP256Vector(t *testing.T) {
	const mk = "zDnaerDaTF5BXEavCrfRZEk316dpbLsfPDZ3WJ5hRTPFU2169"
	const x, y = "fyNYMN0976ci7xqiSdag3buk-ZCwgXU4kz9XNkBlNUI", "hW2ojTNfH7Jbi8--CJUo3OCbH3y5n91g-IMA9MLMbTU"
	key, err := ParseDIDKey("did:key:" + mk)
	if err != nil {
		t.Fatalf("ParseDIDKey: %v", err)
	}
	k, ok := key.(*ecdsa.PublicKey)
	if !ok {
		t.Fatalf("ParseDIDKey returned %T, want *ecdsa.PublicKey", key)
	}
	u, _ := k.Bytes()
	if gx, gy := base64.RawURLEncoding.EncodeToString(u[1:33]), base64.RawURLEncoding.EncodeToString(u[33:]); gx != x || gy != y {
		t.Errorf("point = (%s, %s), want (%s, %s)", gx, gy, x, y)
	}
	if got, err := EncodeMultikey(k); err != nil || got != mk {
		t.Errorf("EncodeMultikey = %q, %v; want %q", got, err, mk)
	}
}

func TestMultikeyRoundTrip(t *testing.T) {
	for _, alg := range []Algorithm{EdDSA, ES256} {
		t.Run(string(alg), func(t *testing.T) {
			for i := range 20 {
				priv, err := generateKey(alg, testRand(byte(i)))
				if err != nil {
					t.Fatal(err)
				}
				mk, err := EncodeMultikey(priv.Public())
				if err != nil {
					t.Fatalf("EncodeMultikey: %v", err)
				}
				got, err := ParseMultikey(mk)
				if err != nil {
					t.Fatalf("ParseMultikey(%q): %v", mk, err)
				}
				if !keyEqual(priv.Public(), got) {
					t.Errorf("ParseMultikey(%q) = %v, want %v", mk, got, priv.Public())
				}
			}
		})
	}
}

func TestMultikeyErrors(t *testing.T) {
	enc := func(b ...byte) string { return "z" + base58.Encode(b) }
	key32 := make([]byte, 32)
	tests := []struct{ name, in string }{
		{"empty", ""},
		{"only prefix", "z"},
		{"base64 multibase", "mAQID"},
		{"bad base58 character", "z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hw0"},
		{"secp256k1 multicodec", enc(append([]byte{0xe7, 0x01}, make([]byte, 33)...)...)},
		{"x25519 multicodec", enc(append([]byte{0xec, 0x01}, key32...)...)},
		{"ed25519 too short", enc(append([]byte{0xed, 0x01}, key32[:31]...)...)},
		{"ed25519 too long", enc(append([]byte{0xed, 0x01}, make([]byte, 33)...)...)},
		{"p256 uncompressed", enc(append([]byte{0x80, 0x24, 0x04}, make([]byte, 64)...)...)},
		{"p256 x beyond the field", enc(append([]byte{0x80, 0x24, 0x02}, bytes.Repeat([]byte{0xff}, 32)...)...)},
		{"p256 bad point prefix", enc(append([]byte{0x80, 0x24, 0x05}, key32...)...)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseMultikey(tt.in)
			wantErr(t, "ParseMultikey("+tt.in+")", err, errs.Invalid, nil)
		})
	}
	didTests := []struct{ name, in string }{
		{"not did:key", "did:web:example.org"},
		{"no key", "did:key:"},
		{"other fragment", "did:key:z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi#key-1"},
		{"wrong multicodec", "did:key:" + enc(append([]byte{0xe7, 0x01}, make([]byte, 33)...)...)},
	}
	for _, tt := range didTests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseDIDKey(tt.in)
			wantErr(t, "ParseDIDKey("+tt.in+")", err, errs.Invalid, nil)
		})
	}
	rsaKey, err := rsa.GenerateKey(nil, 1024)
	if err != nil {
		t.Fatal(err)
	}
	p384, _ := ecdsa.GenerateKey(elliptic.P384(), nil)
	for _, k := range []any{&rsaKey.PublicKey, &p384.PublicKey, ed25519.PublicKey(key32[:5])} {
		if _, err := EncodeMultikey(k); errs.KindOf(err) != errs.Invalid {
			t.Errorf("EncodeMultikey(%T) error = %v, want kind Invalid", k, err)
		}
	}
}

// keyEqual reports whether two public keys are equal.
func keyEqual(a, b crypto.PublicKey) bool {
	eq, ok := a.(interface{ Equal(crypto.PublicKey) bool })
	return ok && eq.Equal(b)
}
