package award

import (
	"context"
	"time"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/criteria"
	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/issuer"
	"github.com/accolade-badges/accolade/ledger"
)

// Result is what a change did: per item, whether it was new, and the
// credentials it caused to be issued.
type Result struct {
	Outcomes []ledger.Outcome
	Errors   []error // per item; nil where the item was applied
	Issued   []*accolade.Record
}

// PutMember creates or replaces a member (validated).
func (s *Service) PutMember(m *accolade.Member) (created bool, err error) {
	s.stamp(m)
	if err := m.Validate(); err != nil {
		return false, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	known, err := s.knownCommunities()
	if err != nil {
		return false, err
	}
	if err := s.keepCommunities(m, known); err != nil {
		return false, err
	}
	created, err = s.store.PutMember(m)
	if err == nil {
		s.communities.addMember(m)
	}
	return created, err
}

// stamp sets a member's Created and Updated to now; the store keeps the
// first Created of a member it already has.
func (s *Service) stamp(m *accolade.Member) {
	now := s.now().UTC()
	m.Created, m.Updated = now, now
}

// PutMembers validates and stores members in one transaction: invalid ones
// are reported per item and not stored.
func (s *Service) PutMembers(list []*accolade.Member) (Result, error) {
	res := Result{Outcomes: make([]ledger.Outcome, len(list)), Errors: make([]error, len(list))}
	var valid []*accolade.Member
	var at []int
	for i, m := range list {
		s.stamp(m)
		res.Errors[i] = m.Validate()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	known, err := s.knownCommunities()
	if err != nil {
		return res, err
	}
	for i, m := range list {
		if res.Errors[i] == nil {
			res.Errors[i] = s.keepCommunities(m, known)
		}
		if res.Errors[i] == nil {
			valid, at = append(valid, m), append(at, i)
		}
	}
	out, err := s.store.PutMembers(valid)
	if err != nil {
		return res, err
	}
	for j, i := range at {
		res.Outcomes[i] = out[j]
		s.communities.addMember(list[i])
	}
	return res, nil
}

// Issue issues a credential directly (not from a rule) and records the
// holding, then awards what that unlocks for others.
//
// The signing and the durable write run outside the service's lock, so
// that direct issues run beside each other (and share the store's group
// commit): the store, not the lock, keeps one valid credential per member
// and achievement. A rule that awards the same credential meanwhile finds
// it held.
func (s *Service) Issue(ctx context.Context, req issuer.Request) (*accolade.Record, error) {
	if err := s.checkIssue(req); err != nil {
		return nil, err
	}
	rec, err := s.issuer.Issue(ctx, req)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.holdStored(rec)
	affected := s.communities.forAchievement(rec.Achievement).Affected(criteria.Change{Member: rec.Member, Achievement: rec.Achievement})
	if _, err := s.award(ctx, affected); err != nil {
		s.log.Error("awarding after a direct issue", "credential", rec.ID, "err", err)
	}
	return rec, nil
}

// Bind issues the copy of the member's credential id that a wallet
// collects, bound to holder, a DID the caller saw the holder prove control
// of (see issuer.Service.Bind); the copy replaces id as the member's
// holding. Nothing else changes, so nothing is awarded.
func (s *Service) Bind(ctx context.Context, id, holder string) (*accolade.Record, error) {
	rec, err := s.issuer.Bind(ctx, id, holder)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.holdStored(rec)
	return rec, nil
}

// holdStored records the holding of a credential just issued outside the
// lock, as stored now: a revocation may have come between. Call with mu
// held.
func (s *Service) holdStored(rec *accolade.Record) {
	if cur, err := s.store.Credential(rec.ID); err == nil {
		s.setHolding(cur)
	} else {
		s.setHolding(rec)
	}
}

// checkIssue refuses a direct issue of an unpublished achievement, or to
// a member outside the achievement's community.
func (s *Service) checkIssue(req issuer.Request) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.published(req.Achievement); err != nil {
		return err
	}
	if ach, err := s.store.Achievement(req.Achievement); err == nil {
		known, err := s.knownCommunities()
		if err != nil {
			return err
		}
		return s.inCommunity(ach.Issuer, map[string][]string{"member": {req.Member}}, known)
	}
	return nil
}

// SetStatus revokes, suspends or reinstates a credential; the holding no
// longer counts for rules (holds, fromHoldersOf) while it is not active. Only
// credentials of achievements marked suspendable can be suspended
// (errs.Conflict otherwise): the others can only be revoked.
func (s *Service) SetStatus(id string, status accolade.Status, reason string) (*accolade.Record, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if status == accolade.Suspended {
		if err := s.checkSuspendable(id); err != nil {
			return nil, err
		}
	}
	rec, err := s.store.SetStatus(id, status, reason, s.now())
	if err == nil {
		s.setHolding(rec)
	}
	return rec, err
}

func (s *Service) checkSuspendable(id string) error {
	r, err := s.store.Credential(id)
	if err != nil {
		return err
	}
	a, err := s.store.Achievement(r.Achievement)
	if err != nil {
		return err
	}
	if !a.Suspendable {
		return errs.E(errs.Conflict, "achievement %s is not suspendable (set suspendable: true in its file): revoke the credential instead", a.ID)
	}
	return nil
}

// AddExchanges validates, stores and indexes exchanges, then awards what the
// participants have newly earned. Posting an exchange again is a no-op;
// with different content it is an errs.Conflict for that item.
func (s *Service) AddExchanges(ctx context.Context, list []*ledger.Exchange) (Result, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	res := Result{Outcomes: make([]ledger.Outcome, len(list)), Errors: make([]error, len(list))}
	known, err := s.knownCommunities()
	if err != nil {
		return res, err
	}
	var valid []*ledger.Exchange
	var at []int
	for i, e := range list {
		if res.Errors[i] = s.validExchange(e, now, known); res.Errors[i] == nil {
			valid, at = append(valid, e), append(at, i)
		}
	}
	out, itemErrs, err := s.store.PutExchanges(valid)
	if err != nil {
		return res, err
	}
	var affected []string
	for j, i := range at {
		res.Outcomes[i], res.Errors[i] = out[j], itemErrs[j]
		if itemErrs[j] != nil || out[j] == ledger.Unchanged {
			continue
		}
		e := valid[j]
		if out[j] == ledger.Updated { // the stored exchange, with the confirmations merged
			if e, err = s.store.Exchange(e.ID); err != nil {
				return res, err
			}
		}
		affected = append(affected, s.communities.putExchange(e)...)
	}
	res.Issued, err = s.award(ctx, unique(affected))
	return res, err
}

// Confirm records that a participant confirms an exchange, then awards.
func (s *Service) Confirm(ctx context.Context, id, member string) (*ledger.Exchange, []*accolade.Record, error) {
	return s.updateExchange(ctx, id, func(e *ledger.Exchange) error { return e.Confirm(member) })
}

// Withdraw withdraws an exchange: it stops counting. Credentials already
// issued are not revoked.
func (s *Service) Withdraw(ctx context.Context, id string) (*ledger.Exchange, error) {
	e, _, err := s.updateExchange(ctx, id, func(e *ledger.Exchange) error {
		e.Withdrawn = true
		return nil
	})
	return e, err
}

func (s *Service) updateExchange(ctx context.Context, id string, change func(*ledger.Exchange) error) (*ledger.Exchange, []*accolade.Record, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e, err := s.store.UpdateExchange(id, change)
	if err != nil {
		return nil, nil, err
	}
	if e.Withdrawn {
		s.communities.of(ledger.CommunityOf(e.Community)).Index().RemoveExchange(e.ID)
		return e, nil, nil
	}
	issued, err := s.award(ctx, s.communities.putExchange(e))
	return e, issued, err
}

// AddAttestations validates, stores and indexes attestations, then awards
// what the attested members have newly earned.
func (s *Service) AddAttestations(ctx context.Context, list []*ledger.Attestation) (Result, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	res := Result{Outcomes: make([]ledger.Outcome, len(list)), Errors: make([]error, len(list))}
	known, err := s.knownCommunities()
	if err != nil {
		return res, err
	}
	var valid []*ledger.Attestation
	var at []int
	for i, a := range list {
		if a.CreatedAt.IsZero() {
			a.CreatedAt = now.UTC()
		}
		if res.Errors[i] = s.validAttestation(a, now, known); res.Errors[i] == nil {
			valid, at = append(valid, a), append(at, i)
		}
	}
	out, itemErrs, err := s.store.PutAttestations(valid)
	if err != nil {
		return res, err
	}
	var affected []string
	for j, i := range at {
		res.Outcomes[i], res.Errors[i] = out[j], itemErrs[j]
		if itemErrs[j] == nil && out[j] == ledger.Created {
			affected = append(affected, s.communities.putAttestation(valid[j])...)
		}
	}
	res.Issued, err = s.award(ctx, unique(affected))
	return res, err
}

// Apply records a member's application for an achievement.
func (s *Service) Apply(a *ledger.Application) (created bool, err error) {
	a.Status, a.Reviewer, a.Comment = ledger.Pending, "", ""
	if a.CreatedAt.IsZero() {
		a.CreatedAt = s.now().UTC()
	}
	if err := a.Validate(s.now(), s.memberExists); err != nil {
		return false, err
	}
	ach, err := s.store.Achievement(a.Achievement)
	if err != nil {
		return false, errs.Wrap(errs.Invalid, err, "achievement")
	}
	known, err := s.knownCommunities()
	if err != nil {
		return false, err
	}
	if err := s.inCommunity(ach.Issuer, map[string][]string{"member": {a.Member}}, known); err != nil {
		return false, err
	}
	o, err := s.store.PutApplication(a)
	return o == ledger.Created, err
}

// AdminReviewer is the reviewer recorded when a coordinator (the admin)
// decides an application without naming a reviewing member.
const AdminReviewer = "admin"

// Decide records a reviewer's decision on an application. The reviewer must
// hold a valid credential for the achievement's reviewers achievement, unless
// it is AdminReviewer. An approval counts as the reviewer's attestation for
// the achievement, and awarding runs for the applicant.
func (s *Service) Decide(ctx context.Context, id, reviewer string, approve bool, comment string) (*ledger.Application, []*accolade.Record, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now().UTC()
	app, att, err := s.store.DecideApplication(id, func(a *ledger.Application) (*ledger.Attestation, error) {
		if err := s.mayReview(reviewer, a); err != nil {
			return nil, err
		}
		if err := a.Decide(reviewer, approve, comment, now); err != nil {
			return nil, err
		}
		if !approve {
			return nil, nil
		}
		att, err := a.Attestation()
		if att != nil {
			if slug := s.communities.communityOf(a.Achievement); slug != ledger.DefaultCommunity {
				att.Community = slug // the default's stay "", as stored before
			}
		}
		return att, err
	})
	if err != nil || att == nil {
		return app, nil, err
	}
	issued, err := s.award(ctx, s.communities.putAttestation(att))
	return app, issued, err
}

func (s *Service) mayReview(reviewer string, a *ledger.Application) error {
	if reviewer == AdminReviewer {
		return nil
	}
	ach, err := s.store.Achievement(a.Achievement)
	if err != nil {
		return err
	}
	if ach.Reviewers == "" {
		return errs.E(errs.Forbidden, "achievement %s names no reviewers achievement: only a coordinator can decide", ach.ID)
	}
	h, ok := s.communities.holding(reviewer, ach.Reviewers)
	if !ok || !h.ValidAt(s.now()) {
		return errs.E(errs.Forbidden, "%q does not hold a valid %s credential, so may not review applications for %s", reviewer, ach.Reviewers, ach.ID)
	}
	return nil
}

func unique(ids []string) []string {
	seen := make(map[string]bool, len(ids))
	out := ids[:0:0]
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

// validExchange validates e (ledger's rules, then its community's: it
// exists and the participants belong to it), storing the default
// community as "". The caller holds s.mu.
func (s *Service) validExchange(e *ledger.Exchange, now time.Time, known communitySet) error {
	e.Community = ledger.StoredCommunity(e.Community)
	if err := e.Validate(now, s.memberExists); err != nil {
		return err
	}
	return s.inCommunity(e.Community, map[string][]string{"teachers": e.Teachers, "learners": e.Learners}, known)
}

// validAttestation is validExchange for an attestation: attester and
// member belong to its community.
func (s *Service) validAttestation(a *ledger.Attestation, now time.Time, known communitySet) error {
	a.Community = ledger.StoredCommunity(a.Community)
	if err := a.Validate(now, s.memberExists); err != nil {
		return err
	}
	return s.inCommunity(a.Community, map[string][]string{"attester": {a.Attester}, "member": {a.Member}}, known)
}

// inCommunity checks that the members fields names belong to the community
// slug ("" is the default), which must be one of known. The caller holds
// s.mu.
func (s *Service) inCommunity(slug string, fields map[string][]string, known communitySet) error {
	return checkMembers(slug, known, s.store.Member, fields)
}

// communitySet is the slugs of the stored communities (issuers), read
// once for a batch of items to check.
type communitySet map[string]bool

// knownCommunities reads the stored communities.
func (s *Service) knownCommunities() (communitySet, error) {
	profiles, err := s.store.Issuers()
	if err != nil {
		return nil, err
	}
	out := make(communitySet, len(profiles))
	for _, p := range profiles {
		out[p.Slug] = true
	}
	return out, nil
}

// keepCommunities completes m's communities from the stored member: none
// given keeps theirs (an import or an API PUT that does not mention them
// changes nothing); a list given must exist, and may add communities but
// not leave one, since the member's activity and credentials there would
// lose their member. The caller holds s.mu.
func (s *Service) keepCommunities(m *accolade.Member, known communitySet) error {
	old, err := s.store.Member(m.ID)
	if err != nil && errs.KindOf(err) != errs.NotFound {
		return err
	}
	if old != nil && !old.Forgotten.IsZero() {
		return errs.Field("id", "%s's details were removed at their request on %s: they are not stored again under this id", m.ID, old.Forgotten.Format("2006-01-02"))
	}
	if m.Communities == nil && old != nil {
		m.Communities = old.Communities
		return nil
	}
	for _, slug := range m.CommunitySlugs() {
		if !known[slug] {
			return errs.Field("communities", "there is no community %q", slug)
		}
	}
	if old == nil {
		return nil
	}
	for _, slug := range old.CommunitySlugs() {
		if !m.In(slug) {
			return errs.Field("communities", "%s cannot leave the community %s: their activity and credentials there stay theirs", m.ID, slug)
		}
	}
	return nil
}
