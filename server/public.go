package server

import (
	"encoding/json"
	"net/http"
	"strings"

	"github.com/google/uuid"

	"github.com/accolade-badges/accolade"
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

// credentialFile splits "<uuid>[.ext]" and loads the credential.
func (s *Server) credentialFile(r *http.Request) (*accolade.Record, string, error) {
	file := pathID(r, "file")
	id, ext := accolade.CredentialFile(file)
	if _, err := uuid.Parse(id); err != nil || len(id) != 36 {
		return nil, "", errs.E(errs.NotFound, "no credential %q", file)
	}
	rec, err := s.store.Credential(strings.ToLower(id))
	return rec, ext, err
}

func (s *Server) getCredential(w http.ResponseWriter, r *http.Request) error {
	rec, ext, err := s.credentialFile(r)
	if err != nil {
		if wantsHTML(r) {
			return s.errorPage(w, r, err)
		}
		return err
	}
	w.Header().Set("Cache-Control", "no-cache") // status may change
	switch ext {
	case "":
		if prefersJSON(r) {
			writeBytes(w, http.StatusOK, typeVCLD, rec.JSON)
			return nil
		}
		return s.credentialPage(w, r, rec)
	case "json":
		writeBytes(w, http.StatusOK, typeVCLD, rec.JSON)
	case "jwt":
		writeBytes(w, http.StatusOK, "text/plain; charset=utf-8", []byte(rec.JWT))
	default:
		return errs.E(errs.NotFound, "no %q form of credential %s: use .json or .jwt", ext, rec.ID)
	}
	return nil
}

// prefersJSON reports whether the Accept header asks for JSON(-LD) rather
// than HTML, for the credential page whose default is HTML.
func prefersJSON(r *http.Request) bool {
	accept := r.Header.Get("Accept")
	return strings.Contains(accept, "json") && !wantsHTML(r)
}

func (s *Server) getIssuer(w http.ResponseWriter, r *http.Request) error {
	p, err := s.store.Issuer(pathID(r, "slug"))
	if err != nil {
		if wantsHTML(r) {
			return s.errorPage(w, r, err)
		}
		return err
	}
	if wantsHTML(r) {
		return s.issuerPage(w, r, p)
	}
	b, err := issuer.ProfileDocument(s.urls, p, s.keys.Public(p.Slug))
	if err != nil {
		return err
	}
	keyDocumentHeaders(w)
	s.writeJSON(w, r, http.StatusOK, typeLD, json.RawMessage(b))
	return nil
}

func (s *Server) getJWKS(w http.ResponseWriter, r *http.Request) error {
	b, err := keys.JWKS(s.keys.All(), func(p keys.PublicKey) string { return s.urls.Key(p.Issuer, p.ID) })
	if err != nil {
		return err
	}
	keyDocumentHeaders(w)
	writeBytes(w, http.StatusOK, typeJWKS, b)
	return nil
}

func (s *Server) getAchievement(w http.ResponseWriter, r *http.Request) error {
	a, err := s.store.Achievement(pathID(r, "id"))
	if err != nil {
		if wantsHTML(r) {
			return s.errorPage(w, r, err)
		}
		return err
	}
	if wantsHTML(r) {
		return s.achievementPage(w, r, a)
	}
	return s.writeLD(w, r, issuer.AchievementJSON(s.urls, a))
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
