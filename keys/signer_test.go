package keys

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"
	"math/big"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/go-jose/go-jose/v4"

	"github.com/accolade-badges/accolade/errs"
)

// signers returns a keyring with one active key per algorithm for issuer
// "default". Keys are generated once per test binary: RSA generation is slow.
var signers = sync.OnceValues(func() (*Keyring, error) {
	s, err := newPassphraseSealer("pw", cheapArgon)
	if err != nil {
		return nil, err
	}
	k, err := Open(Config{Store: newMemStore(), Sealer: s, Rand: testRand(200), Now: newClock().Now})
	if err != nil {
		return nil, err
	}
	for _, alg := range algorithms {
		if _, err := k.Generate("default", alg); err != nil {
			return nil, err
		}
	}
	return k, nil
})

func testSigner(tb testing.TB, alg Algorithm) Signer {
	tb.Helper()
	k, err := signers()
	if err != nil {
		tb.Fatalf("creating test keyring: %v", err)
	}
	s, err := k.Signer("default", alg)
	if err != nil {
		tb.Fatalf("Signer(default, %s): %v", alg, err)
	}
	return s
}

// verifyStdlib checks sig with the standard library alone.
func verifyStdlib(pub crypto.PublicKey, msg, sig []byte) bool {
	h := sha256.Sum256(msg)
	switch k := pub.(type) {
	case *rsa.PublicKey:
		return rsa.VerifyPKCS1v15(k, crypto.SHA256, h[:], sig) == nil
	case *ecdsa.PublicKey:
		return len(sig) == 64 && ecdsa.Verify(k, h[:], new(big.Int).SetBytes(sig[:32]), new(big.Int).SetBytes(sig[32:]))
	case ed25519.PublicKey:
		return ed25519.Verify(k, msg, sig)
	}
	return false
}

func TestSignVerify(t *testing.T) {
	msg := []byte("an OpenBadgeCredential")
	for _, alg := range algorithms {
		t.Run(string(alg), func(t *testing.T) {
			s := testSigner(t, alg)
			if s.Algorithm() != alg || s.Issuer() != "default" || s.KeyID() != s.Public().ID {
				t.Errorf("signer = (%s, %q, %q), want (%s, default, %q)", s.Algorithm(), s.Issuer(), s.KeyID(), alg, s.Public().ID)
			}
			sig, err := s.Sign(msg)
			if err != nil {
				t.Fatalf("Sign: %v", err)
			}
			if !verifyStdlib(s.Public().Key, msg, sig) {
				t.Errorf("%s signature does not verify with the standard library", alg)
			}
			if err := s.Public().Verify(msg, sig); err != nil {
				t.Errorf("PublicKey.Verify: %v", err)
			}
			if err := s.Public().Verify([]byte("tampered"), sig); errs.KindOf(err) != errs.Invalid {
				t.Errorf("PublicKey.Verify(tampered) = %v, want kind Invalid", err)
			}
			again, _ := s.Sign(msg)
			if !bytes.Equal(sig, again) {
				t.Errorf("%s signatures differ between two calls, want deterministic", alg)
			}
		})
	}
}

func TestSignJWT(t *testing.T) {
	payload := []byte(`{"iss":"https://example.org/issuers/default","jti":"urn:uuid:1"}`)
	for _, alg := range algorithms {
		t.Run(string(alg), func(t *testing.T) {
			s := testSigner(t, alg)
			kid := "https://example.org/.well-known/jwks.json#" + s.KeyID()
			tok, err := SignJWT(s, kid, payload)
			if err != nil {
				t.Fatalf("SignJWT: %v", err)
			}
			jws, err := jose.ParseSignedCompact(tok, []jose.SignatureAlgorithm{jose.SignatureAlgorithm(alg)})
			if err != nil {
				t.Fatalf("jose.ParseSignedCompact: %v", err)
			}
			got, err := jws.Verify(s.Public().Key)
			if err != nil {
				t.Fatalf("jws.Verify: %v", err)
			}
			if !bytes.Equal(got, payload) {
				t.Errorf("payload = %s, want %s", got, payload)
			}
			other := jose.RS256
			if alg == RS256 {
				other = jose.EdDSA
			}
			if _, err := jose.ParseSignedCompact(tok, []jose.SignatureAlgorithm{other}); err == nil {
				t.Errorf("jose.ParseSignedCompact with allow-list [%s] accepted a %s token", other, alg)
			}
			checkJWTHeader(t, tok, map[string]string{"alg": string(alg), "kid": kid, "typ": "JWT"})
		})
	}
	t.Run("empty kid", func(t *testing.T) {
		_, err := SignJWT(testSigner(t, EdDSA), "", payload)
		wantErr(t, "SignJWT(kid \"\")", err, errs.Invalid, nil)
	})
}

