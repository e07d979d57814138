package issuer

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/ob3"
)

// didSyntax is the DID syntax of W3C DID Core §3.1: "did:", a method name
// of lowercase letters and digits, ":", and a method-specific id of
// idchars, colons and percent-encoded octets (not ending in a colon).
var didSyntax = regexp.MustCompile(`^did:[a-z0-9]+:(?:[A-Za-z0-9._-]|%[0-9A-Fa-f]{2}|:)*(?:[A-Za-z0-9._-]|%[0-9A-Fa-f]{2})$`)

// ValidDID reports whether s is a DID (no path, query or fragment).
func ValidDID(s string) bool {
	return len(s) <= 2048 && didSyntax.MatchString(s)
}

// Bind issues the credential a holder collects into a wallet: a copy of the
// member's credential id with credentialSubject.id set to holder, a DID the
// caller has seen the holder prove control of (a DIDAuth presentation, an
// OpenID4VCI key proof). Everything else the credential says stays as
// issued: achievement, evidence, name, awardedDate and validUntil (binding
// never extends a credential). It gets a new id, validFrom and status
// entries, the issuer profile and keys of today, and it renews id, which is
// marked superseded by it once it is stored; no award mail is sent.
//
// Errors: errs.Invalid when holder is not a DID; errs.NotFound for an
// unknown credential; errs.Conflict when it is not valid now (revoked,
// suspended, expired, already superseded) or the member's details were
// erased.
func (s *Service) Bind(ctx context.Context, id, holder string) (*accolade.Record, error) {
	if !ValidDID(holder) {
		return nil, errs.E(errs.Invalid, "the holder %q is not a DID", holder)
	}
	old, err := s.store.Credential(id)
	if err != nil {
		return nil, fmt.Errorf("credential %s: %w", id, err)
	}
	now := s.now().UTC()
	switch {
	case old.State != accolade.Issued:
		return nil, errs.E(errs.NotFound, "credential %s not found", id)
	case old.SupersededBy != "":
		return nil, errs.E(errs.Conflict, "credential %s was replaced by %s", id, old.SupersededBy)
	case !old.Valid(now):
		return nil, errs.E(errs.Conflict, "credential %s is not valid now (%s), so it is not issued again", id, old.CurrentStatus(now))
	}
	var c ob3.OpenBadgeCredential
	if err := json.Unmarshal(old.JSON, &c); err != nil {
		return nil, errs.Wrap(errs.Internal, err, "reading credential %s", id)
	}
	ach, err := s.store.AchievementDefinition(old.Achievement)
	if err != nil {
		return nil, fmt.Errorf("achievement %q: %w", old.Achievement, err)
	}
	m, err := s.store.Member(old.Member)
	if err != nil {
		return nil, fmt.Errorf("member %q: %w", old.Member, err)
	}
	if !m.Forgotten.IsZero() {
		return nil, errs.E(errs.Conflict, "member %q's details were removed at their request: no credential is issued to them", m.ID)
	}
	prof, err := s.store.Issuer(old.Issuer)
	if err != nil {
		return nil, fmt.Errorf("issuer %q of credential %s: %w", old.Issuer, id, err)
	}
	rec, err := s.reserve(prof, ach, m, Request{Achievement: old.Achievement, Member: old.Member, Renews: old.ID})
	if err != nil {
		return nil, err
	}
	rec.Holder, rec.ValidUntil, rec.Evidence = holder, old.ValidUntil, old.Evidence
	c.ID = "urn:uuid:" + rec.ID
	c.Issuer = s.profileJSON(prof)
	if err := s.endorseIssuer(&c.Issuer); err != nil {
		s.release(rec.ID)
		return nil, err
	}
	c.ValidFrom = ob3.NewDateTime(rec.ValidFrom)
	c.CredentialSubject.ID = holder
	c.CredentialStatus = s.statusJSON(rec)
	c.AwardedDate = ob3.NewDateTime(rec.Awarded())
	c.Proof = nil
	if err := c.Validate(); err != nil {
		s.release(rec.ID)
		return nil, errs.Wrap(errs.Internal, err, "credential %s bound to %s is not valid", id, holder)
	}
	return s.Sign(ctx, &Prepared{rec: rec, credential: &c, profile: prof})
}
