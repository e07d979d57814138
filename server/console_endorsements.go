package server

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"slices"
	"strings"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/templates"
)

// The console's endorsements page, /console/{slug}/endorsements: the
// endorsements the community gave and those kept about its achievements
// and profile, endorsing something (issueEndorsement, as POST
// /api/v1/endorsements does), attaching one received from outside
// (attach, verified as POST /api/v1/endorsements/attach does) and
// withdrawing one.

func init() {
	consoleRoutesList = append(consoleRoutesList,
		consoleRoute{"GET /console/{slug}/endorsements", func(s *Server) consoleHandler { return s.consoleEndorsements }},
		consoleRoute{"POST /console/{slug}/endorsements", func(s *Server) consoleHandler { return s.consoleEndorse }},
		consoleRoute{"POST /console/{slug}/endorsements/attach", func(s *Server) consoleHandler { return s.consoleAttachEndorsement }},
		consoleRoute{"POST /console/{slug}/endorsements/delete", func(s *Server) consoleHandler { return s.consoleDeleteEndorsement }})
	consoleNav = append(consoleNav, consoleNavItem{"/endorsements", func(t func(string, ...any) string) string { return catalogueLookup(t).T("console.nav.endorsements") }})
	consoleDone["endorsed"] = func(t func(string, ...any) string) string { return catalogueLookup(t).T("console.done.endorsed") }
	consoleDone["endorsementAttached"] = func(t func(string, ...any) string) string {
		return catalogueLookup(t).T("console.done.endorsementAttached")
	}
	consoleDone["endorsementWithdrawn"] = func(t func(string, ...any) string) string {
		return catalogueLookup(t).T("console.done.endorsementWithdrawn")
	}
}

func (s *Server) consoleEndorsements(w http.ResponseWriter, r *http.Request, c *coordinator) error {
	return s.renderConsoleEndorsements(w, r, c, http.StatusOK, templates.ConsoleEndorsementsPage{})
}

// endorsementNames names the achievements and profiles of this install by
// their ids, with their public pages, and knows which are the community's.
type endorsementNames struct {
	names, pages map[string]string
	own          map[string]bool
	ownID        string // the community's issuer id
}

func (s *Server) renderConsoleEndorsements(w http.ResponseWriter, r *http.Request, c *coordinator, status int, v templates.ConsoleEndorsementsPage) error {
	_, st, err := s.endorsementDeps()
	if err != nil {
		return err
	}
	v.ConsolePage = s.consolePage(r, c, "/endorsements")
	base := "/console/" + c.Issuer.Slug + "/endorsements"
	v.IssueAction, v.AttachAction = s.localPath(base), s.localPath(base+"/attach")
	l := catalogueLookup(v.Site.Locale().T)
	n, targets, err := s.endorsementTargets(c.Issuer, l)
	if err != nil {
		return err
	}
	v.Targets = targets
	list, err := st.EndorsementsWhere(func(e *accolade.Endorsement) bool { return e.Endorser == n.ownID || n.own[e.Subject] })
	if err != nil {
		return err
	}
	for _, e := range slices.Backward(list) { // newest first
		x := templates.ConsoleEndorsement{ID: e.ID, Endorser: cmp.Or(e.EndorserName, e.Endorser), Subject: cmp.Or(n.names[e.Subject], e.Subject),
			SubjectURL: n.pages[e.Subject], Comment: e.Comment, Attached: e.Attached, Created: e.Created, DeleteURL: s.localPath(base + "/delete")}
		if e.Endorser == n.ownID {
			v.Given = append(v.Given, x)
		} else {
			v.Received = append(v.Received, x)
		}
	}
	return renderPage(w, status, func(b *bytes.Buffer) error { return s.pages.Console(b, "console-endorsements", v) })
}

