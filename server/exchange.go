package server

import (
	"net/http"

	"github.com/accolade-badges/accolade/api"
	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/ledger"
)

// postExchange records one exchange (idempotent on id).
func (s *Server) postExchange(w http.ResponseWriter, r *http.Request) error {
	var e ledger.Exchange
	if err := decodeJSON(w, r, &e); err != nil {
		return err
	}
	e.Withdrawn = false
	defaultCommunity(r, &e.Community)
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
	s.writeJSON(w, r, http.StatusOK, typeJSON, activityAnswer{Exchange: e, Issued: []api.Credential{}})
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
