// Package vcapi reads and checks the bodies of the W3C VC-API requests
// Accolade answers (POST /credentials/issue, /credentials/verify,
// /presentations/verify and /credentials/status), and shapes what they
// answer. It knows the VC Data Model's rules (2.0, and 1.1 for clients that
// still send it), not keys, the store or HTTP: package issuer signs what
// it returns, package server serves it.
//
// Every error is an errs.Invalid error whose Field is the JSON path in the
// request the client sent ("credential.validUntil",
// "credential.evidence[1]"), so that the answer names the problem in the
// client's own terms.
package vcapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/accolade-badges/accolade/errs"
)

// The base contexts of the two versions of the VC Data Model, and the
// Data Integrity context a 1.1 credential needs for a DataIntegrityProof
// (the 2.0 context defines its terms; the 1.1 context does not).
const (
	ContextV2            = "https://www.w3.org/ns/credentials/v2"
	ContextV1            = "https://www.w3.org/2018/credentials/v1"
	ContextDataIntegrity = "https://w3id.org/security/data-integrity/v2"
)

// MaxBody is the largest request body read (a credential and its options).
const MaxBody = 1 << 20

// IssueRequest is a checked POST /credentials/issue body.
type IssueRequest struct {
	// Version is the VC Data Model version of the credential: 1 (1.1) or 2.
	Version int
	// Credential is the credential's members in the client's order, with
	// the 1.1 additions made (the Data Integrity context; issuanceDate when
	// it had none). Issue adds id, credentialStatus and the proof.
	Credential Object
	// ID is the credential's id; empty when it has none.
	ID string
	// Issuer is the issuer's id: the string or the object's id.
	Issuer string
	// Types are the credential's types.
	Types []string
	// Status lists the status purposes options.credentialStatus asks for
	// (in order, without repeats); empty when it asks for none.
	Status []string
}

// IssuerField is the JSON path of the issuer's id in the request, for an
// error about it: credential.issuer, or credential.issuer.id when the
// issuer is an object.
func (r *IssueRequest) IssuerField() string {
	if raw, ok := r.Credential.Get("issuer"); ok && len(raw) > 0 && raw[0] == '{' {
		return "credential.issuer.id"
	}
	return "credential.issuer"
}

// OpenBadge reports whether the credential is an Open Badges 3.0 one
// (OpenBadgeCredential, its alias AchievementCredential, or an
// EndorsementCredential): its proof is then an array, as the OB 3.0 JSON
// schema requires; for every other credential it is the single object
// VC-API clients expect (see Proof).
func (r *IssueRequest) OpenBadge() bool {
	for _, t := range r.Types {
		switch t {
		case "OpenBadgeCredential", "AchievementCredential", "EndorsementCredential":
			return true
		}
	}
	return false
}

// ContentError marks a problem with the credential itself, which VC-API
// answers with 422, apart from one with the request around it (not JSON,
// no credential, an unknown option: 400).
type ContentError struct{ Err error }

func (e ContentError) Error() string { return e.Err.Error() }
func (e ContentError) Unwrap() error { return e.Err }

// IsContent reports whether err is a ContentError.
func IsContent(err error) bool {
	var c ContentError
	return errors.As(err, &c)
}

// dateTime is the XML Schema dateTimeStamp lexical form VCDM 2.0 requires
// (a time zone is mandatory), with optional fractional seconds.
var dateTime = regexp.MustCompile(`^-?[0-9]{4,}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$`)

