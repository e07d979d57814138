package server

import (
	"encoding/json"
	"net/http"

	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/issuer"
	"github.com/accolade-badges/accolade/keys"
)

// Content types of the public documents.
const (
	typeVCLD = "application/vc+ld+json"
	typeJSON = "application/json"
	typeLD   = "application/ld+json"
	typeJWK  = "application/jwk+json"
	typeJWKS = "application/jwk-set+json"
)

func (s *Server) getJWKS(w http.ResponseWriter, r *http.Request) error {
	b, err := keys.JWKS(s.keys.All(), func(p keys.PublicKey) string { return s.urls.Key(p.Issuer, p.ID) })
	if err != nil {
		return err
	}
	keyDocumentHeaders(w)
	writeBytes(w, http.StatusOK, typeJWKS, b)
	return nil
}

// toMap turns a JSON-encodable value into a JSON object to add members to.
func toMap(v any) (map[string]any, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, errs.Wrap(errs.Internal, err, "encoding document")
	}
	var doc map[string]any
	if err := json.Unmarshal(b, &doc); err != nil {
		return nil, errs.Wrap(errs.Internal, err, "encoding document")
	}
	return doc, nil
}

// writeLD answers with v as a JSON-LD document with the VC and OB contexts.
func (s *Server) writeLD(w http.ResponseWriter, r *http.Request, v any) error {
	doc, err := toMap(v)
	if err != nil {
		return err
	}
	doc["@context"] = issuer.Contexts[:2]
	s.writeJSON(w, r, http.StatusOK, typeLD, doc)
	return nil
}
