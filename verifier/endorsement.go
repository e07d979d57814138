package verifier

import (
	"context"
	"encoding/json"
	"strings"
)

// CheckEndorsement is the check of one endorsement embedded in the
// credential, its achievement or its issuer profile (endorsement,
// endorsementJwt). A verdict has one per endorsement, after the others.
// An endorsement that does not verify is a warning, never a failure of the
// credential that carries it.
const CheckEndorsement = "endorsement"

// maxEndorsements bounds the endorsements verified for one credential.
const maxEndorsements = 16

// embedded is one endorsement found in a credential: where, and its bytes.
type embedded struct {
	where string // "credential", "achievement", "issuer"
	data  []byte // JSON credential or compact JWT
}

// checkEndorsements verifies the endorsements embedded in r's credential
// and adds a check for each. The endorsements' own endorsements are not
// followed.
func (v *Verifier) checkEndorsements(ctx context.Context, r *report) {
	if len(r.Credential) == 0 {
		return
	}
	found := findEndorsements(r.Credential)
	for i, e := range found {
		if i == maxEndorsements {
			r.add(CheckEndorsement, Skip, "%d more endorsements were not checked (at most %d are).", len(found)-i, maxEndorsements)
			return
		}
		sub := &report{}
		v.verifyInput(ctx, sub, e.data, "", "")
		who, comment := endorsementWords(sub.Credential)
		if err := endorsementFailure(sub); err != "" {
			r.add(CheckEndorsement, Warn, "An endorsement of the %s%s does not verify: %s", e.where, by(who), err)
			continue
		}
		msg := "Endorsement of the " + e.where + " verified: endorsed by " + orUnnamed(who)
		if comment != "" {
			msg += ": " + comment
		}
		r.add(CheckEndorsement, Pass, "%s", msg)
	}
}

func by(who string) string {
	if who == "" {
		return ""
	}
	return " by " + who
}

func orUnnamed(who string) string {
	if who == "" {
		return "an unnamed issuer"
	}
	return who
}

// endorsementFailure is what failed in the verification of an endorsement,
// or "" when a signature or proof passed and nothing failed.
func endorsementFailure(r *report) string {
	var failed []string
	for _, c := range r.Checks {
		if c.Status == Fail {
			failed = append(failed, CheckLabel(c.Check)+": "+c.Message)
		}
	}
	if len(failed) > 0 {
		return strings.Join(failed, " ")
	}
	if !r.signed() {
		return "no signature or proof could be checked."
	}
	return ""
}

// endorsementWords are the endorser's name (what the endorsement claims)
// and comment.
func endorsementWords(cred json.RawMessage) (who, comment string) {
	var c struct {
		Issuer json.RawMessage `json:"issuer"`
		Sub    struct {
			Comment string `json:"endorsementComment"`
		} `json:"credentialSubject"`
	}
	if json.Unmarshal(cred, &c) != nil {
		return "", ""
	}
	var iss struct{ ID, Name string }
	if json.Unmarshal(c.Issuer, &iss.ID) != nil {
		_ = json.Unmarshal(c.Issuer, &iss)
	}
	if iss.Name == "" {
		iss.Name = iss.ID
	}
	return iss.Name, c.Sub.Comment
}

// findEndorsements returns the endorsements of a credential, of its
// achievement and of its issuer, in that order.
func findEndorsements(cred json.RawMessage) []embedded {
	var c struct {
		endorsements
		Issuer            json.RawMessage `json:"issuer"`
		CredentialSubject json.RawMessage `json:"credentialSubject"`
	}
	if json.Unmarshal(cred, &c) != nil {
		return nil
	}
	var out []embedded
	out = c.endorsements.append(out, "credential")
	var subj struct {
		Achievement endorsements `json:"achievement"`
	}
	if json.Unmarshal(c.CredentialSubject, &subj) == nil {
		out = subj.Achievement.append(out, "achievement")
	}
	var iss endorsements
	if json.Unmarshal(c.Issuer, &iss) == nil {
		out = iss.append(out, "issuer")
	}
	return out
}

// endorsements are the endorsement members of an object.
type endorsements struct {
	Endorsement    []json.RawMessage `json:"endorsement"`
	EndorsementJwt []string          `json:"endorsementJwt"`
}

func (e endorsements) append(out []embedded, where string) []embedded {
	for _, d := range e.Endorsement {
		out = append(out, embedded{where, d})
	}
	for _, j := range e.EndorsementJwt {
		out = append(out, embedded{where, []byte(j)})
	}
	return out
}
