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
	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/issuer"
	"github.com/accolade-badges/accolade/templates"
)

// The console's credentials page, /console/{slug}/credentials: the
// community's credentials with filters, issuing one directly, revoking,
// suspending and reinstating with a private reason, and re-sending the
// award mail. Only credentials whose issuer is the community are shown or
// changed; another's is not found.

func init() {
	consoleRoutesList = append(consoleRoutesList,
		consoleRoute{"GET /console/{slug}/credentials", func(s *Server) consoleHandler { return s.consoleCredentials }},
		consoleRoute{"POST /console/{slug}/credentials", func(s *Server) consoleHandler { return s.consoleIssue }},
		consoleRoute{"POST /console/{slug}/credentials/{id}/{action}", func(s *Server) consoleHandler { return s.consoleCredentialAction }})
	consoleNav = append(consoleNav, consoleNavItem{"/credentials", func(t func(string, ...any) string) string { return catalogueLookup(t).T("console.nav.credentials") }})
	consoleDone["issued"] = func(t func(string, ...any) string) string { return catalogueLookup(t).T("console.done.issued") }
	consoleDone["revoked"] = func(t func(string, ...any) string) string { return catalogueLookup(t).T("console.done.revoked") }
	consoleDone["suspended"] = func(t func(string, ...any) string) string { return catalogueLookup(t).T("console.done.suspended") }
	consoleDone["unsuspended"] = func(t func(string, ...any) string) string { return catalogueLookup(t).T("console.done.unsuspended") }
	consoleDone["resent"] = func(t func(string, ...any) string) string { return catalogueLookup(t).T("console.done.resent") }
}

// consoleCredentialsPage is how many credentials a page lists.
const consoleCredentialsPage = 50

// credentialStatuses are the values of the status filter.
var credentialStatuses = []accolade.Status{accolade.Active, accolade.Suspended, accolade.Revoked, accolade.Expired}

func (s *Server) consoleCredentials(w http.ResponseWriter, r *http.Request, c *coordinator) error {
	return s.renderConsoleCredentials(w, r, c, http.StatusOK, templates.ConsoleIssueForm{}, nil)
}

// renderConsoleCredentials renders the page with the issue form f and the
// error of a refused action (nil: none).
func (s *Server) renderConsoleCredentials(w http.ResponseWriter, r *http.Request, c *coordinator, status int, f templates.ConsoleIssueForm, actionErr *templates.FormError) error {
	q := r.URL.Query()
	ours, err := s.communityAchievements(c.Issuer.Slug)
	if err != nil {
		return err
	}
	base := "/console/" + c.Issuer.Slug + "/credentials"
	v := templates.ConsoleCredentialsPage{ConsolePage: s.consolePage(r, c, "/credentials"), Action: s.localPath(base),
		Achievement: q.Get("achievement"), Status: q.Get("status"), Query: strings.TrimSpace(q.Get("q")), ActionErr: actionErr}
	for _, a := range ours {
		v.Achievements = append(v.Achievements, templates.MemberOption{ID: a.ID, Label: a.Name})
	}
	slices.SortFunc(v.Achievements, func(a, b templates.MemberOption) int { return cmp.Compare(a.Label, b.Label) })
	l := v.Site.Locale()
	for _, st := range credentialStatuses {
		v.Statuses = append(v.Statuses, templates.MemberOption{ID: string(st), Label: credentialStatusWords(l.T, st)})
	}
	if !slices.Contains(credentialStatuses, accolade.Status(v.Status)) {
		v.Status = ""
	}
	f.Action, f.Achievements = s.localPath(base), v.Achievements
	v.Issue = f
	matches, err := s.memberMatcher(v.Query)
	if err != nil {
		return err
	}
	recs, err := s.store.Credentials(accolade.CredentialFilter{Achievement: v.Achievement})
	if err != nil {
		return err
	}
	now := s.now()
	var list []*accolade.Record
	for _, rec := range recs {
		if issuerSlug(rec.Issuer) == c.Issuer.Slug && (v.Status == "" || string(rec.CurrentStatus(now)) == v.Status) && matches(rec.Member) {
			list = append(list, rec)
		}
	}
	slices.SortFunc(list, func(a, b *accolade.Record) int { return cmp.Or(b.Created.Compare(a.Created), cmp.Compare(a.ID, b.ID)) })
	v.Total = len(list)
	from, to, prev, next := s.consolePaging(q, base, len(list), consoleCredentialsPage)
	v.PrevURL, v.NextURL = prev, next
	v.Back = credentialsBack(q)
	who := s.memberNames()
	for _, rec := range list[from:to] {
		name := rec.Achievement
		if a := ours[rec.Achievement]; a != nil {
			name = a.Name
		}
		st := rec.CurrentStatus(now)
		v.Credentials = append(v.Credentials, templates.ConsoleCredential{ID: rec.ID, URL: s.urls.Credential(rec.ID),
			Member: rec.Member, MemberName: who(rec.Member), AchievementName: name, Status: string(st), StatusLabel: credentialStatusWords(l.T, st), Reason: rec.StatusReason,
			Issued: rec.Created, ActionURL: s.localPath(base + "/" + rec.ID + "/"),
			Suspendable: ours[rec.Achievement] != nil && ours[rec.Achievement].Suspendable})
	}
	return renderPage(w, status, func(b *bytes.Buffer) error { return s.pages.Console(b, "console-credentials", v) })
}

// hasMember reports whether there is a member id.
func (s *Server) hasMember(id string) bool {
	_, err := s.store.Member(id)
	return err == nil
}

