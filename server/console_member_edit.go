package server

import (
	"bytes"
	"errors"
	"net/http"
	"slices"
	"strings"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/i18n"
	"github.com/accolade-badges/accolade/templates"
)

// Adding, editing and inviting a community's members from the console.
// A save goes through the award service's PutMember, as PUT
// /api/v1/members/{id} does, so the criteria engine sees it. The email is
// the member's sign-in: a coordinator may edit a member only when they
// coordinate every community the member belongs to; otherwise a
// coordinator of one community could take over an account of another.

func init() {
	consoleRoutesList = append(consoleRoutesList,
		consoleRoute{"GET /console/{slug}/members/new", func(s *Server) consoleHandler { return s.consoleMemberNew }},
		consoleRoute{"POST /console/{slug}/members/new", func(s *Server) consoleHandler { return s.consoleMemberCreate }},
		consoleRoute{"GET /console/{slug}/members/{id}/edit", func(s *Server) consoleHandler { return s.consoleMemberEdit }},
		consoleRoute{"POST /console/{slug}/members/{id}/edit", func(s *Server) consoleHandler { return s.consoleMemberSave }},
		consoleRoute{"POST /console/{slug}/members/{id}/invite", func(s *Server) consoleHandler { return s.consoleMemberInvite }})
	consoleDone["memberAdded"] = func(t func(string, ...any) string) string { return catalogueLookup(t).T("console.members.done.added") }
	consoleDone["memberSaved"] = func(t func(string, ...any) string) string { return catalogueLookup(t).T("console.members.done.saved") }
	consoleDone["invited"] = func(t func(string, ...any) string) string {
		return catalogueLookup(t).T("console.members.done.invited")
	}
}

// memberForm is the add and edit form's view, filled from m.
func (s *Server) memberForm(r *http.Request, c *coordinator, m *accolade.Member, isNew bool) templates.ConsoleMemberEditPage {
	base := "/console/" + c.Issuer.Slug + "/members"
	v := templates.ConsoleMemberEditPage{ConsolePage: s.consolePage(r, c, "/members"), New: isNew, Action: s.localPath(base + "/new"), BackURL: s.localPath(base),
		ID: m.ID, Name: m.Name, Email: m.Email, Lang: m.Lang, DID: m.DID, LatinName: m.LatinName, Listed: m.Listed}
	if !isNew {
		v.Action, v.BackURL = s.localPath(base+"/"+m.ID+"/edit"), s.localPath(base+"/"+m.ID)
	}
	for _, l := range i18n.Languages {
		v.Languages = append(v.Languages, templates.MemberOption{ID: l.Tag, Label: l.Name})
	}
	return v
}

func (s *Server) renderMemberForm(w http.ResponseWriter, status int, v templates.ConsoleMemberEditPage) error {
	return renderPage(w, status, func(b *bytes.Buffer) error { return s.pages.Console(b, "console-member-edit", v) })
}

func (s *Server) consoleMemberNew(w http.ResponseWriter, r *http.Request, c *coordinator) error {
	return s.renderMemberForm(w, http.StatusOK, s.memberForm(r, c, &accolade.Member{}, true))
}

// memberFromForm is the member the form posted, with id (the form's on a
// new member, the path's on an edit).
func memberFromForm(r *http.Request, id string) *accolade.Member {
	return &accolade.Member{ID: id, Name: r.PostFormValue("name"), Email: r.PostFormValue("email"), Lang: strings.TrimSpace(r.PostFormValue("lang")),
		DID: strings.TrimSpace(r.PostFormValue("did")), LatinName: r.PostFormValue("latinName"), Listed: r.PostFormValue("listed") != ""}
}

// checkMemberForm validates a copy of m, the error in the page's words,
// naming the field.
func checkMemberForm(l *i18n.Locale, m *accolade.Member) error {
	probe := *m
	err := probe.Validate()
	if err == nil {
		return nil
	}
	switch f := errs.FieldOf(err); f {
	case "id":
		return errs.Field(f, "%s", l.T("console.members.err.memberID"))
	case "name":
		return errs.Field(f, "%s", l.T("console.members.err.name"))
	case "email":
		return errs.Field(f, "%s", l.T("console.members.err.email"))
	case "did":
		return errs.Field(f, "%s", l.T("console.members.err.did"))
	case "lang":
		return errs.Field(f, "%s", l.T("console.members.err.lang"))
	case "latinName":
		return errs.Field(f, "%s", l.T("console.members.err.latinName"))
	}
	return err
}

// formFields are the form's fields, for an error naming another.
var formFields = []string{"id", "name", "email", "lang", "did", "latinName"}

// refuseForm re-shows the form with what was typed and err next to its
// field (422), or returns err for the error page when it is not the
// form's to fix.
func (s *Server) refuseForm(w http.ResponseWriter, v templates.ConsoleMemberEditPage, err error) error {
	fe, err := formError(err, func(f string) string {
		if slices.Contains(formFields, f) {
			return f
		}
		return ""
	})
	if err != nil {
		return err
	}
	v.Err = fe
	return s.renderMemberForm(w, http.StatusUnprocessableEntity, v)
}

