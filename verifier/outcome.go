package verifier

import (
	"crypto"
	"fmt"
	"strings"
	"time"
)

// Outcome is the one answer a verification gives, before its checks.
type Outcome string

// The outcomes, from best to worst. Only OutcomeValid is "verified".
const (
	// OutcomeValid: the proof is valid, the issuer is confirmed (one of
	// this service's, or its key is published at the issuer's own id), and
	// the dates and status are fine.
	OutcomeValid Outcome = "valid"
	// OutcomeExpired, OutcomeRevoked and OutcomeSuspended: genuine, but
	// past validUntil, or revoked or suspended by its issuer.
	OutcomeExpired   Outcome = "expired"
	OutcomeRevoked   Outcome = "revoked"
	OutcomeSuspended Outcome = "suspended"
	// OutcomeUnconfirmedIssuer: the proof is valid, but nothing ties the
	// key to the issuer it names (did:key, a key embedded in the JWT, an
	// issuer id that is not a web address or DID).
	OutcomeUnconfirmedIssuer Outcome = "unconfirmed-issuer"
	// OutcomeInvalid: the proof fails, the claims disagree, the structure
	// is not a credential, or a status list it names is provably forged
	// (the list's proof fails, or another issuer or key signed it).
	// Nothing in it can be trusted.
	OutcomeInvalid Outcome = "invalid"
	// OutcomeUnverifiable: the key or the status could not be checked
	// (a key that could not be fetched, a proof type this verifier does
	// not know, a status list it cannot fetch or read).
	OutcomeUnverifiable Outcome = "unverifiable"
	// OutcomeUnreadable: no credential could be read from the input.
	OutcomeUnreadable Outcome = "unreadable"
)

// Genuine reports whether the outcome says the credential is unchanged and
// signed by its issuer's key, so that what it says may be shown as what the
// issuer (confirmed or not) said: valid, expired, revoked, suspended or
// unconfirmed issuer.
func (o Outcome) Genuine() bool {
	switch o {
	case OutcomeValid, OutcomeExpired, OutcomeRevoked, OutcomeSuspended, OutcomeUnconfirmedIssuer:
		return true
	}
	return false
}

// facts are what the outcome needs beyond the checks' statuses, gathered
// while the checks run.
type facts struct {
	unreadable bool      // the input holds nothing that reads as a credential
	issuerID   string    // the issuer the credential names
	issuerName string    // its claimed name, or its id
	signer     string    // what made the valid signature: a key id or DID
	ours       bool      // signed by a key of one of this service's issuers
	confirmed  bool      // the signing key is tied to the issuer id
	keyHome    string    // where a confirmed remote key is published
	expired    time.Time // set when the credential expired
	notYet     bool      // the credential is not valid yet
	status     CredentialStatus
	// signerKey is the public key that made the valid signature or proof,
	// to tell whether a status list was signed by the same key.
	signerKey crypto.PublicKey
	// statusForged: a status list the credential names is provably not its
	// issuer's (its proof fails, or another issuer or key signed it).
	statusForged bool
	// borrowedName: the credential's issuer is not ours but has the name
	// of one of our issuers.
	borrowedName bool
}

// finish derives the outcome and summary, and withdraws every check whose
// message would state a claimed value as a fact when the contents cannot
// be trusted.
func (r *report) finish() Verdict {
	r.Outcome = r.outcome()
	r.Verified = r.Outcome == OutcomeValid
	r.IssuerConfirmed = r.facts.confirmed && r.signed() && r.Outcome.Genuine()
	if !r.signed() {
		r.distrust()
	}
	r.Summary = r.summary()
	if r.Checks == nil {
		r.Checks = []Check{}
	}
	return r.Verdict
}

// signed reports whether a signature or proof check passed (with or
// without a warning).
func (r *report) signed() bool {
	for _, c := range r.Checks {
		if (c.Check == CheckSignature || c.Check == CheckProof) && (c.Status == Pass || c.Status == Warn) {
			return true
		}
	}
	return false
}

// outcome applies the order of the Outcome constants: the worst finding
// decides.
func (r *report) outcome() Outcome {
	var failed, keySkipped, statusSkipped bool
	for _, c := range r.Checks {
		switch {
		case c.Check == CheckFormat && c.Status == Fail:
			return OutcomeUnreadable
		case c.Check == CheckDates || c.Check == CheckStatus:
			statusSkipped = statusSkipped || (c.Check == CheckStatus && c.Status == Skip)
		case c.Status == Fail:
			failed = true
		case (c.Check == CheckSignature || c.Check == CheckProof) && c.Status == Skip:
			keySkipped = true
		}
	}
	switch {
	case r.facts.unreadable:
		return OutcomeUnreadable
	case failed || r.facts.notYet || r.facts.statusForged:
		return OutcomeInvalid
	case keySkipped || !r.signed():
		return OutcomeUnverifiable
	case r.facts.status.Revoked:
		return OutcomeRevoked
	case r.facts.status.Suspended:
		return OutcomeSuspended
	case !r.facts.expired.IsZero():
		return OutcomeExpired
	case statusSkipped:
		return OutcomeUnverifiable
	case !r.facts.confirmed:
		return OutcomeUnconfirmedIssuer
	}
	return OutcomeValid
}

