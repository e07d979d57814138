package server

import (
	"bytes"
	"net/http"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/ob3"
	"github.com/accolade-badges/accolade/templates"
)

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
