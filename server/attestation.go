package server

import (
	"net/http"

	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/ledger"
)

func (s *Server) postAttestation(w http.ResponseWriter, r *http.Request) error {
	var a ledger.Attestation
	if err := decodeJSON(w, r, &a); err != nil {
		return err
	}
	if a.Achievement != "" {
		return errs.Field("achievement", "is set only by an approved application")
	}
	defaultCommunity(r, &a.Community)
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
