package award

import (
	"slices"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/ledger"
)

// The previews below say what PutMembers, AddExchanges and AddAttestations
// would do with a list, item by item, without storing, indexing or issuing
// anything: the same validation (the same errors), and the outcome
// (Created, Updated or Unchanged) each valid item would have against what
// is stored now. The lists are not changed. A preview reads under the
// service's lock as a reader, so it sees no change half-made; what it says
// holds until the next change.

// PreviewMembers previews PutMembers(list).
func (s *Service) PreviewMembers(list []*accolade.Member) (Result, error) {
	res := Result{Outcomes: make([]ledger.Outcome, len(list)), Errors: make([]error, len(list))}
	s.mu.RLock()
	defer s.mu.RUnlock()
	known, err := s.knownCommunities()
	if err != nil {
		return res, err
	}
	for i, in := range list {
		m := *in
		s.stamp(&m)
		if res.Errors[i] = m.Validate(); res.Errors[i] == nil {
			res.Errors[i] = s.keepCommunities(&m, known)
		}
		if res.Errors[i] != nil {
			continue
		}
		old, err := s.store.Member(m.ID)
		switch {
		case errs.KindOf(err) == errs.NotFound:
			res.Outcomes[i] = ledger.Created
		case err != nil:
			return res, err
		case old.Name == m.Name && old.Email == m.Email && old.DID == m.DID && old.Lang == m.Lang &&
			old.LatinName == m.LatinName && old.Listed == m.Listed && slices.Equal(old.Communities, m.Communities): // as the store's PutMembers decides
			res.Outcomes[i] = ledger.Unchanged
		default:
			res.Outcomes[i] = ledger.Updated
		}
	}
	return res, nil
}

// PreviewExchanges previews AddExchanges(list): an exchange stored with
// other content is the same errs.Conflict.
func (s *Service) PreviewExchanges(list []*ledger.Exchange) (Result, error) {
	res := Result{Outcomes: make([]ledger.Outcome, len(list)), Errors: make([]error, len(list))}
	s.mu.RLock()
	defer s.mu.RUnlock()
	known, err := s.knownCommunities()
	if err != nil {
		return res, err
	}
	now := s.now()
	for i, in := range list {
		e := in.Clone()
		if res.Errors[i] = s.validExchange(e, now, known); res.Errors[i] != nil {
			continue
		}
		stored, err := s.store.ExchangesByID([]string{e.ID})
		if err != nil {
			return res, err
		}
		if len(stored) == 0 {
			res.Outcomes[i] = ledger.Created
			continue
		}
		merged, err := stored[0].Merge(e)
		switch {
		case err != nil:
			res.Errors[i] = err
		case len(merged.ConfirmedBy) != len(stored[0].ConfirmedBy):
			res.Outcomes[i] = ledger.Updated
		}
	}
	return res, nil
}

// PreviewAttestations previews AddAttestations(list).
func (s *Service) PreviewAttestations(list []*ledger.Attestation) (Result, error) {
	res := Result{Outcomes: make([]ledger.Outcome, len(list)), Errors: make([]error, len(list))}
	s.mu.RLock()
	defer s.mu.RUnlock()
	known, err := s.knownCommunities()
	if err != nil {
		return res, err
	}
	now := s.now()
	for i, in := range list {
		a := *in
		if a.CreatedAt.IsZero() {
			a.CreatedAt = now.UTC()
		}
		if res.Errors[i] = s.validAttestation(&a, now, known); res.Errors[i] != nil {
			continue
		}
		stored, err := s.store.AttestationsByID([]string{a.ID})
		switch {
		case err != nil:
			return res, err
		case len(stored) == 0:
			res.Outcomes[i] = ledger.Created
		case !stored[0].SameContent(&a):
			res.Errors[i] = errs.E(errs.Conflict, "attestation %s already exists with different content; use a new id for a new attestation", a.ID)
		}
	}
	return res, nil
}
