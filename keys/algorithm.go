package keys

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rsa"
	"crypto/x509"
	"fmt"
	"io"

	"github.com/accolade-badges/accolade/errs"
)

// Algorithm is a JWS signature algorithm name (RFC 7518) supported by the keyring.
type Algorithm string

// The supported algorithms. RS256 is the interoperable baseline for VC-JWT;
// EdDSA (Ed25519) also signs Data Integrity proofs (eddsa-rdfc-2022).
const (
	RS256 Algorithm = "RS256"
	EdDSA Algorithm = "EdDSA"
	ES256 Algorithm = "ES256"
)

// algorithms lists the supported algorithms in their canonical order, the
// order in which [Keyring.Rotate] returns new keys.
var algorithms = []Algorithm{RS256, EdDSA, ES256}

// rsaBits is the size of generated RSA keys; smaller stored keys are refused.
const rsaBits = 2048

// Valid reports whether a is one of the supported algorithms.
func (a Algorithm) Valid() bool {
	switch a {
	case RS256, EdDSA, ES256:
		return true
	}
	return false
}

// check returns an Invalid error naming the supported algorithms when a is
// not one of them.
func (a Algorithm) check() error {
	if !a.Valid() {
		return errs.Field("alg", "unsupported algorithm %q: want RS256, EdDSA or ES256", string(a))
	}
	return nil
}

// generateKey creates a private key for alg. Ed25519 and P-256 keys are
// derived from bytes read from rand, so an injected reader gives
// deterministic keys in tests. RSA keys always come from the system's secure
// source: since Go 1.26 rsa.GenerateKey ignores its reader (tests that need a
// fixed RSA key can use testing/cryptotest.SetGlobalRandom).
func generateKey(alg Algorithm, rand io.Reader) (crypto.Signer, error) {
	switch alg {
	case RS256:
		return rsa.GenerateKey(rand, rsaBits)
	case EdDSA:
		_, priv, err := ed25519.GenerateKey(rand)
		return priv, err
	case ES256:
		return generateP256(rand)
	}
	return nil, alg.check()
}

// generateP256 draws scalars from rand until one is a valid P-256 private
// key (rejection sampling keeps the distribution uniform; a retry happens
// with probability about 2^-32).
func generateP256(rand io.Reader) (*ecdsa.PrivateKey, error) {
	buf := make([]byte, 32)
	defer clear(buf)
	for range 64 {
		if _, err := io.ReadFull(rand, buf); err != nil {
			return nil, fmt.Errorf("reading randomness: %w", err)
		}
		if k, err := ecdsa.ParseRawPrivateKey(elliptic.P256(), buf); err == nil {
			return k, nil
		}
	}
	return nil, errs.E(errs.Internal, "random source produced no valid P-256 scalar")
}

// checkPublic reports an Invalid error unless pub is a public key of the
// type and size alg requires.
func checkPublic(alg Algorithm, pub crypto.PublicKey) error {
	switch alg {
	case RS256:
		if k, ok := pub.(*rsa.PublicKey); ok {
			if k.N.BitLen() < rsaBits {
				return errs.E(errs.Invalid, "RSA key has %d bits, want at least %d", k.N.BitLen(), rsaBits)
			}
			return nil
		}
	case EdDSA:
		if k, ok := pub.(ed25519.PublicKey); ok && len(k) == ed25519.PublicKeySize {
			return nil
		}
	case ES256:
		if k, ok := pub.(*ecdsa.PublicKey); ok && k.Curve == elliptic.P256() {
			return nil
		}
	default:
		return alg.check()
	}
	return errs.E(errs.Invalid, "%T is not a %s public key", pub, alg)
}

// parsePublic parses PKIX DER and checks that it is a key for alg.
func parsePublic(alg Algorithm, der []byte) (crypto.PublicKey, error) {
	pub, err := x509.ParsePKIXPublicKey(der)
	if err != nil {
		return nil, errs.Wrap(errs.Invalid, err, "parsing public key")
	}
	if err := checkPublic(alg, pub); err != nil {
		return nil, err
	}
	return pub, nil
}

// parsePrivate parses PKCS#8 DER and checks that it is the private half of pub.
func parsePrivate(pub crypto.PublicKey, der []byte) (crypto.Signer, error) {
	k, err := x509.ParsePKCS8PrivateKey(der)
	if err != nil {
		return nil, errs.Wrap(errs.Invalid, err, "parsing private key")
	}
	priv, ok := k.(crypto.Signer)
	if !ok {
		return nil, errs.E(errs.Invalid, "private key of type %T cannot sign", k)
	}
	eq, ok := priv.Public().(interface{ Equal(crypto.PublicKey) bool })
	if !ok || !eq.Equal(pub) {
		return nil, errs.E(errs.Invalid, "private key does not match the stored public key")
	}
	return priv, nil
}
