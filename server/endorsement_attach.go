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
	"github.com/accolade-badges/accolade/verifier"
)

// Attaching an endorsement received from outside: the API's POST
// /api/v1/endorsements/attach and the console's attach form both go
// through attach, which verifies the endorsement, checks its subject and
// keeps it.

// attachRefusal is why an attachment was refused, for the console to say
// in the coordinator's words; the API answers its err (errs.Invalid or
// errs.Conflict).
type attachRefusal struct {
	reason string // one of the refused* constants
	err    error
}

func (e *attachRefusal) Error() string { return e.err.Error() }
func (e *attachRefusal) Unwrap() error { return e.err }

// Reasons for refusing an attachment.
const (
	refusedInput     = "input"     // neither an endorsement's JSON nor a compact JWT
	refusedSignature = "signature" // a signature or proof does not match, or none could be checked
	refusedIssuer    = "issuer"    // the endorser's key could not be found or confirmed
	refusedDates     = "dates"     // not valid now
	refusedStatus    = "status"    // revoked or suspended by its issuer
	refusedOther     = "other"     // another check failed
	refusedType      = "type"      // a credential, but not an EndorsementCredential
	refusedSubject   = "subject"   // about nothing of this install (or of the community)
	refusedKept      = "kept"      // already kept
)

// refuse is err refused for reason, an *attachRefusal.
func refuse(reason string, err error) error { return &attachRefusal{reason: reason, err: err} }

// refusalReason is the reason of a refused attachment, "" for another
// error.
func refusalReason(err error) string {
	if r, ok := err.(*attachRefusal); ok {
		return r.reason
	}
	return ""
}

// attachEndorsement answers POST /api/v1/endorsements/attach: an
// endorsement received from outside, as its JSON (with a Data Integrity
// proof) or as a compact VC-JWT (a JSON string, or {"jwt": "…"}), is
// verified, then kept for its subject, which must be a profile or
// achievement of this install.
func (s *Server) attachEndorsement(w http.ResponseWriter, r *http.Request) error {
	body, err := readBody(w, r, maxEndorsementBody)
	if err != nil {
		return err
	}
	e, err := s.attach(r.Context(), body, "")
	if err != nil {
		return err
	}
	s.writeJSON(w, r, http.StatusCreated, typeJSON, viewEndorsement(e))
	return nil
}

// attach verifies the endorsement in body (what POST
// /api/v1/endorsements/attach takes) and keeps it. Its subject must be a
// profile or achievement of community (a slug), or of any community of
// this install when community is "". A refusal is an *attachRefusal;
// nothing is kept then.
func (s *Server) attach(ctx context.Context, body []byte, community string) (*accolade.Endorsement, error) {
	_, st, err := s.endorsementDeps()
	if err != nil {
		return nil, err
	}
	input, jwt, err := endorsementInput(body)
	if err != nil {
		return nil, refuse(refusedInput, err)
	}
	v := s.verifier.Verify(ctx, input, "")
	if err := endorsementVerdict(v); err != nil {
		return nil, err
	}
	e, err := parseEndorsement(v.Credential)
	if err != nil {
		return nil, err
	}
	if err := s.checkLocalSubject(e.Subject); err != nil {
		return nil, refuse(refusedSubject, err)
	}
	if community != "" && s.subjectCommunity(e.Subject) != community {
		return nil, refuse(refusedSubject, errs.Field("credentialSubject.id", "is %q, which is no profile or achievement of community %s", e.Subject, community))
	}
	e.Attached, e.Created = true, s.now().UTC()
	if jwt {
		e.JWT = string(input)
	} else {
		e.JSON = input
	}
	if err := st.PutEndorsement(e); err != nil {
		if errs.KindOf(err) == errs.Conflict {
			return nil, refuse(refusedKept, err)
		}
		return nil, err
	}
	return e, nil
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

// endorsementVerdict returns an errs.Invalid error (an *attachRefusal)
// naming every check of v that failed or, when none failed, the
// verifier's summary unless it found the endorsement genuine and in
// force: valid, or signed by a key nothing ties to its issuer (a did:key
// endorser). A proof whose key came over plain http (a test install, or
// the command line's --insecure) is a warning of the proof check, not a
// refusal: the outcome decides.
func endorsementVerdict(v verifier.Verdict) error {
	var failed []string
	reason := ""
	for _, c := range v.Checks {
		if c.Status == verifier.Fail {
			failed = append(failed, c.Check+": "+c.Message)
			if reason == "" {
				reason = checkReason(c.Check)
			}
		}
	}
	if len(failed) > 0 {
		return refuse(reason, errs.E(errs.Invalid, "the endorsement does not verify: %s", strings.Join(failed, "; ")))
	}
	switch v.Outcome {
	case verifier.OutcomeValid, verifier.OutcomeUnconfirmedIssuer:
		return nil
	case verifier.OutcomeExpired:
		reason = refusedDates
	case verifier.OutcomeRevoked, verifier.OutcomeSuspended:
		reason = refusedStatus
	case verifier.OutcomeUnverifiable:
		reason = refusedIssuer
	default:
		reason = refusedSignature
	}
	return refuse(reason, errs.E(errs.Invalid, "the endorsement cannot be kept: %s", v.Summary))
}

// checkReason is the refusal reason of a failed verifier check.
func checkReason(check string) string {
	switch check {
	case verifier.CheckFormat, verifier.CheckStructure:
		return refusedInput
	case verifier.CheckSignature, verifier.CheckProof, verifier.CheckClaims:
		return refusedSignature
	case verifier.CheckIssuer:
		return refusedIssuer
	case verifier.CheckDates:
		return refusedDates
	case verifier.CheckStatus:
		return refusedStatus
	}
	return refusedOther
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
		return nil, refuse(refusedInput, errs.E(errs.Invalid, "the endorsement is not a credential object: %v", err))
	}
	var types []string
	if json.Unmarshal(c.Type, &types) != nil || !slices.Contains(types, issuer.TypeEndorsementCredential) {
		return nil, refuse(refusedType, errs.Field("type", "must include %q", issuer.TypeEndorsementCredential))
	}
	if c.ID == "" || c.Sub.ID == "" {
		return nil, refuse(refusedType, errs.E(errs.Invalid, "the endorsement needs an id and a credentialSubject.id"))
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
	if s.subjectCommunity(id) != "" {
		return nil
	}
	return errs.Field("credentialSubject.id", "is %q, which is no issuer profile or achievement of this install: only endorsements of them can be attached", id)
}

// subjectCommunity is the slug of the community whose achievement or
// issuer profile has id subject; "" when it is none of this install.
func (s *Server) subjectCommunity(subject string) string {
	if a, ok := s.urls.AchievementID(subject); ok {
		if ach, err := s.store.Achievement(a); err == nil {
			return issuerSlug(ach.Issuer)
		}
	}
	if slug, err := s.issuerWithID(subject, ""); err == nil {
		return slug
	}
	return ""
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
