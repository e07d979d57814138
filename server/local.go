package server

import (
	"context"
	"strings"

	"github.com/accolade-badges/accolade/keys"
)

// local answers the verifier's questions about this service's own issuers,
// keys and credentials from the store and keyring, without the network.
type local struct{ s *Server }

// slugOf returns the slug of one of our issuer ids, or "".
func (l local) slugOf(issuerID string) string {
	prefix := l.s.urls.Issuer("")
	slug, ok := strings.CutPrefix(issuerID, prefix)
	if !ok || slug == "" || strings.Contains(slug, "/") {
		return ""
	}
	if _, err := l.s.store.Issuer(slug); err != nil {
		return ""
	}
	return slug
}

func (l local) IssuerKnown(issuerID string) bool { return l.slugOf(issuerID) != "" }

func (l local) IssuerKeys(issuerID string) []keys.PublicKey {
	if slug := l.slugOf(issuerID); slug != "" {
		return l.s.keys.Public(slug)
	}
	return nil
}

// KeyByKID resolves kids of the form <base>/issuers/<slug>/keys/<id>.
func (l local) KeyByKID(kid string) (keys.PublicKey, string, bool) {
	rest, ok := strings.CutPrefix(kid, l.s.urls.Issuer(""))
	if !ok {
		return keys.PublicKey{}, "", false
	}
	slug, id, ok := strings.Cut(rest, "/keys/")
	if !ok {
		return keys.PublicKey{}, "", false
	}
	k, found := l.s.keys.Key(id)
	if !found || k.Issuer != slug {
		return keys.PublicKey{}, "", false
	}
	return k, l.s.urls.Issuer(slug), true
}

func (l local) Credential(ctx context.Context, id string) ([]byte, bool) {
	rec, err := l.s.store.Credential(strings.ToLower(id))
	if err != nil {
		return nil, false
	}
	return []byte(rec.JWT), true
}
