package server

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/issuer"
	"github.com/accolade-badges/accolade/ob3"
	"github.com/accolade-badges/accolade/templates"
)

// Endorser signs endorsements; issuer.Service satisfies it (the server's
// VCIssuer, when it is one).
type Endorser interface {
	Endorse(ctx context.Context, req issuer.EndorseRequest) (*issuer.SignedEndorsement, error)
}

// EndorsementStore keeps endorsements per endorsed target; store.DB
// satisfies it.
type EndorsementStore interface {
	PutEndorsement(e *accolade.Endorsement) error
	Endorsements(subject string) ([]*accolade.Endorsement, error)
	EndorsementsWhere(keep func(*accolade.Endorsement) bool) ([]*accolade.Endorsement, error)
	DeleteEndorsement(subject, id string) error
}

// endorsementRequest is the body of POST /api/v1/endorsements.
type endorsementRequest struct {
	Endorser string `json:"endorser"` // community slug
	Subject  string `json:"subject"`  // id of the endorsed profile or achievement
	Comment  string `json:"comment"`
}

// endorsementView is an endorsement as the admin API shows it.
type endorsementView struct {
	ID           string          `json:"id"`
	Subject      string          `json:"subject"`
	Endorser     string          `json:"endorser"`
	EndorserName string          `json:"endorserName,omitempty"`
	Comment      string          `json:"comment,omitempty"`
	Attached     bool            `json:"attached,omitempty"`
	Created      time.Time       `json:"created"`
	Credential   json.RawMessage `json:"credential,omitempty"`
	JWT          string          `json:"jwt,omitempty"`
}

func viewEndorsement(e *accolade.Endorsement) endorsementView {
	return endorsementView{ID: e.ID, Subject: e.Subject, Endorser: e.Endorser, EndorserName: e.EndorserName,
		Comment: e.Comment, Attached: e.Attached, Created: e.Created, Credential: e.JSON, JWT: e.JWT}
}

func (s *Server) endorsementDeps() (Endorser, EndorsementStore, error) {
	en, ok1 := s.vcIssuer.(Endorser)
	st, ok2 := s.store.(EndorsementStore)
	if !ok1 || !ok2 {
		return nil, nil, errs.E(errs.Internal, "this server was configured without endorsements")
	}
	return en, st, nil
}

// postEndorsement answers POST /api/v1/endorsements: the endorser
// community signs an endorsement of subject, which is kept and answered
// (201) with its JSON and JWT.
func (s *Server) postEndorsement(w http.ResponseWriter, r *http.Request) error {
	var b endorsementRequest
	if err := decodeJSON(w, r, &b); err != nil {
		return err
	}
	if b.Endorser == "" {
		return errs.Field("endorser", "is required: the slug of the endorsing community")
	}
	e, err := s.issueEndorsement(r.Context(), b)
	if err != nil {
		return err
	}
	s.writeJSON(w, r, http.StatusCreated, typeJSON, viewEndorsement(e))
	return nil
}

// issueEndorsement has community b.Endorser sign an endorsement of
// b.Subject and keeps it. Errors: those of issuer.Service.Endorse, an
// unknown endorser or subject of this install being errs.Invalid.
func (s *Server) issueEndorsement(ctx context.Context, b endorsementRequest) (*accolade.Endorsement, error) {
	en, st, err := s.endorsementDeps()
	if err != nil {
		return nil, err
	}
	se, err := en.Endorse(ctx, issuer.EndorseRequest{Endorser: b.Endorser, Subject: b.Subject, Comment: b.Comment})
	if errs.KindOf(err) == errs.NotFound { // a name in the body, not the URL
		return nil, errs.Wrap(errs.Invalid, err, "cannot endorse")
	}
	if err != nil {
		return nil, err
	}
	prof, err := s.store.Issuer(se.Endorser)
	if err != nil {
		return nil, err
	}
	e := &accolade.Endorsement{ID: se.ID, Subject: se.Subject, Endorser: s.urls.IssuerID(prof), EndorserName: prof.Name,
		Comment: strings.TrimSpace(b.Comment), Created: s.now().UTC(), JSON: se.JSON, JWT: se.JWT}
	if err := st.PutEndorsement(e); err != nil {
		return nil, err
	}
	return e, nil
}

// deleteEndorsement answers DELETE /api/v1/endorsements/{id}: the
// endorsement is no longer kept (204), so it leaves its subject's
// documents and pages and the credentials issued from then on; those
// already issued are signed with it and stay as they are.
func (s *Server) deleteEndorsement(w http.ResponseWriter, r *http.Request) error {
	_, st, err := s.endorsementDeps()
	if err != nil {
		return err
	}
	e, err := s.endorsement(st, r.PathValue("id"))
	if err != nil {
		return err
	}
	if err := st.DeleteEndorsement(e.Subject, e.ID); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// endorsement is the endorsement kept with id: errs.NotFound when there
// is none.
func (s *Server) endorsement(st EndorsementStore, id string) (*accolade.Endorsement, error) {
	list, err := st.EndorsementsWhere(func(e *accolade.Endorsement) bool { return e.ID == id })
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, errs.E(errs.NotFound, "no endorsement %q is kept", id)
	}
	return list[0], nil
}

// endorserCommunity is the slug of the community of this install that
// issued e; "" when another issuer did.
func (s *Server) endorserCommunity(e *accolade.Endorsement) string {
	slug, err := s.issuerWithID(e.Endorser, "")
	if err != nil {
		return ""
	}
	return slug
}

