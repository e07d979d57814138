package server

import (
	"bytes"
	"net/http"
	"strings"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/award"
	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/ledger"
	"github.com/accolade-badges/accolade/templates"
)

// memberApplications is /account/applications: the form to apply for an
// achievement that takes applications (it names reviewers, or is awarded on
// approval), the member's applications, and, for reviewers, the pending
// applications they may decide.
func (s *Server) memberApplications(w http.ResponseWriter, r *http.Request, m *accolade.Member) error {
	return s.renderApplications(w, r, m, http.StatusOK, templates.ApplicationForm{})
}

func (s *Server) renderApplications(w http.ResponseWriter, r *http.Request, m *accolade.Member, status int, f templates.ApplicationForm) error {
	ma, err := s.members()
	if err != nil {
		return err
	}
	v := templates.MemberApplicationsPage{MemberPage: s.memberPage(r, m, "/account/applications")}
	achs, err := s.store.Achievements()
	if err != nil {
		return err
	}
	unpublished, err := s.store.Unpublished()
	if err != nil {
		return err
	}
	names := map[string]string{}
	for _, a := range achs {
		names[a.ID] = a.Name
		if !unpublished[a.ID] && (a.Reviewers != "" || a.AwardOnApproval) && m.In(issuerSlug(a.Issuer)) { // one of the member's communities
			f.Achievements = append(f.Achievements, templates.MemberOption{ID: a.ID, Label: a.Name})
		}
	}
	f.Action = s.localPath("/account/applications")
	v.Form = f
	mine, err := ma.MemberApplications(m.ID)
	if err != nil {
		return err
	}
	view := func(a *ledger.Application) templates.MemberApplication {
		return templates.MemberApplication{ID: a.ID, AchievementName: firstOf(names[a.Achievement], a.Achievement),
			Narrative: a.Narrative, EvidenceURLs: a.EvidenceURLs, Status: a.Status, Comment: a.Comment,
			CreatedAt: a.CreatedAt, DecidedAt: a.DecidedAt}
	}
	for _, a := range mine {
		v.Mine = append(v.Mine, view(a))
	}
	reviews, err := ma.ReviewerOf(m.ID)
	if err != nil {
		return err
	}
	v.IsReviewer = len(reviews) > 0
	pending, err := ma.Reviewable(m.ID)
	if err != nil {
		return err
	}
	who := s.memberNames()
	for _, a := range pending {
		av := view(a)
		av.Applicant, av.DecideURL = who(a.Member), s.localPath("/account/applications/"+a.ID+"/decision")
		v.ToReview = append(v.ToReview, av)
	}
	return renderPage(w, status, func(b *bytes.Buffer) error { return s.pages.MemberApplications(b, v) })
}

// memberApply records the member's application from the form.
func (s *Server) memberApply(w http.ResponseWriter, r *http.Request, m *accolade.Member) error {
	ma, err := s.members()
	if err != nil {
		return err
	}
	f := templates.ApplicationForm{Achievement: r.PostFormValue("achievement"),
		Narrative: strings.TrimSpace(r.PostFormValue("narrative")), Evidence: r.PostFormValue("evidence")}
	a := &ledger.Application{Achievement: f.Achievement, Narrative: f.Narrative}
	for _, line := range strings.Split(f.Evidence, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			a.EvidenceURLs = append(a.EvidenceURLs, line)
		}
	}
	_, err = ma.MemberApply(m.ID, a)
	if err == nil {
		return s.done(w, r, "/account/applications", "applied")
	}
	if f.Err, err = formError(err, applicationField); err != nil {
		return err
	}
	return s.renderApplications(w, r, m, http.StatusUnprocessableEntity, f)
}

// applicationField is the form field of an application's JSON field.
func applicationField(f string) string {
	switch root := fieldRoot(f); root {
	case "achievement", "narrative":
		return root
	case "evidenceUrls":
		return "evidence"
	}
	return ""
}

// memberDecide records a reviewer's decision (award.Service.Decide checks
// that the member may review the application, and that it is not theirs).
func (s *Server) memberDecide(w http.ResponseWriter, r *http.Request, m *accolade.Member) error {
	if m.ID == award.AdminReviewer { // that name stands for the coordinators' API
		return errs.E(errs.Forbidden, "member %q may not decide applications from the member pages", m.ID)
	}
	var approve bool
	switch r.PostFormValue("decision") {
	case "approve":
		approve = true
	case "reject":
	default:
		return errs.Field("decision", "%s", s.locale(r).T("member.form.decision"))
	}
	if _, _, err := s.awards.Decide(r.Context(), pathID(r, "id"), m.ID, approve, strings.TrimSpace(r.PostFormValue("comment"))); err != nil {
		return err
	}
	return s.done(w, r, "/account/applications", "decided")
}