// checkJWTHeader decodes a compact JWS's protected header by hand and
// checks that it is exactly want.
func checkJWTHeader(t *testing.T, tok string, want map[string]string) {
	t.Helper()
	parts := strings.Split(tok, ".")
	if len(parts) != 3 {
		t.Fatalf("token has %d parts, want 3", len(parts))
	}
	raw, err := base64.RawURLEncoding.DecodeString(parts[0])
	if err != nil {
		t.Fatalf("decoding header: %v", err)
	}
	var got map[string]any
	if err := json.Unmarshal(raw, &got); err != nil {
		t.Fatalf("parsing header %s: %v", raw, err)
	}
	if keys := slices.Sorted(maps.Keys(got)); !slices.Equal(keys, []string{"alg", "kid", "typ"}) {
		t.Errorf("header %s has keys %v, want exactly [alg kid typ]", raw, keys)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("header %q = %v, want %q", k, got[k], v)
		}
	}
}

// sprintAll formats v with every verb likely to be used on it.
func sprintAll(v any) string {
	return fmt.Sprintf("%v %+v %#v %s %x %X %q %d", v, v, v, v, v, v, v, v)
}

// encodings returns the forms in which secret bytes might leak.
func encodings(b []byte) []string {
	return []string{
		string(b),
		hex.EncodeToString(b),
		strings.ToUpper(hex.EncodeToString(b)),
		base64.StdEncoding.EncodeToString(b)[:20],
		base64.RawURLEncoding.EncodeToString(b)[:20],
		strings.Trim(fmt.Sprint(b), "[]"),
	}
}

// privateBytes returns the bytes that identify a signer's private key.
func privateBytes(t *testing.T, s Signer) []byte {
	t.Helper()
	switch k := s.(*signer).priv.key.(type) {
	case ed25519.PrivateKey:
		return k.Seed()
	case *ecdsa.PrivateKey:
		b, err := k.Bytes()
		if err != nil {
			t.Fatal(err)
		}
		return b
	case *rsa.PrivateKey:
		return k.D.Bytes()
	}
	t.Fatalf("unexpected key type %T", s.(*signer).priv.key)
	return nil
}

func TestFormatHidesPrivateKeys(t *testing.T) {
	k, err := signers()
	if err != nil {
		t.Fatal(err)
	}
	for _, alg := range algorithms {
		t.Run(string(alg), func(t *testing.T) {
			s := testSigner(t, alg)
			secret := privateBytes(t, s)
			j, _ := json.Marshal(s)
			outs := map[string]string{
				"keyring": sprintAll(k),
				"signer":  sprintAll(s),
				"slots":   sprintAll(k.keys),
				"json":    string(j),
			}
			if rk, ok := s.(*signer).priv.key.(*rsa.PrivateKey); ok {
				secret = rk.D.Bytes()
				outs["decimal"] = sprintAll(k) + sprintAll(s)
				if strings.Contains(outs["decimal"], rk.D.String()) {
					t.Errorf("formatting shows the RSA private exponent")
				}
			}
			for what, out := range outs {
				for _, enc := range encodings(secret) {
					if strings.Contains(out, enc) {
						t.Errorf("%s output %.80q... contains private key bytes as %q", what, out, enc)
					}
				}
			}
		})
	}
	if _, err := json.Marshal(testSigner(t, EdDSA).(*signer).priv); err == nil {
		t.Errorf("json.Marshal(privateKey) = nil error, want a refusal")
	}
}

func BenchmarkSign(b *testing.B) {
	msg := bytes.Repeat([]byte("x"), 1024)
	for _, alg := range algorithms {
		b.Run(string(alg), func(b *testing.B) {
			s := testSigner(b, alg)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := s.Sign(msg); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkSignJWT(b *testing.B) {
	payload := bytes.Repeat([]byte("x"), 2048)
	for _, alg := range algorithms {
		b.Run(string(alg), func(b *testing.B) {
			s := testSigner(b, alg)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := SignJWT(s, "https://example.org/.well-known/jwks.json#"+s.KeyID(), payload); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
