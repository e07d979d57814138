package server

import (
	"bytes"
	"html/template"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

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
	words := requirementWords{site: v.Site, h: v.Site.HTML(), achievement: s.store.Achievement, names: map[string]string{}}
	for _, res := range results {
		p := templates.MemberProgress{Name: res.Achievement, Earned: res.Earned}
		if a, err := s.store.Achievement(res.Achievement); err == nil {
			p.Name, p.URL = a.Definition().In(v.Site.Lang()).Name, s.urls.Achievement(a.ID)
			words.names[a.ID] = a.Name
			if len(m.Communities) > 1 {
				if iss, err := s.store.Issuer(issuerSlug(a.Issuer)); err == nil {
					p.Community = iss.Name
				}
			}
		}
		if res.Credential != "" {
			p.CredentialURL = s.urls.Credential(res.Credential)
		}
		for _, q := range res.Requirements {
			p.Requirements = append(p.Requirements, s.memberRequirement(q, res.Evidence, byID, &words))
		}
		numberRequirements(p.Requirements, len(v.Achievements))
		v.Achievements = append(v.Achievements, p)
	}
	return renderPage(w, http.StatusOK, func(b *bytes.Buffer) error { return s.pages.MemberProgress(b, v) })
}

// memberRequirement is q for the page: what it counts in the page's
// language (see requirementWords), its numbers, and what counted, linked to
// the member's own exchange pages.
func (s *Server) memberRequirement(q criteria.RequirementResult, evidence []criteria.Evidence, exchanges map[string]*ledger.Exchange, words *requirementWords) templates.MemberRequirement {
	desc, lang := words.describe(q)
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

// requirementWords words what requirements count in the page's language,
// from each result's Phrase and the "member.req" messages. Skill tags and
// achievement names are data: they are isolated in the sentence (bdi), and
// an achievement is named as the store names it, else by its id.
type requirementWords struct {
	site        templates.Site
	h           templates.Markup // site.HTML()
	achievement func(id string) (*criteria.Achievement, error)
	names       map[string]string // achievement id → name, looked up once a page
}

// describe returns what q counts as HTML, and its language when that is not
// the page's: an expression has no structure and keeps the engine's English
// description, without its trailing ": current of target" (the page words
// the numbers).
func (w *requirementWords) describe(q criteria.RequirementResult) (template.HTML, string) {
	if s, ok := w.phrase(q.Phrase); ok {
		return s, ""
	}
	desc := q.Description
	if i := strings.LastIndex(desc, ": "); i >= 0 && strings.Contains(desc[i:], " of ") {
		desc = desc[:i]
	}
	lang := ""
	if w.site.Lang() != "en" {
		lang = "en"
	}
	return template.HTML(template.HTMLEscapeString(desc)), lang
}

// phrase words p; ok is false for a phrase without structure.
func (w *requirementWords) phrase(p criteria.Phrase) (s template.HTML, ok bool) {
	h := w.h
	var quals []template.HTML
	switch p.Counts {
	case criteria.CountsExchanges, criteria.CountsHours, criteria.CountsPartners:
		s = w.exchanges(p)
		if p.Confirmed && p.Counts != criteria.CountsPartners { // partners say it in their sentence
			quals = append(quals, h.T("member.req.confirmed"))
		}
		if len(p.Skills) > 0 {
			quals = append(quals, h.N("member.req.skills", len(p.Skills), "Skills", w.or(skillTags(p.Skills))))
		}
	case criteria.CountsAttestations:
		s = w.attestations(p)
	case criteria.CountsHolds:
		s = h.T("member.req.holds", "Achievement", w.name(p.Holds))
	case criteria.CountsApproval:
		s = h.T("member.req.approval")
	default:
		return "", false
	}
	if p.Within > 0 {
		quals = append(quals, w.within(p.Within))
	}
	s = capitalize(s)
	for _, q := range quals {
		s += h.T("member.req.sep") + q
	}
	return s, true
}

// exchanges words the main part of an exchanges phrase: what is counted,
// in which role, of which kinds.
func (w *requirementWords) exchanges(p criteria.Phrase) template.HTML {
	h, kinds := w.h, w.kinds(p.Kinds)
	switch p.Counts {
	case criteria.CountsHours:
		switch p.Role {
		case criteria.Teacher:
			return h.T("member.req.hours.teacher", "Kinds", kinds)
		case criteria.Learner:
			return h.T("member.req.hours.learner", "Kinds", kinds)
		}
		return h.T("member.req.hours.any", "Kinds", kinds)
	case criteria.CountsPartners:
		switch {
		case p.Role == criteria.Teacher && p.Confirmed:
			return h.T("member.req.partners.teacherConfirming", "Kinds", kinds)
		case p.Role == criteria.Teacher:
			return h.T("member.req.partners.teacher", "Kinds", kinds)
		case p.Role == criteria.Learner && p.Confirmed:
			return h.T("member.req.partners.learnerConfirming", "Kinds", kinds)
		case p.Role == criteria.Learner:
			return h.T("member.req.partners.learner", "Kinds", kinds)
		case p.Confirmed:
			return h.T("member.req.partners.anyConfirming", "Kinds", kinds)
		}
		return h.T("member.req.partners.any", "Kinds", kinds)
	}
	switch p.Role {
	case criteria.Teacher:
		return h.T("member.req.count.teacher", "Kinds", kinds)
	case criteria.Learner:
		return h.T("member.req.count.learner", "Kinds", kinds)
	}
	return h.T("member.req.count.any", "Kinds", kinds)
}

// kinds names exchange kinds in the plural, joined with "or"; no kinds is
// every kind, "exchanges".
func (w *requirementWords) kinds(kinds []ledger.ExchangeKind) template.HTML {
	h := w.h
	if len(kinds) == 0 {
		return h.T("member.req.kinds.all")
	}
	names := make([]template.HTML, len(kinds))
	for i, k := range kinds {
		switch k {
		case ledger.OneToOne:
			names[i] = h.T("member.req.kinds.one_to_one")
		case ledger.Workshop:
			names[i] = h.T("member.req.kinds.workshop")
		case ledger.Circle:
			names[i] = h.T("member.req.kinds.circle")
		case ledger.Mentoring:
			names[i] = h.T("member.req.kinds.mentoring")
		case ledger.Project:
			names[i] = h.T("member.req.kinds.project")
		default: // the rule's validation allows none other
			names[i] = bdi(string(k), "ltr")
		}
	}
	return w.or(names)
}

// attestations words an attestations phrase without its window.
func (w *requirementWords) attestations(p criteria.Phrase) template.HTML {
	h := w.h
	var skill template.HTML
	if len(p.Skills) > 0 {
		skill = skillTags(p.Skills)[0]
	}
	switch {
	case skill != "" && p.FromHoldersOf != "":
		return h.T("member.req.vouch.skillHolders", "Skill", skill, "Holders", w.name(p.FromHoldersOf))
	case skill != "":
		return h.T("member.req.vouch.skill", "Skill", skill)
	case p.FromHoldersOf != "":
		return h.T("member.req.vouch.holders", "Holders", w.name(p.FromHoldersOf))
	}
	return h.T("member.req.vouch.anyone")
}

// within words a window ending now: "last 365 days", "last 2 years" (a year
// is 365 days; a single year stays "365 days", as achievement files tend to
// write it), "last 12 hours".
func (w *requirementWords) within(d time.Duration) template.HTML {
	h := w.h
	switch {
	case d%criteria.Year == 0 && d >= 2*criteria.Year:
		return h.N("member.req.within.years", int64(d/criteria.Year))
	case d%criteria.Day == 0:
		return h.N("member.req.within.days", int64(d/criteria.Day))
	case d%time.Hour == 0:
		return h.N("member.req.within.hours", int64(d/time.Hour))
	case d%time.Minute == 0:
		return h.N("member.req.within.minutes", int64(d/time.Minute))
	}
	return h.N("member.req.within.seconds", strconv.FormatFloat(d.Seconds(), 'f', -1, 64))
}

// or joins items with the language's "or": "a or b or c".
func (w *requirementWords) or(items []template.HTML) template.HTML {
	s := items[0]
	for _, x := range items[1:] {
		s = w.h.T("member.req.or", "A", s, "B", x)
	}
	return s
}

// name is an achievement's name, isolated for the sentence, or its id when
// the store does not have it.
func (w *requirementWords) name(id string) template.HTML {
	n, ok := w.names[id]
	if !ok {
		n = id
		if a, err := w.achievement(id); err == nil && a.Name != "" {
			n = a.Name
		}
		w.names[id] = n
	}
	return bdi(n, "")
}

// skillTags are skill tags isolated for a sentence, left to right.
func skillTags(tags []string) []template.HTML {
	out := make([]template.HTML, len(tags))
	for i, t := range tags {
		out[i] = bdi(t, "ltr")
	}
	return out
}

// bdi is s isolated in a bdi element, with dir when given.
func bdi(s, dir string) template.HTML {
	open := "<bdi>"
	if dir != "" {
		open = `<bdi dir="` + dir + `">`
	}
	return template.HTML(open + template.HTMLEscapeString(s) + "</bdi>")
}

// capitalize upper-cases the first letter of s, which starts a sentence,
// unless s starts with markup (a value).
func capitalize(s template.HTML) template.HTML {
	r, n := utf8.DecodeRuneInString(string(s))
	if !unicode.IsLower(r) {
		return s
	}
	return template.HTML(string(unicode.ToUpper(r))) + s[n:]
}

// numberRequirements gives the requirements of the i-th achievement of a
// page their ids ("i-j"), for the labels of their progress bars.
func numberRequirements(reqs []templates.MemberRequirement, i int) {
	for j := range reqs {
		reqs[j].ID = strconv.Itoa(i) + "-" + strconv.Itoa(j)
	}
}
