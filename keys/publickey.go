package keys

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"math/big"
	"slices"
	"strings"
	"time"

	"github.com/go-jose/go-jose/v4"

	"github.com/accolade-badges/accolade/errs"
)

// PublicKey is the public half of a keyring key with its metadata. It holds
// no secret and may be copied, logged and published freely.
type PublicKey struct {
	ID      string    // RFC 7638 JWK SHA-256 thumbprint, base64url without padding
	Issuer  string    // issuer slug
	Alg     Algorithm // the algorithm the key signs with
	Created time.Time
	Retired time.Time        // zero while the key is its issuer's active key for Alg
	Key     crypto.PublicKey // *rsa.PublicKey, ed25519.PublicKey or *ecdsa.PublicKey (P-256)
}

// Active reports whether p is the signing key for its issuer and algorithm,
// that is whether it has not been retired.
func (p PublicKey) Active() bool { return p.Retired.IsZero() }

// Verify checks sig over msg with the semantics of [Signer.Sign]: RS256 is
// RSASSA-PKCS1-v1_5 over SHA-256(msg), ES256 is a 64-byte r‖s ECDSA
// signature over SHA-256(msg), EdDSA is Ed25519 over msg itself. It returns
// an Invalid error when the signature does not verify.
func (p PublicKey) Verify(msg, sig []byte) error {
	if err := checkPublic(p.Alg, p.Key); err != nil {
		return err
	}
	ok := false
	switch k := p.Key.(type) {
	case *rsa.PublicKey:
		h := sha256.Sum256(msg)
		ok = rsa.VerifyPKCS1v15(k, crypto.SHA256, h[:], sig) == nil
	case ed25519.PublicKey:
		ok = ed25519.Verify(k, msg, sig)
	case *ecdsa.PublicKey:
		h := sha256.Sum256(msg)
		ok = len(sig) == 64 && ecdsa.Verify(k, h[:],
			new(big.Int).SetBytes(sig[:32]), new(big.Int).SetBytes(sig[32:]))
	}
	if !ok {
		return errs.E(errs.Invalid, "%s signature does not verify with key %s", p.Alg, p.ID)
	}
	return nil
}

// Thumbprint returns the RFC 7638 JWK SHA-256 thumbprint of pub, base64url
// encoded without padding: the key ID the keyring gives it.
func Thumbprint(pub crypto.PublicKey) (string, error) {
	jwk := jose.JSONWebKey{Key: pub}
	sum, err := jwk.Thumbprint(crypto.SHA256)
	if err != nil {
		return "", errs.Wrap(errs.Invalid, err, "computing key thumbprint")
	}
	return base64.RawURLEncoding.EncodeToString(sum), nil
}

// comparePublic orders keys by issuer, then creation time, then ID, so that
// every listing is deterministic and oldest first. Of two keys created at
// the same instant (a stopped test clock), a retired one is the older.
func comparePublic(a, b PublicKey) int {
	if c := strings.Compare(a.Issuer, b.Issuer); c != 0 {
		return c
	}
	if c := a.Created.Compare(b.Created); c != 0 {
		return c
	}
	if a.Active() != b.Active() {
		if a.Active() {
			return 1
		}
		return -1
	}
	return strings.Compare(a.ID, b.ID)
}

// sortedPublic returns a sorted copy of keys (see comparePublic).
func sortedPublic(keys []PublicKey) []PublicKey {
	out := slices.Clone(keys)
	slices.SortFunc(out, comparePublic)
	return out
}