// endorsementTargets names this install's achievements and profiles, and
// lists those of the other communities, which community p may endorse.
func (s *Server) endorsementTargets(p *accolade.Profile, l catalogueLookup) (*endorsementNames, []templates.ConsoleEndorseTarget, error) {
	issuers, err := s.store.Issuers()
	if err != nil {
		return nil, nil, err
	}
	achs, err := s.publishedAchievements()
	if err != nil {
		return nil, nil, err
	}
	n := &endorsementNames{names: map[string]string{}, pages: map[string]string{}, own: map[string]bool{}, ownID: s.urls.IssuerID(p)}
	var targets []templates.ConsoleEndorseTarget
	for _, q := range issuers {
		id := s.urls.IssuerID(q)
		n.names[id], n.pages[id] = l.T("console.endorsements.profileOf", "Name", q.Name), s.localPath("/issuers/"+q.Slug)
		if q.Slug == p.Slug {
			n.own[id] = true
		} else {
			targets = append(targets, templates.ConsoleEndorseTarget{ID: id, Label: n.names[id], Group: q.Name})
		}
		for _, a := range achs {
			if issuerSlug(a.Issuer) != q.Slug {
				continue
			}
			aid := s.urls.Achievement(a.ID)
			n.names[aid], n.pages[aid] = a.Name, s.localPath("/achievements/"+a.ID)
			if q.Slug == p.Slug {
				n.own[aid] = true
			} else {
				targets = append(targets, templates.ConsoleEndorseTarget{ID: aid, Label: a.Name, Group: q.Name})
			}
		}
	}
	return n, targets, nil
}

// consoleEndorse has the community endorse the target chosen (or given
// by its id), as POST /api/v1/endorsements does.
func (s *Server) consoleEndorse(w http.ResponseWriter, r *http.Request, c *coordinator) error {
	v := templates.ConsoleEndorsementsPage{Target: r.PostFormValue("target"), External: strings.TrimSpace(r.PostFormValue("external")),
		Comment: r.PostFormValue("comment")}
	l := catalogueLookup(s.locale(r).T)
	subject, field := v.Target, "target"
	if v.Target == templates.TargetOther {
		subject, field = v.External, "external"
	}
	var msg string
	switch {
	case v.Target == "":
		msg = l.T("console.endorsements.errChoose")
	case subject == "":
		msg = l.T("console.endorsements.errExternal")
	case s.subjectCommunity(subject) == c.Issuer.Slug:
		msg = l.T("console.endorsements.errOwn")
	}
	if msg == "" {
		e, err := s.issueEndorsement(r.Context(), endorsementRequest{Endorser: c.Issuer.Slug, Subject: subject, Comment: v.Comment})
		if err == nil {
			c.audit.Target = "endorsement:" + e.ID + " subject=" + e.Subject
			return s.done(w, r, "/console/"+c.Issuer.Slug+"/endorsements", "endorsed")
		}
		switch {
		case errs.FieldOf(err) == "comment":
			field, msg = "comment", l.T("console.endorsements.errComment")
		case errs.FieldOf(err) == "subject":
			msg = l.T("console.endorsements.errExternal")
		case errs.KindOf(err) == errs.Invalid:
			msg = l.T("console.endorsements.errUnknown")
		default:
			return err
		}
	}
	v.IssueErr = &templates.FormError{Field: field, Message: msg}
	return s.renderConsoleEndorsements(w, r, c, http.StatusUnprocessableEntity, v)
}

