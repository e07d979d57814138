package server

import (
	"bytes"
	"net/http"
	"slices"
	"strconv"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/api"
	"github.com/accolade-badges/accolade/templates"
)

// The console's audit page, /console/{slug}/audit: the community's audit
// log, newest first, with the private reasons of revocations (the
// coordinators may read them), and the whole log as JSON lines, as GET
// /api/v1/audit answers them.

func init() {
	consoleRoutesList = append(consoleRoutesList,
		consoleRoute{"GET /console/{slug}/audit", func(s *Server) consoleHandler { return s.consoleAudit }},
		consoleRoute{"GET /console/{slug}/audit.jsonl", func(s *Server) consoleHandler { return s.consoleAuditLines }})
	consoleNav = append(consoleNav, consoleNavItem{"/audit", func(t func(string, ...any) string) string { return catalogueLookup(t).T("console.nav.audit") }})
}

// consoleAuditPage is how many entries a page lists.
const consoleAuditPage = 50

// communityAudit is the community's log, oldest first.
func (s *Server) communityAudit(slug string) ([]*accolade.AuditEntry, error) {
	return s.store.AuditLog(accolade.AuditFilter{Issuers: []string{slug}})
}

func (s *Server) consoleAudit(w http.ResponseWriter, r *http.Request, c *coordinator) error {
	list, err := s.communityAudit(c.Issuer.Slug)
	if err != nil {
		return err
	}
	slices.Reverse(list)
	base := "/console/" + c.Issuer.Slug + "/audit"
	v := templates.ConsoleAuditPage{ConsolePage: s.consolePage(r, c, "/audit"), Total: len(list), DownloadURL: s.localPath(base + ".jsonl")}
	page, _ := strconv.Atoi(r.URL.Query().Get("page"))
	page = max(page, 1)
	from := min((page-1)*consoleAuditPage, len(list))
	to := min(from+consoleAuditPage, len(list))
	if page > 1 {
		v.PrevURL = s.localPath(base + "?page=" + strconv.Itoa(page-1))
	}
	if to < len(list) {
		v.NextURL = s.localPath(base + "?page=" + strconv.Itoa(page+1))
	}
	for _, e := range list[from:to] {
		v.Entries = append(v.Entries, templates.ConsoleAuditEntry{Time: e.Time, Actor: e.Actor, Action: e.Action, Target: e.Target,
			Reason: e.Reason, Outcome: e.Outcome, Refusal: e.Refusal, Refused: e.Outcome >= 400})
	}
	return renderPage(w, http.StatusOK, func(b *bytes.Buffer) error { return s.pages.Console(b, "console-audit", v) })
}

// consoleAuditLines is the community's whole log as JSON lines, oldest
// first, as a file to download.
func (s *Server) consoleAuditLines(w http.ResponseWriter, r *http.Request, c *coordinator) error {
	list, err := s.communityAudit(c.Issuer.Slug)
	if err != nil {
		return err
	}
	out := make([]api.AuditEntry, 0, len(list))
	for _, e := range list {
		out = append(out, auditView(e))
	}
	w.Header().Set("Content-Disposition", `attachment; filename="audit-`+c.Issuer.Slug+`.jsonl"`)
	return writeAuditLines(w, out)
}
