package server

import (
	"context"
	"strings"

	"github.com/accolade-badges/accolade/issuer"
	"github.com/accolade-badges/accolade/keys"
)

// local answers the verifier's questions about this service's own issuers,
// keys and credentials from the store and keyring, without the network.
type local struct{ s *Server }

// profileOf returns one of our issuers by its id in credentials (did:web or
// profile URL) or by its profile URL, or nil.
func (l local) profileOf(issuerID string) *issuer.Profile {
	if slug, ok := strings.CutPrefix(issuerID, l.s.urls.Issuer("")); ok {
		if p, err := l.s.store.Issuer(slug); err == nil {
			return p
		}
		return nil
	}
	if !strings.HasPrefix(issuerID, "did:web:") {
		return nil
	}
	all, err := l.s.store.Issuers()
	if err != nil {
		return nil
	}
	for _, p := range all {
		if l.s.urls.IssuerID(p) == issuerID {
			return p
		}
	}
	return nil
}

func (l local) IssuerKnown(issuerID string) bool { return l.profileOf(issuerID) != nil }

func (l local) IssuerKeys(issuerID string) []keys.PublicKey {
	if p := l.profileOf(issuerID); p != nil {
		return l.s.keys.Public(p.Slug)
	}
	return nil
}

// KeyByKID resolves one of our keys by any id it has had in a credential,
// returning the issuer's id in credentials:
//
//   - <base>/issuers/<slug>/keys/<id>, the JWT kid of a profile-URL issuer;
//   - <base>/issuers/<slug>/keys/<id>/multikey, the verification method of
//     a profile-URL issuer's Data Integrity proofs (Ed25519 keys only);
//   - <issuer id>#<id>, with the issuer's did:web or its profile URL (the
//     verification method of proofs issued before keys had their own URLs);
//   - <issuer id>#<id>-jwk, the JWT kid of a did:web issuer's EdDSA key.
func (l local) KeyByKID(kid string) (keys.PublicKey, string, bool) {
	var p *issuer.Profile
	var id string
	jwk, multikey := false, false
	if rest, ok := strings.CutPrefix(kid, l.s.urls.Issuer("")); ok && strings.Contains(rest, "/keys/") {
		slug, keyID, _ := strings.Cut(rest, "/keys/")
		keyID, multikey = strings.CutSuffix(keyID, "/multikey")
		if strings.ContainsAny(keyID, "/#") {
			return keys.PublicKey{}, "", false
		}
		p, id = l.profileOf(l.s.urls.Issuer(slug)), keyID
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
	if err != nil {
		return nil, false
	}
	return []byte(rec.JWT), true
}
