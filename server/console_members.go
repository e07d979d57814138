package server

import (
	"bytes"
	"cmp"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/ledger"
	"github.com/accolade-badges/accolade/templates"
	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

// The console's members pages, /console/{slug}/members: the community's
// members with search and filters, and a member's page with their
// exchanges, credentials, progress and applications in the community. A
// member who does not belong to the community is not found, on every route.
// Adding, editing and inviting are in console_member_edit.go.

func init() {
	consoleRoutesList = append(consoleRoutesList,
		consoleRoute{"GET /console/{slug}/members", func(s *Server) consoleHandler { return s.consoleMembers }},
		consoleRoute{"GET /console/{slug}/members/{id}", func(s *Server) consoleHandler { return s.consoleMember }})
	consoleNav = append(consoleNav, consoleNavItem{"/members", func(t func(string, ...any) string) string { return catalogueLookup(t).T("console.members.nav") }})
}

// consoleMembersPage is how many members a page lists.
const consoleMembersPage = 50

// memberActivity is what the list shows of a member's activity in one
// community, gathered in one pass over the credentials and one over the
// exchanges.
type memberActivity struct {
	credentials, exchanges int
	unconfirmed, disputed  bool
	holds                  map[string]bool // achievements of active credentials
	last                   time.Time
}

// communityActivity gathers the activity in community slug of every member.
func (s *Server) communityActivity(slug string) (map[string]*memberActivity, error) {
	out := map[string]*memberActivity{}
	of := func(id string) *memberActivity {
		if out[id] == nil {
			out[id] = &memberActivity{holds: map[string]bool{}}
		}
		return out[id]
	}
	recs, err := s.store.Credentials(accolade.CredentialFilter{})
	if err != nil {
		return nil, err
	}
	now := s.now()
	for _, rec := range recs {
		if rec.State != accolade.Issued || issuerSlug(rec.Issuer) != slug {
			continue
		}
		a := of(rec.Member)
		a.credentials++
		if rec.CurrentStatus(now) == accolade.Active {
			a.holds[rec.Achievement] = true
		}
		if rec.Created.After(a.last) {
			a.last = rec.Created
		}
	}
	cs, err := s.consoleLedger()
	if err != nil {
		return nil, err
	}
	err = cs.EachExchange(func(e *ledger.Exchange) error {
		if e.Withdrawn || ledger.CommunityOf(e.Community) != slug {
			return nil
		}
		disputed, waiting := e.Disputed(), awaitsCounterpart(e)
		for _, m := range e.Participants() {
			a := of(m)
			a.exchanges++
			a.disputed = a.disputed || disputed
			a.unconfirmed = a.unconfirmed || waiting
			if e.OccurredAt.After(a.last) {
				a.last = e.OccurredAt
			}
		}
		return nil
	})
	return out, err
}

func (s *Server) consoleMembers(w http.ResponseWriter, r *http.Request, c *coordinator) error {
	q := r.URL.Query()
	slug := c.Issuer.Slug
	base := "/console/" + slug + "/members"
	v := templates.ConsoleMembersPage{ConsolePage: s.consolePage(r, c, "/members"), Action: s.localPath(base), NewURL: s.localPath(base + "/new"),
		Query: strings.TrimSpace(q.Get("q")), Lang: q.Get("lang"), Holds: q.Get("holds"),
		Unconfirmed: q.Get("unconfirmed") != "", Disputed: q.Get("disputed") != ""}
	ours, err := s.communityAchievements(slug)
	if err != nil {
		return err
	}
	for _, a := range ours {
		v.Achievements = append(v.Achievements, templates.MemberOption{ID: a.ID, Label: a.Name, Selected: a.ID == v.Holds})
	}
	slices.SortFunc(v.Achievements, func(a, b templates.MemberOption) int { return cmp.Compare(a.Label, b.Label) })
	act, err := s.communityActivity(slug)
	if err != nil {
		return err
	}
	all, _, err := s.store.MembersPage("", 1<<30, func(m *accolade.Member) bool { return m.In(slug) })
	if err != nil {
		return err
	}
	langs := map[string]bool{}
	needle := strings.ToLower(v.Query)
	var list []*accolade.Member
	for _, m := range all {
		if m.Lang != "" {
			langs[m.Lang] = true
		}
		a := act[m.ID]
		if a == nil {
			a = &memberActivity{}
		}
		switch {
		case needle != "" && !strings.Contains(strings.ToLower(m.Name), needle) && !strings.Contains(strings.ToLower(m.ID), needle) && !strings.Contains(m.Email, needle):
		case v.Lang != "" && m.Lang != v.Lang:
		case v.Unconfirmed && !a.unconfirmed, v.Disputed && !a.disputed:
		case v.Holds != "" && !a.holds[v.Holds]:
		default:
			list = append(list, m)
		}
	}
	for _, l := range slices.Sorted(func(yield func(string) bool) {
		for l := range langs {
			if !yield(l) {
				return
			}
		}
	}) {
		v.Languages = append(v.Languages, templates.MemberOption{ID: l, Label: l, Selected: l == v.Lang})
	}
	// By name in the order of the page's language, case and accents aside; then by id.
	order := collate.New(language.Make(v.Site.Lang()), collate.IgnoreCase, collate.IgnoreDiacritics)
	slices.SortFunc(list, func(a, b *accolade.Member) int {
		return cmp.Or(order.CompareString(a.Name, b.Name), cmp.Compare(a.ID, b.ID))
	})
	v.Total = len(list)
	from, to, prev, next := s.consolePaging(q, base, len(list), consoleMembersPage)
	v.PrevURL, v.NextURL = prev, next
	for _, m := range list[from:to] {
		v.Members = append(v.Members, s.consoleMemberRow(m, act[m.ID], base))
	}
	return renderPage(w, http.StatusOK, func(b *bytes.Buffer) error { return s.pages.Console(b, "console-members", v) })
}

// consoleMemberRow is m as the list and the member's page show them.
func (s *Server) consoleMemberRow(m *accolade.Member, a *memberActivity, base string) templates.ConsoleMember {
	row := templates.ConsoleMember{ID: m.ID, Name: m.Name, Email: m.Email, Lang: m.Lang, Dir: langDir(m.Lang), URL: s.localPath(base + "/" + m.ID)}
	if a != nil {
		row.Credentials, row.Exchanges = a.credentials, a.exchanges
		row.LastActivity, row.LastActivityKnown = a.last, !a.last.IsZero()
	}
	return row
}

// rtlLanguages are the primary language subtags written right to left.
var rtlLanguages = []string{"ar", "arc", "ckb", "dv", "fa", "he", "ks", "ku", "ps", "sd", "ug", "ur", "yi"}

// langDir is the direction of text in language tag: "rtl", "ltr", or ""
// for no tag.
func langDir(tag string) string {
	if tag == "" {
		return ""
	}
	primary, _, _ := strings.Cut(strings.ToLower(tag), "-")
	if slices.Contains(rtlLanguages, primary) {
		return "rtl"
	}
	return "ltr"
}

// communityMember is the member in the path when they belong to c's
// community; otherwise the page does not exist.
func (s *Server) communityMember(r *http.Request, c *coordinator) (*accolade.Member, error) {
	m, err := s.store.Member(pathID(r, "id"))
	if errs.KindOf(err) == errs.NotFound || err == nil && !m.In(c.Issuer.Slug) {
		return nil, errs.E(errs.NotFound, "There is no page at %s.", shortPath(r))
	}
	return m, err
}