// credentialsBack is the list's filters and page in q, as a query string, for an
// action to come back to the same list; other parameters are dropped.
func credentialsBack(q url.Values) string {
	keep := url.Values{}
	for _, k := range []string{"achievement", "status", "q", "page"} {
		if v := q.Get(k); v != "" {
			keep.Set(k, v)
		}
	}
	return keep.Encode()
}

// memberMatcher reports whether a member matches the search q: their id
// or name contains it, case aside. It reads the members once, only when
// there is a search.
func (s *Server) memberMatcher(q string) (func(string) bool, error) {
	if q == "" {
		return func(string) bool { return true }, nil
	}
	q = strings.ToLower(q)
	found := map[string]bool{}
	_, _, err := s.store.MembersPage("", 1, func(m *accolade.Member) bool {
		if strings.Contains(strings.ToLower(m.ID), q) || strings.Contains(strings.ToLower(m.Name), q) {
			found[m.ID] = true
		}
		return false
	})
	return func(id string) bool { return found[id] }, err
}

// consoleIssue issues a credential of one of the community's achievements
// to a member, through the award service as POST /api/v1/credentials does.
func (s *Server) consoleIssue(w http.ResponseWriter, r *http.Request, c *coordinator) error {
	f := templates.ConsoleIssueForm{Member: strings.TrimSpace(r.PostFormValue("member")), Achievement: r.PostFormValue("achievement")}
	l := s.locale(r)
	ours, err := s.communityAchievements(c.Issuer.Slug)
	if err != nil {
		return err
	}
	switch {
	case f.Member == "":
		err = errs.Field("member", "%s", l.T("console.credentials.memberRequired"))
	case ours[f.Achievement] == nil:
		err = errs.Field("achievement", "%s", l.T("console.credentials.achievementRequired"))
	case !s.hasMember(f.Member):
		err = errs.Field("member", "%s", l.T("console.credentials.unknownMember", "ID", f.Member))
	default:
		_, err = s.awards.Issue(r.Context(), issuer.Request{Achievement: f.Achievement, Member: f.Member})
		if errs.KindOf(err) == errs.NotFound { // a name in the form, not the URL
			err = errs.Wrap(errs.Invalid, err, "cannot issue")
		}
	}
	if err == nil {
		return s.done(w, r, "/console/"+c.Issuer.Slug+"/credentials", "issued")
	}
	if f.Err, err = formError(err, func(field string) string {
		if field == "achievement" {
			return field
		}
		return "member"
	}); err != nil {
		return err
	}
	return s.renderConsoleCredentials(w, r, c, http.StatusUnprocessableEntity, f, nil)
}

// consoleCredentialAction revokes, suspends, reinstates (unsuspend) or
// re-sends the award mail of one of the community's credentials.
func (s *Server) consoleCredentialAction(w http.ResponseWriter, r *http.Request, c *coordinator) error {
	rec, err := s.store.Credential(pathID(r, "id"))
	if err != nil || rec.State != accolade.Issued || issuerSlug(rec.Issuer) != c.Issuer.Slug {
		return errs.E(errs.NotFound, "There is no page at %s.", shortPath(r))
	}
	action := pathID(r, "action")
	reason := strings.TrimSpace(r.PostFormValue("reason"))
	switch action {
	case "revoke":
		_, err = s.awards.SetStatus(rec.ID, accolade.Revoked, reason)
	case "suspend":
		_, err = s.awards.SetStatus(rec.ID, accolade.Suspended, reason)
	case "unsuspend":
		_, err = s.awards.SetStatus(rec.ID, accolade.Active, reason)
	case "resend":
		err = s.resendAward(r, rec)
	default:
		return errs.E(errs.NotFound, "There is no page at %s.", shortPath(r))
	}
	done := map[string]string{"revoke": "revoked", "suspend": "suspended", "unsuspend": "unsuspended", "resend": "resent"}[action]
	if err == nil {
		back, _ := url.ParseQuery(r.PostFormValue("back"))
		path := "/console/" + c.Issuer.Slug + "/credentials"
		if b := credentialsBack(back); b != "" {
			path += "?" + b
		}
		return s.done(w, r, path, done)
	}
	fe, err := formError(err, func(string) string { return "" })
	if err != nil {
		return err
	}
	fe.Field = rec.ID
	return s.renderConsoleCredentials(w, r, c, http.StatusUnprocessableEntity, templates.ConsoleIssueForm{}, fe)
}

// resendAward puts a new award notice for rec in the outbox: the award
// mail is sent again. Its id is "awarded:<credential>:resend:<n>", n the
// first number not yet in the outbox. Only an active credential's mail is
// sent (the mail renderer skips others), so another is an errs.Conflict.
func (s *Server) resendAward(r *http.Request, rec *accolade.Record) error {
	if st := rec.CurrentStatus(s.now()); st != accolade.Active {
		return errs.E(errs.Conflict, "%s", s.locale(r).T("console.credentials.notActive"))
	}
	cs, err := s.consoleLedger()
	if err != nil {
		return err
	}
	for n := 1; ; n++ {
		id := "awarded:" + rec.ID + ":resend:" + strconv.Itoa(n)
		_, err := cs.NoticeAttempts(id)
		if errs.KindOf(err) == errs.NotFound {
			return cs.Enqueue(&accolade.Notice{ID: id, Kind: accolade.NoticeAwarded, Member: rec.Member, Credential: rec.ID, Created: s.now().UTC()})
		}
		if err != nil {
			return err
		}
	}
}

// credentialStatusWords is a credential status in the page's words.
func credentialStatusWords(l catalogueLookup, st accolade.Status) string {
	switch st {
	case accolade.Active:
		return l.T("console.credentials.active")
	case accolade.Suspended:
		return l.T("console.credentials.suspended")
	case accolade.Revoked:
		return l.T("console.credentials.revoked")
	}
	return l.T("console.credentials.expired")
}