// consoleAttachEndorsement keeps an endorsement received from outside,
// pasted or uploaded, once it verifies and is about one of the
// community's achievements or its profile. A refused one is said in words
// and nothing is kept.
func (s *Server) consoleAttachEndorsement(w http.ResponseWriter, r *http.Request, c *coordinator) error {
	r.Body = http.MaxBytesReader(w, r.Body, 2*maxEndorsementBody+64<<10)
	l := catalogueLookup(s.locale(r).T)
	formErr := r.ParseMultipartForm(1 << 20)
	paste := strings.TrimSpace(r.PostFormValue("endorsement"))
	v := templates.ConsoleEndorsementsPage{Paste: paste}
	input, msg := []byte(paste), ""
	if formErr != nil && !errors.Is(formErr, http.ErrNotMultipart) {
		msg = l.T("console.endorsements.errFile") // too large, or not a form
	} else if f, _, err := r.FormFile("file"); err == nil {
		body, err := io.ReadAll(io.LimitReader(f, maxEndorsementBody+1))
		f.Close()
		switch {
		case err != nil || len(body) > maxEndorsementBody:
			msg = l.T("console.endorsements.errFile")
		case paste != "" && len(bytes.TrimSpace(body)) > 0:
			msg = l.T("console.endorsements.errBoth")
		case len(bytes.TrimSpace(body)) > 0:
			input = body
		}
	}
	if msg == "" && len(bytes.TrimSpace(input)) == 0 {
		msg = l.T("console.endorsements.errEmpty")
	}
	if msg == "" {
		e, err := s.attach(r.Context(), consoleAttachment(input), c.Issuer.Slug)
		if err == nil {
			c.audit.Target = "endorsement:" + e.ID + " subject=" + e.Subject
			return s.done(w, r, "/console/"+c.Issuer.Slug+"/endorsements", "endorsementAttached")
		}
		if msg = refusalWords(l, refusalReason(err)); msg == "" {
			return err
		}
	}
	v.AttachErr = &templates.FormError{Field: "endorsement", Message: msg}
	return s.renderConsoleEndorsements(w, r, c, http.StatusUnprocessableEntity, v)
}

// consoleAttachment is what was pasted or uploaded as the API's
// attachment body: a bare compact JWT becomes a JSON string.
func consoleAttachment(in []byte) []byte {
	t := bytes.TrimSpace(in)
	if len(t) > 0 && (t[0] == '{' || t[0] == '"') {
		return t
	}
	b, _ := json.Marshal(string(t)) // a string always encodes
	return b
}

// refusalWords says why an attachment was refused; "" for an error that
// is no refusal.
func refusalWords(l catalogueLookup, reason string) string {
	switch reason {
	case refusedInput:
		return l.T("console.endorsements.errInput")
	case refusedSignature:
		return l.T("console.endorsements.errSignature")
	case refusedIssuer:
		return l.T("console.endorsements.errIssuer")
	case refusedDates:
		return l.T("console.endorsements.errDates")
	case refusedStatus:
		return l.T("console.endorsements.errStatus")
	case refusedOther:
		return l.T("console.endorsements.errOther")
	case refusedType:
		return l.T("console.endorsements.errType")
	case refusedSubject:
		return l.T("console.endorsements.errSubject")
	case refusedKept:
		return l.T("console.endorsements.errKept")
	}
	return ""
}

// consoleDeleteEndorsement withdraws an endorsement the community gave,
// or one kept about its achievements or profile, once confirmed.
func (s *Server) consoleDeleteEndorsement(w http.ResponseWriter, r *http.Request, c *coordinator) error {
	_, st, err := s.endorsementDeps()
	if err != nil {
		return err
	}
	id := r.PostFormValue("id")
	e, err := s.endorsement(st, id)
	if err != nil || s.endorserCommunity(e) != c.Issuer.Slug && s.subjectCommunity(e.Subject) != c.Issuer.Slug {
		return errs.E(errs.NotFound, "There is no endorsement %q of this community.", id)
	}
	c.audit.Target = "endorsement:" + e.ID + " subject=" + e.Subject
	if r.PostFormValue("confirm") != "yes" {
		l := catalogueLookup(s.locale(r).T)
		v := templates.ConsoleEndorsementsPage{DeleteErr: &templates.FormError{Field: e.ID, Message: l.T("console.endorsements.errConfirm")}}
		return s.renderConsoleEndorsements(w, r, c, http.StatusUnprocessableEntity, v)
	}
	if err := st.DeleteEndorsement(e.Subject, e.ID); err != nil {
		return err
	}
	return s.done(w, r, "/console/"+c.Issuer.Slug+"/endorsements", "endorsementWithdrawn")
}
