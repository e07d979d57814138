package server

import (
	"bytes"
	"context"
	"net/http"
	"slices"
	"strings"
	"sync"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/templates"
)

// The coordinator console, under /console: the pages a community's
// coordinators (the members its issuer profile names in coordinators) use
// to run it. Console pages live in server/console_*.go, each registering
// its routes with consoleRoute in an init, and every page is for one
// community: /console/{slug}/....

// consoleHandler serves a console page for a coordinator of c.Issuer.
type consoleHandler func(w http.ResponseWriter, r *http.Request, c *coordinator) error

// coordinator is who is using the console and for which community.
type coordinator struct {
	Member *accolade.Member
	Issuer *accolade.Profile
	// audit is the audit entry of the change being made (nil for a GET):
	// a handler may name what it created in its Target.
	audit *accolade.AuditEntry
}

// consoleRoute is one console route: a pattern under /console/{slug}/ and
// its handler.
type consoleRoute struct {
	pattern string
	h       func(s *Server) consoleHandler
}

// consoleRoutesList holds the console's routes; files add theirs in init.
var consoleRoutesList []consoleRoute

func (s *Server) consoleRoutes(m *routeMux) {
	m.HandleFunc("GET /console", s.signedIn(s.consoleIndex))
	for _, rt := range consoleRoutesList {
		m.HandleFunc(rt.pattern, s.coordinates(rt.h(s)))
	}
}

// coordinates wraps a console handler: the signed-in member must be one of
// the coordinators of the community in the path. To anyone else the page
// does not exist (404), so the console does not tell who runs what. A
// change (any method but GET) is recorded in the audit log as
// "coordinator:ID", with the community (once: the sign-in wrapper leaves
// the log to it), and a refused one as the member's.
func (s *Server) coordinates(h consoleHandler) http.HandlerFunc {
	return s.signedInAudited(func(w http.ResponseWriter, r *http.Request, m *accolade.Member) error {
		p, err := s.store.Issuer(r.PathValue("slug"))
		if errs.KindOf(err) == errs.NotFound || err == nil && !slices.Contains(p.Coordinators, m.ID) {
			err := errs.E(errs.NotFound, "There is no page at %s.", shortPath(r))
			if r.Method == http.MethodGet || r.Method == http.MethodHead {
				return err
			}
			return s.auditMember(w, r, m, func(http.ResponseWriter, *http.Request, *accolade.Member) error { return err })
		}
		if err != nil {
			return err
		}
		c := &coordinator{Member: m, Issuer: p}
		r = r.WithContext(context.WithValue(r.Context(), coordinatorKey{}, c))
		if r.Method == http.MethodGet || r.Method == http.MethodHead || consoleReadOnly[r.Pattern] {
			return h(w, r, c)
		}
		rw := &statusWriter{ResponseWriter: w}
		e := accolade.AuditEntry{Time: s.now().UTC(), Action: r.Pattern, Target: target(r), Actor: "coordinator:" + m.ID, Issuer: p.Slug}
		c.audit = &e
		err = h(rw, r, c)
		if r.PostForm != nil { // the private reason of a status change, as the form gave it
			e.Reason = strings.TrimSpace(r.PostForm.Get("reason"))
		}
		if err != nil {
			s.writeError(rw, r, err)
			s.auditRequest(rw, &e, err)
			return nil
		}
		s.auditRequest(rw, &e, nil)
		return nil
	}, false)
}

// consoleReadOnly are the console's POSTs that change nothing (the
// editor's check, called as the coordinator types): not audited, so that
// the log holds changes, not keystrokes.
var consoleReadOnly = map[string]bool{"POST /console/{slug}/achievements/check": true}

type coordinatorKey struct{}

// coordinatesAny reports whether member coordinates some community.
func (s *Server) coordinatesAny(member string) bool {
	issuers, err := s.store.Issuers()
	if err != nil {
		return false
	}
	return slices.ContainsFunc(issuers, func(p *accolade.Profile) bool { return slices.Contains(p.Coordinators, member) })
}

// consoleIndex lists the communities the member coordinates.
func (s *Server) consoleIndex(w http.ResponseWriter, r *http.Request, m *accolade.Member) error {
	issuers, err := s.store.Issuers()
	if err != nil {
		return err
	}
	v := templates.ConsoleIndexPage{Site: s.site(r)}
	for _, p := range issuers {
		if slices.Contains(p.Coordinators, m.ID) {
			v.Communities = append(v.Communities, templates.Link{Name: p.Name, URL: s.localPath("/console/" + p.Slug)})
			if p.Slug == accolade.DefaultSlug { // an owner of the install
				v.CreateURL = s.localPath("/console/" + p.Slug + "/communities")
			}
		}
	}
	return renderPage(w, http.StatusOK, func(b *bytes.Buffer) error { return s.pages.Console(b, "console-index", v) })
}

// consoleNavItem is one entry of the console's navigation: a path under
// /console/{slug} ("" for the dashboard) and its catalogue label key,
// read through the page's locale. Files add theirs in init, in order.
type consoleNavItem struct {
	path  string
	label func(t func(key string, args ...any) string) string
}

var consoleNav []consoleNavItem

// consoleNavOnly are the navigation's paths shown in one community's
// console only: path to slug.
var consoleNavOnly = map[string]string{}

// consoleNavOrder is the navigation's order, whatever order the files'
// inits ran in: the daily work first, then the community's administration.
var consoleNavOrder = []string{"", "/queue", "/members", "/credentials", "/achievements", "/endorsements", "/import", "/settings", "/communities", "/keys", "/tokens", "/audit"}

// sortedNav is consoleNav in consoleNavOrder, sorted once (after every
// init has added its entries).
var sortedNav = sync.OnceValue(func() []consoleNavItem {
	out := slices.Clone(consoleNav)
	slices.SortStableFunc(out, func(a, b consoleNavItem) int { return navRank(a.path) - navRank(b.path) })
	return out
})

// navRank is where path goes in the navigation; one not listed goes last.
func navRank(path string) int {
	if i := slices.Index(consoleNavOrder, path); i >= 0 {
		return i
	}
	return len(consoleNavOrder)
}

// consoleDone maps the ?done= of a console page to its message; files add
// theirs in init (keys must be literal at their T call, for the catalogue
// check).
var consoleDone = map[string]func(t func(key string, args ...any) string) string{}

// consolePage is the frame of every console page: site, community,
// navigation (current marks the page's own path under /console/{slug})
// and the message of ?done=.
func (s *Server) consolePage(r *http.Request, c *coordinator, current string) templates.ConsolePage {
	site := s.site(r)
	l := site.Locale()
	v := templates.ConsolePage{Site: site, IssuerSlug: c.Issuer.Slug, IssuerName: c.Issuer.Name}
	if f := consoleDone[r.URL.Query().Get("done")]; f != nil {
		v.Done = f(l.T)
	}
	for _, n := range sortedNav() {
		if only, ok := consoleNavOnly[n.path]; ok && only != c.Issuer.Slug {
			continue
		}
		v.Nav = append(v.Nav, templates.NavLink{Label: n.label(l.T), URL: s.localPath("/console/" + c.Issuer.Slug + n.path), Current: n.path == current})
	}
	return v
}
