package server

import (
	"encoding/json"
	"net/http"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/api"
	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/keys"
)

// keyDocumentHeaders marks a public key document as cacheable for five
// minutes and readable by browser-based verifiers on other origins.
func keyDocumentHeaders(w http.ResponseWriter) {
	w.Header().Set("Cache-Control", "public, max-age=300")
	w.Header().Set("Access-Control-Allow-Origin", "*")
}

// getDIDDocument serves the did:web document of an issuer.
func (s *Server) getDIDDocument(w http.ResponseWriter, r *http.Request) error {
	p, err := s.store.Issuer(pathID(r, "slug"))
	if err != nil {
		return err
	}
	did, err := s.urls.DIDWeb(p.Slug)
	if err != nil {
		return errs.Wrap(errs.NotFound, err, "issuer %s has no did:web on this base URL", p.Slug)
	}
	b, err := keys.DIDDocument(did, s.keys.Public(p.Slug))
	if err != nil {
		return errs.Wrap(errs.Internal, err, "building DID document")
	}
	keyDocumentHeaders(w)
	writeBytes(w, http.StatusOK, "application/did+json", b)
	return nil
}

// issuerKey returns the key named by the slug and id of the request path.
func (s *Server) issuerKey(r *http.Request) (*accolade.Profile, keys.PublicKey, error) {
	slug, id := pathID(r, "slug"), pathID(r, "id")
	k, ok := s.keys.Key(id)
	if !ok || k.Issuer != slug {
		return nil, keys.PublicKey{}, errs.E(errs.NotFound, "issuer %q has no key %q", slug, id)
	}
	p, err := s.store.Issuer(slug)
	if err != nil {
		return nil, keys.PublicKey{}, err
	}
	return p, k, nil
}

// getKey serves one key as a bare JWK: the kid of a profile-URL issuer's
// VC-JWTs.
func (s *Server) getKey(w http.ResponseWriter, r *http.Request) error {
	p, k, err := s.issuerKey(r)
	if err != nil {
		return err
	}
	keyDocumentHeaders(w)
	s.writeJSON(w, r, http.StatusOK, typeJWK, k.JWK(s.urls.Key(p.Slug, k.ID)))
	return nil
}

// getMultikey serves an Ed25519 key as a Multikey document controlled by
// the issuer id: the verificationMethod of a profile-URL issuer's Data
// Integrity proofs. Other keys have none (NotFound).
func (s *Server) getMultikey(w http.ResponseWriter, r *http.Request) error {
	p, k, err := s.issuerKey(r)
	if err != nil {
		return err
	}
	if k.Alg != keys.EdDSA {
		return errs.E(errs.NotFound, "key %s is a %s key: only Ed25519 keys have a Multikey document", k.ID, k.Alg)
	}
	b, err := k.MultikeyDocument(s.urls.Multikey(p.Slug, k.ID), s.urls.IssuerID(p))
	if err != nil {
		return errs.Wrap(errs.Internal, err, "building the Multikey document of %s", k.ID)
	}
	keyDocumentHeaders(w)
	s.writeJSON(w, r, http.StatusOK, typeLD, json.RawMessage(b))
	return nil
}

// keyView is one key in the admin API.
func (s *Server) keyView(p *accolade.Profile, k keys.PublicKey, signed int) api.Key {
	v := api.Key{ID: k.ID, KID: s.urls.JWTKeyID(p, k.ID, k.Alg), Alg: string(k.Alg), Active: k.Active(), Created: k.Created, Signed: signed}
	if !k.Retired.IsZero() {
		t := k.Retired
		v.Retired = &t
	}
	return v
}

// signedBy returns how many credentials each key signed (its JWT or its
// Data Integrity proof), from the store's counts rather than a scan.
func (s *Server) signedBy() (map[string]int, error) { return s.store.CredentialCountsByKey() }

func (s *Server) writeKeys(w http.ResponseWriter, r *http.Request, status int, p *accolade.Profile, list []keys.PublicKey) error {
	signed, err := s.signedBy()
	if err != nil {
		return err
	}
	out := api.KeyList{Keys: []api.Key{}}
	for _, k := range list {
		out.Keys = append(out.Keys, s.keyView(p, k, signed[k.ID]))
	}
	s.writeJSON(w, r, status, typeJSON, out)
	return nil
}

func (s *Server) listKeys(w http.ResponseWriter, r *http.Request) error {
	p, err := s.store.Issuer(pathID(r, "slug"))
	if err != nil {
		return err
	}
	return s.writeKeys(w, r, http.StatusOK, p, s.keys.Public(p.Slug))
}

// rotateKeys makes new signing keys for an issuer; the old ones stay
// published as verification-only.
func (s *Server) rotateKeys(w http.ResponseWriter, r *http.Request) error {
	p, err := s.store.Issuer(pathID(r, "slug"))
	if err != nil {
		return err
	}
	fresh, err := s.rotate(p)
	if err != nil {
		return err
	}
	return s.writeKeys(w, r, http.StatusOK, p, fresh)
}

// removeKey deletes a retired key. Without ?force=true it refuses when
// credentials were signed with it, saying how many would stop verifying.
func (s *Server) removeKey(w http.ResponseWriter, r *http.Request) error {
	p, k, err := s.issuerKey(r)
	if err != nil {
		return err
	}
	n, err := s.deleteKey(p, k, r.URL.Query().Get("force") == "true")
	if err != nil {
		return err
	}
	s.writeJSON(w, r, http.StatusOK, typeJSON, api.KeyRemoved{Removed: k.ID, NoLongerVerifiable: n})
	return nil
}

// rotate makes new signing keys for p; the API and the console rotate
// through it. A did:key issuer's keys do not rotate (errs.Conflict): its id
// is its Ed25519 key, so a new key would be a new issuer, and the status
// lists of what it issued before, signed by the new key, would name another
// issuer than those credentials do, which every verifier refuses.
func (s *Server) rotate(p *accolade.Profile) ([]keys.PublicKey, error) {
	if p.IDMode == accolade.IDDIDKey {
		return nil, errs.E(errs.Conflict, "%s names itself by did:key, which is its key: a did:key cannot rotate (a new key is a new issuer, and the revocations of the credentials it issued could no longer be checked). To be able to rotate keys, issue from a community whose id is did:web or its profile URL", p.Name)
	}
	fresh, err := s.keys.Rotate(p.Slug)
	if err != nil {
		return nil, err
	}
	s.log.Info("keys rotated", "issuer", p.Slug, "new", len(fresh))
	return fresh, nil
}

// deleteKey removes p's retired key k and returns how many credentials it
// signed (they no longer verify). Without force it refuses (errs.Conflict)
// when there are any.
func (s *Server) deleteKey(p *accolade.Profile, k keys.PublicKey, force bool) (int, error) {
	signed, err := s.signedBy()
	if err != nil {
		return 0, err
	}
	n := signed[k.ID]
	if err := s.keys.Remove(k.ID, n, force); err != nil {
		return 0, err
	}
	s.log.Warn("key removed", "issuer", p.Slug, "key", k.ID, "credentials_no_longer_verifiable", n)
	return n, nil
}