// listEndorsements answers GET /api/v1/endorsements?subject=….
func (s *Server) listEndorsements(w http.ResponseWriter, r *http.Request) error {
	_, st, err := s.endorsementDeps()
	if err != nil {
		return err
	}
	q := r.URL.Query()
	subject, community := q.Get("subject"), q.Get("issuer")
	var list []*accolade.Endorsement
	switch {
	case subject != "" && community != "":
		return errs.Field("issuer", "cannot be given with subject: list one community's endorsements, or one subject's")
	case subject != "":
		list, err = st.Endorsements(subject)
	case community != "":
		list, err = s.communityEndorsements(st, community)
	default:
		return errs.Field("subject", "is required: the id of a profile or achievement (or issuer: a community's slug)")
	}
	if err != nil {
		return err
	}
	out := []endorsementView{}
	for _, e := range list {
		out = append(out, viewEndorsement(e))
	}
	s.writeJSON(w, r, http.StatusOK, typeJSON, out)
	return nil
}

// communityEndorsements are the endorsements community (a slug) gave and
// those kept about its achievements and profile, oldest first.
// errs.NotFound for an unknown community.
func (s *Server) communityEndorsements(st EndorsementStore, community string) ([]*accolade.Endorsement, error) {
	p, err := s.store.Issuer(community)
	if err != nil {
		return nil, err
	}
	id := s.urls.IssuerID(p)
	return st.EndorsementsWhere(func(e *accolade.Endorsement) bool {
		return e.Endorser == id || s.subjectCommunity(e.Subject) == community
	})
}

// endorsementIssuers are the communities a request about endorsements
// acts for: the endorser of POST /api/v1/endorsements; the community of
// the endorsed subject for an attachment (read from the body, unverified:
// the handler verifies it) and for a listing.
func (s *Server) endorsementIssuers(r *http.Request, p *principal) []string {
	switch r.Pattern {
	case "POST /api/v1/endorsements":
		var b endorsementRequest
		_ = json.Unmarshal(peekBody(r), &b)
		if b.Endorser == "" {
			return []string{p.issuer()}
		}
		return []string{b.Endorser}
	case "POST /api/v1/endorsements/attach":
		return s.subjectIssuers(attachedSubject(peekBody(r)), p)
	case "DELETE /api/v1/endorsements/{id}":
		return s.deletionIssuers(r.PathValue("id"), p)
	}
	if q := r.URL.Query().Get("issuer"); q != "" {
		return []string{q}
	}
	return s.subjectIssuers(r.URL.Query().Get("subject"), p)
}

// deletionIssuers is the community a deletion of endorsement id acts for:
// as for an attachment, that of its subject when it is of this install;
// otherwise (an endorsement one of its communities gave of something
// elsewhere) the endorser's. An endorsement not kept is the token's own
// (the handler answers 404).
func (s *Server) deletionIssuers(id string, p *principal) []string {
	st, ok := s.store.(EndorsementStore)
	if !ok {
		return []string{p.issuer()}
	}
	e, err := s.endorsement(st, id)
	if err != nil {
		return []string{p.issuer()}
	}
	if slug := s.subjectCommunity(e.Subject); slug != "" {
		return []string{slug}
	}
	if slug := s.endorserCommunity(e); slug != "" {
		return []string{slug}
	}
	return []string{p.issuer()}
}

// subjectIssuers is the community of an achievement or issuer of this
// install with id subject; the token's own for any other (the handler
// refuses or finds nothing).
func (s *Server) subjectIssuers(subject string, p *principal) []string {
	if a, ok := s.urls.AchievementID(subject); ok {
		if _, err := s.store.Achievement(a); err == nil {
			return s.achievementIssuer(a)
		}
	}
	if slug, err := s.issuerWithID(subject, ""); err == nil {
		return []string{slug}
	}
	return []string{p.issuer()}
}

// endorsementMembers returns the endorsement members kept for subject
// (issuer.EndorsementMembers: JSON and JWT ones, for a document without a
// Data Integrity proof of its own), none when the store keeps no
// endorsements.
func (s *Server) endorsementMembers(subject string) (map[string]json.RawMessage, error) {
	st, ok := s.store.(EndorsementStore)
	if !ok {
		return nil, nil
	}
	return issuer.EndorsementMembers(st, subject, true)
}

// endorsedDocument returns the JSON object doc with the endorsements of
// subject added.
func (s *Server) endorsedDocument(doc []byte, subject string) ([]byte, error) {
	m, err := s.endorsementMembers(subject)
	if err != nil || len(m) == 0 {
		return doc, err
	}
	var o map[string]json.RawMessage
	if err := json.Unmarshal(doc, &o); err != nil {
		return nil, errs.Wrap(errs.Internal, err, "adding endorsements to %s", subject)
	}
	for k, v := range m {
		o[k] = v
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(o); err != nil {
		return nil, errs.Wrap(errs.Internal, err, "adding endorsements to %s", subject)
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// endorseAchievement adds the endorsements kept for a to it.
func (s *Server) endorseAchievement(a *ob3.Achievement) error {
	m, err := s.endorsementMembers(a.ID)
	if err != nil || len(m) == 0 {
		return err
	}
	a.Extra = a.Extra.Merge(m)
	return nil
}

// pageEndorsements are subject's endorsements in words, for its public
// page.
func (s *Server) pageEndorsements(subject string) ([]templates.Endorsement, error) {
	st, ok := s.store.(EndorsementStore)
	if !ok {
		return nil, nil
	}
	list, err := st.Endorsements(subject)
	if err != nil {
		return nil, err
	}
	var out []templates.Endorsement
	for _, e := range list {
		name := e.EndorserName
		if name == "" {
			name = e.Endorser
		}
		out = append(out, templates.Endorsement{Endorser: name, Comment: e.Comment})
	}
	return out, nil
}
