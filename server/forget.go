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
	got, err := f.ForgetMember(pathID(r, "id"), s.now())
	if err != nil {
		return err
	}
	auditTarget(r, fmt.Sprintf("erased: credentials=%d exchanges=%d attestations=%d applications=%d sessions=%d passkeys=%d mail=%d",
		got.Credentials, got.Exchanges, got.Attestations, got.Applications, got.Sessions, got.Passkeys, got.Mail))
	s.writeJSON(w, r, http.StatusOK, typeJSON, struct {
		Member string             `json:"member"`
		Erased accolade.Forgotten `json:"erased"`
	}{pathID(r, "id"), got})
	return nil
}
