package keys

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"

	"golang.org/x/crypto/cryptobyte"
	"golang.org/x/crypto/cryptobyte/asn1"

	"github.com/accolade-badges/accolade/errs"
)

// Signer signs with one keyring key. It is the narrow interface through which
// every other package signs; the private key stays inside package keys.
// Implementations are safe for concurrent use.
type Signer interface {
	// KeyID returns the key's ID (its RFC 7638 thumbprint).
	KeyID() string
	// Issuer returns the slug of the issuer the key belongs to.
	Issuer() string
	// Algorithm returns the algorithm the key signs with.
	Algorithm() Algorithm
	// Public returns the key's public half and metadata.
	Public() PublicKey
	// Sign signs msg. RS256: RSASSA-PKCS1-v1_5 over SHA-256(msg). ES256:
	// ECDSA over SHA-256(msg), deterministic (RFC 6979), returned as the
	// 64-byte r‖s of JWS. EdDSA: Ed25519 over msg itself (as Data Integrity
	// eddsa-rdfc-2022 needs). All three are deterministic.
	Sign(msg []byte) ([]byte, error)
}

// privateKey holds a private key. It formats as a placeholder for every
// verb and refuses to marshal, so that it cannot leak by accident.
type privateKey struct{ key crypto.Signer }

// Format prints a placeholder instead of the key.
func (*privateKey) Format(f fmt.State, verb rune) { io.WriteString(f, "[private key]") }

// MarshalJSON refuses to encode a private key.
func (*privateKey) MarshalJSON() ([]byte, error) {
	return nil, errors.New("keys: private keys are never marshalled")
}

// signer implements Signer over a key unsealed by the keyring.
type signer struct {
	pub  PublicKey
	priv *privateKey
}

// signer implements Signer.
var _ Signer = (*signer)(nil)

// KeyID, Issuer, Algorithm and Public implement Signer.
func (s *signer) KeyID() string        { return s.pub.ID }
func (s *signer) Issuer() string       { return s.pub.Issuer }
func (s *signer) Algorithm() Algorithm { return s.pub.Alg }
func (s *signer) Public() PublicKey    { return s.pub }

// String names the key, never its private half.
func (s *signer) String() string {
	return fmt.Sprintf("keys.Signer(%s %s %s)", s.pub.Issuer, s.pub.Alg, s.pub.ID)
}

// Format prints String for every verb.
func (s *signer) Format(f fmt.State, verb rune) { io.WriteString(f, s.String()) }

// Sign implements Signer.
func (s *signer) Sign(msg []byte) ([]byte, error) {
	switch k := s.priv.key.(type) {
	case *rsa.PrivateKey:
		h := sha256.Sum256(msg)
		return rsa.SignPKCS1v15(nil, k, crypto.SHA256, h[:])
	case ed25519.PrivateKey:
		return ed25519.Sign(k, msg), nil
	case *ecdsa.PrivateKey:
		h := sha256.Sum256(msg)
		der, err := k.Sign(nil, h[:], crypto.SHA256) // nil reader: RFC 6979
		if err != nil {
			return nil, err
		}
		return rawECDSA(der, 32)
	}
	return nil, errs.E(errs.Internal, "key %s has unexpected type %T", s.pub.ID, s.priv.key)
}

// rawECDSA converts an ASN.1 ECDSA signature into the fixed-size r‖s form
// of JWS (RFC 7518 section 3.4).
func rawECDSA(der []byte, size int) ([]byte, error) {
	var r, s []byte
	in := cryptobyte.String(der)
	var seq cryptobyte.String
	if !in.ReadASN1(&seq, asn1.SEQUENCE) || !in.Empty() ||
		!seq.ReadASN1Integer(&r) || !seq.ReadASN1Integer(&s) || !seq.Empty() {
		return nil, errs.E(errs.Internal, "malformed ECDSA signature")
	}
	out := make([]byte, 2*size)
	if !fitRight(out[:size], r) || !fitRight(out[size:], s) {
		return nil, errs.E(errs.Internal, "ECDSA signature value too large")
	}
	return out, nil
}

// fitRight copies the big-endian integer b, minus leading zeros, to the end
// of dst, and reports whether it fits.
func fitRight(dst, b []byte) bool {
	for len(b) > 0 && b[0] == 0 {
		b = b[1:]
	}
	if len(b) > len(dst) {
		return false
	}
	copy(dst[len(dst)-len(b):], b)
	return true
}
