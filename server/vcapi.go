package server

import (
	"context"
	"encoding/json"

	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/vcapi"
	"github.com/accolade-badges/accolade/verifier"
)

// VCIssuer signs credentials trusted clients build (the VC-API);
// issuer.Service satisfies it.
type VCIssuer interface {
	IssueVC(ctx context.Context, slug, tokenID string, req *vcapi.IssueRequest) (*accolade.IssuedVC, error)
}

// VCStore keeps them; store.DB satisfies it.
type VCStore interface {
	IssuedVC(id string) (*accolade.IssuedVC, error)
	SetIssuedVCStatus(id string, status accolade.Status, at time.Time) (*accolade.IssuedVC, error)
}

// unprocessable answers err with 422: the request was well-formed JSON
// of the right shape, but what it asks cannot be done as it is (VC-API
// answers a credential it will not sign or verify so).
type unprocessable struct{ error }

func (e unprocessable) HTTPStatus() int { return http.StatusUnprocessableEntity }
func (e unprocessable) Unwrap() error   { return e.error }

// issueVC is POST /credentials/issue (VC-API): {"credential", "options"}
// -> 201 {"verifiableCredential"}.
func (s *Server) issueVC(w http.ResponseWriter, r *http.Request) error {
	if s.vcIssuer == nil || s.vcStore == nil {
		return errs.E(errs.NotFound, "this service does not sign credentials for clients")
	}
	body, err := readBody(w, r, vcapi.MaxBody)
	if err != nil {
		return err
	}
	req, err := vcapi.ParseIssue(body, s.now())
	if vcapi.IsContent(err) {
		return unprocessable{err}
	} else if err != nil {
		return err
	}
	p := principalOf(r)
	slug := p.issuer()
	if slug == "" {
		if slug, err = s.issuerWithID(req.Issuer, req.IssuerField()); err != nil {
			return err
		}
	}
	tokenID := ""
	if p.token != nil {
		tokenID = p.token.ID
	}
	rec, err := s.vcIssuer.IssueVC(r.Context(), slug, tokenID, req)
	if errs.KindOf(err) == errs.Invalid { // the credential cannot be signed as it is
		return unprocessable{err}
	} else if err != nil {
		return err
	}
	auditTarget(r, rec.ID)
	w.Header().Set("Location", s.urls.Base+"/credentials/"+rec.ID)
	s.writeJSON(w, r, http.StatusCreated, typeJSON, map[string]json.RawMessage{"verifiableCredential": rec.JSON})
	return nil
}

// issuerWithID returns the slug of the issuer whose id (as credentials
// name it) is id, for an install-wide token.
func (s *Server) issuerWithID(id, field string) (string, error) {
	all, err := s.store.Issuers()
	if err != nil {
		return "", err
	}
	var ids []string
	for _, p := range all {
		if s.urls.IssuerID(p) == id {
			return p.Slug, nil
		}
		ids = append(ids, s.urls.IssuerID(p))
	}
	return "", unprocessable{errs.Field(field, "is %q, which is not an issuer of this service (its issuers are %s)", id, strings.Join(ids, ", "))}
}

// vcStatusRequest is the body of POST /credentials/status.
type vcStatusRequest struct {
	CredentialID     string `json:"credentialId"`
	CredentialStatus []struct {
		Type   string `json:"type"`
		Status string `json:"status"`
	} `json:"credentialStatus"`
}

// vcStatuses maps the VC-API's status words to Accolade's.
var vcStatuses = map[string]accolade.Status{
	"revoked": accolade.Revoked, "suspended": accolade.Suspended, "active": accolade.Active,
}

