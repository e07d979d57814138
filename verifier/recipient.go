package verifier

import (
	"strings"

	"github.com/accolade-badges/accolade/ob3"
)

// RecipientMatch is the answer to "is this credential mine?".
type RecipientMatch string

// The answers of MatchRecipient.
const (
	// RecipientMatches: the address hashes to one of the credential's
	// emailAddress identities.
	RecipientMatches RecipientMatch = "matches"
	// RecipientDiffers: the credential names its recipient by email, and
	// not by this address.
	RecipientDiffers RecipientMatch = "differs"
	// RecipientUnknown: the credential names no recipient by email, or it
	// is not genuine, so the question has no answer.
	RecipientUnknown RecipientMatch = "unknown"
)

// EmailRecipient reports whether the verdict's credential is genuine and
// names its recipient by an email address (hashed or not), so that
// MatchRecipient can answer.
func EmailRecipient(v Verdict) bool {
	return len(emailIdentities(v)) > 0
}

// MatchRecipient checks an email address against the recipient identities
// of a genuine credential: sha256(address + salt) for hashed ones, the
// address itself for plain ones. An address is tried as given and in the
// trimmed, lowercase form Accolade hashes, since issuers differ. The address
// is not kept.
func MatchRecipient(v Verdict, email string) RecipientMatch {
	ids := emailIdentities(v)
	email = strings.TrimSpace(email)
	if len(ids) == 0 || email == "" {
		return RecipientUnknown
	}
	for _, o := range ids {
		if o.Matches(email) || (o.Hashed && ob3.HashIdentity(email, o.Salt) == o.IdentityHash) || (!o.Hashed && o.IdentityHash == email) {
			return RecipientMatches
		}
	}
	return RecipientDiffers
}

// emailIdentities returns the emailAddress identities of a genuine
// credential's subject.
func emailIdentities(v Verdict) []ob3.IdentityObject {
	if !v.Outcome.Genuine() {
		return nil
	}
	c, err := ob3.ParseCredential(v.Credential)
	if err != nil {
		return nil
	}
	var out []ob3.IdentityObject
	for _, o := range c.CredentialSubject.Identifier {
		if o.IdentityType == "emailAddress" && o.IdentityHash != "" {
			out = append(out, o)
		}
	}
	return out
}
