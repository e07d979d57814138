package server

import (
	"bytes"
	"cmp"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/accolade-badges/accolade/award"
	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/ledger"
	"github.com/accolade-badges/accolade/templates"
)

// The console's queues, /console/{slug}/queue: the pending applications
// for the community's achievements, to approve or reject with a comment,
// and the disputed exchanges and those waiting for a counterpart, to
// withdraw or leave. Exchanges are the install's (members do not yet
// belong to communities), so only the default community has them.
//
// A coordinator decides as award.AdminReviewer, the community's own
// authority, as the admin API does without a reviewer: deciding as their
// member id would need them to hold the achievement's reviewers
// credential, which a coordinator need not. The audit log names the
// coordinator (coordinator:ID). A coordinator may not decide their own
// application.

func init() {
	consoleRoutesList = append(consoleRoutesList,
		consoleRoute{"GET /console/{slug}/queue", func(s *Server) consoleHandler { return s.consoleQueue }},
		consoleRoute{"POST /console/{slug}/queue/applications/{id}", func(s *Server) consoleHandler { return s.consoleDecide }},
		consoleRoute{"POST /console/{slug}/queue/exchanges/{id}/withdraw", func(s *Server) consoleHandler { return s.consoleWithdraw }})
	consoleNav = append(consoleNav, consoleNavItem{"/queue", func(t func(string, ...any) string) string { return catalogueLookup(t).T("console.nav.queue") }})
	consoleDone["approved"] = func(t func(string, ...any) string) string { return catalogueLookup(t).T("console.done.approved") }
	consoleDone["rejected"] = func(t func(string, ...any) string) string { return catalogueLookup(t).T("console.done.rejected") }
	consoleDone["withdrawn"] = func(t func(string, ...any) string) string { return catalogueLookup(t).T("console.done.withdrawn") }
}

// consoleQueueWaiting bounds the exchanges waiting for a counterpart that
// the queue lists (the newest; the count is of all).
const consoleQueueWaiting = 100

func (s *Server) consoleQueue(w http.ResponseWriter, r *http.Request, c *coordinator) error {
	return s.renderConsoleQueue(w, r, c, http.StatusOK, "", nil)
}

// renderConsoleQueue renders the queue; errFor names the application or
// exchange whose action err refused ("" and nil: none).
func (s *Server) renderConsoleQueue(w http.ResponseWriter, r *http.Request, c *coordinator, status int, errFor string, fe *templates.FormError) error {
	ours, err := s.communityAchievements(c.Issuer.Slug)
	if err != nil {
		return err
	}
	base := "/console/" + c.Issuer.Slug + "/queue"
	v := templates.ConsoleQueuePage{ConsolePage: s.consolePage(r, c, "/queue"), ErrFor: errFor, Err: fe}
	apps, _, err := s.store.ApplicationsPage("", 1<<30, func(a *ledger.Application) bool {
		return a.Status == ledger.Pending && ours[a.Achievement] != nil
	})
	if err != nil {
		return err
	}
	who := s.memberNames()
	for _, a := range apps {
		v.Applications = append(v.Applications, templates.ConsoleApplication{ID: a.ID, Applicant: who(a.Member), Member: a.Member,
			AchievementName: ours[a.Achievement].Name, Narrative: a.Narrative, EvidenceURLs: a.EvidenceURLs, CreatedAt: a.CreatedAt,
			DecideURL: s.localPath(base + "/applications/" + a.ID), Own: a.Member == c.Member.ID})
	}
	if err := s.queueExchanges(&v, c.Issuer.Slug, base, who); err != nil {
		return err
	}
	return renderPage(w, status, func(b *bytes.Buffer) error { return s.pages.Console(b, "console-queue", v) })
}

