package server

import (
	"context"
	"net/http"
	"strings"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/award"
	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/i18n"
	"github.com/accolade-badges/accolade/ledger"
	"github.com/accolade-badges/accolade/templates"
)

// memberAwards is what the member pages need from the award service beyond
// Awards; award.Service satisfies it.
type memberAwards interface {
	LogExchange(ctx context.Context, by string, e *ledger.Exchange) (*ledger.Exchange, error)
	MemberConfirm(ctx context.Context, id, member string) (*ledger.Exchange, []*accolade.Record, error)
	Dispute(ctx context.Context, id, member, note string) (*ledger.Exchange, error)
	MemberExchanges(member string) ([]*ledger.Exchange, error)
	MemberExchange(member, id string) (*ledger.Exchange, error)
	MemberAttestations(member string) (about, by []*ledger.Attestation, err error)
	MemberApplications(member string) ([]*ledger.Application, error)
	Reviewable(member string) ([]*ledger.Application, error)
	ReviewerOf(member string) ([]string, error)
	MemberApply(member string, a *ledger.Application) (*ledger.Application, error)
	AttestRightOf(member string) award.AttestRight
	MemberAttest(ctx context.Context, member string, a *ledger.Attestation) ([]*accolade.Record, error)
	SetHidden(member, id string, hidden bool) (*accolade.Record, error)
}

var _ memberAwards = (*award.Service)(nil)

// memberRoutes registers the signed-in member's pages under /account. Every
// change is a POST form answered by a 303 to a page with ?done=<what>.
func (s *Server) memberRoutes(m *routeMux) {
	m.HandleFunc("GET /account", s.signedIn(s.memberBadges))
	m.HandleFunc("POST /account/credentials/{id}/hidden", s.signedIn(s.memberSetHidden))
	m.HandleFunc("GET /account/progress", s.signedIn(s.memberProgress))
	m.HandleFunc("GET /account/exchanges", s.signedIn(s.memberExchanges))
	m.HandleFunc("POST /account/exchanges", s.signedIn(s.memberLogExchange))
	m.HandleFunc("GET /account/exchanges/{id}", s.signedIn(s.memberExchange))
	m.HandleFunc("POST /account/exchanges/{id}/confirm", s.signedIn(s.memberConfirm))
	m.HandleFunc("POST /account/exchanges/{id}/dispute", s.signedIn(s.memberDispute))
	m.HandleFunc("GET /account/attest", s.signedIn(s.memberAttestPage))
	m.HandleFunc("POST /account/attest", s.signedIn(s.memberAttest))
	m.HandleFunc("GET /account/applications", s.signedIn(s.memberApplications))
	m.HandleFunc("POST /account/applications", s.signedIn(s.memberApply))
	m.HandleFunc("POST /account/applications/{id}/decision", s.signedIn(s.memberDecide))
	m.HandleFunc("GET /account/data.json", s.signedIn(s.memberData))
	m.HandleFunc("GET /account/credentials.zip", s.signedIn(s.memberZip))
	m.HandleFunc("GET "+routeAccountRecord, s.signedIn(s.memberRecord)) // clr.go
}

// members returns the award service's member side.
func (s *Server) members() (memberAwards, error) {
	ma, ok := s.awards.(memberAwards)
	if !ok {
		return nil, errs.E(errs.Internal, "the award service does not serve member pages")
	}
	return ma, nil
}

// memberPage is the frame of every member page: site, navigation (current
// marks the page's own path) and the message of ?done=.
func (s *Server) memberPage(r *http.Request, m *accolade.Member, current string) templates.MemberPage {
	site := s.site(r)
	l := site.Locale()
	nav := []templates.NavLink{
		{Label: l.T("member.nav.badges"), URL: "/account"},
		{Label: l.T("member.nav.progress"), URL: "/account/progress"},
		{Label: l.T("member.nav.exchanges"), URL: "/account/exchanges"},
		{Label: l.T("member.nav.attest"), URL: "/account/attest"},
		{Label: l.T("member.nav.applications"), URL: "/account/applications"},
		{Label: l.T("account.settings.title"), URL: "/account/settings"},
	}
	for i := range nav {
		nav[i].Current = nav[i].URL == current
		nav[i].URL = s.localPath(nav[i].URL)
	}
	return templates.MemberPage{Site: site, Nav: nav, MemberName: m.Name, Done: doneMessage(l, r.URL.Query().Get("done"))}
}

// doneMessage is the success message of a POST that redirected with
// ?done=what; "" for none or an unknown what.
func doneMessage(l *i18n.Locale, what string) string {
	switch what {
	case "logged":
		return l.T("member.done.logged")
	case "confirmed":
		return l.T("member.done.confirmed")
	case "disputed":
		return l.T("member.done.disputed")
	case "hidden":
		return l.T("member.done.hidden")
	case "shown":
		return l.T("member.done.shown")
	case "attested":
		return l.T("member.done.attested")
	case "applied":
		return l.T("member.done.applied")
	case "decided":
		return l.T("member.done.decided")
	}
	return ""
}

// done redirects after a change to path with ?done=what (303).
func (s *Server) done(w http.ResponseWriter, r *http.Request, path, what string) error {
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	http.Redirect(w, r, s.localPath(path+sep+"done="+what), http.StatusSeeOther)
	return nil
}

// formError turns an error of kind errs.Invalid (or Forbidden or Conflict:
// the member may fix the form) into the form's error, naming the form field
// that fields maps the error's field to; other errors are returned as they
// are, for the error page.
func formError(err error, fields func(string) string) (*templates.FormError, error) {
	switch errs.KindOf(err) {
	case errs.Invalid, errs.Forbidden, errs.Conflict:
		return &templates.FormError{Field: fields(errs.FieldOf(err)), Message: errMessage(err)}, nil
	}
	return nil, err
}

// errMessage is the message of err without its field prefix (the form
// shows it next to the field).
func errMessage(err error) string {
	if e, ok := err.(*errs.Error); ok && e.Msg != "" {
		return e.Msg
	}
	return err.Error()
}

// fieldRoot is a field path without its index or sub-field: "skills[1]"
// is "skills".
func fieldRoot(f string) string {
	if i := strings.IndexAny(f, "[."); i >= 0 {
		return f[:i]
	}
	return f
}
