package server

import (
	"cmp"
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/dataintegrity"
	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/issuer"
)

// purposeAuthentication is the proof purpose of a DIDAuth presentation.
const purposeAuthentication = "authentication"

// didAuth checks the DIDAuth presentation a wallet sent to ex and returns
// the DID it proves control of: a VerifiablePresentation whose holder is a
// did:key or did:web, with at least one proof, every proof a
// DataIntegrityProof (eddsa-rdfc-2022) or Ed25519Signature2020 made for
// authentication by a key the holder controls, that verifies, and that
// carries the exchange's challenge and, when it has a domain, this
// service's. Every refusal is errs.Invalid, naming the member of the
// presentation that is wrong.
func (s *Server) didAuth(ctx context.Context, msg exchangeMessage, ex *accolade.WalletExchange) (string, error) {
	at := func(member string) string { return joinField(msg.field, member) }
	var vp map[string]any
	if err := json.Unmarshal(msg.vp, &vp); err != nil || vp == nil {
		return "", errs.Field(cmp.Or(msg.field, "body"), "must be a verifiable presentation (a JSON object)")
	}
	if !hasType(vp["type"], "VerifiablePresentation") {
		return "", errs.Field(at("type"), "must include \"VerifiablePresentation\"")
	}
	holder, _ := vp["holder"].(string)
	switch {
	case vp["holder"] == nil:
		return "", errs.Field(at("holder"), "is missing: the presentation names the wallet's DID as its holder")
	case holder == "":
		return "", errs.Field(at("holder"), "must be a DID (a string)")
	case !strings.HasPrefix(holder, "did:key:") && !strings.HasPrefix(holder, "did:web:"):
		return "", errs.Field(at("holder"), "%q is not a did:key or did:web, the DID methods this exchange accepts", holder)
	case !issuer.ValidDID(holder):
		return "", errs.Field(at("holder"), "%q is not a valid DID", holder)
	}
	proofs, isArray := proofObjects(vp["proof"])
	if len(proofs) == 0 {
		return "", errs.Field(at("proof"), "is missing: sign the presentation (DIDAuth, proof purpose %q) with the challenge of this exchange's request", purposeAuthentication)
	}
	results, err := verifyPresentation(ctx, msg.vp, s.verifier.HolderKeys())
	if err != nil {
		return "", prefixErr(err, msg.field)
	}
	for i, pr := range results {
		field := at("proof")
		if isArray {
			field = fmt.Sprintf("%s[%d]", field, i)
		}
		if err := checkHolderProof(pr, proofs[i], field, holder, ex.Challenge, s.urls.Origin()); err != nil {
			return "", err
		}
	}
	return holder, nil
}

// checkHolderProof checks one verified proof of a DIDAuth presentation.
func checkHolderProof(pr dataintegrity.ProofResult, proof map[string]any, field, holder, challenge, domain string) error {
	if pr.Err != nil {
		return proofRefusal(pr, field, holder)
	}
	if pr.Controller != holder {
		return errs.Field(field+".verificationMethod", "%s is a key of %s, not of the presentation's holder %s", pr.VerificationMethod, pr.Controller, holder)
	}
	got, ok := proof["challenge"].(string)
	switch {
	case proof["challenge"] == nil:
		return errs.Field(field+".challenge", "is missing: sign the presentation with the challenge of this exchange's request")
	case !ok:
		return errs.Field(field+".challenge", "must be a string")
	case subtle.ConstantTimeCompare([]byte(got), []byte(challenge)) != 1:
		return errs.Field(field+".challenge", "%q is not this exchange's challenge: a challenge works for one exchange only; sign with the challenge its request gave", got)
	}
	if d, present := proof["domain"]; present && !domainIs(d, domain) {
		return errs.Field(field+".domain", "%s is not this service's domain %q", jsonText(d), domain)
	}
	return nil
}

// proofRefusal explains why a proof of the presentation did not verify.
func proofRefusal(pr dataintegrity.ProofResult, field, holder string) error {
	switch {
	case errors.Is(pr.Err, dataintegrity.ErrSignature):
		return errs.Field(field+".proofValue", "the signature does not match the presentation: it was changed after it was signed, or not signed by the key %s", pr.VerificationMethod)
	case errors.Is(pr.Err, dataintegrity.ErrProofPurpose):
		return errs.Field(field+".proofPurpose", "is %q: a DIDAuth presentation is signed for %q", pr.ProofPurpose, purposeAuthentication)
	case errors.Is(pr.Err, dataintegrity.ErrUnsupportedProof):
		return errs.Field(field+".type", "%s is not supported: sign with DataIntegrityProof (cryptosuite eddsa-rdfc-2022) or Ed25519Signature2020", proofLabel(pr))
	case errors.Is(pr.Err, dataintegrity.ErrMalformedProof):
		return prefixErr(pr.Err, "")
	}
	return errs.Field(field+".verificationMethod", "the key %s of %s cannot be used: %v", pr.VerificationMethod, holder, pr.Err)
}

func proofLabel(pr dataintegrity.ProofResult) string {
	if pr.Cryptosuite != "" {
		return fmt.Sprintf("%s with cryptosuite %s", pr.Type, pr.Cryptosuite)
	}
	if pr.Type == "" {
		return "a proof without a type"
	}
	return pr.Type
}

// verifyPresentation verifies the presentation's proofs for
// authentication, turning a panic of the JSON-LD processor into an error.
func verifyPresentation(ctx context.Context, vp []byte, keys dataintegrity.KeyResolver) (results []dataintegrity.ProofResult, err error) {
	defer func() {
		if p := recover(); p != nil {
			results, err = nil, errs.E(errs.Internal, "the JSON-LD processor failed on this presentation (%v)", p)
		}
	}()
	return dataintegrity.Verify(ctx, vp, keys, dataintegrity.WithProofPurpose(purposeAuthentication))
}

// proofObjects returns the proof objects of a "proof" member (an object or
// an array of them) and whether it is an array; nil when there is none or
// one is not an object.
func proofObjects(v any) ([]map[string]any, bool) {
	switch v := v.(type) {
	case map[string]any:
		return []map[string]any{v}, false
	case []any:
		out := make([]map[string]any, 0, len(v))
		for _, p := range v {
			m, ok := p.(map[string]any)
			if !ok {
				return nil, true
			}
			out = append(out, m)
		}
		return out, true
	}
	return nil, false
}

// hasType reports whether a JSON-LD "type" value (a string or an array of
// them) includes want.
func hasType(v any, want string) bool {
	switch v := v.(type) {
	case string:
		return v == want
	case []any:
		for _, t := range v {
			if t == want {
				return true
			}
		}
	}
	return false
}

// domainIs reports whether a proof's domain (a string, or an array of
// them) is, or includes, want.
func domainIs(v any, want string) bool {
	switch v := v.(type) {
	case string:
		return v == want
	case []any:
		for _, d := range v {
			if d == want {
				return true
			}
		}
	}
	return false
}

func jsonText(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// joinField is the path of member inside field ("" for the body itself).
func joinField(field, member string) string {
	switch {
	case field == "":
		return member
	case member == "":
		return field
	}
	return field + "." + member
}

// prefixErr puts field in front of the field of the errs.Error in err (a
// copy: dataintegrity's sentinel errors stay as they are).
func prefixErr(err error, field string) error {
	var e *errs.Error
	if !errors.As(err, &e) {
		return errs.Wrap(errs.Invalid, err, "%s", field)
	}
	c := *e
	c.Field = joinField(field, e.Field)
	if c.Kind != errs.Internal && c.Kind != errs.TooLarge {
		c.Kind = errs.Invalid
	}
	return &c
}
