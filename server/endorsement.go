package server

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"slices"
	"strings"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/issuer"
	"github.com/accolade-badges/accolade/ob3"
	"github.com/accolade-badges/accolade/templates"
	"github.com/accolade-badges/accolade/verifier"
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
	Credential   json.RawMessage `json:"credential,omitempty"`
	JWT          string          `json:"jwt,omitempty"`
}

func viewEndorsement(e *accolade.Endorsement) endorsementView {
	return endorsementView{ID: e.ID, Subject: e.Subject, Endorser: e.Endorser, EndorserName: e.EndorserName,
		Comment: e.Comment, Attached: e.Attached, Credential: e.JSON, JWT: e.JWT}
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
	en, st, err := s.endorsementDeps()
	if err != nil {
		return err
	}
	var b endorsementRequest
	if err := decodeJSON(w, r, &b); err != nil {
		return err
	}
	if b.Endorser == "" {
		return errs.Field("endorser", "is required: the slug of the endorsing community")
	}
	se, err := en.Endorse(r.Context(), issuer.EndorseRequest{Endorser: b.Endorser, Subject: b.Subject, Comment: b.Comment})
	if errs.KindOf(err) == errs.NotFound { // a name in the body, not the URL
		return errs.Wrap(errs.Invalid, err, "cannot endorse")
	}
	if err != nil {
		return err
	}
	prof, err := s.store.Issuer(se.Endorser)
	if err != nil {
		return err
	}
	e := &accolade.Endorsement{ID: se.ID, Subject: se.Subject, Endorser: s.urls.IssuerID(prof), EndorserName: prof.Name,
		Comment: strings.TrimSpace(b.Comment), Created: s.now().UTC(), JSON: se.JSON, JWT: se.JWT}
	if err := st.PutEndorsement(e); err != nil {
		return err
	}
	s.writeJSON(w, r, http.StatusCreated, typeJSON, viewEndorsement(e))
	return nil
}

// attachEndorsement answers POST /api/v1/endorsements/attach: an
// endorsement received from outside, as its JSON (with a Data Integrity
// proof) or as a compact VC-JWT (a JSON string, or {"jwt": "…"}), is
// verified, then kept for its subject, which must be a profile or
// achievement of this install.
func (s *Server) attachEndorsement(w http.ResponseWriter, r *http.Request) error {
	_, st, err := s.endorsementDeps()
	if err != nil {
		return err
	}
	body, err := readBody(w, r, maxEndorsementBody)
	if err != nil {
		return err
	}
	input, jwt, err := endorsementInput(body)
	if err != nil {
		return err
	}
	v := s.verifier.Verify(r.Context(), input, "")
	if err := endorsementVerdict(v); err != nil {
		return err
	}
	e, err := parseEndorsement(v.Credential)
	if err != nil {
		return err
	}
	if err := s.checkLocalSubject(e.Subject); err != nil {
		return err
	}
	e.Attached, e.Created = true, s.now().UTC()
	if jwt {
		e.JWT = string(input)
	} else {
		e.JSON = input
	}
	if err := st.PutEndorsement(e); err != nil {
		return err
	}
	s.writeJSON(w, r, http.StatusCreated, typeJSON, viewEndorsement(e))
	return nil
}

// maxEndorsementBody bounds an attached endorsement.
const maxEndorsementBody = 256 << 10

// endorsementInput returns the endorsement in body and reports whether it
// is a JWT.
func endorsementInput(body []byte) ([]byte, bool, error) {
	t := bytes.TrimSpace(body)
	var jwt string
	if len(t) > 0 && t[0] == '"' {
		if err := json.Unmarshal(t, &jwt); err != nil {
			return nil, false, errs.E(errs.Invalid, "the body is not JSON: %v", err)
		}
	} else if len(t) > 0 && t[0] == '{' {
		var o map[string]json.RawMessage
		if err := json.Unmarshal(t, &o); err != nil {
			return nil, false, errs.E(errs.Invalid, "the body is not JSON: %v", err)
		}
		if raw, ok := o["jwt"]; ok && len(o) == 1 {
			if err := json.Unmarshal(raw, &jwt); err != nil {
				return nil, false, errs.Field("jwt", "is not a string")
			}
		} else {
			return t, false, nil
		}
	} else {
		return nil, false, errs.E(errs.Invalid, "send the endorsement as its JSON, or its compact JWT as {\"jwt\": \"…\"}")
	}
	jwt = strings.TrimSpace(jwt)
	if strings.Count(jwt, ".") != 2 {
		return nil, false, errs.Field("jwt", "is not a compact JWS (three parts separated by dots)")
	}
	return []byte(jwt), true, nil
}

