package award

import (
	"context"
	"slices"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/ledger"
)

// MemberApplications returns member's own applications, in id order.
func (s *Service) MemberApplications(member string) ([]*ledger.Application, error) {
	return s.store.ApplicationsWhere(func(a *ledger.Application) bool { return a.Member == member })
}

// ReviewerOf returns the ids of the achievements whose applications member
// may decide: those naming a reviewers achievement member holds a
// currently valid credential for. The roles come from the data, as in
// Decide.
func (s *Service) ReviewerOf(member string) ([]string, error) {
	achs, err := s.store.Achievements()
	if err != nil {
		return nil, err
	}
	now := s.now()
	var out []string
	for _, a := range achs {
		if a.Reviewers == "" {
			continue
		}
		if h, ok := s.communities.holding(member, a.Reviewers); ok && h.ValidAt(now) {
			out = append(out, a.ID)
		}
	}
	return out, nil
}

// Reviewable returns the pending applications member may decide: for an
// achievement they review (ReviewerOf), by someone other than them.
func (s *Service) Reviewable(member string) ([]*ledger.Application, error) {
	achs, err := s.ReviewerOf(member)
	if err != nil || len(achs) == 0 {
		return nil, err
	}
	return s.store.ApplicationsWhere(func(a *ledger.Application) bool {
		return a.Status == ledger.Pending && a.Member != member && slices.Contains(achs, a.Achievement)
	})
}

// MemberApply records member's application: the member is theirs, the id
// ("ap-" and 12 random characters) is new, and the rest is validated as by
// Apply. The achievement must be published and take applications (name
// reviewers, or be awarded on approval), and member may have only one
// pending application for it (errs.Conflict). It returns the stored
// application.
func (s *Service) MemberApply(member string, a *ledger.Application) (*ledger.Application, error) {
	if err := s.takesApplications(a.Achievement); err != nil {
		return nil, err
	}
	pending, err := s.store.ApplicationsWhere(func(p *ledger.Application) bool {
		return p.Member == member && p.Achievement == a.Achievement && p.Status == ledger.Pending
	})
	if err != nil {
		return nil, err
	}
	if len(pending) > 0 {
		return nil, errs.E(errs.Conflict, "you already applied for %s on %s; wait for the reviewers' decision", a.Achievement, pending[0].CreatedAt.Format("2006-01-02"))
	}
	id, err := s.newID("ap-")
	if err != nil {
		return nil, err
	}
	a.ID, a.Member = id, member
	if _, err := s.Apply(a); err != nil {
		return nil, err
	}
	return a, nil
}

// takesApplications returns an errs.Invalid error naming "achievement"
// unless achievement is published and takes applications.
func (s *Service) takesApplications(achievement string) error {
	a, err := s.store.Achievement(achievement)
	if errs.KindOf(err) == errs.NotFound {
		return errs.Field("achievement", "no achievement %q", achievement)
	}
	if err != nil {
		return err
	}
	unpublished, err := s.store.Unpublished()
	if err != nil {
		return err
	}
	if unpublished[a.ID] || a.Reviewers == "" && !a.AwardOnApproval {
		return errs.Field("achievement", "%s does not take applications", a.ID)
	}
	return nil
}

// AttestRight says whether a member may attest others' skills, and through
// which achievements. Attestations come from holders of the achievements
// that some rule names in attestations.fromHoldersOf (those are the
// attestations rules count from); when no rule names one, every member may
// attest, since the API accepts attestations from any member and rules
// without fromHoldersOf count them all.
type AttestRight struct {
	May bool
	// Via are the achievements member holds that let them attest; when May
	// is false, Needed lists those that would.
	Via, Needed []string
}

// AttestRightOf returns member's AttestRight now.
func (s *Service) AttestRightOf(member string) AttestRight {
	var named []string
	for _, a := range s.communities.achievements() {
		_, from := a.References()
		named = append(named, from...)
	}
	slices.Sort(named)
	named = slices.Compact(named)
	if len(named) == 0 {
		return AttestRight{May: true}
	}
	var r AttestRight
	now := s.now()
	for _, id := range named {
		if h, ok := s.communities.holding(member, id); ok && h.ValidAt(now) {
			r.Via = append(r.Via, id)
		}
	}
	r.May = len(r.Via) > 0
	if !r.May {
		r.Needed = named
	}
	return r
}

// MemberAttest records an attestation by member about another member:
// errs.Forbidden when member may not attest (AttestRightOf), the
// attestation's own errs.Invalid (such as attesting oneself) otherwise. The
// id ("a-" and 12 random characters) is new and the attestation names no
// achievement (approvals come from applications). It returns the
// credentials issued.
func (s *Service) MemberAttest(ctx context.Context, member string, a *ledger.Attestation) ([]*accolade.Record, error) {
	if r := s.AttestRightOf(member); !r.May {
		return nil, errs.E(errs.Forbidden, "%q may not attest: attestations come from holders of %v", member, r.Needed)
	}
	id, err := s.newID("a-")
	if err != nil {
		return nil, err
	}
	a.ID, a.Attester, a.Achievement, a.CreatedAt = id, member, "", s.now().UTC()
	res, err := s.AddAttestations(ctx, []*ledger.Attestation{a})
	if err != nil {
		return nil, err
	}
	return res.Issued, res.Errors[0]
}

// SetHidden hides or shows the public page of member's credential id. It
// returns errs.NotFound, changing nothing, when the credential is not
// member's. The credential itself is unchanged and still verifies.
func (s *Service) SetHidden(member, id string, hidden bool) (*accolade.Record, error) {
	r, err := s.store.Credential(id)
	if err != nil {
		return nil, err
	}
	if r.Member != member {
		return nil, errs.E(errs.NotFound, "no credential %q among yours", id)
	}
	return s.store.SetHidden(id, hidden)
}
