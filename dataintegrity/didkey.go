package dataintegrity

import (
	"context"
	"crypto/ed25519"
	"fmt"
	"strings"

	"github.com/mr-tron/base58"

	"github.com/accolade-badges/accolade/errs"
)

// multicodecEd25519Pub is the varint of multicodec 0xed (ed25519-pub), the
// prefix of an Ed25519 public key in Multikey form.
var multicodecEd25519Pub = [2]byte{0xed, 0x01}

// DecodeMultikey decodes an Ed25519 public key in Multikey form: "z" (base58btc
// multibase) followed by base58btc(0xed 0x01 ‖ 32-byte key), e.g.
// "z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi". Any other form is
// errs.Invalid.
func DecodeMultikey(s string) (ed25519.PublicKey, error) {
	enc, ok := strings.CutPrefix(s, "z")
	if !ok {
		return nil, errs.E(errs.Invalid, "multikey %q: not base58btc multibase (must start with z)", s)
	}
	b, err := base58.Decode(enc)
	if err != nil {
		return nil, errs.Wrap(errs.Invalid, err, "multikey %q: bad base58btc", s)
	}
	if len(b) != 2+ed25519.PublicKeySize || b[0] != multicodecEd25519Pub[0] || b[1] != multicodecEd25519Pub[1] {
		return nil, errs.E(errs.Invalid, "multikey %q: not an Ed25519 public key (0xed01 and 32 bytes)", s)
	}
	return ed25519.PublicKey(b[2:]), nil
}

// EncodeMultikey returns the Multikey form of an Ed25519 public key.
func EncodeMultikey(pub ed25519.PublicKey) string {
	b := make([]byte, 0, 2+len(pub))
	b = append(b, multicodecEd25519Pub[:]...)
	b = append(b, pub...)
	return "z" + base58.Encode(b)
}

// didKeyPurposes are the verification relationships a did:key document
// gives an Ed25519 key (keyAgreement uses a derived X25519 key instead).
var didKeyPurposes = map[string]bool{
	"assertionMethod":      true,
	"authentication":       true,
	"capabilityInvocation": true,
	"capabilityDelegation": true,
}

// DidKeyResolver resolves did:key verification methods of Ed25519 keys
// locally: the key is in the identifier. It accepts "did:key:z6Mk…#z6Mk…"
// (the fragment must repeat the key, as the did:key method defines) and the
// bare "did:key:z6Mk…" some issuers write. The controller is the DID. The
// zero value is ready to use.
type DidKeyResolver struct{}

// ResolveKey implements KeyResolver. Errors: errs.Invalid for anything that
// is not an Ed25519 did:key, errs.Forbidden for a purpose did:key does not
// grant.
func (DidKeyResolver) ResolveKey(_ context.Context, vm, purpose string) (ed25519.PublicKey, string, error) {
	did, fragment, hasFragment := strings.Cut(vm, "#")
	id, ok := strings.CutPrefix(did, "did:key:")
	if !ok {
		return nil, "", errs.E(errs.Invalid, "verification method %q is not a did:key", vm)
	}
	if hasFragment && fragment != id {
		return nil, "", errs.E(errs.Invalid, "verification method %q: the fragment must be the key %s", vm, id)
	}
	pub, err := DecodeMultikey(id)
	if err != nil {
		return nil, "", fmt.Errorf("verification method %s: %w", vm, err)
	}
	if !didKeyPurposes[purpose] {
		return nil, "", errs.E(errs.Forbidden, "did:key does not authorise its key for %q", purpose)
	}
	return pub, did, nil
}