// endorsementVerdict returns an errs.Invalid error naming every check of v
// that failed or, when none failed, the verifier's summary unless it found
// the endorsement genuine and in force: valid, or signed by a key nothing
// ties to its issuer (a did:key endorser). A proof whose key came over
// plain http (a test install, or the command line's --insecure) is a
// warning of the proof check, not a refusal: the outcome decides.
func endorsementVerdict(v verifier.Verdict) error {
	var failed []string
	for _, c := range v.Checks {
		if c.Status == verifier.Fail {
			failed = append(failed, c.Check+": "+c.Message)
		}
	}
	if len(failed) > 0 {
		return errs.E(errs.Invalid, "the endorsement does not verify: %s", strings.Join(failed, "; "))
	}
	if v.Outcome != verifier.OutcomeValid && v.Outcome != verifier.OutcomeUnconfirmedIssuer {
		return errs.E(errs.Invalid, "the endorsement cannot be kept: %s", v.Summary)
	}
	return nil
}

// parseEndorsement reads what is kept of a verified endorsement.
func parseEndorsement(raw json.RawMessage) (*accolade.Endorsement, error) {
	var c struct {
		ID     string          `json:"id"`
		Type   json.RawMessage `json:"type"`
		Issuer json.RawMessage `json:"issuer"`
		Sub    struct {
			ID      string `json:"id"`
			Comment string `json:"endorsementComment"`
		} `json:"credentialSubject"`
	}
	if err := json.Unmarshal(raw, &c); err != nil {
		return nil, errs.E(errs.Invalid, "the endorsement is not a credential object: %v", err)
	}
	var types []string
	if json.Unmarshal(c.Type, &types) != nil || !slices.Contains(types, issuer.TypeEndorsementCredential) {
		return nil, errs.Field("type", "must include %q", issuer.TypeEndorsementCredential)
	}
	if c.ID == "" || c.Sub.ID == "" {
		return nil, errs.E(errs.Invalid, "the endorsement needs an id and a credentialSubject.id")
	}
	var iss struct{ ID, Name string }
	if json.Unmarshal(c.Issuer, &iss.ID) != nil {
		_ = json.Unmarshal(c.Issuer, &iss)
	}
	return &accolade.Endorsement{ID: c.ID, Subject: c.Sub.ID, Endorser: iss.ID, EndorserName: iss.Name, Comment: c.Sub.Comment}, nil
}

// checkLocalSubject refuses (errs.Invalid) a subject that is no issuer
// profile or achievement of this install.
func (s *Server) checkLocalSubject(id string) error {
	if a, ok := s.urls.AchievementID(id); ok {
		if _, err := s.store.Achievement(a); err == nil {
			return nil
		}
	}
	if _, err := s.issuerWithID(id, ""); err == nil {
		return nil
	}
	return errs.Field("credentialSubject.id", "is %q, which is no issuer profile or achievement of this install: only endorsements of them can be attached", id)
}

// listEndorsements answers GET /api/v1/endorsements?subject=….
func (s *Server) listEndorsements(w http.ResponseWriter, r *http.Request) error {
	_, st, err := s.endorsementDeps()
	if err != nil {
		return err
	}
	subject := r.URL.Query().Get("subject")
	if subject == "" {
		return errs.Field("subject", "is required: the id of a profile or achievement")
	}
	list, err := st.Endorsements(subject)
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
	}
	return s.subjectIssuers(r.URL.Query().Get("subject"), p)
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

// attachedSubject is credentialSubject.id of the endorsement in an
// attachment body, JSON or JWT, unverified; "" when there is none.
func attachedSubject(body []byte) string {
	input, jwt, err := endorsementInput(body)
	if err != nil {
		return ""
	}
	if jwt {
		parts := strings.Split(string(input), ".")
		b, err := base64.RawURLEncoding.DecodeString(parts[1])
		if err != nil {
			return ""
		}
		input = b
	}
	var c struct {
		CredentialSubject struct {
			ID string `json:"id"`
		} `json:"credentialSubject"`
	}
	_ = json.Unmarshal(input, &c)
	return c.CredentialSubject.ID
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
