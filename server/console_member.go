package server

import (
	"bytes"
	"cmp"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/ledger"
	"github.com/accolade-badges/accolade/templates"
)

// consoleMember is /console/{slug}/members/{id}: the member's details and
// their exchanges, credentials, progress and applications in the
// community. The dispute notes are shown: the coordinators settle disputes.
func (s *Server) consoleMember(w http.ResponseWriter, r *http.Request, c *coordinator) error {
	m, err := s.communityMember(r, c)
	if err != nil {
		return err
	}
	return s.renderConsoleMember(w, r, c, m, http.StatusOK, "")
}

// renderConsoleMember renders m's page; inviteErr is why an invitation
// was not sent ("": none).
func (s *Server) renderConsoleMember(w http.ResponseWriter, r *http.Request, c *coordinator, m *accolade.Member, status int, inviteErr string) error {
	slug := c.Issuer.Slug
	base := "/console/" + slug + "/members"
	v := templates.ConsoleMemberPage{ConsolePage: s.consolePage(r, c, "/members"), DID: m.DID, LatinName: m.LatinName, Listed: m.Listed,
		EditURL: s.localPath(base + "/" + m.ID + "/edit"), InviteURL: s.localPath(base + "/" + m.ID + "/invite"), BackURL: s.localPath(base),
		ForgetURL: s.localPath(base + "/" + m.ID + "/forget"), Forgotten: !m.Forgotten.IsZero(),
		CredentialsURL: s.localPath("/console/" + slug + "/credentials?" + url.Values{"q": {m.ID}}.Encode()), InviteErr: inviteErr}
	l := v.Site.Locale()
	for _, other := range m.CommunitySlugs() {
		if other != slug {
			v.Communities = append(v.Communities, s.communityName(other))
		}
	}
	ours, err := s.communityAchievements(slug)
	if err != nil {
		return err
	}
	who := s.memberNames()
	act := &memberActivity{}
	exchanges, err := s.memberCommunityExchanges(m.ID, slug)
	if err != nil {
		return err
	}
	for _, e := range exchanges {
		x := templates.ConsoleMemberExchange{ID: e.ID, Title: firstOf(e.Title, strings.Join(e.Skills, ", ")), Hours: strconv.FormatFloat(e.Hours, 'f', -1, 64), OccurredAt: e.OccurredAt}
		switch {
		case e.Disputed():
			x.State, x.StateLabel = "disputed", l.T("console.members.disputed")
		case awaitsCounterpart(e):
			x.State, x.StateLabel = "waiting", l.T("console.members.waiting")
		default:
			x.State, x.StateLabel = "confirmed", l.T("console.members.confirmed")
		}
		for _, p := range e.Participants() {
			if p != m.ID {
				x.Others = append(x.Others, who(p))
			}
		}
		for _, by := range e.DisputedBy {
			x.Disputes = append(x.Disputes, templates.ConsoleDispute{By: who(by), Note: e.DisputeNotes[by]})
		}
		v.Exchanges = append(v.Exchanges, x)
		act.exchanges++
		if e.OccurredAt.After(act.last) {
			act.last = e.OccurredAt
		}
	}
	if err := s.memberCommunityCredentials(&v, m, slug, ours, act); err != nil {
		return err
	}
	v.Member = s.consoleMemberRow(m, act, base)
	if err := s.memberCommunityProgress(&v, m, ours); err != nil {
		return err
	}
	if err := s.memberCommunityApplications(&v, m, ours); err != nil {
		return err
	}
	return renderPage(w, status, func(b *bytes.Buffer) error { return s.pages.Console(b, "console-member", v) })
}

// communityName is the name of community slug, or the slug when it has
// none or cannot be read.
func (s *Server) communityName(slug string) string {
	if p, err := s.store.Issuer(slug); err == nil && p.Name != "" {
		return p.Name
	}
	return slug
}

// memberCommunityExchanges are the member's exchanges in community slug,
// not withdrawn, newest first.
func (s *Server) memberCommunityExchanges(member, slug string) ([]*ledger.Exchange, error) {
	cs, err := s.consoleLedger()
	if err != nil {
		return nil, err
	}
	var out []*ledger.Exchange
	err = cs.EachExchange(func(e *ledger.Exchange) error {
		if !e.Withdrawn && ledger.CommunityOf(e.Community) == slug && slices.Contains(e.Participants(), member) {
			out = append(out, e)
		}
		return nil
	})
	slices.SortFunc(out, func(a, b *ledger.Exchange) int {
		return cmp.Or(b.OccurredAt.Compare(a.OccurredAt), cmp.Compare(a.ID, b.ID))
	})
	return out, err
}

