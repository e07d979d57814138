package server

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/api"
	"github.com/accolade-badges/accolade/errs"
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
	if err == nil {
		b, err = s.endorsedDocument(b, s.urls.IssuerID(p)) // endorsement.go
	}
	if err != nil {
		return err
	}
	keyDocumentHeaders(w)
	s.writeJSON(w, r, http.StatusOK, typeLD, json.RawMessage(b))
	return nil
}

func (s *Server) issuerPage(w http.ResponseWriter, r *http.Request, p *accolade.Profile) error {
	v := templates.IssuerPage{
		Site: s.site(r), Name: p.Name, URL: p.URL, Description: p.Description, Email: p.Email,
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
	if v.Endorsements, err = s.pageEndorsements(v.ID); err != nil { // endorsement.go
		return err
	}
	return renderPage(w, http.StatusOK, func(b *bytes.Buffer) error { return s.pages.Issuer(b, v) })
}

// issuerView is a profile as the admin API shows it.
func (s *Server) issuerView(p *accolade.Profile) api.Issuer {
	return api.Issuer{
		Slug: p.Slug, Name: p.Name, URL: p.URL, Description: p.Description, Email: p.Email, Logo: p.Logo,
		LinkedInOrganizationID: p.LinkedInOrganizationID, PaperSize: p.PaperSize, Lang: p.Lang,
		Coordinators: p.Coordinators, Alg: string(p.Alg), IDMode: string(p.IDMode), ID: s.urls.IssuerID(p), Profile: s.urls.Issuer(p.Slug),
		Created: p.Created,
	}
}

func (s *Server) getIssuerAPI(w http.ResponseWriter, r *http.Request) error {
	p, err := s.store.Issuer(pathID(r, "slug"))
	if err != nil {
		return err
	}
	s.writeJSON(w, r, http.StatusOK, "application/json", s.issuerView(p))
	return nil
}

// issuerFields are the JSON fields of api.IssuerUpdate.
var issuerFields = []string{"name", "url", "description", "email", "linkedInOrganizationId", "paperSize", "lang", "coordinators"}

// putIssuer edits an existing issuer's profile: the fields of
// api.IssuerUpdate, all of them (one left out is cleared). The slug,
// algorithm, id mode, logo and creation time are kept. Unknown fields are
// an error naming every one, and nothing is changed.
func (s *Server) putIssuer(w http.ResponseWriter, r *http.Request) error {
	b, err := readBody(w, r, maxAdminBody)
	if err != nil {
		return err
	}
	if err := checkFields(b, issuerFields); err != nil {
		return err
	}
	var u api.IssuerUpdate
	if err := unmarshalStrict(b, &u); err != nil {
		return err
	}
	p, err := s.updateIssuer(pathID(r, "slug"), u)
	if err != nil {
		return err
	}
	s.writeJSON(w, r, http.StatusOK, "application/json", s.issuerView(p))
	return nil
}

// updateIssuer sets the profile fields of issuer slug to u, all of them;
// every coordinator must be a member. The API and the console save
// through it.
func (s *Server) updateIssuer(slug string, u api.IssuerUpdate) (*accolade.Profile, error) {
	for i, id := range u.Coordinators {
		if _, err := s.store.Member(id); errs.KindOf(err) == errs.NotFound {
			return nil, errs.Field(fmt.Sprintf("coordinators[%d]", i), "%q is not a member: add the member first", id)
		} else if err != nil {
			return nil, err
		}
	}
	return s.store.UpdateIssuer(slug, func(p *accolade.Profile) error {
		p.Name, p.URL, p.Description, p.Email = u.Name, strings.TrimSpace(u.URL), strings.TrimSpace(u.Description), strings.TrimSpace(u.Email)
		p.LinkedInOrganizationID, p.PaperSize, p.Lang = strings.TrimSpace(u.LinkedInOrganizationID), u.PaperSize, u.Lang
		p.Coordinators = u.Coordinators
		return p.Validate()
	})
}

// checkFields returns an errs.Invalid error naming every field of the JSON
// object b that is not in fields; b that is not an object is left to the
// decoder to refuse.
func checkFields(b []byte, fields []string) error {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return nil
	}
	var unknown []string
	for k := range raw {
		if !slices.Contains(fields, k) {
			unknown = append(unknown, strconv.Quote(k))
		}
	}
	if len(unknown) == 0 {
		return nil
	}
	sort.Strings(unknown)
	return errs.E(errs.Invalid, "unknown field %s: the fields are %s", strings.Join(unknown, ", "), strings.Join(fields, ", "))
}
