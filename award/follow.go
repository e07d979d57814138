package award

import (
	"context"
	"time"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/ledger"
)

// Feed is a store's change feed (store.DB on PostgreSQL): what the other
// nodes sharing the database wrote.
type Feed interface {
	Changes(after uint64, limit int) ([]accolade.Change, uint64, error)
	LastChange() (uint64, error)
	NodeID() string
}

// followBatch is the most changes CatchUp reads at once.
const followBatch = 500

// Follow keeps the criteria index up to date with the writes other nodes
// make to a shared store, until ctx is done: every every (0: one second)
// it applies their changes (CatchUp), and at once when the store tells it
// another node wrote (Listener). Run it in a goroutine. On a store
// with no feed (a bbolt file, one process) it returns at once. It never
// issues: another node's change was evaluated by that node; this one's
// later evaluations and progress pages see it.
func (s *Service) Follow(ctx context.Context, every time.Duration) {
	if s.feed == nil || s.feed.NodeID() == "" {
		return
	}
	if every <= 0 {
		every = time.Second
	}
	woken := make(chan struct{}, 1)
	if l, ok := s.feed.(Listener); ok {
		go l.ListenChanges(ctx, func() {
			select {
			case woken <- struct{}{}:
			default: // a catch-up is due already
			}
		}, func(err error) {
			s.log.Warn("listening for the other nodes' changes; following them on the timer meanwhile", "error", err)
		})
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-woken:
		}
		if err := s.CatchUp(); err != nil {
			s.log.Warn("following the other nodes' changes", "error", err)
		}
	}
}

// Listener is a Feed that can tell when another node wrote (store.DB on
// PostgreSQL, with LISTEN/NOTIFY): Follow then catches up at once, and
// its timer only covers what a lost connection missed.
type Listener interface {
	ListenChanges(ctx context.Context, wake func(), failed func(error))
}

// CatchUp applies to the index every change other nodes made since the
// last one applied (or since the index was loaded): it reads each record
// named again and indexes it as the local write path does; a deleted or
// unpublished achievement leaves the engine. Applying a change twice is
// harmless.
func (s *Service) CatchUp() error {
	if s.feed == nil {
		return nil
	}
	for {
		list, last, err := s.feed.Changes(s.followed.Load(), followBatch)
		if err != nil || len(list) == 0 {
			return err
		}
		s.mu.Lock()
		err = s.applyChanges(list)
		s.mu.Unlock()
		if err != nil {
			return err
		}
		s.followed.Store(last)
		if len(list) < followBatch {
			return nil
		}
	}
}

// applyChanges applies the changes of other nodes. The caller holds s.mu.
func (s *Service) applyChanges(list []accolade.Change) error {
	self := s.feed.NodeID()
	for _, c := range list {
		if c.Node == self {
			continue
		}
		if err := s.applyChange(c); err != nil && errs.KindOf(err) != errs.NotFound {
			return err
		}
	}
	return nil
}

func (s *Service) applyChange(c accolade.Change) error {
	switch c.Kind {
	case accolade.ChangeMember, accolade.ChangeForgotten:
		m, err := s.store.Member(c.ID)
		if err != nil {
			return err
		}
		s.communities.addMember(m)
		if c.Kind == accolade.ChangeForgotten {
			return s.refreshAttestations(c.ID)
		}
	case accolade.ChangeExchange:
		e, err := s.store.Exchange(c.ID)
		if err != nil {
			return err
		}
		if e.Withdrawn {
			s.communities.of(ledger.CommunityOf(e.Community)).Index().RemoveExchange(e.ID)
		} else {
			s.communities.putExchange(e)
		}
	case accolade.ChangeAttestation:
		list, err := s.store.AttestationsByID([]string{c.ID})
		if err != nil {
			return err
		}
		for _, a := range list {
			s.communities.putAttestation(a)
		}
	case accolade.ChangeCredential:
		return s.followCredential(c.ID)
	case accolade.ChangeAchievement:
		return s.followAchievement(c.ID)
	}
	return nil
}

// followCredential sets the holding of credential id's member and
// achievement from all their credentials for it, oldest first, as load
// does: a renewal's supersession and a status change land the same way.
func (s *Service) followCredential(id string) error {
	r, err := s.store.Credential(id)
	if err != nil {
		return err
	}
	recs, err := s.store.Credentials(accolade.CredentialFilter{Member: r.Member, Achievement: r.Achievement})
	if err != nil {
		return err
	}
	for _, rec := range recs {
		s.setHolding(rec)
	}
	return nil
}

// followAchievement puts achievement id in its engine as stored: gone
// when deleted, placed but without its rule when unpublished.
func (s *Service) followAchievement(id string) error {
	a, err := s.store.Achievement(id)
	if errs.KindOf(err) == errs.NotFound {
		s.communities.removeAchievement(id)
		return nil
	}
	if err != nil {
		return err
	}
	unpublished, err := s.store.Unpublished()
	if err != nil {
		return err
	}
	s.communities.place(a)
	if unpublished[id] {
		s.communities.disengage(id)
		return nil
	}
	return s.communities.setAchievement(a)
}