// memberCommunityCredentials adds m's credentials of community slug to v,
// newest first, counting them in act.
func (s *Server) memberCommunityCredentials(v *templates.ConsoleMemberPage, m *accolade.Member, slug string, ours map[string]*communityAchievement, act *memberActivity) error {
	recs, err := s.store.Credentials(accolade.CredentialFilter{Member: m.ID})
	if err != nil {
		return err
	}
	slices.SortFunc(recs, func(a, b *accolade.Record) int { return cmp.Or(b.Created.Compare(a.Created), cmp.Compare(a.ID, b.ID)) })
	now, l := s.now(), v.Site.Locale()
	for _, rec := range recs {
		if rec.State != accolade.Issued || issuerSlug(rec.Issuer) != slug {
			continue
		}
		name := rec.Achievement
		if a := ours[rec.Achievement]; a != nil {
			name = a.Name
		}
		st := rec.CurrentStatus(now)
		v.Credentials = append(v.Credentials, templates.ConsoleCredential{ID: rec.ID, URL: s.urls.Credential(rec.ID), Member: m.ID, MemberName: m.Name,
			AchievementName: name, Status: string(st), StatusLabel: credentialStatusWords(l.T, st), Reason: rec.StatusReason, Issued: rec.Created})
		act.credentials++
		if rec.Created.After(act.last) {
			act.last = rec.Created
		}
	}
	return nil
}

// memberCommunityProgress adds m's progress on the community's
// achievements to v, in the words of the member's own progress page. The
// evidence is not linked: the links are the member's own pages.
func (s *Server) memberCommunityProgress(v *templates.ConsoleMemberPage, m *accolade.Member, ours map[string]*communityAchievement) error {
	results, err := s.awards.Progress(m.ID)
	if err != nil {
		return err
	}
	words := requirementWords{site: v.Site, h: v.Site.HTML(), achievement: s.store.Achievement, names: map[string]string{}}
	for _, res := range results {
		if ours[res.Achievement] == nil {
			continue
		}
		p := templates.MemberProgress{Name: ours[res.Achievement].Name, Earned: res.Earned}
		if a, err := s.store.Achievement(res.Achievement); err == nil {
			p.Name, p.URL = a.Definition().In(v.Site.Lang()).Name, s.urls.Achievement(a.ID)
			words.names[a.ID] = a.Name
		}
		if res.Credential != "" {
			p.CredentialURL = s.urls.Credential(res.Credential)
		}
		for _, q := range res.Requirements {
			req := s.memberRequirement(q, res.Evidence, nil, &words)
			for i := range req.Evidence {
				req.Evidence[i].URL = ""
			}
			p.Requirements = append(p.Requirements, req)
		}
		numberRequirements(p.Requirements, len(v.Progress))
		v.Progress = append(v.Progress, p)
	}
	return nil
}

// memberCommunityApplications adds m's applications for the community's
// achievements to v, newest first.
func (s *Server) memberCommunityApplications(v *templates.ConsoleMemberPage, m *accolade.Member, ours map[string]*communityAchievement) error {
	ma, err := s.members()
	if err != nil {
		return err
	}
	apps, err := ma.MemberApplications(m.ID)
	if err != nil {
		return err
	}
	slices.SortFunc(apps, func(a, b *ledger.Application) int {
		return cmp.Or(b.CreatedAt.Compare(a.CreatedAt), cmp.Compare(a.ID, b.ID))
	})
	l := v.Site.Locale()
	for _, a := range apps {
		if ours[a.Achievement] == nil {
			continue
		}
		label := l.T("console.members.pending")
		switch a.Status {
		case ledger.Approved:
			label = l.T("console.members.approved")
		case ledger.Rejected:
			label = l.T("console.members.rejected")
		}
		v.Applications = append(v.Applications, templates.ConsoleMemberApplication{AchievementName: ours[a.Achievement].Name, Status: a.Status,
			StatusLabel: label, Comment: a.Comment, CreatedAt: a.CreatedAt})
	}
	return nil
}