// consoleMemberCreate adds a member to the community. An id already used,
// in this community or another, is refused: the form never joins an
// existing member to the community.
func (s *Server) consoleMemberCreate(w http.ResponseWriter, r *http.Request, c *coordinator) error {
	l := s.locale(r)
	m := memberFromForm(r, strings.TrimSpace(r.PostFormValue("id")))
	v := s.memberForm(r, c, m, true)
	if err := checkMemberForm(l, m); err != nil {
		return s.refuseForm(w, v, err)
	}
	if s.hasMember(m.ID) {
		return s.refuseForm(w, v, errs.Field("id", "%s", l.T("console.members.err.taken")))
	}
	m.Communities = []string{c.Issuer.Slug}
	if _, err := s.awards.PutMember(m); err != nil {
		return s.refuseForm(w, v, err)
	}
	return s.done(w, r, "/console/"+c.Issuer.Slug+"/members/"+m.ID, "memberAdded")
}

// elsewhere is the name of a community m belongs to that c's member does
// not coordinate; "" when they coordinate all of m's.
func (s *Server) elsewhere(c *coordinator, m *accolade.Member) (string, error) {
	issuers, err := s.store.Issuers()
	if err != nil {
		return "", err
	}
	for _, slug := range m.CommunitySlugs() {
		i := slices.IndexFunc(issuers, func(p *accolade.Profile) bool { return p.Slug == slug })
		if i < 0 || !slices.Contains(issuers[i].Coordinators, c.Member.ID) {
			return s.communityName(slug), nil
		}
	}
	return "", nil
}

func (s *Server) consoleMemberEdit(w http.ResponseWriter, r *http.Request, c *coordinator) error {
	m, err := s.communityMember(r, c)
	if err != nil {
		return err
	}
	v := s.memberForm(r, c, m, false)
	v.Stored = m.Name
	if v.Elsewhere, err = s.elsewhere(c, m); err != nil {
		return err
	}
	return s.renderMemberForm(w, http.StatusOK, v)
}

// consoleMemberSave saves the edit form; the member keeps their
// communities. Refused (errs.Forbidden) when the member belongs also to a
// community the coordinator does not coordinate.
func (s *Server) consoleMemberSave(w http.ResponseWriter, r *http.Request, c *coordinator) error {
	old, err := s.communityMember(r, c)
	if err != nil {
		return err
	}
	l := s.locale(r)
	other, err := s.elsewhere(c, old)
	if err != nil {
		return err
	}
	if other != "" {
		return errs.E(errs.Forbidden, "%s", l.T("console.members.elsewhere", "Community", other))
	}
	m := memberFromForm(r, old.ID)
	v := s.memberForm(r, c, m, false)
	v.Stored = old.Name
	if err := checkMemberForm(l, m); err != nil {
		return s.refuseForm(w, v, err)
	}
	m.Communities = old.Communities
	if _, err := s.awards.PutMember(m); err != nil {
		return s.refuseForm(w, v, err)
	}
	return s.done(w, r, "/console/"+c.Issuer.Slug+"/members/"+m.ID, "memberSaved")
}

// consoleMemberInvite mails the member a sign-in link, in their language,
// as the sign-in page does, within the same per-address limit; over it,
// the page says so and nothing is sent (429).
func (s *Server) consoleMemberInvite(w http.ResponseWriter, r *http.Request, c *coordinator) error {
	m, err := s.communityMember(r, c)
	if err != nil {
		return err
	}
	if ok, _ := s.signInAddressLimit.reserve(hashSecret(m.Email)); !ok {
		return s.renderConsoleMember(w, r, c, m, http.StatusTooManyRequests, s.locale(r).T("console.members.inviteLimit"))
	}
	if err := s.mailSignInTo(m, firstOf(m.Lang, c.Issuer.Lang)); errors.Is(err, accolade.ErrTooManySignIns) {
		return s.renderConsoleMember(w, r, c, m, http.StatusTooManyRequests, s.locale(r).T("console.members.inviteLimit"))
	} else if err != nil {
		return err
	}
	return s.done(w, r, "/console/"+c.Issuer.Slug+"/members/"+m.ID, "invited")
}

// mailSignInTo stores a sign-in link for m and puts its mail, in lang, in
// the outbox, in one transaction, as mailSignIn does for each member of
// an address.
func (s *Server) mailSignInTo(m *accolade.Member, lang string) error {
	token, hash, err := s.newSecret()
	if err != nil {
		return err
	}
	now := s.now().UTC()
	link := strings.TrimRight(s.urls.Base, "/") + "/signin/" + token
	notice := &accolade.Notice{ID: "signin:" + hash[:24], Kind: accolade.NoticeSignIn, Member: m.ID, Link: link, Lang: lang, Created: now}
	si := accolade.SignIn{Hash: hash, Member: m.ID, Next: "/account", Created: now, Expires: now.Add(signInTTL)}
	return s.sessions.CreateSignIn(si, notice)
}
