package server

import (
	"bytes"
	"net/http"
	"strings"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/ledger"
	"github.com/accolade-badges/accolade/templates"
)

// memberAttestPage is /account/attest: the form for members allowed to
// attest (see award.AttestRight), or why not, and the attestations by and
// about the member. A GET with form fields (the "find" button) fills the
// form in again.
func (s *Server) memberAttestPage(w http.ResponseWriter, r *http.Request, m *accolade.Member) error {
	q := r.URL.Query()
	in := templates.AttestForm{Member: q.Get("member"), Skill: q.Get("skill"), Statement: q.Get("statement"),
		Level: q.Get("level"), Find: strings.TrimSpace(q.Get("find"))}
	return s.renderAttest(w, r, m, http.StatusOK, in)
}

func (s *Server) renderAttest(w http.ResponseWriter, r *http.Request, m *accolade.Member, status int, f templates.AttestForm) error {
	ma, err := s.members()
	if err != nil {
		return err
	}
	v := templates.MemberAttestPage{MemberPage: s.memberPage(r, m, "/account/attest")}
	right := ma.AttestRightOf(m.ID)
	v.May = right.May
	for _, id := range right.Needed {
		link := templates.Link{Name: id, URL: s.urls.Achievement(id)}
		if a, err := s.store.Achievement(id); err == nil {
			link.Name = a.Name
		}
		v.Needed = append(v.Needed, link)
	}
	f.Action, f.FindURL = s.localPath("/account/attest"), s.localPath("/account/attest")
	if v.May {
		var chosen []string
		if f.Member != "" {
			chosen = []string{f.Member}
		}
		if f.Members, _, err = s.memberOptions(m, "", f.Find, chosen); err != nil {
			return err
		}
	}
	v.Form = f
	about, by, err := ma.MemberAttestations(m.ID)
	if err != nil {
		return err
	}
	names := s.memberNames()
	view := func(a *ledger.Attestation, other string) templates.MemberAttestation {
		return templates.MemberAttestation{Other: names(other), Skill: firstOf(a.Skill, a.Achievement),
			Statement: a.Statement, Level: a.Level, CreatedAt: a.CreatedAt}
	}
	for _, a := range by {
		v.Given = append(v.Given, view(a, a.Member))
	}
	for _, a := range about {
		v.Receive = append(v.Receive, view(a, a.Attester))
	}
	return renderPage(w, status, func(b *bytes.Buffer) error { return s.pages.MemberAttest(b, v) })
}

// memberAttest records the member's attestation; attesting oneself, or
// attesting without the right to, comes back as the form's error in the
// API's words.
func (s *Server) memberAttest(w http.ResponseWriter, r *http.Request, m *accolade.Member) error {
	ma, err := s.members()
	if err != nil {
		return err
	}
	f := templates.AttestForm{Member: strings.TrimSpace(r.PostFormValue("member")), Skill: strings.ToLower(strings.TrimSpace(r.PostFormValue("skill"))),
		Statement: strings.TrimSpace(r.PostFormValue("statement")), Level: strings.TrimSpace(r.PostFormValue("level"))}
	a := &ledger.Attestation{Member: f.Member, Skill: f.Skill, Statement: f.Statement, Level: f.Level}
	if other, err := s.store.Member(f.Member); err == nil {
		a.Community = ledger.StoredCommunity(sharedCommunity(m, other))
	}
	_, err = ma.MemberAttest(r.Context(), m.ID, a)
	if err == nil {
		return s.done(w, r, "/account/attest", "attested")
	}
	if f.Err, err = formError(err, attestField); err != nil {
		return err
	}
	return s.renderAttest(w, r, m, http.StatusUnprocessableEntity, f)
}

// attestField is the form field of an attestation's JSON field.
func attestField(f string) string {
	switch root := fieldRoot(f); root {
	case "member", "skill", "statement", "level":
		return root
	}
	return ""
}
