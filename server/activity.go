package server

import (
	"net/http"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/api"
	"github.com/accolade-badges/accolade/ledger"
)

// activityAnswer is the answer to a change in community activity: the fact
// as stored, whether it was new, and the credentials it led to.
type activityAnswer struct {
	Exchange    *ledger.Exchange    `json:"exchange,omitempty"`
	Attestation *ledger.Attestation `json:"attestation,omitempty"`
	Application *ledger.Application `json:"application,omitempty"`
	Outcome     string              `json:"outcome,omitempty"`
	// Effect says in words what a decision did: what it counted as, and
	// what the achievement still needs when nothing was issued.
	Effect string           `json:"effect,omitempty"`
	Issued []api.Credential `json:"issued"`
}

func (s *Server) views(recs []*accolade.Record) []api.Credential {
	out := []api.Credential{}
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

// applicationStates are the values of ?state= on GET /api/v1/applications.
var applicationStates = []string{ledger.Pending, ledger.Approved, ledger.Rejected}
