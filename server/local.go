package server

import (
	"context"
	"crypto/ed25519"
	"strings"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/keys"
)

// local answers the verifier's questions about this service's own issuers,
// keys and credentials from the store and keyring, without the network.
type local struct{ s *Server }

// profileOf returns one of our issuers by its id in credentials (did:web or
// profile URL) or by its profile URL, or nil.
func (l local) profileOf(issuerID string) *accolade.Profile {
	if strings.HasPrefix(issuerID, "did:key:") {
		p, _, _ := l.didKey(issuerID)
		return p
	}
	slug, ok := l.s.urls.IssuerOf(issuerID)
	if !ok {
		return nil
	}
	p, err := l.s.store.Issuer(slug)
	if err != nil || (issuerID != l.s.urls.Issuer(slug) && l.s.urls.IssuerID(p) != issuerID) {
		return nil
	}
	return p
}

func (l local) IssuerKnown(issuerID string) bool { return l.profileOf(issuerID) != nil }

func (l local) IssuerKeys(issuerID string) []keys.PublicKey {
	if p := l.profileOf(issuerID); p != nil {
		return l.s.keys.Public(p.Slug)
	}
	return nil
}

// didKey returns the did:key community whose id is did (a did:key, or a
// did:key DID URL repeating its key) and that key, or false.
func (l local) didKey(did string) (*accolade.Profile, keys.PublicKey, bool) {
	did, _, _ = strings.Cut(did, "#")
	pub, err := keys.ParseDIDKey(did)
	if err != nil {
		return nil, keys.PublicKey{}, false
	}
	for _, k := range l.s.keys.All() {
		if ed, ok := k.Key.(ed25519.PublicKey); !ok || !ed.Equal(pub) {
			continue
		}
		p, err := l.s.store.Issuer(k.Issuer)
		if err != nil || p.IDMode != accolade.IDDIDKey || p.DIDKey != did {
			return nil, keys.PublicKey{}, false
		}
		return p, k, true
	}
	return nil, keys.PublicKey{}, false
}

// KeyByKID resolves one of our keys by any id it has had in a credential,
// returning the issuer's id in credentials:
//
//   - <base>/issuers/<slug>/keys/<id>, the JWT kid of a profile-URL issuer;
//   - <base>/issuers/<slug>/keys/<id>/multikey, the verification method of
//     a profile-URL issuer's Data Integrity proofs (Ed25519 keys only);
//   - <issuer id>#<id>, with the issuer's did:web or its profile URL (the
//     verification method of proofs issued before keys had their own URLs);
//   - <issuer id>#<id>-jwk, the JWT kid of a did:web issuer's EdDSA key;
//   - did:key:<multikey>#<multikey>, both ids of a did:key issuer's key.
func (l local) KeyByKID(kid string) (keys.PublicKey, string, bool) {
	if strings.HasPrefix(kid, "did:key:") {
		if did, fragment, ok := strings.Cut(kid, "#"); ok && "did:key:"+fragment == did {
			if p, k, ok := l.didKey(did); ok {
				return k, l.s.urls.IssuerID(p), true
			}
		}
		return keys.PublicKey{}, "", false
	}
	var p *accolade.Profile
	var id string
	jwk, multikey := false, false
	if slug, keyID, form, ok := l.s.urls.KeyOf(kid); ok {
		p, id, multikey = l.profileOf(l.s.urls.Issuer(slug)), keyID, form == accolade.KeyMultikey
	} else if controller, fragment, ok := strings.Cut(kid, "#"); ok {
		p = l.profileOf(controller)
		id, jwk = keys.CutJWKSuffix(fragment)
		if _, plain := l.s.keys.Key(fragment); plain {
			id, jwk = fragment, false
		}
	}
	if p == nil {
		return keys.PublicKey{}, "", false
	}
	k, found := l.s.keys.Key(id)
	if !found || k.Issuer != p.Slug || ((jwk || multikey) && k.Alg != keys.EdDSA) {
		return keys.PublicKey{}, "", false
	}
	return k, l.s.urls.IssuerID(p), true
}

func (l local) Credential(ctx context.Context, id string) ([]byte, bool) {
	rec, err := l.s.store.Credential(strings.ToLower(id))
	if err != nil || rec.Hidden { // a hidden page is not found by URL either
		return nil, false
	}
	return []byte(rec.JWT), true
}
