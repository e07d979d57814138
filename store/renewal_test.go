package store_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/store"
)

// issue reserves and completes a credential for ana's trainer.
func issue(t *testing.T, db *store.DB, rec *accolade.Record, now time.Time) *accolade.Record {
	t.Helper()
	rec.State, rec.Member, rec.Achievement, rec.Status = accolade.Pending, "ana", "trainer", accolade.Active
	rec.ValidFrom, rec.Created = now, now
	if err := db.ReserveCredential(rec, now); err != nil {
		t.Fatalf("ReserveCredential(%s): %v", rec.ID, err)
	}
	rec.State, rec.KeyID = accolade.Issued, "k1"
	if err := db.CompleteCredential(rec); err != nil {
		t.Fatalf("CompleteCredential(%s): %v", rec.ID, err)
	}
	return rec
}

func TestRenewal(t *testing.T) {
	db := MustOpen(t)
	seed(t, db)
	issue(t, db, &accolade.Record{ID: "c1", ValidUntil: t0.Add(30 * 24 * time.Hour)}, t0)
	at := t0.Add(20 * 24 * time.Hour) // c1 is still valid: only a renewal may be reserved
	if err := reserve(db, "plain", at); errs.KindOf(err) != errs.Conflict {
		t.Fatalf("reserving a second credential while c1 is valid: %v, want Conflict", err)
	}

	// Concurrent renewals of c1: exactly one is reserved.
	var wg sync.WaitGroup
	var mu sync.Mutex
	var won []*accolade.Record
	for i := range 12 {
		wg.Go(func() {
			rec := &accolade.Record{ID: fmt.Sprintf("r%d", i), State: accolade.Pending, Member: "ana", Achievement: "trainer",
				Status: accolade.Active, ValidFrom: at, Created: at, Renews: "c1"}
			err := db.ReserveCredential(rec, at)
			switch {
			case err == nil:
				mu.Lock()
				won = append(won, rec)
				mu.Unlock()
			case errs.KindOf(err) != errs.Conflict:
				t.Errorf("ReserveCredential(renewal): %v, want nil or Conflict", err)
			}
		})
	}
	wg.Wait()
	if len(won) != 1 {
		t.Fatalf("%d concurrent renewals were reserved, want exactly 1", len(won))
	}
	r := won[0]
	if !r.AwardedDate.Equal(t0) {
		t.Errorf("renewal AwardedDate = %v, want c1's award date %v", r.AwardedDate, t0)
	}
	r.State = accolade.Issued
	if err := db.CompleteCredential(r); err != nil {
		t.Fatal(err)
	}
	old, err := db.Credential("c1")
	if err != nil || old.SupersededBy != r.ID || !old.SupersededAt.Equal(at) {
		t.Fatalf("c1 after renewal = %+v, %v; want superseded by %s at %v", old, err, r.ID, at)
	}
	// Once superseded, c1 is not renewed again, even after the stale window.
	later := at.Add(time.Hour)
	again := &accolade.Record{ID: "again", State: accolade.Pending, Member: "ana", Achievement: "trainer", Status: accolade.Active,
		ValidFrom: later, Created: later, Renews: "c1"}
	if err := db.ReserveCredential(again, later); errs.KindOf(err) != errs.Conflict {
		t.Errorf("renewing a superseded credential: %v, want Conflict", err)
	}
	// A renewal of a renewal keeps the first award date.
	r2 := issue(t, db, &accolade.Record{ID: "r-of-r", Renews: r.ID}, later)
	if !r2.AwardedDate.Equal(t0) {
		t.Errorf("second renewal AwardedDate = %v, want %v", r2.AwardedDate, t0)
	}
}

func TestRevokedIsNotRenewed(t *testing.T) {
	db := MustOpen(t)
	seed(t, db)
	issue(t, db, &accolade.Record{ID: "c1", ValidUntil: t0.Add(24 * time.Hour)}, t0)
	if _, err := db.SetStatus("c1", accolade.Revoked, "mistake", t0); err != nil {
		t.Fatal(err)
	}
	at := t0.Add(48 * time.Hour)
	rec := &accolade.Record{ID: "r1", State: accolade.Pending, Member: "ana", Achievement: "trainer", Status: accolade.Active,
		ValidFrom: at, Created: at, Renews: "c1"}
	if err := db.ReserveCredential(rec, at); errs.KindOf(err) != errs.Conflict {
		t.Errorf("renewing a revoked credential: %v, want Conflict", err)
	}
}