// updateVCStatus is POST /credentials/status (VC-API): revokes, suspends
// or reinstates a credential issued through the VC-API, or one of the
// service's own awards (named "urn:uuid:<id>").
func (s *Server) updateVCStatus(w http.ResponseWriter, r *http.Request) error {
	body, err := readBody(w, r, 64<<10)
	if err != nil {
		return err
	}
	o, err := vcapi.ParseObject(body, "")
	if err != nil {
		return err
	}
	if err := o.Only("", "credentialId", "credentialStatus"); err != nil {
		return err
	}
	var req vcStatusRequest
	if err := json.Unmarshal(body, &req); err != nil {
		return errs.E(errs.Invalid, "the request body does not have the shape {\"credentialId\": \"…\", \"credentialStatus\": [{\"type\": \"BitstringStatusListEntry\", \"status\": \"revoked\"}]}: %v", err)
	}
	switch {
	case req.CredentialID == "":
		return errs.Field("credentialId", "is required: the id of the credential whose status changes")
	case len(req.CredentialStatus) != 1:
		return errs.Field("credentialStatus", "must be a list of exactly one status, such as [{\"type\": \"BitstringStatusListEntry\", \"status\": \"revoked\"}]")
	case req.CredentialStatus[0].Type != "BitstringStatusListEntry":
		return errs.Field("credentialStatus[0].type", "must be \"BitstringStatusListEntry\" (it is %q)", req.CredentialStatus[0].Type)
	}
	status, ok := vcStatuses[req.CredentialStatus[0].Status]
	if !ok {
		return errs.Field("credentialStatus[0].status", "must be \"revoked\", \"suspended\" or \"active\" (it is %q)", req.CredentialStatus[0].Status)
	}
	p := principalOf(r)
	auditTarget(r, req.CredentialID)
	var now accolade.Status
	vc, err := s.vcStore.IssuedVC(req.CredentialID)
	switch {
	case err == nil:
		if !p.owner() && vc.Issuer != p.issuer() {
			return errs.E(errs.NotFound, "no credential %q", req.CredentialID)
		}
		if vc, err = s.vcStore.SetIssuedVCStatus(vc.ID, status, s.now()); err != nil {
			return err
		}
		now = vc.Status
	case errs.KindOf(err) == errs.NotFound && strings.HasPrefix(req.CredentialID, "urn:uuid:"):
		id := strings.TrimPrefix(req.CredentialID, "urn:uuid:")
		rec, err := s.store.Credential(id)
		if err != nil || !p.owner() && rec.Issuer != p.issuer() {
			return errs.E(errs.NotFound, "no credential %q", req.CredentialID)
		}
		if rec, err = s.awards.SetStatus(id, status, ""); err != nil {
			return err
		}
		now = rec.Status
	default:
		if errs.KindOf(err) == errs.NotFound {
			return errs.E(errs.NotFound, "no credential %q", req.CredentialID)
		}
		return err
	}
	s.writeJSON(w, r, http.StatusOK, typeJSON, map[string]any{
		"credentialId":     req.CredentialID,
		"credentialStatus": []map[string]string{{"type": "BitstringStatusListEntry", "status": vcStatusWord(now)}},
	})
	return nil
}

func vcStatusWord(st accolade.Status) string {
	for w, s := range vcStatuses {
		if s == st {
			return w
		}
	}
	return string(st)
}

// vcChecks maps the VC-API's check names to the verifier's; a check the
// verifier has under its own name may be asked for by that name too.
var vcChecks = map[string][]string{
	"proof":      {verifier.CheckProof, verifier.CheckSignature},
	"expiration": {verifier.CheckDates},
	"validFrom":  {verifier.CheckDates},
	"validUntil": {verifier.CheckDates},
	"status":     {verifier.CheckStatus},
	"issuer":     {verifier.CheckIssuer},
	"structure":  {verifier.CheckStructure},
	"claims":     {verifier.CheckClaims},
	"dates":      {verifier.CheckDates},
	"signature":  {verifier.CheckSignature},
	"format":     {verifier.CheckFormat},
}

// vcProblem is one of a verification result's warnings or errors (VC-API:
// ProblemDetails).
type vcProblem struct {
	Type   string `json:"type"`
	Title  string `json:"title"`
	Detail string `json:"detail"`
}

// vcResult is the body of a VC-API verification answer.
type vcResult struct {
	Verified bool              `json:"verified"`
	Checks   []string          `json:"checks"`
	Warnings []vcProblem       `json:"warnings"`
	Errors   []vcProblem       `json:"errors"`
	Verdict  *verifier.Verdict `json:"verdict,omitempty"`
}

// parseChecks reads options.checks: the checks the client wants reported.
func parseChecks(o vcapi.Object) ([]string, error) {
	raw, ok := o.Get("checks")
	if !ok {
		return nil, nil
	}
	names, err := o.Strings("options.checks", "checks", false)
	if err != nil {
		return nil, err
	}
	for _, n := range names {
		if _, ok := vcChecks[n]; !ok {
			known := make([]string, 0, len(vcChecks))
			for k := range vcChecks {
				known = append(known, k)
			}
			slices.Sort(known)
			return nil, errs.Field("options.checks", "%q is not a check this verifier makes (it makes %s)", n, strings.Join(known, ", "))
		}
	}
	_ = raw
	return names, nil
}

// result turns a verdict into a VC-API verification result: the checks
// asked for (all when none were) that passed, the warnings, and the
// errors. Verified is the verdict's: a check not asked for still counts.
func result(v verifier.Verdict, asked []string) vcResult {
	res := vcResult{Verified: v.Verified, Checks: []string{}, Warnings: []vcProblem{}, Errors: []vcProblem{}, Verdict: &v}
	want := func(name string) []string {
		if len(asked) == 0 {
			return []string{name}
		}
		var out []string
		for _, a := range asked {
			if slices.Contains(vcChecks[a], name) {
				out = append(out, a)
			}
		}
		return out
	}
	for _, c := range v.Checks {
		p := vcProblem{Type: "https://www.w3.org/TR/vc-data-model-2.0/#" + c.Check, Title: c.Label, Detail: c.Message}
		switch c.Status {
		case verifier.Pass:
			for _, n := range want(c.Check) {
				if !slices.Contains(res.Checks, n) {
					res.Checks = append(res.Checks, n)
				}
			}
		case verifier.Warn:
			res.Warnings = append(res.Warnings, p)
		case verifier.Fail:
			res.Errors = append(res.Errors, p)
		}
	}
	if !v.Verified && len(res.Errors) == 0 {
		res.Errors = append(res.Errors, vcProblem{Type: "https://www.w3.org/TR/vc-data-model-2.0/#verification", Title: string(v.Outcome), Detail: v.Summary})
	}
	return res
}

