package server

import (
	"bytes"
	"net/http"
	"strconv"
	"time"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/ledger"
	"github.com/accolade-badges/accolade/templates"
)

// The console's dashboard, /console/{slug}: a community's numbers, each a
// link to where it is handled, and its last twelve months as a bar chart.

func init() {
	consoleRoutesList = append(consoleRoutesList, consoleRoute{"GET /console/{slug}", func(s *Server) consoleHandler { return s.consoleDashboard }})
	consoleNav = append(consoleNav, consoleNavItem{"", func(t func(string, ...any) string) string { return catalogueLookup(t).T("console.nav.dashboard") }})
}

// consoleLedger is what the console pages need of the store beyond Store:
// every exchange (the dashboard's activity, the disputes queue) and the
// outbox (re-sending an award mail). store.DB satisfies it.
type consoleLedger interface {
	EachExchange(fn func(*ledger.Exchange) error) error
	Enqueue(list ...*accolade.Notice) error
	NoticeAttempts(id string) (int, error)
}

func (s *Server) consoleLedger() (consoleLedger, error) {
	cs, ok := s.store.(consoleLedger)
	if !ok {
		return nil, errs.E(errs.Internal, "the store does not serve the console")
	}
	return cs, nil
}

// dashboardMonths is how many months the dashboard's chart shows.
const dashboardMonths = 12

// dashboardStats are a community's numbers. Members and exchanges are the
// install's (members do not yet belong to communities), so only the
// default community has them.
type dashboardStats struct {
	members, achievements                        int
	exchangesMonth                               int
	hoursMonth                                   float64
	credentials, credentialsMonth                int
	pendingConfirmations, disputes, applications int
	months                                       [dashboardMonths]struct{ credentials, exchanges int }
}

// chartMonthIndex is the chart column of t for a chart whose last month starts
// at last, or -1 outside the chart.
func chartMonthIndex(t time.Time, last time.Time) int {
	t = t.UTC()
	d := (last.Year()-t.Year())*12 + int(last.Month()) - int(t.Month())
	if d < 0 || d >= dashboardMonths {
		return -1
	}
	return dashboardMonths - 1 - d
}

// dashboardStats computes the numbers of community slug in one pass over
// each of: the achievements, the credentials, the applications and, for
// the default community, the members and the exchanges. No per-member
// query.
func (s *Server) dashboardStats(slug string, now time.Time) (*dashboardStats, error) {
	st := &dashboardStats{}
	month := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC)
	ours, err := s.communityAchievements(slug)
	if err != nil {
		return nil, err
	}
	st.achievements = len(ours)
	recs, err := s.store.Credentials(accolade.CredentialFilter{})
	if err != nil {
		return nil, err
	}
	for _, rec := range recs {
		if issuerSlug(rec.Issuer) != slug {
			continue
		}
		st.credentials++
		if !rec.Created.Before(month) {
			st.credentialsMonth++
		}
		if i := chartMonthIndex(rec.Created, month); i >= 0 {
			st.months[i].credentials++
		}
	}
	_, _, err = s.store.ApplicationsPage("", 1, func(a *ledger.Application) bool {
		if a.Status == ledger.Pending && ours[a.Achievement] != nil {
			st.applications++
		}
		return false
	})
	if err != nil {
		return st, err
	}
	if _, _, err := s.store.MembersPage("", 1, func(m *accolade.Member) bool {
		if m.In(slug) {
			st.members++
		}
		return false
	}); err != nil {
		return nil, err
	}
	cs, err := s.consoleLedger()
	if err != nil {
		return nil, err
	}
	err = cs.EachExchange(func(e *ledger.Exchange) error {
		switch {
		case e.Withdrawn || ledger.CommunityOf(e.Community) != slug:
			return nil
		case e.Disputed():
			st.disputes++
			return nil
		case awaitsCounterpart(e):
			st.pendingConfirmations++
		}
		if !e.OccurredAt.Before(month) {
			st.exchangesMonth++
			st.hoursMonth += e.Hours
		}
		if i := chartMonthIndex(e.OccurredAt, month); i >= 0 {
			st.months[i].exchanges++
		}
		return nil
	})
	return st, err
}

// awaitsCounterpart reports whether e was logged by a member from the
// member pages and some other participant has still to confirm it (an
// exchange a coordinator or an import recorded asks nobody to confirm).
func awaitsCounterpart(e *ledger.Exchange) bool {
	if e.LoggedBy == "" {
		return false
	}
	for _, m := range e.Participants() {
		if e.AwaitsConfirmation(m) {
			return true
		}
	}
	return false
}

// consoleDashboard is /console/{slug}.
func (s *Server) consoleDashboard(w http.ResponseWriter, r *http.Request, c *coordinator) error {
	now := s.now().UTC()
	st, err := s.dashboardStats(c.Issuer.Slug, now)
	if err != nil {
		return err
	}
	base := "/console/" + c.Issuer.Slug
	v := templates.ConsoleDashboardPage{ConsolePage: s.consolePage(r, c, ""),
		Members: st.members, Achievements: st.achievements,
		ExchangesMonth: st.exchangesMonth, HoursMonth: strconv.FormatFloat(st.hoursMonth, 'f', -1, 64),
		Credentials: st.credentials, CredentialsMonth: st.credentialsMonth,
		PendingConfirmations: st.pendingConfirmations, Disputes: st.disputes, Applications: st.applications,
		CredentialsURL: s.localPath(base + "/credentials"), ApplicationsURL: s.localPath(base + "/queue#applications"),
		DisputesURL: s.localPath(base + "/queue#disputes"), WaitingURL: s.localPath(base + "/queue#waiting"),
		MonthStart: time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC)}
	if consoleHas("GET /console/{slug}/members") {
		v.MembersURL = s.localPath(base + "/members")
	}
	if consoleHas("GET /console/{slug}/achievements") {
		v.AchievementsURL = s.localPath(base + "/achievements")
	}
	first := v.MonthStart.AddDate(0, 1-dashboardMonths, 0)
	for i, m := range st.months {
		v.Chart = append(v.Chart, templates.ChartMonth{Month: first.AddDate(0, i, 0), Credentials: m.credentials, Exchanges: m.exchanges})
	}
	v.Bars = templates.BarChart(v.Chart, true, v.Site.Dir() == "rtl")
	return renderPage(w, http.StatusOK, func(b *bytes.Buffer) error { return s.pages.Console(b, "console-dashboard", v) })
}

// consoleHas reports whether the console serves pattern (pages other files
// add).
func consoleHas(pattern string) bool {
	for _, rt := range consoleRoutesList {
		if rt.pattern == pattern {
			return true
		}
	}
	return false
}

// communityAchievements maps the ids of community slug's achievements to
// their names.
func (s *Server) communityAchievements(slug string) (map[string]*communityAchievement, error) {
	achs, err := s.store.Achievements()
	if err != nil {
		return nil, err
	}
	out := map[string]*communityAchievement{}
	for _, a := range achs {
		if issuerSlug(a.Issuer) == slug {
			out[a.ID] = &communityAchievement{ID: a.ID, Name: firstOf(a.Name, a.ID), Suspendable: a.Suspendable}
		}
	}
	return out, nil
}

// communityAchievement is what console pages show of an achievement.
type communityAchievement struct {
	ID, Name    string
	Suspendable bool
}

// catalogueLookup is a catalogue lookup, such as the one consoleNavItem and
// consoleDone give; its T method is how the catalogue check sees the keys
// used.
type catalogueLookup func(key string, args ...any) string

// T is the message of key.
func (f catalogueLookup) T(key string, args ...any) string { return f(key, args...) }