// ParseIssue reads a POST /credentials/issue body, {"credential": {...},
// "options": {...}}, and checks the credential is one Accolade may sign:
// a well-formed VCDM 2.0 or 1.1 credential without a proof. now is the
// issuanceDate given to a 1.1 credential that has none. The JSON-LD side
// (every context embedded, every term defined) is checked when it is
// signed (dataintegrity.Sign).
func ParseIssue(body []byte, now time.Time) (*IssueRequest, error) {
	top, err := ParseObject(body, "")
	if err != nil {
		return nil, err
	}
	if err := top.Only("", "credential", "options"); err != nil {
		return nil, err
	}
	raw, ok := top.Get("credential")
	if !ok {
		return nil, errs.Field("credential", "is required: the credential to sign, as a JSON object")
	}
	c, err := ParseObject(raw, "credential")
	if err != nil {
		return nil, ContentError{err}
	}
	req := &IssueRequest{}
	if err := req.check(c, now); err != nil {
		return nil, ContentError{err}
	}
	if raw, ok := top.Get("options"); ok {
		if req.Status, err = parseIssueOptions(raw); err != nil {
			return nil, err
		}
	}
	return req, nil
}

func (req *IssueRequest) check(c Object, now time.Time) error {
	if _, ok := c.Get("proof"); ok {
		return errs.Field("credential.proof", "the credential already has a proof: send it without one to be signed")
	}
	contexts, err := c.Strings("credential.@context", "@context", true)
	if err != nil {
		return err
	}
	switch {
	case len(contexts) == 0:
		return errs.Field("credential.@context", "is required: a list starting with %q (VCDM 2.0) or %q (VCDM 1.1)", ContextV2, ContextV1)
	case contexts[0] == ContextV2:
		req.Version = 2
	case contexts[0] == ContextV1:
		req.Version = 1
	default:
		for i, u := range contexts[1:] {
			if u == ContextV2 || u == ContextV1 {
				return errs.Field(fmt.Sprintf("credential.@context[%d]", i+1), "%q must come first in @context, before %q", u, contexts[0])
			}
		}
		return errs.Field("credential.@context[0]", "is %q; the first context must be %q (VCDM 2.0) or %q (VCDM 1.1)", contexts[0], ContextV2, ContextV1)
	}
	for i, u := range contexts[1:] {
		if u == ContextV2 || u == ContextV1 {
			return errs.Field(fmt.Sprintf("credential.@context[%d]", i+1), "%q may appear only once, first", u)
		}
		if u != "" && !absoluteURL(u) {
			return errs.Field(fmt.Sprintf("credential.@context[%d]", i+1), "%q is not a URL", u)
		}
	}
	if req.Types, err = c.Strings("credential.type", "type", false); err != nil {
		return err
	}
	if len(req.Types) == 0 {
		return errs.Field("credential.type", "is required: a list of types including \"VerifiableCredential\"")
	}
	if !contains(req.Types, "VerifiableCredential") {
		return errs.Field("credential.type", "must include \"VerifiableCredential\" (it has %s)", quoteList(req.Types))
	}
	if raw, ok := c.Get("id"); ok {
		if err := json.Unmarshal(raw, &req.ID); err != nil || !absoluteURL(req.ID) {
			return errs.Field("credential.id", "must be a URL, such as \"urn:uuid:…\" or \"https://…\" (it is %s)", describe(raw))
		}
	}
	if req.Issuer, err = issuerID(c); err != nil {
		return err
	}
	if err := checkSubject(c); err != nil {
		return err
	}
	from, until := "validFrom", "validUntil"
	if req.Version == 1 {
		from, until = "issuanceDate", "expirationDate"
		for _, name := range []string{"validFrom", "validUntil"} {
			if _, ok := c.Get(name); ok {
				return errs.Field("credential."+name, "is a VCDM 2.0 property, but the credential's first context is VCDM 1.1's (%s): use %s, or the 2.0 context", ContextV1, map[string]string{"validFrom": "issuanceDate", "validUntil": "expirationDate"}[name])
			}
		}
	} else {
		for _, name := range []string{"issuanceDate", "expirationDate"} {
			if _, ok := c.Get(name); ok {
				return errs.Field("credential."+name, "is a VCDM 1.1 property, but the credential's first context is VCDM 2.0's: use %s", map[string]string{"issuanceDate": "validFrom", "expirationDate": "validUntil"}[name])
			}
		}
	}
	start, err := dateMember(c, from)
	if err != nil {
		return err
	}
	end, err := dateMember(c, until)
	if err != nil {
		return err
	}
	if !start.IsZero() && !end.IsZero() && end.Before(start) {
		return errs.Field("credential."+until, "%s is before %s %s", end.Format(time.RFC3339), from, start.Format(time.RFC3339))
	}
	for _, name := range []string{"credentialStatus", "credentialSchema", "evidence", "refreshService", "termsOfUse"} {
		if err := checkTyped(c, name, name == "credentialSchema"); err != nil {
			return err
		}
	}
	if err := checkRelated(c); err != nil {
		return err
	}
	if req.Version == 1 {
		if !contains(contexts, ContextDataIntegrity) {
			contexts = append(contexts, ContextDataIntegrity)
			b, _ := json.Marshal(contexts)
			c.Set("@context", b)
		}
		if start.IsZero() {
			b, _ := json.Marshal(now.UTC().Format(time.RFC3339))
			c.Set("issuanceDate", b)
		}
	}
	req.Credential = c
	return nil
}

