package server

import (
	"bytes"
	"math"
	"net/http"
	"strconv"
	"strings"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/criteria"
	"github.com/accolade-badges/accolade/ledger"
	"github.com/accolade-badges/accolade/templates"
)

// memberProgress is /account/progress: for each published achievement the
// engine evaluates, whether the member earned it and each requirement's
// numbers, exactly award.Service.Progress's (the API's progress answer).
func (s *Server) memberProgress(w http.ResponseWriter, r *http.Request, m *accolade.Member) error {
	results, err := s.awards.Progress(m.ID)
	if err != nil {
		return err
	}
	ma, err := s.members()
	if err != nil {
		return err
	}
	exchanges, err := ma.MemberExchanges(m.ID)
	if err != nil {
		return err
	}
	byID := make(map[string]*ledger.Exchange, len(exchanges))
	for _, e := range exchanges {
		byID[e.ID] = e
	}
	v := templates.MemberProgressPage{MemberPage: s.memberPage(r, m, "/account/progress")}
	lang := ""
	if v.Site.Lang() != "en" {
		lang = "en" // the engine's descriptions are English
	}
	for _, res := range results {
		p := templates.MemberProgress{Name: res.Achievement, Earned: res.Earned}
		if a, err := s.store.Achievement(res.Achievement); err == nil {
			p.Name, p.URL = a.Name, s.urls.Achievement(a.ID)
		}
		if res.Credential != "" {
			p.CredentialURL = s.urls.Credential(res.Credential)
		}
		for _, q := range res.Requirements {
			p.Requirements = append(p.Requirements, s.memberRequirement(q, res.Evidence, byID, lang))
		}
		v.Achievements = append(v.Achievements, p)
	}
	return renderPage(w, http.StatusOK, func(b *bytes.Buffer) error { return s.pages.MemberProgress(b, v) })
}

// memberRequirement is q for the page: the engine's description without
// its trailing ": current of target" (the page words the numbers in its
// own language), and what counted, linked to the member's own exchange
// pages.
func (s *Server) memberRequirement(q criteria.RequirementResult, evidence []criteria.Evidence, exchanges map[string]*ledger.Exchange, lang string) templates.MemberRequirement {
	desc := q.Description
	if i := strings.LastIndex(desc, ": "); i >= 0 && strings.Contains(desc[i:], " of ") {
		desc = desc[:i]
	}
	out := templates.MemberRequirement{Description: desc, DescriptionLang: lang,
		Current: math.Min(q.Current, q.Target), Target: q.Target, Met: q.Met,
		CurrentText: number(q.Current), TargetText: number(q.Target)}
	if !q.Met {
		out.MissingText = number(math.Max(q.Target-floor2(q.Current), 0))
	}
	narratives := make(map[string]string, len(evidence))
	for _, e := range evidence {
		narratives[e.ID] = e.Narrative
	}
	for _, id := range q.Evidence {
		ev := templates.Evidence{Narrative: narratives[id]}
		if e, ok := exchanges[id]; ok {
			ev.URL = s.localPath("/account/exchanges/" + id)
			if ev.Narrative == "" {
				ev.Narrative = firstOf(e.Title, string(e.Kind)) + ", " + e.OccurredAt.UTC().Format("2006-01-02")
			}
		}
		if ev.Narrative == "" {
			ev.Narrative = id
		}
		out.Evidence = append(out.Evidence, ev)
	}
	return out
}

// number writes v for people as the engine does: cut to two decimals,
// without trailing zeros.
func number(v float64) string {
	return strconv.FormatFloat(floor2(v), 'f', -1, 64)
}

// floor2 is criteria's rounding of hours for people: down to two decimals,
// so that a requirement shown as met is met.
func floor2(v float64) float64 { return math.Floor(v*100+1e-6) / 100 }
