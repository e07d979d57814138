package server

import (
	"bytes"
	"io/fs"
	"mime"
	"net/http"
	"net/url"
	"path"
	"strings"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/criteria"
	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/issuer"
	"github.com/accolade-badges/accolade/ob3"
	"github.com/accolade-badges/accolade/templates"
)

func (s *Server) site() templates.Site { return templates.Site{BaseURL: s.urls.Base} }

// renderPage renders into a buffer so that a failure never sends half a page.
func renderPage(w http.ResponseWriter, status int, render func(*bytes.Buffer) error) error {
	var buf bytes.Buffer
	if err := render(&buf); err != nil {
		return errs.Wrap(errs.Internal, err, "rendering page")
	}
	writeBytes(w, status, "text/html; charset=utf-8", buf.Bytes())
	return nil
}

func (s *Server) errorPage(w http.ResponseWriter, r *http.Request, err error) error {
	status := statusOf(errs.KindOf(err))
	if status == http.StatusInternalServerError {
		return err // logged and answered by writeError
	}
	v := templates.ErrorPage{Site: s.site(), Title: pageTitle(status), Message: err.Error()}
	return renderPage(w, status, func(b *bytes.Buffer) error { return s.pages.Error(b, v) })
}

// credentialPage shows a credential as it was signed: the achievement's
// name, description, criteria and image, the issuer's name and the
// recipient's name come from the signed JSON, and a note says when the
// achievement has changed since. Only credentials issued before the
// recipient's name was signed take it from the member record. The reason
// for a revocation or suspension is private and not shown.
func (s *Server) credentialPage(w http.ResponseWriter, r *http.Request, rec *accolade.Record) error {
	v := templates.CredentialPage{
		Site: s.site(), ValidFrom: rec.ValidFrom, ValidUntil: rec.ValidUntil,
		Status: string(rec.CurrentStatus(s.now())),
		Links: templates.CredentialLinks{
			JSON: s.urls.Credential(rec.ID) + ".json", JWT: s.urls.Credential(rec.ID) + ".jwt",
		},
		VerifyURL: "/verify?url=" + url.QueryEscape(s.urls.Credential(rec.ID)),
	}
	current, currentErr := s.store.Achievement(rec.Achievement)
	c, err := ob3.ParseCredential(rec.JSON)
	if err != nil {
		return errs.Wrap(errs.Internal, err, "reading stored credential %s", rec.ID)
	}
	signed := c.CredentialSubject.Achievement
	v.AchievementName, v.AchievementDescription = signed.Name, signed.Description
	v.CriteriaNarrative, v.ImageURL = signed.Criteria.Narrative, signed.ImageURL()
	v.IssuerName, v.RecipientName = c.Issuer.Name, c.CredentialSubject.Name
	for _, e := range c.Evidence {
		v.Evidence = append(v.Evidence, templates.Evidence{Narrative: e.Narrative, URL: e.ID})
	}
	if currentErr == nil {
		v.AchievementURL = s.urls.Achievement(current.ID)
		v.AchievementChanged = current.Name != signed.Name || current.Description != signed.Description ||
			strings.TrimSpace(current.Criteria.Narrative) != strings.TrimSpace(signed.Criteria.Narrative)
	}
	if m, err := s.store.Member(rec.Member); err == nil {
		v.RecipientLang = m.Lang
		if v.RecipientName == "" { // issued before the name was signed in
			v.RecipientName = m.Name
		}
	}
	if p, err := s.store.Issuer(rec.Issuer); err == nil {
		v.IssuerURL = s.urls.Issuer(p.Slug)
		if v.IssuerName == "" {
			v.IssuerName = p.Name
		}
	}
	v.LinkedInURL = linkedInURL(v.AchievementName, v.IssuerName, rec, s.urls)
	return renderPage(w, http.StatusOK, func(b *bytes.Buffer) error { return s.pages.Credential(b, v) })
}

// linkedInURL is LinkedIn's documented "add certification" link.
func linkedInURL(name, org string, rec *accolade.Record, u accolade.URLs) string {
	q := url.Values{}
	q.Set("startTask", "CERTIFICATION_NAME")
	q.Set("name", name)
	q.Set("organizationName", org)
	q.Set("issueYear", rec.ValidFrom.Format("2006"))
	q.Set("issueMonth", strings.TrimLeft(rec.ValidFrom.Format("01"), "0"))
	if !rec.ValidUntil.IsZero() {
		q.Set("expirationYear", rec.ValidUntil.Format("2006"))
		q.Set("expirationMonth", strings.TrimLeft(rec.ValidUntil.Format("01"), "0"))
	}
	q.Set("certUrl", u.Credential(rec.ID))
	q.Set("certId", rec.ID)
	return "https://www.linkedin.com/profile/add?" + q.Encode()
}

