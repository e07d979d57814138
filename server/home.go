package server

import (
	"bytes"
	"net/http"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/ob3"
	"github.com/accolade-badges/accolade/templates"
)

func (s *Server) home(w http.ResponseWriter, r *http.Request) error {
	v := templates.HomePage{Site: s.site(r)}
	issuers, err := s.store.Issuers()
	if err != nil {
		return err
	}
	for _, p := range issuers {
		if p.Slug == accolade.DefaultSlug {
			v.About = p.Description
		}
		v.Issuers = append(v.Issuers, templates.Link{Name: p.Name, URL: s.urls.Issuer(p.Slug)})
	}
	achs, err := s.publishedAchievements()
	if err != nil {
		return err
	}
	sortByName(achs)
	for _, a := range achs {
		v.Achievements = append(v.Achievements, templates.Link{Name: a.Name, URL: s.urls.Achievement(a.ID),
			ImageURL: s.badgeURL(a, accolade.FormSVG)})
	}
	if v.RecentCredentials, v.Others, err = s.recentCredentials(); err != nil {
		return err
	}
	return renderPage(w, http.StatusOK, func(b *bytes.Buffer) error { return s.pages.Home(b, v) })
}

// summary is rec as a line of a public list, and whether its holder chose
// to be listed by name (a credential whose member is gone is not listed).
func (s *Server) summary(rec *accolade.Record) (templates.CredentialSummary, bool) {
	c := templates.CredentialSummary{URL: s.urls.Credential(rec.ID), ValidFrom: rec.ValidFrom, AchievementName: rec.Achievement}
	if cred, err := ob3.ParseCredential(rec.JSON); err == nil {
		c.AchievementName, c.RecipientName = cred.CredentialSubject.Achievement.Name, cred.CredentialSubject.Name
	}
	m, err := s.store.Member(rec.Member)
	if err != nil {
		return c, false
	}
	c.RecipientLang = m.Lang
	if c.RecipientName == "" {
		c.RecipientName = m.Name
	}
	return c, m.Listed
}

// listable reports whether rec may appear in a public list at all: valid
// now (not revoked, suspended or expired), of a published achievement, and
// not hidden by its holder.
func (s *Server) listable(rec *accolade.Record, unpublished map[string]bool) bool {
	return !unpublished[rec.Achievement] && rec.CurrentStatus(s.now()) == accolade.Active && !rec.Hidden
}

// recentCredentials summarizes the newest valid credentials of published
// achievements whose holders chose to be listed, and counts the others
// among those it looked at. It reads at most recentLooked records, however
// many are stored, asking for more only while fewer than recentShown are
// found.
func (s *Server) recentCredentials() ([]templates.CredentialSummary, int, error) {
	unpublished, err := s.store.Unpublished()
	if err != nil {
		return nil, 0, err
	}
	var out []templates.CredentialSummary
	for n := recentShown; ; n *= 4 {
		asked := min(n, recentLooked)
		recs, err := s.store.RecentCredentials(asked)
		if err != nil {
			return nil, 0, err
		}
		out = out[:0]
		others := 0
		for _, rec := range recs {
			if !s.listable(rec, unpublished) {
				continue
			}
			c, listed := s.summary(rec)
			switch {
			case !listed:
				others++
			case len(out) < recentShown:
				out = append(out, c)
			}
		}
		if len(out) == recentShown || len(recs) < asked || asked == recentLooked {
			return out, others, nil
		}
	}
}
