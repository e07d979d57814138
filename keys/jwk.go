package keys

import (
	"encoding/json"

	"github.com/go-jose/go-jose/v4"

	"github.com/accolade-badges/accolade/errs"
)

// JWK returns p as a public JSON Web Key with the given key ID (omitted when
// empty), its "alg" and "use": "sig".
func (p PublicKey) JWK(kid string) jose.JSONWebKey {
	return jose.JSONWebKey{Key: p.Key, KeyID: kid, Algorithm: string(p.Alg), Use: "sig"}
}

// JWKS returns the JSON Web Key Set {"keys": [...]} of keys, sorted by
// issuer, creation time and ID so that the output is deterministic. kid
// gives each key's "kid" (typically a URL ending in "#"+p.ID); nil uses p.ID.
// Keys are listed whether active or retired. It returns an Invalid error for
// a key it cannot encode.
func JWKS(keys []PublicKey, kid func(PublicKey) string) ([]byte, error) {
	if kid == nil {
		kid = func(p PublicKey) string { return p.ID }
	}
	set := jose.JSONWebKeySet{Keys: make([]jose.JSONWebKey, 0, len(keys))}
	for _, p := range sortedPublic(keys) {
		if err := checkPublic(p.Alg, p.Key); err != nil {
			return nil, errs.Wrap(errs.Invalid, err, "key %s", p.ID)
		}
		set.Keys = append(set.Keys, p.JWK(kid(p)))
	}
	b, err := json.Marshal(set)
	if err != nil {
		return nil, errs.Wrap(errs.Invalid, err, "encoding JWKS")
	}
	return b, nil
}
