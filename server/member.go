package server

import (
	"net/http"
	"strings"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/api"
	"github.com/accolade-badges/accolade/errs"
)

// memberView is a member as the admin API shows it: without the store's
// timestamps.
func memberView(m *accolade.Member) api.Member {
	return api.Member{ID: m.ID, Name: m.Name, Email: m.Email, DID: m.DID, Lang: m.Lang, LatinName: m.LatinName, Listed: m.Listed,
		Communities: m.CommunitySlugs()}
}

func (s *Server) putMember(w http.ResponseWriter, r *http.Request) error {
	m := &accolade.Member{}
	if err := decodeJSON(w, r, m); err != nil {
		return err
	}
	id := pathID(r, "id")
	switch {
	case m.ID != "" && m.ID != id:
		return errs.Field("id", "%q differs from the id in the path, %q: leave it out", m.ID, id)
	case !m.Created.IsZero() || !m.Updated.IsZero():
		return errs.E(errs.Invalid, "created and updated are set by the server: leave them out")
	}
	m.ID = id
	if _, err := s.store.Member(id); errs.KindOf(err) == errs.NotFound && m.Communities == nil {
		m.Communities = []string{actingCommunity(r, principalOf(r))} // a new member joins the token's community
	}
	created, err := s.awards.PutMember(m)
	if err != nil {
		return err
	}
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	s.writeJSON(w, r, status, "application/json", memberView(m))
	return nil
}

func (s *Server) getMember(w http.ResponseWriter, r *http.Request) error {
	m, err := s.store.Member(pathID(r, "id"))
	if err != nil {
		return err
	}
	s.writeJSON(w, r, http.StatusOK, "application/json", memberView(m))
	return nil
}

// listMembers answers GET /api/v1/members: members in id order, ?q= keeping
// those whose name contains it (ignoring case), paginated with ?limit= and
// ?after= (the next page's after is in next). A community token sees its
// community's members; an owner every member, or ?community='s.
func (s *Server) listMembers(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	limit, after, err := listQuery(q, "q", "community")
	if err != nil {
		return err
	}
	p, acting := principalOf(r), actingCommunity(r, principalOf(r))
	name := strings.ToLower(strings.TrimSpace(q.Get("q")))
	keep := func(m *accolade.Member) bool {
		return (seesAll(r, p) || m.In(acting)) && strings.Contains(strings.ToLower(m.Name), name)
	}
	list, next, err := s.store.MembersPage(after, limit, keep)
	if err != nil {
		return err
	}
	out := api.MemberList{Members: []api.Member{}, Next: next}
	for _, m := range list {
		out.Members = append(out.Members, memberView(m))
	}
	s.writeJSON(w, r, http.StatusOK, "application/json", out)
	return nil
}
