package store

import (
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/criteria"
	"github.com/accolade-badges/accolade/errs"
)

// bucketLen returns how many keys bucket holds.
func (db *DB) bucketLen(t *testing.T, bucket []byte) int {
	t.Helper()
	n := 0
	if err := db.kv.view(func(tx kvTx) error { n = tx.bucket(bucket).KeyN(); return nil }); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestReservationIsInMemory: a reservation writes nothing to the file; its
// completion writes the credential, its held key, its status indexes and
// lists, its created-at entry, its key counts and its award notice, in one
// transaction.
func TestReservationIsInMemory(t *testing.T) {
	db := MustOpenInternal(t)
	rec := statusRecord("c1", 5, accolade.PurposeRevocation, accolade.PurposeSuspension)
	if err := db.ReserveCredential(rec, s0); err != nil {
		t.Fatal(err)
	}
	buckets := [][]byte{bucketCredentials, bucketHeld, bucketStatusIndexes, bucketStatusLists, bucketRecent, bucketKeyCounts, bucketOutbox}
	for _, b := range buckets {
		if n := db.bucketLen(t, b); n != 0 {
			t.Errorf("after ReserveCredential, %s holds %d keys, want 0", b, n)
		}
	}
	txID := func() int { // bbolt's count of write transactions; 0 on PostgreSQL, which has none to read
		id := 0
		if db.bolt != nil {
			db.bolt.View(func(tx *bolt.Tx) error { id = tx.ID(); return nil })
		}
		return id
	}
	before := txID()
	rec.State, rec.KeyID, rec.ProofKeyID, rec.JWT = accolade.Issued, "k1", "ed", "a.b.c"
	if err := db.CompleteCredential(rec); err != nil {
		t.Fatal(err)
	}
	if after := txID(); db.bolt != nil && after != before+1 {
		t.Errorf("CompleteCredential took %d transactions, want 1", after-before)
	}
	for b, want := range map[string]int{string(bucketCredentials): 1, string(bucketHeld): 1, string(bucketStatusIndexes): 2,
		string(bucketStatusLists): 2, string(bucketRecent): 1, string(bucketKeyCounts): 2, string(bucketOutbox): 1} {
		if n := db.bucketLen(t, []byte(b)); n != want {
			t.Errorf("after CompleteCredential, %s holds %d keys, want %d", b, n, want)
		}
	}
	if db.reserved.get("c1") != nil {
		t.Error("the reservation is still in the table after its completion")
	}
}

// TestCompleteChecksAgain: a stale reservation no longer blocks, but it
// cannot be completed once another credential for the member and
// achievement is stored; a record that is not the one reserved is refused.
func TestCompleteChecksAgain(t *testing.T) {
	db := MustOpenInternal(t)
	stale := statusRecord("stale", 1, accolade.PurposeRevocation)
	if err := db.ReserveCredential(stale, s0); err != nil {
		t.Fatal(err)
	}
	fresh := statusRecord("fresh", 1, accolade.PurposeRevocation)
	fresh.Member = stale.Member
	if err := db.ReserveCredential(fresh, s0.Add(time.Minute)); errs.KindOf(err) != errs.Conflict {
		t.Fatalf("reserving beside a fresh reservation: %v, want Conflict", err)
	}
	if err := db.ReserveCredential(fresh, s0.Add(pendingTTL)); err != nil {
		t.Fatalf("reserving beside a stale reservation: %v", err)
	}
	other := *fresh
	other.State, other.Achievement = accolade.Issued, "other"
	if err := db.CompleteCredential(&other); errs.KindOf(err) != errs.Internal {
		t.Errorf("completing a record that differs from its reservation: %v, want Internal", err)
	}
	fresh.State = accolade.Issued
	if err := db.CompleteCredential(fresh); err != nil {
		t.Fatal(err)
	}
	stale.State = accolade.Issued
	if err := db.CompleteCredential(stale); errs.KindOf(err) != errs.Conflict {
		t.Errorf("completing a stale reservation after another credential was stored: %v, want Conflict", err)
	}
	if err := db.ReleaseCredential("stale"); err != nil {
		t.Fatal(err)
	}
	if n := db.bucketLen(t, bucketStatusIndexes); n != 2 {
		t.Errorf("status indexes stored = %d, want 2 (the issued one's and the released one's)", n)
	}
	if err := db.ReleaseCredential("stale"); err != nil {
		t.Errorf("releasing twice: %v, want nil", err)
	}
}

// TestReservedIndexesCountOnce: an index reserved and already stored (its
// credential committed, the reservation not yet dropped) counts once
// towards its list's Used, so the list's last free index is still given.
func TestReservedIndexesCountOnce(t *testing.T) {
	db := MustOpenInternal(t)
	key := listKey("default", accolade.PurposeRevocation, 1)
	err := db.kv.update(func(tx kvTx) error {
		b := tx.bucket(bucketStatusIndexes)
		for i := 2; i < accolade.StatusListSize; i++ {
			if err := b.Put(indexKey(key, i), []byte("old")); err != nil {
				return err
			}
		}
		return put(tx, bucketStatusLists, string(key), &statusListRecord{V: statusListVersion, Issuer: "default",
			Purpose: "revocation", Number: 1, Used: accolade.StatusListSize - 2})
	})
	if err != nil {
		t.Fatal(err)
	}
	a := statusRecord("a", 1, accolade.PurposeRevocation)
	if err := db.ReserveCredential(a, s0); err != nil {
		t.Fatal(err)
	}
	// What CompleteCredential commits before it drops the reservation.
	if err := db.update(func(tx kvTx) error { return writeStatus(tx, a.ID, a.Issuer, a.StatusEntries) }); err != nil {
		t.Fatal(err)
	}
	b := statusRecord("b", 1, accolade.PurposeRevocation)
	if err := db.ReserveCredential(b, s0); err != nil {
		t.Fatal(err)
	}
	if got := b.StatusEntries[0]; got.List != 1 || got.Index == a.StatusEntries[0].Index || got.Index > 1 {
		t.Errorf("b's entry = %+v beside a's %+v, want list 1's other free index", got, a.StatusEntries[0])
	}
	c := statusRecord("c", 1, accolade.PurposeRevocation)
	if err := db.ReserveCredential(c, s0); err != nil {
		t.Fatal(err)
	}
	if got := c.StatusEntries[0]; got.List != 2 {
		t.Errorf("c's entry = %+v, want list 2: list 1 is full with b reserved", got)
	}
	b.State = accolade.Issued
	if err := db.CompleteCredential(b); err != nil {
		t.Fatal(err)
	}
	if err := db.ReleaseCredential("c"); err != nil {
		t.Fatal(err)
	}
	for n, want := range map[int]int{1: accolade.StatusListSize, 2: 1} {
		l, err := db.StatusList("default", accolade.PurposeRevocation, n)
		if err != nil || l.Used != want {
			t.Errorf("StatusList(%d) = %+v, %v; want %d used", n, l, err, want)
		}
	}
}

// TestOldPendingRecords: a Pending record that a store written before
// reservations were kept in memory holds (left by a crash) blocks the
// member for pendingTTL, as it did, and is never listed or served.
func TestOldPendingRecords(t *testing.T) {
	db := MustOpenInternal(t)
	old := statusRecord("old", 0)
	err := db.kv.update(func(tx kvTx) error {
		if err := put(tx, bucketCredentials, old.ID, toCredentialRecord(old)); err != nil {
			return err
		}
		return tx.bucket(bucketHeld).Put(heldKey(old.Member, old.Achievement, old.ID), nil)
	})
	if err != nil {
		t.Fatal(err)
	}
	rec := statusRecord("new", 0)
	rec.Member = old.Member
	if err := db.ReserveCredential(rec, s0.Add(time.Minute)); errs.KindOf(err) != errs.Conflict {
		t.Errorf("reserving beside a fresh old Pending record: %v, want Conflict", err)
	}
	if err := db.ReserveCredential(rec, s0.Add(pendingTTL)); err != nil {
		t.Fatalf("reserving beside a stale old Pending record: %v", err)
	}
	rec.State = accolade.Issued
	if err := db.CompleteCredential(rec); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Credential("old"); errs.KindOf(err) != errs.NotFound {
		t.Errorf("Credential(old Pending record): %v, want NotFound", err)
	}
	got, err := db.Credentials(accolade.CredentialFilter{Member: old.Member})
	if err != nil || len(got) != 1 || got[0].ID != "new" {
		t.Errorf("Credentials = %v, %v; want only the new one", got, err)
	}
}

// TestDeleteAchievementBeingIssued: an achievement with a credential
// reserved is not deleted.
func TestDeleteAchievementBeingIssued(t *testing.T) {
	db := MustOpenInternal(t)
	if err := db.PutIssuer(&accolade.Profile{Slug: "default", Name: "Time Bank", Alg: "RS256"}); err != nil {
		t.Fatal(err)
	}
	if err := db.PutAchievement(&criteria.Achievement{ID: "trainer", Name: "Trainer", Description: "d"}); err != nil {
		t.Fatal(err)
	}
	if err := db.ReserveCredential(statusRecord("c1", 0), s0); err != nil {
		t.Fatal(err)
	}
	if err := db.DeleteAchievement("trainer"); errs.KindOf(err) != errs.Conflict {
		t.Errorf("DeleteAchievement while a credential is reserved: %v, want Conflict", err)
	}
	if err := db.ReleaseCredential("c1"); err != nil {
		t.Fatal(err)
	}
	if err := db.DeleteAchievement("trainer"); err != nil {
		t.Errorf("DeleteAchievement after the release: %v", err)
	}
}

// TestReserveIDTaken: an id reserved or stored is not reserved again.
func TestReserveIDTaken(t *testing.T) {
	db := MustOpenInternal(t)
	rec := statusRecord("c1", 0)
	if err := db.ReserveCredential(rec, s0); err != nil {
		t.Fatal(err)
	}
	for _, when := range []string{"reserved", "stored"} {
		again := statusRecord("c1", 0)
		again.Member = "someone else"
		if err := db.ReserveCredential(again, s0); errs.KindOf(err) != errs.Conflict {
			t.Errorf("reserving an id %s: %v, want Conflict", when, err)
		}
		rec.State = accolade.Issued
		if err := db.CompleteCredential(rec); when == "reserved" && err != nil {
			t.Fatal(err)
		}
	}
}