// verifyRequest reads the body of a VC-API verification request,
// {member: …, "options": {…}}: it returns member's value (what, in words,
// when it is missing) and the options object, which may hold only the
// names given (empty when there are none).
func verifyRequest(w http.ResponseWriter, r *http.Request, member, what string, options ...string) (json.RawMessage, vcapi.Object, error) {
	body, err := readBody(w, r, vcapi.MaxBody)
	if err != nil {
		return nil, vcapi.Object{}, err
	}
	o, err := vcapi.ParseObject(body, "")
	if err != nil {
		return nil, vcapi.Object{}, err
	}
	if err := o.Only("", member, "options"); err != nil {
		return nil, vcapi.Object{}, err
	}
	v, ok := o.Get(member)
	if !ok {
		return nil, vcapi.Object{}, errs.Field(member, "is required: %s", what)
	}
	var opts vcapi.Object
	if raw, ok := o.Get("options"); ok {
		if opts, err = vcapi.ParseObject(raw, "options"); err != nil {
			return nil, vcapi.Object{}, err
		}
		if err := opts.Only("options", options...); err != nil {
			return nil, vcapi.Object{}, err
		}
	}
	return v, opts, nil
}

// verifyVC is POST /credentials/verify (VC-API): {"verifiableCredential",
// "options": {"checks"}} -> 200 when it verified, 422 when not, each with
// {"verified", "checks", "warnings", "errors"} (and the full verdict).
func (s *Server) verifyVC(w http.ResponseWriter, r *http.Request) error {
	vc, opts, err := verifyRequest(w, r, "verifiableCredential", "the credential to verify, as a JSON object (or a VC-JWT string)", "checks")
	if err != nil {
		return err
	}
	asked, err := parseChecks(opts)
	if err != nil {
		return err
	}
	input, contentType := []byte(vc), "application/json"
	var jwt string
	if json.Unmarshal(vc, &jwt) == nil {
		input, contentType = []byte(jwt), "application/jwt"
	}
	res := result(s.Verify(r.Context(), input, contentType), asked)
	status := http.StatusOK
	if !res.Verified {
		status = http.StatusUnprocessableEntity
		if res.Verdict.Outcome == verifier.OutcomeUnreadable {
			status = http.StatusBadRequest
		}
	}
	s.writeJSON(w, r, status, typeJSON, res)
	return nil
}

// verifyVP is POST /presentations/verify (VC-API):
// {"verifiablePresentation", "options": {"challenge", "domain", "checks"}}
// -> 200 when the holder signed it for the challenge and every credential
// in it verified, 422 when not, each {"verified", "checks", "warnings",
// "errors", "presentation"} (the credentials' verdicts inside).
func (s *Server) verifyVP(w http.ResponseWriter, r *http.Request) error {
	vp, opts, err := verifyRequest(w, r, "verifiablePresentation", "the presentation to verify, as a JSON object", "challenge", "domain", "checks")
	if err != nil {
		return err
	}
	var challenge, domain string
	for name, into := range map[string]*string{"challenge": &challenge, "domain": &domain} {
		if v, ok := opts.Get(name); ok && json.Unmarshal(v, into) != nil {
			return errs.Field("options."+name, "must be a string")
		}
	}
	if _, err := parseChecks(opts); err != nil {
		return err
	}
	p, err := s.verifier.VerifyPresentation(r.Context(), vp, challenge, domain)
	if err != nil {
		return unprocessable{err}
	}
	res := struct {
		Verified     bool                   `json:"verified"`
		Checks       []string               `json:"checks"`
		Warnings     []vcProblem            `json:"warnings"`
		Errors       []vcProblem            `json:"errors"`
		Presentation *verifier.Presentation `json:"presentation"`
	}{Verified: p.Verified, Checks: []string{}, Warnings: []vcProblem{}, Errors: []vcProblem{}, Presentation: p}
	if p.Signed {
		res.Checks = append(res.Checks, "proof")
	}
	for _, m := range p.Warnings {
		res.Warnings = append(res.Warnings, vcProblem{Type: "https://www.w3.org/TR/vc-data-model-2.0/#presentations", Title: "presentation", Detail: m})
	}
	for _, m := range p.Problems {
		res.Errors = append(res.Errors, vcProblem{Type: "https://www.w3.org/TR/vc-data-model-2.0/#presentations", Title: "presentation", Detail: m})
	}
	status := http.StatusOK
	if !p.Verified {
		status = http.StatusUnprocessableEntity
	}
	s.writeJSON(w, r, status, typeJSON, res)
	return nil
}
