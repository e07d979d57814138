package server

import (
	"net/http"
	"strings"

	"github.com/accolade-badges/accolade/award"
	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/issuer"
	"github.com/accolade-badges/accolade/ledger"
)

// activityAnswer is the answer to a change in community activity: the fact
// as stored, whether it was new, and the credentials it led to.
type activityAnswer struct {
	Exchange    *ledger.Exchange    `json:"exchange,omitempty"`
	Attestation *ledger.Attestation `json:"attestation,omitempty"`
	Application *ledger.Application `json:"application,omitempty"`
	Outcome     string              `json:"outcome,omitempty"`
	Issued      []credentialView    `json:"issued"`
}

func (s *Server) views(recs []*issuer.Record) []credentialView {
	out := []credentialView{}
	for _, r := range recs {
		out = append(out, s.view(r))
	}
	return out
}

// statusFor is 201 for a new fact and 200 for a repeated one.
func statusFor(o ledger.Outcome) int {
	if o == ledger.Created {
		return http.StatusCreated
	}
	return http.StatusOK
}

// postExchange records one exchange (idempotent on id).
func (s *Server) postExchange(w http.ResponseWriter, r *http.Request) error {
	var e ledger.Exchange
	if err := decodeJSON(w, r, &e); err != nil {
		return err
	}
	e.Withdrawn = false
	res, err := s.awards.AddExchanges(r.Context(), []*ledger.Exchange{&e})
	if err != nil {
		return err
	}
	if res.Errors[0] != nil {
		return res.Errors[0]
	}
	s.writeJSON(w, r, statusFor(res.Outcomes[0]), typeJSON, activityAnswer{Exchange: &e, Outcome: res.Outcomes[0].String(), Issued: s.views(res.Issued)})
	return nil
}

func (s *Server) getExchange(w http.ResponseWriter, r *http.Request) error {
	e, err := s.store.Exchange(pathID(r, "id"))
	if err != nil {
		return err
	}
	s.writeJSON(w, r, http.StatusOK, typeJSON, e)
	return nil
}

func (s *Server) withdrawExchange(w http.ResponseWriter, r *http.Request) error {
	e, err := s.awards.Withdraw(r.Context(), pathID(r, "id"))
	if err != nil {
		return err
	}
	s.writeJSON(w, r, http.StatusOK, typeJSON, activityAnswer{Exchange: e, Issued: []credentialView{}})
	return nil
}

func (s *Server) confirmExchange(w http.ResponseWriter, r *http.Request) error {
	var b struct {
		Member string `json:"member"`
	}
	if err := decodeJSON(w, r, &b); err != nil {
		return err
	}
	if b.Member == "" {
		return errs.Field("member", "is required: the participant who confirms the exchange")
	}
	e, issued, err := s.awards.Confirm(r.Context(), pathID(r, "id"), b.Member)
	if err != nil {
		return err
	}
	s.writeJSON(w, r, http.StatusOK, typeJSON, activityAnswer{Exchange: e, Issued: s.views(issued)})
	return nil
}

func (s *Server) postAttestation(w http.ResponseWriter, r *http.Request) error {
	var a ledger.Attestation
	if err := decodeJSON(w, r, &a); err != nil {
		return err
	}
	if a.Achievement != "" {
		return errs.Field("achievement", "is set only by an approved application")
	}
	res, err := s.awards.AddAttestations(r.Context(), []*ledger.Attestation{&a})
	if err != nil {
		return err
	}
	if res.Errors[0] != nil {
		return res.Errors[0]
	}
	s.writeJSON(w, r, statusFor(res.Outcomes[0]), typeJSON, activityAnswer{Attestation: &a, Outcome: res.Outcomes[0].String(), Issued: s.views(res.Issued)})
	return nil
}

// applicationBody is what a member sends to apply for an achievement.
type applicationBody struct {
	ID           string   `json:"id"`
	Member       string   `json:"member"`
	Achievement  string   `json:"achievement"`
	Narrative    string   `json:"narrative"`
	EvidenceURLs []string `json:"evidenceUrls"`
}

func (s *Server) postApplication(w http.ResponseWriter, r *http.Request) error {
	var b applicationBody
	if err := decodeJSON(w, r, &b); err != nil {
		return err
	}
	a := &ledger.Application{ID: b.ID, Member: b.Member, Achievement: b.Achievement,
		Narrative: strings.TrimSpace(b.Narrative), EvidenceURLs: b.EvidenceURLs}
	created, err := s.awards.Apply(a)
	if err != nil {
		return err
	}
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	s.writeJSON(w, r, status, typeJSON, activityAnswer{Application: a, Issued: []credentialView{}})
	return nil
}

func (s *Server) getApplication(w http.ResponseWriter, r *http.Request) error {
	a, err := s.store.Application(pathID(r, "id"))
	if err != nil {
		return err
	}
	s.writeJSON(w, r, http.StatusOK, typeJSON, a)
	return nil
}

// decideApplication approves or rejects an application. Without a reviewer
// the decision is the coordinator's (the admin token's).
func (s *Server) decideApplication(w http.ResponseWriter, r *http.Request) error {
	var b struct {
		Reviewer string `json:"reviewer"`
		Approve  *bool  `json:"approve"`
		Comment  string `json:"comment"`
	}
	if err := decodeJSON(w, r, &b); err != nil {
		return err
	}
	if b.Approve == nil {
		return errs.Field("approve", "is required: true to approve, false to reject")
	}
	if b.Reviewer == "" {
		b.Reviewer = award.AdminReviewer
	}
	a, issued, err := s.awards.Decide(r.Context(), pathID(r, "id"), b.Reviewer, *b.Approve, strings.TrimSpace(b.Comment))
	if err != nil {
		return err
	}
	s.writeJSON(w, r, http.StatusOK, typeJSON, activityAnswer{Application: a, Issued: s.views(issued)})
	return nil
}
