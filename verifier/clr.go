package verifier

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"

	"github.com/accolade-badges/accolade/ob3"
)

// CLR 2.0 names.
const (
	typeClrCredential = "ClrCredential"
	typeClrSubject    = "ClrSubject"
	// CheckEmbedded is the check of one credential a CLR record carries:
	// a record has one per credential, after its own checks.
	CheckEmbedded = "embedded"
	// maxEmbedded bounds the credentials of one record that are checked.
	maxEmbedded = 200
)

// Embedded is the verdict of one credential inside a CLR record.
type Embedded struct {
	Index   int     `json:"index"` // its place in credentialSubject.verifiableCredential, from 0
	ID      string  `json:"id,omitempty"`
	Verdict Verdict `json:"verdict"`
}

// isCLR reports whether the types make a CLR 2.0 record.
func isCLR(t ob3.Types) bool { return t.Has(typeClrCredential) }

// checkEmbedded verifies each credential a CLR record carries as a
// credential of its own, after the record's own checks, and adds one
// embedded check per credential: pass when it is valid, fail when it is
// not (tampered, a failed proof: the record then is not valid either),
// warn when it is genuine but expired, revoked, suspended or not
// confirmable. Nothing is checked inside a record whose own signature did
// not pass, nor inside a record within a record.
func (v *Verifier) checkEmbedded(ctx context.Context, r *report, c *ob3.OpenBadgeCredential) {
	if c == nil || !isCLR(c.Type) || r.inRecord || r.statusList {
		return
	}
	if !r.signed() {
		r.add(CheckEmbedded, Skip, "%s", untrusted)
		return
	}
	var doc struct {
		CredentialSubject struct {
			VerifiableCredential ob3.List[json.RawMessage] `json:"verifiableCredential"`
		} `json:"credentialSubject"`
	}
	if err := json.Unmarshal(r.Credential, &doc); err != nil || len(doc.CredentialSubject.VerifiableCredential) == 0 {
		r.add(CheckEmbedded, Fail, "The record carries no credentials that can be read (credentialSubject.verifiableCredential).")
		return
	}
	list := doc.CredentialSubject.VerifiableCredential
	for i, raw := range list {
		if i == maxEmbedded {
			r.add(CheckEmbedded, Skip, "The record carries %d credentials; those after the first %d were not checked.", len(list), maxEmbedded)
			break
		}
		e := v.verifyEmbedded(ctx, raw)
		e.Index = i
		r.Embedded = append(r.Embedded, e)
		status := Warn
		switch e.Verdict.Outcome {
		case OutcomeValid:
			status = Pass
		case OutcomeInvalid, OutcomeUnreadable:
			status = Fail
		}
		r.add(CheckEmbedded, status, "Credential %d of %d%s: %s", i+1, len(list), idNote(e.ID), e.Verdict.Summary)
	}
}

// verifyEmbedded verifies one embedded credential: a JSON object with its
// own proof, or a string holding a compact VC-JWT.
func (v *Verifier) verifyEmbedded(ctx context.Context, raw json.RawMessage) Embedded {
	sub := &report{inRecord: true}
	raw = bytes.TrimSpace(raw)
	var jwt string
	if len(raw) > 0 && raw[0] == '"' && json.Unmarshal(raw, &jwt) == nil {
		sub.Format = FormatJWT
		sub.add(CheckFormat, Pass, "A VC-JWT inside the record.")
		v.verifyJWT(ctx, sub, []byte(jwt))
	} else {
		sub.Format = FormatJSON
		sub.add(CheckFormat, Pass, "A JSON credential inside the record.")
		v.verifyJSON(ctx, sub, raw)
	}
	e := Embedded{Verdict: sub.finish()}
	if sub.parsed != nil {
		e.ID = sub.parsed.ID
	}
	return e
}

func idNote(id string) string {
	if id == "" {
		return ""
	}
	return fmt.Sprintf(" (%s)", id)
}

// noStatusEntry reports whether the credential has no credentialStatus.
func noStatusEntry(cred []byte) bool {
	entries, err := statusEntries(cred)
	return err == nil && len(entries) == 0
}
