package server

import (
	"net/http"
	"strings"
	"time"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/issuer"
)

// memberView is a member as the admin API shows it: without the store's
// timestamps.
func memberView(m *accolade.Member) accolade.Member {
	v := *m
	v.Created, v.Updated = time.Time{}, time.Time{}
	return v
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
	now := s.now().UTC()
	m.ID, m.Created, m.Updated = id, now, now
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
// ?after= (the next page's after is in next).
func (s *Server) listMembers(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	limit, after, err := listQuery(q, "q")
	if err != nil {
		return err
	}
	var keep func(*accolade.Member) bool
	if name := strings.ToLower(strings.TrimSpace(q.Get("q"))); name != "" {
		keep = func(m *accolade.Member) bool { return strings.Contains(strings.ToLower(m.Name), name) }
	}
	list, next, err := s.store.MembersPage(after, limit, keep)
	if err != nil {
		return err
	}
	out := struct {
		Members []accolade.Member `json:"members"`
		Next    string            `json:"next,omitempty"`
	}{Members: []accolade.Member{}, Next: next}
	for _, m := range list {
		out.Members = append(out.Members, memberView(m))
	}
	s.writeJSON(w, r, http.StatusOK, "application/json", out)
	return nil
}

// issueBody is the JSON body of POST /api/v1/credentials.
type issueBody struct {
	Achievement string `json:"achievement"`
	Member      string `json:"member"`
}

// issued is the answer to POST /api/v1/credentials.
type issued struct {
	ID  string `json:"id"`
	URL string `json:"url"`
	JWT string `json:"jwt"`
}

func (s *Server) postCredential(w http.ResponseWriter, r *http.Request) error {
	var b issueBody
	if err := decodeJSON(w, r, &b); err != nil {
		return err
	}
	switch {
	case b.Achievement == "":
		return errs.Field("achievement", "is required")
	case b.Member == "":
		return errs.Field("member", "is required")
	}
	rec, err := s.awards.Issue(r.Context(), issuer.Request{Achievement: b.Achievement, Member: b.Member})
	if errs.KindOf(err) == errs.NotFound { // a name in the body, not the URL
		return errs.Wrap(errs.Invalid, err, "cannot issue")
	}
	if err != nil {
		return err
	}
	w.Header().Set("Location", s.urls.Credential(rec.ID))
	s.writeJSON(w, r, http.StatusCreated, "application/json", issued{rec.ID, s.urls.Credential(rec.ID), rec.JWT})
	return nil
}

// credentialView is one entry of GET /api/v1/credentials.
type credentialView struct {
	ID           string     `json:"id"`
	URL          string     `json:"url"`
	Achievement  string     `json:"achievement"`
	Member       string     `json:"member"`
	ValidFrom    time.Time  `json:"validFrom"`
	ValidUntil   *time.Time `json:"validUntil"`
	Status       string     `json:"status"`
	StatusReason string     `json:"statusReason,omitempty"`
}

func (s *Server) view(rec *accolade.Record) credentialView {
	v := credentialView{
		ID: rec.ID, URL: s.urls.Credential(rec.ID), Achievement: rec.Achievement, Member: rec.Member,
		ValidFrom: rec.ValidFrom, Status: string(rec.CurrentStatus(s.now())), StatusReason: rec.StatusReason,
	}
	if !rec.ValidUntil.IsZero() {
		t := rec.ValidUntil
		v.ValidUntil = &t
	}
	return v
}

func (s *Server) listCredentials(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	for k := range q {
		if k != "member" && k != "achievement" {
			return errs.Field(k, "is not a known query parameter: use member and achievement")
		}
	}
	recs, err := s.store.Credentials(accolade.CredentialFilter{Member: q.Get("member"), Achievement: q.Get("achievement")})
	if err != nil {
		return err
	}
	out := struct {
		Credentials []credentialView `json:"credentials"`
	}{Credentials: []credentialView{}}
	for _, rec := range recs {
		out.Credentials = append(out.Credentials, s.view(rec))
	}
	s.writeJSON(w, r, http.StatusOK, "application/json", out)
	return nil
}

// changeStatus handles revoke, suspend and unsuspend.
func (s *Server) changeStatus(w http.ResponseWriter, r *http.Request) error {
	var status accolade.Status
	switch pathID(r, "action") {
	case "revoke":
		status = accolade.Revoked
	case "suspend":
		status = accolade.Suspended
	case "unsuspend":
		status = accolade.Active
	default:
		return errs.E(errs.NotFound, "no action %q: use revoke, suspend or unsuspend", pathID(r, "action"))
	}
	var b struct {
		Reason string `json:"reason"`
	}
	if r.ContentLength != 0 {
		if err := decodeJSON(w, r, &b); err != nil {
			return err
		}
	}
	rec, err := s.awards.SetStatus(pathID(r, "id"), status, strings.TrimSpace(b.Reason))
	if err != nil {
		return err
	}
	s.writeJSON(w, r, http.StatusOK, "application/json", s.view(rec))
	return nil
}
