package award_test

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/award"
	"github.com/accolade-badges/accolade/criteria"
	"github.com/accolade-badges/accolade/ledger"
	"github.com/accolade-badges/accolade/store"
)

// firstAider expires after a year and is renewed in its last 30 days.
const firstAider = `id: first-aider
name: First Aider
description: Ran a first-aid workshop.
validFor: 1y
renewWithin: 30d
criteria:
  rule:
    exchanges: {role: teacher, kind: [workshop], count: 1%s}
`

// clock is a test clock that can be moved.
type clock struct{ t atomic.Int64 }

func newClock() *clock                 { c := &clock{}; c.set(now); return c }
func (c *clock) now() time.Time        { return time.Unix(0, c.t.Load()).UTC() }
func (c *clock) set(t time.Time)       { c.t.Store(t.UnixNano()) }
func (c *clock) add(d time.Duration)   { c.set(c.now().Add(d)) }
func day(n int) time.Duration          { return time.Duration(n) * criteria.Day }
func noWindow(s string) string         { return fmt.Sprintf(s, "") }
func within(s string, w string) string { return fmt.Sprintf(s, ", within: "+w) }

// renewalService awards ana a first-aider credential at now.
func renewalService(t *testing.T, file string) (*award.Service, *store.DB, *clock, *accolade.Record) {
	t.Helper()
	c := newClock()
	svc, db := newServiceAt(t, c.now, file)
	res, err := svc.AddExchanges(context.Background(), []*ledger.Exchange{workshop("w1", "ana", "ben")})
	if err != nil || len(res.Issued) != 1 {
		t.Fatalf("AddExchanges issued %d (%v), want ana's first-aider", len(res.Issued), err)
	}
	return svc, db, c, res.Issued[0]
}

func credential(t *testing.T, db *store.DB, id string) *accolade.Record {
	t.Helper()
	r, err := db.Credential(id)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func checkRenewal(t *testing.T, db *store.DB, got []*accolade.Record, first *accolade.Record, at time.Time) {
	t.Helper()
	if len(got) != 1 {
		t.Fatalf("Evaluate issued %d credentials, want a renewal of %s", len(got), first.ID)
	}
	r := got[0]
	if r.Renews != first.ID || !r.AwardedDate.Equal(first.ValidFrom) || !r.ValidFrom.Equal(at) || !r.ValidUntil.Equal(at.Add(criteria.Year)) {
		t.Errorf("renewal = renews %q, awarded %v, valid %v to %v; want %s, %v, %v to +1y", r.Renews, r.AwardedDate, r.ValidFrom, r.ValidUntil, first.ID, first.ValidFrom, at)
	}
	if old := credential(t, db, first.ID); old.SupersededBy != r.ID || !old.SupersededAt.Equal(at) || old.Status != accolade.Active {
		t.Errorf("renewed credential = superseded by %q at %v, status %s; want %s at %v, still active", old.SupersededBy, old.SupersededAt, old.Status, r.ID, at)
	}
}

func TestRenewal(t *testing.T) {
	for _, tt := range []struct {
		name  string
		after time.Duration
	}{
		{"expired", day(400)},
		{"within renewWithin", day(365 - 25)},
		{"at the start of renewWithin", day(365 - 30)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			svc, db, c, first := renewalService(t, noWindow(firstAider))
			ctx := context.Background()
			c.add(tt.after)
			got, err := svc.Evaluate(ctx, []string{"ana"})
			if err != nil {
				t.Fatal(err)
			}
			checkRenewal(t, db, got, first, now.Add(tt.after))
			if again, err := svc.Evaluate(ctx, nil); err != nil || len(again) != 0 {
				t.Errorf("Evaluate after the renewal issued %d (%v), want none", len(again), err)
			}
		})
	}
}

func TestNoRenewal(t *testing.T) {
	ctx := context.Background()
	t.Run("before renewWithin", func(t *testing.T) {
		svc, _, c, _ := renewalService(t, noWindow(firstAider))
		c.add(day(365 - 31))
		if got, err := svc.Evaluate(ctx, nil); err != nil || len(got) != 0 {
			t.Errorf("Evaluate 31 days before expiry issued %d (%v), want none", len(got), err)
		}
	})
	t.Run("criteria no longer met", func(t *testing.T) {
		svc, db, c, first := renewalService(t, within(firstAider, "200d"))
		for _, d := range []int{365 - 10, 400} {
			c.set(now.Add(day(d)))
			if got, err := svc.Evaluate(ctx, nil); err != nil || len(got) != 0 {
				t.Errorf("Evaluate at +%dd with the workshop out of the window issued %d (%v), want none", d, len(got), err)
			}
		}
		if old := credential(t, db, first.ID); old.SupersededBy != "" {
			t.Errorf("credential superseded by %s, want not renewed", old.SupersededBy)
		}
	})
	t.Run("revoked", func(t *testing.T) {
		svc, db, c, first := renewalService(t, noWindow(firstAider))
		if _, err := svc.SetStatus(first.ID, accolade.Revoked, "mistake"); err != nil {
			t.Fatal(err)
		}
		c.add(day(400))
		got, err := svc.Evaluate(ctx, []string{"ana"})
		if err != nil {
			t.Fatal(err)
		}
		// Criteria met after a revocation earn a new credential, as before:
		// not a renewal of the revoked one.
		for _, r := range got {
			if r.Renews != "" || !r.AwardedDate.IsZero() {
				t.Errorf("after revocation, issued %s renewing %q (awarded %v), want no renewal", r.ID, r.Renews, r.AwardedDate)
			}
		}
		if old := credential(t, db, first.ID); old.SupersededBy != "" || old.Status != accolade.Revoked {
			t.Errorf("revoked credential = superseded by %q, status %s; want revoked, not superseded", old.SupersededBy, old.Status)
		}
	})
}

func TestRenewalExactlyOnceUnderConcurrency(t *testing.T) {
	svc, db, c, first := renewalService(t, noWindow(firstAider))
	ctx := context.Background()
	c.add(day(365 - 5))
	var wg sync.WaitGroup
	var mu sync.Mutex
	var issued []*accolade.Record
	for i := range 12 {
		wg.Go(func() {
			var got []*accolade.Record
			var err error
			if i%2 == 0 { // evaluation
				got, err = svc.Evaluate(ctx, nil)
			} else { // activity-triggered evaluation
				ex := workshop(fmt.Sprintf("late-%d", i), "ana", "cai")
				ex.OccurredAt = c.now().Add(-time.Hour)
				var res award.Result
				res, err = svc.AddExchanges(ctx, []*ledger.Exchange{ex})
				got = res.Issued
			}
			if err != nil {
				t.Errorf("evaluating: %v", err)
			}
			mu.Lock()
			issued = append(issued, got...)
			mu.Unlock()
		})
	}
	wg.Wait()
	checkRenewal(t, db, issued, first, c.now())
	if n := held(t, db, "ana")["first-aider"]; n != 2 {
		t.Errorf("ana has %d first-aider credentials, want 2 (the first and its renewal)", n)
	}
}
