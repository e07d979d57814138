package store

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/errs"
)

var s0 = time.Date(2027, 3, 3, 9, 0, 0, 0, time.UTC)

func statusRecord(id string, draw int, purposes ...accolade.StatusPurpose) *accolade.Record {
	rec := &accolade.Record{ID: id, State: accolade.Pending, Issuer: "default", Member: "m-" + id, Achievement: "trainer",
		Status: accolade.Active, ValidFrom: s0, Created: s0}
	for _, p := range purposes {
		rec.StatusEntries = append(rec.StatusEntries, accolade.StatusEntry{Purpose: p, Index: draw})
	}
	return rec
}

// TestStatusAllocationConcurrent: credentials reserved in parallel, all
// with the same random draw, never share an index, and each keeps its own
// index in the record; completed in parallel, each index is counted once.
func TestStatusAllocationConcurrent(t *testing.T) {
	db := MustOpenInternal(t)
	const n = 40
	var wg sync.WaitGroup
	recs := make([]*accolade.Record, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			recs[i] = statusRecord(fmt.Sprintf("c%02d", i), 7, accolade.PurposeRevocation, accolade.PurposeSuspension)
			if err := db.ReserveCredential(recs[i], s0); err != nil {
				t.Errorf("ReserveCredential: %v", err)
			}
		}()
	}
	wg.Wait()
	seen := map[accolade.StatusEntry]string{}
	for _, r := range recs {
		if len(r.StatusEntries) != 2 || r.StatusEntries[0].Purpose != accolade.PurposeRevocation {
			t.Fatalf("%s entries = %+v", r.ID, r.StatusEntries)
		}
		for _, e := range r.StatusEntries {
			if other, ok := seen[e]; ok {
				t.Errorf("%s and %s share %+v", r.ID, other, e)
			}
			seen[e] = r.ID
			if e.List != 1 || e.Index < 0 || e.Index >= accolade.StatusListSize {
				t.Errorf("%s entry %+v, want list 1 and an index in range", r.ID, e)
			}
		}
	}
	// Reserved in memory: the file has no list yet. Completed, they are.
	if _, err := db.StatusList("default", accolade.PurposeRevocation, 1); errs.KindOf(err) != errs.NotFound {
		t.Fatalf("StatusList after reservations only: %v, want NotFound", err)
	}
	for _, r := range recs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r.State = accolade.Issued
			if err := db.CompleteCredential(r); err != nil {
				t.Errorf("CompleteCredential(%s): %v", r.ID, err)
			}
		}()
	}
	wg.Wait()
	for _, p := range []accolade.StatusPurpose{accolade.PurposeRevocation, accolade.PurposeSuspension} {
		l, err := db.StatusList("default", p, 1)
		if err != nil || l.Used != n {
			t.Fatalf("StatusList(%s) = %+v, %v, want %d used", p, l, err, n)
		}
	}
}

// TestStatusListRollsOver: the last free index of a full list is found by
// the scan, and the next credential goes to list 2. A released reservation
// keeps its index.
func TestStatusListRollsOver(t *testing.T) {
	db := MustOpenInternal(t)
	key := listKey("default", accolade.PurposeRevocation, 1)
	const last = 76543
	err := db.kv.update(func(tx kvTx) error {
		b := tx.bucket(bucketStatusIndexes)
		for i := range accolade.StatusListSize {
			if i != last {
				if err := b.Put(indexKey(key, i), []byte("old")); err != nil {
					return err
				}
			}
		}
		return put(tx, bucketStatusLists, string(key), &statusListRecord{V: statusListVersion, Issuer: "default",
			Purpose: "revocation", Number: 1, Used: accolade.StatusListSize - 1})
	})
	if err != nil {
		t.Fatal(err)
	}
	a := statusRecord("a", 1, accolade.PurposeRevocation)
	if err := db.ReserveCredential(a, s0); err != nil {
		t.Fatal(err)
	}
	if got := a.StatusEntries[0]; got.List != 1 || got.Index != last {
		t.Errorf("entry in a nearly full list = %+v, want list 1 index %d", got, last)
	}
	if err := db.ReleaseCredential("a"); err != nil {
		t.Fatal(err)
	}
	b := statusRecord("b", 1, accolade.PurposeRevocation)
	if err := db.ReserveCredential(b, s0); err != nil {
		t.Fatal(err)
	}
	if got := b.StatusEntries[0]; got.List != 2 {
		t.Errorf("entry after a full list = %+v, want list 2", got)
	}
}

// TestStatusBitsFollowStatus: revoke, suspend and unsuspend set and clear
// the bits of the credential's entries, and record when.
func TestStatusBitsFollowStatus(t *testing.T) {
	db := MustOpenInternal(t)
	rec := statusRecord("c1", 99, accolade.PurposeRevocation, accolade.PurposeSuspension)
	if err := db.ReserveCredential(rec, s0); err != nil {
		t.Fatal(err)
	}
	rec.State = accolade.Issued
	if err := db.CompleteCredential(rec); err != nil {
		t.Fatal(err)
	}
	bits := func() (revoked, suspended bool) {
		t.Helper()
		r, err1 := db.StatusList("default", accolade.PurposeRevocation, 1)
		s, err2 := db.StatusList("default", accolade.PurposeSuspension, 1)
		if err1 != nil || err2 != nil {
			t.Fatalf("StatusList: %v, %v", err1, err2)
		}
		return r.Bit(rec.StatusEntries[0].Index), s.Bit(rec.StatusEntries[1].Index)
	}
	for i, tc := range []struct {
		status             accolade.Status
		revoked, suspended bool
	}{
		{accolade.Suspended, false, true},
		{accolade.Active, false, false},
		{accolade.Suspended, false, true},
		{accolade.Revoked, true, false},
	} {
		at := s0.Add(time.Duration(i+1) * time.Hour)
		got, err := db.SetStatus("c1", tc.status, "private", at)
		if err != nil {
			t.Fatalf("SetStatus(%s): %v", tc.status, err)
		}
		if !got.StatusChanged.Equal(at) {
			t.Errorf("SetStatus(%s) StatusChanged = %v, want %v", tc.status, got.StatusChanged, at)
		}
		if r, s := bits(); r != tc.revoked || s != tc.suspended {
			t.Errorf("after %s bits = %v, %v, want %v, %v", tc.status, r, s, tc.revoked, tc.suspended)
		}
	}
	if _, err := db.StatusList("default", accolade.PurposeRevocation, 2); errs.KindOf(err) != errs.NotFound {
		t.Errorf("StatusList of a list never started: %v, want NotFound", err)
	}
}
