package server

import (
	"strings"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/ob3"
	"github.com/accolade-badges/accolade/templates"
	"github.com/accolade-badges/accolade/verifier"
)

// verdictView turns a verdict into what the verify page shows. A
// credential's claims become Details only when the outcome says it is
// genuine: a forgery's claims are never shown as facts.
//
// The page's heading says the answer with its facts, so the summary's
// first sentence, which says the same, is left out of the paragraph under
// it.
func (s *Server) verdictView(v verifier.Verdict, sub submission) *templates.Verdict {
	out := &templates.Verdict{Outcome: string(v.Outcome), Summary: afterAnswer(v.Summary), Format: v.Format}
	for _, c := range v.Checks {
		out.Checks = append(out.Checks, templates.Check{Check: c.Check, Label: c.Label, Status: string(c.Status), Message: c.Message})
		if v.Outcome == verifier.OutcomeInvalid && (c.Check == verifier.CheckSignature || c.Check == verifier.CheckProof) &&
			c.Status == verifier.Fail && strings.Contains(c.Message, "changed after it was signed") {
			out.Changed = true
		}
	}
	if !v.Outcome.Genuine() {
		return out
	}
	c, err := ob3.ParseCredential(v.Credential)
	if err != nil {
		return out
	}
	out.Details = s.details(c, v)
	if v.Outcome == verifier.OutcomeRevoked || v.Outcome == verifier.OutcomeSuspended {
		// Ours only: another issuer's status list says nothing of when.
		if rec, ok := s.ownRecord(c); ok && v.IssuerConfirmed {
			out.Since = rec.StatusChanged
		}
	}
	if verifier.EmailRecipient(v) {
		rc := &templates.RecipientCheck{URL: sub.url}
		if sub.url == "" {
			rc.Input = s.resubmission(sub)
		}
		if strings.TrimSpace(sub.email) != "" {
			rc.Result = string(verifier.MatchRecipient(v, sub.email))
		}
		out.Recipient = rc
	}
	return out
}

// afterAnswer is a summary without its first sentence, the answer (which
// ends at the first ". " outside “quoted” names); "" when that is all.
func afterAnswer(summary string) string {
	quoted := false
	for i, r := range summary {
		switch {
		case r == '“':
			quoted = true
		case r == '”':
			quoted = false
		case r == '.' && !quoted && strings.HasPrefix(summary[i:], ". "):
			return strings.TrimSpace(summary[i+2:])
		}
	}
	return ""
}

// details are a genuine credential's claims, as signed.
func (s *Server) details(c *ob3.OpenBadgeCredential, v verifier.Verdict) *templates.CredentialDetails {
	a := c.CredentialSubject.Achievement
	d := &templates.CredentialDetails{
		RecipientName: strings.TrimSpace(c.CredentialSubject.Name), AchievementName: a.Name, AchievementDescription: a.Description,
		CriteriaNarrative: a.Criteria.Narrative, IssuerName: c.Issuer.Name, IssuerID: c.Issuer.ID,
		IssuerConfirmed: v.IssuerConfirmed, ValidFrom: c.Start().Time, ValidUntil: c.End().Time,
	}
	if d.AchievementName == "" {
		d.AchievementName = c.Name
	}
	if d.IssuerName == "" {
		d.IssuerName = c.Issuer.ID
	}
	if a.Image != nil && (strings.HasPrefix(a.Image.ID, "https://") || strings.HasPrefix(a.Image.ID, "data:image/")) {
		d.ImageURL = a.Image.ID
	}
	for _, e := range c.Evidence {
		d.Evidence = append(d.Evidence, templates.Evidence{Narrative: firstOf(e.Narrative, e.Name, e.Description), URL: e.ID})
	}
	if d.RecipientName == "" && v.IssuerConfirmed {
		// Credentials issued before the name was signed in: ours only.
		if rec, ok := s.ownRecord(c); ok {
			if m, err := s.store.Member(rec.Member); err == nil {
				d.RecipientName = m.Name
			}
		}
	}
	return d
}

// resubmission is the verified input as text the recipient form can send
// again: pasted text as it is, the credential inside a baked image.
func (s *Server) resubmission(sub submission) string {
	if b, err := verifier.Extract(sub.input, sub.contentType); err == nil {
		return string(b)
	}
	return string(sub.input)
}

// ownRecord returns the record of one of our credentials.
func (s *Server) ownRecord(c *ob3.OpenBadgeCredential) (*accolade.Record, bool) {
	id, ok := strings.CutPrefix(c.ID, "urn:uuid:")
	if !ok || !(local{s}).IssuerKnown(c.Issuer.ID) {
		return nil, false
	}
	rec, err := s.store.Credential(strings.ToLower(id))
	return rec, err == nil
}

// firstOf returns the first non-empty string.
func firstOf(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}