func (s *Server) issuerPage(w http.ResponseWriter, r *http.Request, p *accolade.Profile) error {
	v := templates.IssuerPage{
		Site: s.site(), Name: p.Name, URL: p.URL, Description: p.Description, ID: s.urls.IssuerID(p),
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
	for _, a := range achs {
		if a.Issuer == p.Slug || (a.Issuer == "" && p.Slug == accolade.DefaultSlug) {
			v.Achievements = append(v.Achievements, templates.Link{Name: a.Name, URL: s.urls.Achievement(a.ID)})
		}
	}
	return renderPage(w, http.StatusOK, func(b *bytes.Buffer) error { return s.pages.Issuer(b, v) })
}

func (s *Server) achievementPage(w http.ResponseWriter, r *http.Request, a *criteria.Achievement) error {
	j := issuer.AchievementJSON(s.urls, a)
	v := templates.AchievementPage{
		Site: s.site(), Name: a.Name, Description: a.Description, CriteriaNarrative: a.Criteria.Narrative,
		AchievementType: a.AchievementType, ImageURL: j.ImageURL(), ID: j.ID,
	}
	slug := a.Issuer
	if slug == "" {
		slug = accolade.DefaultSlug
	}
	if p, err := s.store.Issuer(slug); err == nil {
		v.IssuerName, v.IssuerURL = p.Name, s.urls.Issuer(slug)
	}
	return renderPage(w, http.StatusOK, func(b *bytes.Buffer) error { return s.pages.Achievement(b, v) })
}

func (s *Server) home(w http.ResponseWriter, r *http.Request) error {
	v := templates.HomePage{Site: s.site()}
	issuers, err := s.store.Issuers()
	if err != nil {
		return err
	}
	for _, p := range issuers {
		v.Issuers = append(v.Issuers, templates.Link{Name: p.Name, URL: s.urls.Issuer(p.Slug)})
	}
	achs, err := s.publishedAchievements()
	if err != nil {
		return err
	}
	for _, a := range achs {
		v.Achievements = append(v.Achievements, templates.Link{Name: a.Name, URL: s.urls.Achievement(a.ID)})
	}
	if v.RecentCredentials, err = s.recentCredentials(); err != nil {
		return err
	}
	return renderPage(w, http.StatusOK, func(b *bytes.Buffer) error { return s.pages.Home(b, v) })
}

func (s *Server) summary(rec *accolade.Record) templates.CredentialSummary {
	c := templates.CredentialSummary{URL: s.urls.Credential(rec.ID), ValidFrom: rec.ValidFrom, AchievementName: rec.Achievement}
	if cred, err := ob3.ParseCredential(rec.JSON); err == nil {
		c.AchievementName, c.RecipientName = cred.CredentialSubject.Achievement.Name, cred.CredentialSubject.Name
	}
	if m, err := s.store.Member(rec.Member); err == nil {
		c.RecipientLang = m.Lang
		if c.RecipientName == "" {
			c.RecipientName = m.Name
		}
	}
	return c
}

// Bounds of the home page's list of recent credentials.
const (
	recentShown = 10
	// recentLooked is how many of the newest credentials the home page
	// looks through for recentShown of published achievements; fewer are
	// shown when more than recentLooked-recentShown of the newest are of
	// unpublished ones.
	recentLooked = 160
)

// recentCredentials summarizes the newest credentials of published
// achievements. It reads at most recentLooked records, however many are
// stored, asking for more only while unpublished ones are left out.
func (s *Server) recentCredentials() ([]templates.CredentialSummary, error) {
	unpublished, err := s.store.Unpublished()
	if err != nil {
		return nil, err
	}
	var out []templates.CredentialSummary
	for n := recentShown; ; n *= 4 {
		asked := min(n, recentLooked)
		recs, err := s.store.RecentCredentials(asked)
		if err != nil {
			return nil, err
		}
		out = out[:0]
		for _, rec := range recs {
			if len(out) < recentShown && !unpublished[rec.Achievement] {
				out = append(out, s.summary(rec))
			}
		}
		if len(out) == recentShown || len(recs) < asked || asked == recentLooked {
			return out, nil
		}
	}
}

func (s *Server) static(w http.ResponseWriter, r *http.Request) error {
	name := path.Clean(pathID(r, "name"))
	b, err := fs.ReadFile(s.pages.Static(), name)
	if err != nil {
		return errs.E(errs.NotFound, "no static file %q", name)
	}
	ct := mime.TypeByExtension(path.Ext(name))
	if ct == "" {
		ct = "application/octet-stream"
	}
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	writeBytes(w, http.StatusOK, ct, b)
	return nil
}
