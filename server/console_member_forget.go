package server

import (
	"net/http"

	"github.com/accolade-badges/accolade/errs"
)

func init() {
	consoleRoutesList = append(consoleRoutesList, consoleRoute{"POST /console/{slug}/members/{id}/forget",
		func(s *Server) consoleHandler { return s.consoleMemberForget }})
	consoleDone["forgotten"] = func(t func(string, ...any) string) string {
		return catalogueLookup(t).T("console.members.done.forgotten")
	}
}

// consoleMemberForget erases the member's personal data at their request
// (store.ForgetMember, as accolade members forget does), once the
// coordinator ticked that it cannot be undone. Refused (errs.Forbidden)
// for a member who belongs also to a community the coordinator does not
// coordinate: as for an edit, those coordinators decide too.
func (s *Server) consoleMemberForget(w http.ResponseWriter, r *http.Request, c *coordinator) error {
	m, err := s.communityMember(r, c)
	if err != nil {
		return err
	}
	l := s.locale(r)
	other, err := s.elsewhere(c, m)
	if err != nil {
		return err
	}
	if other != "" {
		return errs.E(errs.Forbidden, "%s", l.T("console.members.elsewhere", "Community", other))
	}
	if r.PostFormValue("confirm") != "yes" {
		return s.renderConsoleMember(w, r, c, m, http.StatusUnprocessableEntity, l.T("console.members.forgetUnconfirmed"))
	}
	f, ok := s.store.(forgetter)
	if !ok {
		return errs.E(errs.NotFound, "There is no page at %s.", shortPath(r))
	}
	if _, err := s.forget(f, m.ID); err != nil {
		return err
	}
	return s.done(w, r, "/console/"+c.Issuer.Slug+"/members", "forgotten")
}