// parseIssueOptions reads options: credentialStatus (an object or a list
// of objects, each {"type": "BitstringStatusListEntry", "statusPurpose":
// "revocation" | "suspension"}, the purpose "revocation" when left out).
// Other options are refused by name, so that a client never believes an
// option took effect that did not.
func parseIssueOptions(raw json.RawMessage) ([]string, error) {
	o, err := ParseObject(raw, "options")
	if err != nil {
		return nil, err
	}
	if err := o.Only("options", "credentialStatus"); err != nil {
		return nil, err
	}
	sr, ok := o.Get("credentialStatus")
	if !ok {
		return nil, nil
	}
	list, err := objects(sr, "options.credentialStatus")
	if err != nil {
		return nil, err
	}
	var purposes []string
	for i, s := range list {
		path := fmt.Sprintf("options.credentialStatus[%d]", i)
		if len(list) == 1 && sr[0] == '{' {
			path = "options.credentialStatus"
		}
		if err := s.Only(path, "type", "statusPurpose"); err != nil {
			return nil, err
		}
		var typ, purpose string
		if raw, ok := s.Get("type"); !ok || json.Unmarshal(raw, &typ) != nil || typ != "BitstringStatusListEntry" {
			return nil, errs.Field(path+".type", "must be \"BitstringStatusListEntry\", the only status this service keeps")
		}
		purpose = "revocation"
		if raw, ok := s.Get("statusPurpose"); ok {
			if json.Unmarshal(raw, &purpose) != nil || purpose != "revocation" && purpose != "suspension" {
				return nil, errs.Field(path+".statusPurpose", "must be \"revocation\" or \"suspension\" (it is %s)", describe(raw))
			}
		}
		if !contains(purposes, purpose) {
			purposes = append(purposes, purpose)
		}
	}
	return purposes, nil
}

// issuerID returns the issuer's id: the issuer string, or the id of the
// issuer object; a URL either way.
func issuerID(c Object) (string, error) {
	raw, ok := c.Get("issuer")
	if !ok {
		return "", errs.Field("credential.issuer", "is required: the issuer's URL (or an object with it as id)")
	}
	var id string
	path := "credential.issuer"
	if len(raw) > 0 && raw[0] == '{' {
		o, err := ParseObject(raw, path)
		if err != nil {
			return "", err
		}
		path += ".id"
		if raw, ok = o.Get("id"); !ok {
			return "", errs.Field(path, "is required: the issuer's URL")
		}
	}
	if err := json.Unmarshal(raw, &id); err != nil || !absoluteURL(id) {
		return "", errs.Field(path, "must be a URL, such as a did:web or https address (it is %s)", describe(raw))
	}
	return id, nil
}

