package keys

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"strings"

	"github.com/mr-tron/base58"

	"github.com/accolade-badges/accolade/errs"
)

// Multicodec prefixes (unsigned varints) of the public key types a Multikey
// may hold.
var (
	codecEd25519 = []byte{0xed, 0x01} // ed25519-pub, 0xed
	codecP256    = []byte{0x80, 0x24} // p256-pub, 0x1200
)

// didKeyPrefix starts every did:key identifier.
const didKeyPrefix = "did:key:"

// Multikey returns p's key in Multikey form (W3C Controlled Identifiers):
// "z" + base58btc(multicodec prefix ‖ key bytes). Ed25519 keys use prefix
// 0xed 0x01 and the 32 raw bytes; P-256 keys use 0x80 0x24 and the 33-byte
// compressed point. RSA keys have no Multikey form here: Invalid.
func (p PublicKey) Multikey() (string, error) { return EncodeMultikey(p.Key) }

// EncodeMultikey is [PublicKey.Multikey] for a bare public key.
func EncodeMultikey(pub crypto.PublicKey) (string, error) {
	switch k := pub.(type) {
	case ed25519.PublicKey:
		if len(k) != ed25519.PublicKeySize {
			return "", errs.E(errs.Invalid, "Ed25519 public key has %d bytes, want %d", len(k), ed25519.PublicKeySize)
		}
		return "z" + base58.Encode(append(bytes.Clone(codecEd25519), k...)), nil
	case *ecdsa.PublicKey:
		if k.Curve != elliptic.P256() {
			return "", errs.E(errs.Invalid, "ECDSA key on curve %s: only P-256 has a Multikey form", k.Curve.Params().Name)
		}
		u, err := k.Bytes() // 0x04 ‖ X ‖ Y
		if err != nil {
			return "", errs.Wrap(errs.Invalid, err, "encoding P-256 key")
		}
		point := append([]byte{0x02 | u[64]&1}, u[1:33]...)
		return "z" + base58.Encode(append(bytes.Clone(codecP256), point...)), nil
	}
	return "", errs.E(errs.Invalid, "%T keys have no Multikey form: only Ed25519 and P-256", pub)
}

// ParseMultikey parses a Multikey-encoded Ed25519 or P-256 public key (see
// [PublicKey.Multikey]) into an ed25519.PublicKey or *ecdsa.PublicKey. It
// returns an Invalid error for anything else: a multibase other than
// base58btc ("z"), an unknown multicodec, a wrong length, a point not on
// the curve.
func ParseMultikey(s string) (crypto.PublicKey, error) {
	if !strings.HasPrefix(s, "z") {
		return nil, errs.E(errs.Invalid, "multikey %q: want base58btc multibase (prefix \"z\")", s)
	}
	raw, err := base58.Decode(s[1:])
	if err != nil || len(s) == 1 {
		return nil, errs.E(errs.Invalid, "multikey %q: malformed base58btc", s)
	}
	switch {
	case bytes.HasPrefix(raw, codecEd25519):
		key := raw[len(codecEd25519):]
		if len(key) != ed25519.PublicKeySize {
			return nil, errs.E(errs.Invalid, "multikey %q: Ed25519 key has %d bytes, want %d", s, len(key), ed25519.PublicKeySize)
		}
		return ed25519.PublicKey(key), nil
	case bytes.HasPrefix(raw, codecP256):
		return parseCompressedP256(s, raw[len(codecP256):])
	}
	return nil, errs.E(errs.Invalid, "multikey %q: unsupported multicodec: want ed25519-pub or p256-pub", s)
}

// parseCompressedP256 decodes a 33-byte compressed P-256 point.
func parseCompressedP256(s string, point []byte) (*ecdsa.PublicKey, error) {
	if len(point) != 33 {
		return nil, errs.E(errs.Invalid, "multikey %q: P-256 key has %d bytes, want 33 (compressed point)", s, len(point))
	}
	x, y := elliptic.UnmarshalCompressed(elliptic.P256(), point)
	if x == nil {
		return nil, errs.E(errs.Invalid, "multikey %q: not a point on P-256", s)
	}
	u := make([]byte, 65)
	u[0] = 0x04
	x.FillBytes(u[1:33])
	y.FillBytes(u[33:])
	k, err := ecdsa.ParseUncompressedPublicKey(elliptic.P256(), u)
	if err != nil {
		return nil, errs.Wrap(errs.Invalid, err, "multikey %q", s)
	}
	return k, nil
}

// ParseDIDKey parses a did:key identifier, or a did:key DID URL whose
// fragment repeats the key ("did:key:z6Mk...#z6Mk..."), into an Ed25519 or
// P-256 public key. It returns an Invalid error for another DID method, a
// fragment naming a different key, or a key ParseMultikey rejects.
func ParseDIDKey(did string) (crypto.PublicKey, error) {
	rest, ok := strings.CutPrefix(did, didKeyPrefix)
	if !ok {
		return nil, errs.E(errs.Invalid, "%q is not a did:key", did)
	}
	mk, fragment, hasFragment := strings.Cut(rest, "#")
	if hasFragment && fragment != mk {
		return nil, errs.E(errs.Invalid, "did:key %q: fragment %q does not name its key", did, fragment)
	}
	return ParseMultikey(mk)
}

// DIDKey returns the did:key identifier of an Ed25519 or P-256 public key,
// "did:key:" + its Multikey. Its verification method is DIDKey + "#" +
// Multikey. It returns an Invalid error for other keys.
func DIDKey(pub crypto.PublicKey) (string, error) {
	mk, err := EncodeMultikey(pub)
	if err != nil {
		return "", err
	}
	return didKeyPrefix + mk, nil
}

// DIDKeyMethod returns the DID URL of the one verification method of a
// did:key: the DID, "#", and its multikey again. A did:key DID URL is
// returned as it is.
func DIDKeyMethod(did string) string {
	if strings.Contains(did, "#") {
		return did
	}
	return did + "#" + strings.TrimPrefix(did, didKeyPrefix)
}
