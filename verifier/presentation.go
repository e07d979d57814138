package verifier

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/accolade-badges/accolade/dataintegrity"
	"github.com/accolade-badges/accolade/errs"
)

// PurposeAuthentication is the proof purpose of a holder's presentation
// (DIDAuth).
const PurposeAuthentication = "authentication"

// Presentation is the outcome of verifying a Verifiable Presentation.
type Presentation struct {
	// Verified: the presentation is signed by its holder for the
	// challenge (and domain) asked, and every credential in it verified.
	Verified bool `json:"verified"`
	// Holder is the holder's DID as the presentation names it ("" when it
	// names none); once Signed, the holder proved control of it.
	Holder string `json:"holder,omitempty"`
	// Signed reports whether a proof of the holder verified, with the
	// challenge and domain asked for.
	Signed bool `json:"signed"`
	// Problems say, in sentences, what stands in the way (empty when
	// Verified).
	Problems []string `json:"problems,omitempty"`
	// Warnings say what a reader should know that does not fail it.
	Warnings []string `json:"warnings,omitempty"`
	// Credentials are the verdicts of the credentials presented, in order.
	Credentials []Verdict `json:"credentials"`
}

// VerifyPresentation verifies a Verifiable Presentation (JSON): its Data
// Integrity proofs (eddsa-rdfc-2022 or Ed25519Signature2020) for the
// purpose "authentication", by a key the holder controls (did:key, or
// did:web through its DID document: fetched like any other key document,
// bounded and never from internal addresses), each proof's challenge and
// domain against the ones given (required when given), and every
// credential in it with Verify. An unsigned presentation is reported as
// such: Signed false, and not Verified when a challenge was asked for.
// It returns an errs.Invalid error for input that is not a presentation.
func (v *Verifier) VerifyPresentation(ctx context.Context, vp []byte, challenge, domain string) (*Presentation, error) {
	var doc struct {
		Type                 json.RawMessage   `json:"type"`
		Holder               json.RawMessage   `json:"holder"`
		Proof                json.RawMessage   `json:"proof"`
		VerifiableCredential json.RawMessage   `json:"verifiableCredential"`
		Context              []json.RawMessage `json:"@context"`
	}
	if err := json.Unmarshal(vp, &doc); err != nil {
		return nil, errs.Field("verifiablePresentation", "must be a JSON object with a VerifiablePresentation: %v", err)
	}
	var types []string
	if json.Unmarshal(doc.Type, &types) != nil {
		var one string
		_ = json.Unmarshal(doc.Type, &one)
		types = []string{one}
	}
	if !contains(types, "VerifiablePresentation") {
		return nil, errs.Field("verifiablePresentation.type", "must include \"VerifiablePresentation\"")
	}
	p := &Presentation{Credentials: []Verdict{}}
	if len(doc.Holder) > 0 {
		var obj struct{ ID string }
		if json.Unmarshal(doc.Holder, &p.Holder) != nil && json.Unmarshal(doc.Holder, &obj) == nil {
			p.Holder = obj.ID
		}
	}
	if len(doc.Proof) == 0 || string(doc.Proof) == "null" {
		p.Warnings = append(p.Warnings, "The presentation is not signed: nothing shows that whoever sent it holds the credentials in it.")
		if challenge != "" {
			p.Problems = append(p.Problems, "The presentation is not signed, so it does not answer the challenge asked.")
		}
	} else {
		p.checkProofs(ctx, v, vp, doc.Proof, challenge, domain)
	}
	for i, raw := range credentialList(doc.VerifiableCredential) {
		input, ct := []byte(raw), "application/json"
		var jwt string
		if json.Unmarshal(raw, &jwt) == nil {
			input, ct = []byte(jwt), "application/jwt"
		}
		verdict := v.Verify(ctx, input, ct)
		if !verdict.Verified {
			p.Problems = append(p.Problems, fmt.Sprintf("Credential %d in the presentation did not verify: %s", i+1, verdict.Summary))
		}
		p.Credentials = append(p.Credentials, verdict)
	}
	p.Verified = len(p.Problems) == 0 && (p.Signed || challenge == "")
	return p, nil
}

// checkProofs verifies the presentation's proofs and sets Signed when one
// of the holder's verified for the challenge and domain.
func (p *Presentation) checkProofs(ctx context.Context, v *Verifier, vp, rawProof json.RawMessage, challenge, domain string) {
	var proofs []struct {
		Challenge string          `json:"challenge"`
		Domain    json.RawMessage `json:"domain"`
	}
	if rawProof[0] == '{' {
		proofs = make([]struct {
			Challenge string          `json:"challenge"`
			Domain    json.RawMessage `json:"domain"`
		}, 1)
		_ = json.Unmarshal(rawProof, &proofs[0])
	} else {
		_ = json.Unmarshal(rawProof, &proofs)
	}
	results, err := safeVerify(ctx, vp, v.HolderKeys(), dataintegrity.WithProofPurpose(PurposeAuthentication))
	if err != nil {
		p.Problems = append(p.Problems, "The presentation's proof cannot be checked: "+proofProblem(err))
		return
	}
	for i, r := range results {
		switch {
		case r.Err != nil:
			p.Problems = append(p.Problems, fmt.Sprintf("Proof %d of the presentation does not verify: %s", i+1, proofProblem(r.Err)))
		case p.Holder != "" && r.Controller != p.Holder:
			p.Problems = append(p.Problems, fmt.Sprintf("Proof %d of the presentation was made with a key of %s, not of its holder %s.", i+1, r.Controller, p.Holder))
		case i < len(proofs) && challenge != "" && proofs[i].Challenge != challenge:
			p.Problems = append(p.Problems, fmt.Sprintf("Proof %d of the presentation answers another challenge (%q), not the one asked: it may be a replay.", i+1, proofs[i].Challenge))
		case i < len(proofs) && domain != "" && !domainMatches(proofs[i].Domain, domain):
			p.Problems = append(p.Problems, fmt.Sprintf("Proof %d of the presentation was made for another domain, not %s.", i+1, domain))
		default:
			p.Signed = true
			if p.Holder == "" {
				p.Holder = r.Controller
			}
		}
	}
}

// domainMatches: a proof's domain is a string or a list of strings.
func domainMatches(raw json.RawMessage, want string) bool {
	var one string
	if json.Unmarshal(raw, &one) == nil {
		return one == want
	}
	var list []string
	return json.Unmarshal(raw, &list) == nil && contains(list, want)
}

func credentialList(raw json.RawMessage) []json.RawMessage {
	raw = json.RawMessage(strings.TrimSpace(string(raw)))
	if len(raw) == 0 || string(raw) == "null" {
		return nil
	}
	if raw[0] == '[' {
		var list []json.RawMessage
		_ = json.Unmarshal(raw, &list)
		return list
	}
	return []json.RawMessage{raw}
}