// queueExchanges adds the disputed exchanges of community slug and those waiting for a
// counterpart to v, newest first, in one pass over the exchanges.
func (s *Server) queueExchanges(v *templates.ConsoleQueuePage, slug, base string, who func(string) string) error {
	cs, err := s.consoleLedger()
	if err != nil {
		return err
	}
	var disputed, waiting []*ledger.Exchange
	err = cs.EachExchange(func(e *ledger.Exchange) error {
		switch {
		case e.Withdrawn || ledger.CommunityOf(e.Community) != slug:
		case e.Disputed():
			disputed = append(disputed, e)
		case awaitsCounterpart(e):
			waiting = append(waiting, e)
		}
		return nil
	})
	if err != nil {
		return err
	}
	newest := func(a, b *ledger.Exchange) int {
		return cmp.Or(b.OccurredAt.Compare(a.OccurredAt), cmp.Compare(a.ID, b.ID))
	}
	slices.SortFunc(disputed, newest)
	slices.SortFunc(waiting, newest)
	v.WaitingTotal = len(waiting)
	view := func(e *ledger.Exchange) templates.ConsoleExchange {
		x := templates.ConsoleExchange{ID: e.ID, Title: firstOf(e.Title, strings.Join(e.Skills, ", ")), Hours: strconv.FormatFloat(e.Hours, 'f', -1, 64),
			OccurredAt: e.OccurredAt, WithdrawURL: s.localPath(base + "/exchanges/" + e.ID + "/withdraw")}
		for _, m := range e.Teachers {
			x.Teachers = append(x.Teachers, who(m))
		}
		for _, m := range e.Learners {
			x.Learners = append(x.Learners, who(m))
		}
		for _, m := range e.DisputedBy {
			x.Disputes = append(x.Disputes, templates.ConsoleDispute{By: who(m), Note: e.DisputeNotes[m]})
		}
		for _, m := range e.Participants() {
			if e.AwaitsConfirmation(m) {
				x.Waiting = append(x.Waiting, who(m))
			}
		}
		return x
	}
	for _, e := range disputed {
		v.Disputes = append(v.Disputes, view(e))
	}
	for _, e := range waiting[:min(len(waiting), consoleQueueWaiting)] {
		v.Waiting = append(v.Waiting, view(e))
	}
	return nil
}

// consoleDecide approves or rejects a pending application for one of the
// community's achievements, with the coordinator's comment.
func (s *Server) consoleDecide(w http.ResponseWriter, r *http.Request, c *coordinator) error {
	a, err := s.store.Application(pathID(r, "id"))
	if err != nil {
		return errs.E(errs.NotFound, "There is no page at %s.", shortPath(r))
	}
	ours, err := s.communityAchievements(c.Issuer.Slug)
	if err != nil {
		return err
	}
	if ours[a.Achievement] == nil {
		return errs.E(errs.NotFound, "There is no page at %s.", shortPath(r))
	}
	l := s.locale(r)
	var approve bool
	switch r.PostFormValue("decision") {
	case "approve":
		approve = true
	case "reject":
	default:
		return s.queueRefused(w, r, c, a.ID, errs.Field("decision", "%s", l.T("console.queue.decisionRequired")))
	}
	if a.Member == c.Member.ID {
		return s.queueRefused(w, r, c, a.ID, errs.E(errs.Forbidden, "%s", l.T("console.queue.ownApplication")))
	}
	if _, _, err := s.awards.Decide(r.Context(), a.ID, award.AdminReviewer, approve, strings.TrimSpace(r.PostFormValue("comment"))); err != nil {
		return s.queueRefused(w, r, c, a.ID, err)
	}
	done := "rejected"
	if approve {
		done = "approved"
	}
	return s.done(w, r, "/console/"+c.Issuer.Slug+"/queue", done)
}

// consoleWithdraw withdraws an exchange made in the community: it stops
// counting; credentials already issued stay. Another community's exchange
// does not exist here.
func (s *Server) consoleWithdraw(w http.ResponseWriter, r *http.Request, c *coordinator) error {
	if e, err := s.store.Exchange(pathID(r, "id")); err != nil || ledger.CommunityOf(e.Community) != c.Issuer.Slug {
		return errs.E(errs.NotFound, "There is no page at %s.", shortPath(r))
	}
	if _, err := s.awards.Withdraw(r.Context(), pathID(r, "id")); err != nil {
		return s.queueRefused(w, r, c, pathID(r, "id"), err)
	}
	return s.done(w, r, "/console/"+c.Issuer.Slug+"/queue", "withdrawn")
}

// queueRefused shows the queue with the refusal of an action on id; an
// error the coordinator cannot fix goes to the error page.
func (s *Server) queueRefused(w http.ResponseWriter, r *http.Request, c *coordinator, id string, err error) error {
	fe, err := formError(err, func(string) string { return "" })
	if err != nil {
		return err
	}
	return s.renderConsoleQueue(w, r, c, http.StatusUnprocessableEntity, id, fe)
}
