package server

import (
	"fmt"
	"net/http"
	"time"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/errs"
)

// forgetter erases a member's personal data (store.DB.ForgetMember).
type forgetter interface {
	ForgetMember(id string, now time.Time) (accolade.Forgotten, error)
}

// forgottenAwards is an award service that keeps words of members in its
// index (award.Service.Forgotten).
type forgottenAwards interface {
	Forgotten(member string) error
}

// forget erases member id's personal data, in the store and then in the
// award service's index.
func (s *Server) forget(f forgetter, id string) (accolade.Forgotten, error) {
	got, err := f.ForgetMember(id, s.now())
	if err != nil {
		return got, err
	}
	if fa, ok := s.awards.(forgottenAwards); ok {
		if err := fa.Forgotten(id); err != nil {
			return got, fmt.Errorf("erasing member %s's words from the award index: %w", id, err)
		}
	}
	return got, nil
}

func (s *Server) forgetRoutes(m *routeMux) {
	m.HandleFunc("POST /api/v1/members/{id}/forget", s.allow(accolade.ScopeMembersWrite, s.forgetMember))
}

// forgetMember erases member id's personal data at their request and
// answers what was erased, by count. The audit log records the erasure
// with those counts only: the data is gone from there too.
func (s *Server) forgetMember(w http.ResponseWriter, r *http.Request) error {
	f, ok := s.store.(forgetter)
	if !ok {
		return errs.E(errs.NotFound, "this store cannot erase members")
	}
	got, err := s.forget(f, pathID(r, "id"))
	if err != nil {
		return err
	}
	auditTarget(r, fmt.Sprintf("erased: credentials=%d exchanges=%d attestations=%d applications=%d sessions=%d passkeys=%d mail=%d grants=%d deposited=%d",
		got.Credentials, got.Exchanges, got.Attestations, got.Applications, got.Sessions, got.Passkeys, got.Mail, got.Grants, got.Deposited))
	s.writeJSON(w, r, http.StatusOK, typeJSON, struct {
		Member string             `json:"member"`
		Erased accolade.Forgotten `json:"erased"`
	}{pathID(r, "id"), got})
	return nil
}