func checkSubject(c Object) error {
	raw, ok := c.Get("credentialSubject")
	if !ok {
		return errs.Field("credential.credentialSubject", "is required: what the credential says about its subject, as an object")
	}
	list, err := objects(raw, "credential.credentialSubject")
	if err != nil {
		return err
	}
	if len(list) == 0 {
		return errs.Field("credential.credentialSubject", "is empty: give at least one subject")
	}
	for i, s := range list {
		path := fmt.Sprintf("credential.credentialSubject[%d]", i)
		if raw[0] == '{' {
			path = "credential.credentialSubject"
		}
		if len(s.Members) == 0 {
			return errs.Field(path, "is an empty object: a subject needs at least an id or a claim")
		}
		if raw, ok := s.Get("id"); ok {
			var id string
			if json.Unmarshal(raw, &id) != nil || !absoluteURL(id) {
				return errs.Field(path+".id", "must be a URL, such as a DID (it is %s)", describe(raw))
			}
		}
	}
	return nil
}

// checkTyped checks that every object of member name has a type (and an
// id when needsID).
func checkTyped(c Object, name string, needsID bool) error {
	raw, ok := c.Get(name)
	if !ok {
		return nil
	}
	list, err := objects(raw, "credential."+name)
	if err != nil {
		return err
	}
	for i, o := range list {
		path := fmt.Sprintf("credential.%s[%d]", name, i)
		if raw[0] == '{' {
			path = "credential." + name
		}
		types, err := o.Strings(path+".type", "type", false)
		if err != nil {
			return err
		}
		if len(types) == 0 {
			return errs.Field(path+".type", "is required: every %s object names its type", name)
		}
		if raw, ok := o.Get("id"); ok || needsID {
			var id string
			if !ok || json.Unmarshal(raw, &id) != nil || !absoluteURL(id) {
				return errs.Field(path+".id", "must be a URL (it is %s)", describeOpt(raw, ok))
			}
		}
	}
	return nil
}

// checkRelated checks relatedResource: each has an id and a digest.
func checkRelated(c Object) error {
	raw, ok := c.Get("relatedResource")
	if !ok {
		return nil
	}
	list, err := objects(raw, "credential.relatedResource")
	if err != nil {
		return err
	}
	for i, o := range list {
		path := fmt.Sprintf("credential.relatedResource[%d]", i)
		if raw[0] == '{' {
			path = "credential.relatedResource"
		}
		var id string
		if raw, ok := o.Get("id"); !ok || json.Unmarshal(raw, &id) != nil || !absoluteURL(id) {
			return errs.Field(path+".id", "must be the URL of the related resource (it is %s)", describeOpt(raw, ok))
		}
		_, sri := o.Get("digestSRI")
		_, mb := o.Get("digestMultibase")
		if !sri && !mb {
			return errs.Field(path, "has no digest: give digestSRI or digestMultibase, so that a verifier can tell the resource is the one signed for")
		}
	}
	return nil
}

func dateMember(c Object, name string) (time.Time, error) {
	raw, ok := c.Get(name)
	if !ok {
		return time.Time{}, nil
	}
	var s string
	if json.Unmarshal(raw, &s) != nil || !dateTime.MatchString(s) {
		return time.Time{}, errs.Field("credential."+name, "must be a date and time with a time zone, such as \"2026-03-04T18:00:00Z\" (it is %s)", describe(raw))
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, errs.Field("credential."+name, "%q is not a real date and time", s)
	}
	return t, nil
}

// absoluteURL reports whether s is an absolute URL (an IRI with a scheme:
// https:, did:, urn:), which is what VCDM requires of ids.
func absoluteURL(s string) bool {
	if s == "" || strings.ContainsAny(s, " \t\r\n<>\"{}|\\^`") {
		return false
	}
	u, err := url.Parse(s)
	return err == nil && u.Scheme != "" && len(s) > len(u.Scheme)+1
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func quoteList(list []string) string {
	b, _ := json.Marshal(list)
	return string(b)
}

// describe says what a JSON value is, for an error message: a short value
// as it is, a long one by its kind.
func describe(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) <= 60 {
		return string(raw)
	}
	switch raw[0] {
	case '{':
		return "an object"
	case '[':
		return "a list"
	case '"':
		return "a long string"
	}
	return "a value"
}

func describeOpt(raw json.RawMessage, ok bool) string {
	if !ok {
		return "missing"
	}
	return describe(raw)
}
