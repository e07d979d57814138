package award

import (
	"cmp"
	"context"
	"encoding/base32"
	"io"
	"slices"
	"strings"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/ledger"
)

// MemberStore is what the member pages need from storage beyond Store: facts
// by id (the criteria index knows which are a member's), applications by
// predicate, and hiding a credential's public page.
type MemberStore interface {
	ExchangesByID(ids []string) ([]*ledger.Exchange, error)
	AttestationsByID(ids []string) ([]*ledger.Attestation, error)
	ApplicationsWhere(keep func(*ledger.Application) bool) ([]*ledger.Application, error)
	SetHidden(id string, hidden bool) (*accolade.Record, error)
}

// idEncoding spells random ids: lowercase base32, no padding.
var idEncoding = base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)

// newID returns prefix followed by 12 random base32 characters (60 bits).
func (s *Service) newID(prefix string) (string, error) {
	b := make([]byte, 8)
	if _, err := io.ReadFull(s.rand, b); err != nil {
		return "", errs.Wrap(errs.Internal, err, "drawing an id")
	}
	return prefix + idEncoding.EncodeToString(b)[:12], nil
}

// LogExchange records an exchange a member logged: by must be one of its
// teachers or learners (errs.Invalid naming "learners" otherwise). The id,
// when empty, is "x-" and 12 random characters; an id already stored is
// errs.Conflict. by's confirmation is recorded (ConfirmedBy = [by],
// LoggedBy = by), so under `confirmed: true` the exchange counts for by
// only once a counterpart confirms it. Nothing else about e is trusted:
// disputes and withdrawal are cleared. It returns the stored exchange.
func (s *Service) LogExchange(ctx context.Context, by string, e *ledger.Exchange) (*ledger.Exchange, error) {
	if !e.IsParticipant(by) {
		return nil, errs.Field("learners", "%q must be one of the teachers or learners of an exchange they log", by)
	}
	if e.ID == "" {
		id, err := s.newID("x-")
		if err != nil {
			return nil, err
		}
		e.ID = id
	} else if _, err := s.store.Exchange(e.ID); err == nil {
		return nil, errs.E(errs.Conflict, "exchange %s already exists; use a new id for a new exchange", e.ID)
	}
	e.ConfirmedBy, e.LoggedBy, e.DisputedBy, e.Withdrawn = []string{by}, by, nil, false
	res, err := s.AddExchanges(ctx, []*ledger.Exchange{e})
	if err != nil {
		return nil, err
	}
	if res.Errors[0] != nil {
		return nil, res.Errors[0]
	}
	return s.store.Exchange(e.ID)
}

// MemberConfirm is Confirm for a signed-in member: it returns errs.Forbidden,
// changing nothing, when member is not a participant of the exchange, and
// errs.NotFound when there is no such exchange.
func (s *Service) MemberConfirm(ctx context.Context, id, member string) (*ledger.Exchange, []*accolade.Record, error) {
	return s.updateExchange(ctx, id, func(e *ledger.Exchange) error {
		if !e.IsParticipant(member) {
			return errs.E(errs.Forbidden, "%q is not a participant of exchange %s, so cannot confirm it", member, id)
		}
		return e.Confirm(member)
	})
}

// Dispute records that member, a participant, says the exchange did not
// happen (see ledger.Exchange.Dispute): from then on it counts for nobody.
// Credentials already issued are not revoked. It returns errs.Forbidden,
// changing nothing, when member is not a participant, errs.Invalid when
// they logged it, and errs.NotFound when there is no such exchange.
func (s *Service) Dispute(ctx context.Context, id, member, note string) (*ledger.Exchange, error) {
	e, _, err := s.updateExchange(ctx, id, func(e *ledger.Exchange) error {
		if !e.IsParticipant(member) {
			return errs.E(errs.Forbidden, "%q is not a participant of exchange %s, so cannot dispute it", member, id)
		}
		return e.Dispute(member, note)
	})
	if err == nil {
		s.log.Info("exchange disputed", "exchange", id, "member", member)
	}
	return e, err
}

// MemberExchanges returns the exchanges member takes part in: first those
// awaiting their confirmation, then the others, each group newest first. It
// reads the member's own list in the criteria index, never every exchange.
func (s *Service) MemberExchanges(member string) ([]*ledger.Exchange, error) {
	list, err := s.store.ExchangesByID(s.communities.facts(member).Exchanges)
	if err != nil {
		return nil, err
	}
	slices.SortFunc(list, func(a, b *ledger.Exchange) int {
		pa, pb := a.AwaitsConfirmation(member), b.AwaitsConfirmation(member)
		if pa != pb {
			if pa {
				return -1
			}
			return 1
		}
		return cmp.Or(b.OccurredAt.Compare(a.OccurredAt), strings.Compare(a.ID, b.ID))
	})
	return list, nil
}

// MemberExchange returns exchange id when member takes part in it, and
// errs.NotFound otherwise: to others it does not exist.
func (s *Service) MemberExchange(member, id string) (*ledger.Exchange, error) {
	e, err := s.store.Exchange(id)
	if err != nil {
		return nil, err
	}
	if !e.IsParticipant(member) {
		return nil, errs.E(errs.NotFound, "no exchange %q", id)
	}
	return e, nil
}

// MemberAttestations returns the attestations about member and those by
// them, newest first, from the criteria index's lists of that member.
func (s *Service) MemberAttestations(member string) (about, by []*ledger.Attestation, err error) {
	f := s.communities.facts(member)
	if about, err = s.store.AttestationsByID(f.Received); err != nil {
		return nil, nil, err
	}
	if by, err = s.store.AttestationsByID(f.Given); err != nil {
		return nil, nil, err
	}
	newest := func(a, b *ledger.Attestation) int {
		return cmp.Or(b.CreatedAt.Compare(a.CreatedAt), strings.Compare(a.ID, b.ID))
	}
	slices.SortFunc(about, newest)
	slices.SortFunc(by, newest)
	return about, by, nil
}
