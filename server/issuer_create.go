package server

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/api"
	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/keys"
)

// issuerStore is what creating an issuer needs of storage, beyond reading
// issuers; store.DB satisfies it.
type issuerStore interface {
	CreateIssuer(p *accolade.Profile) error
	DeleteIssuer(slug string) error
}

// issuerCreateFields are the JSON fields of api.IssuerCreate.
var issuerCreateFields = []string{"slug", "name", "url", "description", "email", "logo", "linkedInOrganizationId", "paperSize", "lang", "alg", "idMode"}

// listIssuers lists every issuer, in slug order.
func (s *Server) listIssuers(w http.ResponseWriter, r *http.Request) error {
	for k := range r.URL.Query() {
		return errs.Field(k, "is not a known query parameter: GET /api/v1/issuers takes none")
	}
	list, err := s.store.Issuers()
	if err != nil {
		return err
	}
	out := api.IssuerList{Issuers: []api.Issuer{}}
	for _, p := range list {
		out.Issuers = append(out.Issuers, s.issuerView(p))
	}
	s.writeJSON(w, r, http.StatusOK, "application/json", out)
	return nil
}

// postIssuer creates an issuer and its keys (createIssuer): its profile
// page, did:web document, JWKS entries and status lists work as soon as it
// answers 201.
func (s *Server) postIssuer(w http.ResponseWriter, r *http.Request) error {
	b, err := readBody(w, r, maxAdminBody)
	if err != nil {
		return err
	}
	if err := checkFields(b, issuerCreateFields); err != nil {
		return err
	}
	var c api.IssuerCreate
	if err := unmarshalStrict(b, &c); err != nil {
		return err
	}
	p, err := s.createIssuer(c, nil)
	if err != nil {
		return err
	}
	w.Header().Set("Location", s.urls.Issuer(p.Slug))
	s.writeJSON(w, r, http.StatusCreated, "application/json", s.issuerView(p))
	return nil
}

// createIssuer creates the issuer c asks for, coordinated by coordinators
// (member ids, each must exist; none: only the install's owners run it),
// and its keys. It is what POST /api/v1/issuers and the console's
// communities page both do. A slug in use is errs.Conflict; a bad field
// errs.Invalid naming it ("coordinators[i]" for a coordinator). The
// profile is stored first, only if the slug is free, then the keys in one
// write; should that fail, the profile is removed again, so that a refusal
// or failure leaves nothing behind.
func (s *Server) createIssuer(c api.IssuerCreate, coordinators []string) (*accolade.Profile, error) {
	p, err := s.newProfile(c, coordinators)
	if err != nil {
		return nil, err
	}
	if _, err := s.store.Issuer(p.Slug); err == nil {
		return nil, errs.E(errs.Conflict, "there is an issuer %q already: choose another slug, or change it with PUT /api/v1/issuers/%s", p.Slug, p.Slug)
	} else if errs.KindOf(err) != errs.NotFound {
		return nil, err
	}
	if err := s.store.CreateIssuer(p); err != nil {
		return nil, err
	}
	if _, err := s.keys.EnsureKeys(p.Slug, p.Alg); err != nil {
		return nil, s.undoIssuer(p, fmt.Errorf("creating the keys of issuer %s: %w", p.Slug, err))
	}
	if p.IDMode == accolade.IDDIDKey {
		pinned, err := s.store.UpdateIssuer(p.Slug, func(q *accolade.Profile) error {
			_, err := accolade.PinDIDKey(q, s.keys.Public(q.Slug))
			return err
		})
		if err != nil {
			return nil, s.undoIssuer(p, fmt.Errorf("pinning the did:key of issuer %s: %w", p.Slug, err))
		}
		p = pinned
	}
	return p, nil
}

// undoIssuer removes the issuer p again after err, part-way through
// creating it, and returns err (joined with the removal's error, if any).
// Its keys, if any were made, stay in the keyring unused.
func (s *Server) undoIssuer(p *accolade.Profile, err error) error {
	if derr := s.store.DeleteIssuer(p.Slug); derr != nil {
		return errors.Join(err, fmt.Errorf("removing the issuer again: %w", derr))
	}
	return err
}

// newProfile is the profile c asks for, with coordinators, validated
// (errs.Invalid naming the field).
func (s *Server) newProfile(c api.IssuerCreate, coordinators []string) (*accolade.Profile, error) {
	if c.Slug == "" {
		return nil, errs.Field("slug", "is required: lowercase letters, digits and '-', such as north")
	}
	p := &accolade.Profile{
		Slug: c.Slug, Name: c.Name, URL: strings.TrimSpace(c.URL), Description: strings.TrimSpace(c.Description),
		Email: strings.TrimSpace(c.Email), Logo: strings.TrimSpace(c.Logo), LinkedInOrganizationID: strings.TrimSpace(c.LinkedInOrganizationID),
		PaperSize: c.PaperSize, Lang: c.Lang, Alg: keys.Algorithm(c.Alg), IDMode: accolade.IDMode(c.IDMode),
		Coordinators: coordinators, Created: s.now().UTC(),
	}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	if p.IDMode == accolade.IDDIDWeb {
		if _, err := s.urls.DIDWeb(p.Slug); err != nil {
			return nil, errs.Field("idMode", "did:web is not possible on the base URL %s (%v): use \"url\"", s.urls.Base, err)
		}
	}
	for i, id := range p.Coordinators {
		if _, err := s.store.Member(id); errs.KindOf(err) == errs.NotFound {
			return nil, errs.Field(fmt.Sprintf("coordinators[%d]", i), "%q is not a member: add the member first", id)
		} else if err != nil {
			return nil, err
		}
	}
	return p, nil
}
