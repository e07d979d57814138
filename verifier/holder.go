package verifier

import (
	"context"
	"crypto/ed25519"
	"strings"

	"github.com/accolade-badges/accolade/dataintegrity"
	"github.com/accolade-badges/accolade/errs"
)

// HolderKeys returns a key resolver for the proofs of a holder's
// presentation (a wallet's DIDAuth): did:key locally, did:web through its
// DID document, fetched as every key document is (bounded in size and time,
// refusing internal addresses unless the verifier allows them). The key must
// be listed under the proof's purpose ("authentication") and be Ed25519; the
// controller returned is the DID. Any other kind of key is errs.Invalid: a
// wallet proves control of a DID, never of a web page.
func (v *Verifier) HolderKeys() dataintegrity.KeyResolver { return holderKeys{v} }

type holderKeys struct{ v *Verifier }

// ResolveKey implements dataintegrity.KeyResolver.
func (h holderKeys) ResolveKey(ctx context.Context, vm, purpose string) (ed25519.PublicKey, string, error) {
	switch {
	case strings.HasPrefix(vm, "did:key:"):
		return dataintegrity.DidKeyResolver{}.ResolveKey(ctx, vm, purpose)
	case strings.HasPrefix(vm, "did:web:"):
		m, err := h.v.resolveKey(ctx, vm, purpose, false)
		if err != nil {
			return nil, "", err
		}
		pub, ok := m.key.(ed25519.PublicKey)
		if !ok {
			return nil, "", errs.E(errs.Invalid, "the key %s is a %s key; a presentation's proof needs an Ed25519 key", vm, keyKind(m.key))
		}
		return pub, m.controller, nil
	}
	return nil, "", errs.E(errs.Invalid, "the key %q is not a did:key or did:web verification method", vm)
}
