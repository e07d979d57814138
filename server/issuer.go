package server

import (
	"bytes"
	"encoding/json"
	"net/http"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/issuer"
	"github.com/accolade-badges/accolade/templates"
)

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

func (s *Server) issuerPage(w http.ResponseWriter, r *http.Request, p *accolade.Profile) error {
	v := templates.IssuerPage{
		Site: s.site(), Name: p.Name, URL: p.URL, Description: p.Description, Email: p.Email,
		ImageURL: p.Logo, ID: s.urls.IssuerID(p),
	}
	if did, err := s.urls.DIDWeb(p.Slug); err == nil && did == v.ID {
		v.DID, v.DIDDocumentURL = did, s.urls.DIDDocument(p.Slug)
	}
	for _, k := range s.keys.Public(p.Slug) {
		v.Keys = append(v.Keys, templates.Key{ID: s.urls.Key(p.Slug, k.ID), Alg: string(k.Alg), Created: k.Created, Retired: k.Retired})
	}
	achs, err := s.publishedAchievements()
	if err != nil {
		return err
	}
	sortByName(achs)
	for _, a := range achs {
		if a.Issuer == p.Slug || (a.Issuer == "" && p.Slug == accolade.DefaultSlug) {
			v.Achievements = append(v.Achievements, templates.Link{Name: a.Name, URL: s.urls.Achievement(a.ID)})
		}
	}
	return renderPage(w, http.StatusOK, func(b *bytes.Buffer) error { return s.pages.Issuer(b, v) })
}