// untrusted is the message of a check withdrawn by distrust.
const untrusted = "Not checked: without a valid signature, the contents cannot be trusted."

// distrust replaces the checks that repeat what the credential claims
// (claims, dates, issuer, status) when no signature or proof passed: a
// forged "valid until 2099" must never read as a passed check.
func (r *report) distrust() {
	for i, c := range r.Checks {
		switch c.Check {
		case CheckClaims, CheckDates, CheckIssuer, CheckStatus:
			r.Checks[i].Status, r.Checks[i].Message = Skip, untrusted
		}
	}
}

// summary states the outcome in plain words: first the answer, with the
// facts a partner asks for ("Valid — issued by “X” to “Y” on 3 March
// 2026."), then what it rests on. Names are claims: they appear only in
// the summary of a genuine credential, in quotes.
func (r *report) summary() string {
	f := r.facts
	switch r.Outcome {
	case OutcomeValid:
		if f.ours {
			return fmt.Sprintf("Valid — issued by “%s”%s. Unchanged since it was signed, within its dates and not revoked; the issuer is on this service.", f.issuerName, r.toOn())
		}
		return fmt.Sprintf("Valid — issued by %s%s. Its key is published at %s; unchanged since it was signed and within its dates.", quoted(f), r.toOn(), f.keyHome)
	case OutcomeExpired:
		return "Expired on " + when(f.expired) + ". The credential is genuine (issued by “" + f.issuerName + "”" + r.toOn() + "), but no longer valid." + r.unconfirmedNote()
	case OutcomeRevoked:
		return "Revoked" + sinceOr(f.status.Since, " by its issuer") + ". The credential is genuine, but its issuer has withdrawn it." + r.unconfirmedNote()
	case OutcomeSuspended:
		return "Suspended" + sinceOr(f.status.Since, " by its issuer") + ", for now. The credential is genuine, but its issuer has put it on hold." + r.unconfirmedNote()
	case OutcomeUnconfirmedIssuer:
		return "Signed correctly, but by an issuer this service does not know." +
			strings.Replace(r.unconfirmedNote(), " Signed correctly by ", " It was signed by ", 1)
	case OutcomeInvalid:
		if msg := r.signatureFailure(); msg != "" {
			if strings.Contains(msg, "changed after it was signed") {
				return "Not valid — the content was changed after signing. " + msg
			}
			return "Not valid. " + msg
		}
		if c, ok := r.Check(CheckStatus); ok && f.statusForged {
			return "Not valid. " + c.Message
		}
		return "Not valid. " + r.firstMessage(Fail, "The credential is not valid yet.")
	case OutcomeUnverifiable:
		msg := r.firstMessage(Skip, "No signature or proof could be checked.")
		return "Cannot check. " + msg + " Try again later; if it keeps failing, ask the issuer whether its keys and status lists are online."
	}
	return "This is not a credential we can read. " + r.firstMessage(Fail, "")
}

// toOn is " to “name” on <date>" for a genuine credential: its
// recipient's name, when it has one, and the date it is valid from.
func (r *report) toOn() string {
	c := r.parsed
	if c == nil {
		return ""
	}
	out := ""
	if name := strings.TrimSpace(c.CredentialSubject.Name); name != "" {
		out = " to “" + name + "”"
	}
	if start := c.Start().Time; !start.IsZero() {
		out += " on " + when(start)
	}
	return out
}

// unconfirmedNote says who signed a credential whose issuer nothing
// confirms, and is empty otherwise.
func (r *report) unconfirmedNote() string {
	f := r.facts
	if f.confirmed {
		return ""
	}
	note := fmt.Sprintf(" Signed correctly by %s, which calls itself “%s”. Nothing confirms who that is.", f.signer, f.issuerName)
	if f.borrowedName {
		note += fmt.Sprintf(" Beware: “%s” is the name of an issuer on this service, and this credential was not issued by it.", f.issuerName)
	}
	return note
}

// quoted is the issuer as the summary of a confirmed remote issuer names
// it: its claimed name in quotes, with its id.
func quoted(f facts) string {
	if f.issuerName == f.issuerID {
		return f.issuerID
	}
	return fmt.Sprintf("“%s” (%s)", f.issuerName, f.issuerID)
}

// since is " on <date>" for a known time, else "".
func since(t time.Time) string { return sinceOr(t, "") }

// sinceOr is " on <date>" for a known time, else unknown.
func sinceOr(t time.Time, unknown string) string {
	if t.IsZero() {
		return unknown
	}
	return " on " + when(t)
}

// signatureFailure returns the message of a failed signature or proof
// check, or "": when the signature fails, that is the reason to give.
func (r *report) signatureFailure() string {
	for _, c := range r.Checks {
		if (c.Check == CheckSignature || c.Check == CheckProof) && c.Status == Fail {
			return c.Message
		}
	}
	return ""
}

// firstMessage returns the message of the first check with status s, or
// fallback.
func (r *report) firstMessage(s Status, fallback string) string {
	for _, c := range r.Checks {
		if c.Status == s && c.Message != untrusted {
			return c.Message
		}
	}
	return fallback
}
