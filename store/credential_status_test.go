package store_test

import (
	"strings"
	"testing"
	"time"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/errs"
)

// TestActiveAgainAfterReplacement: while ana's credential is suspended
// she does not hold the achievement, so a new credential may be issued
// (the award engine does so when she still meets the criteria). The
// suspended one then cannot become active again beside it: that would be
// two valid credentials for one achievement. It is refused, naming the
// new one, and changes nothing; once the new one is revoked, it may.
// On both engines: on PostgreSQL the unique index of credential_holding
// refuses it too (TestPostgresConstraints).
func TestActiveAgainAfterReplacement(t *testing.T) {
	db := MustOpen(t)
	seed(t, db)
	issue(t, db, &accolade.Record{ID: "c1"}, t0)
	at := t0.Add(time.Hour)
	if _, err := db.SetStatus("c1", accolade.Suspended, "checking the hours", at); err != nil {
		t.Fatal(err)
	}
	issue(t, db, &accolade.Record{ID: "c2"}, at.Add(time.Minute))
	_, err := db.SetStatus("c1", accolade.Active, "", at.Add(2*time.Minute))
	if errs.KindOf(err) != errs.Conflict || !strings.Contains(err.Error(), "c2") {
		t.Fatalf("making c1 active beside c2 = %v, want a Conflict naming c2", err)
	}
	if r, err := db.Credential("c1"); err != nil || r.Status != accolade.Suspended || r.StatusReason != "checking the hours" {
		t.Fatalf("after the refusal c1 = %+v, %v; want it suspended as it was", r, err)
	}
	if r, err := db.HeldCredential("ana", "trainer", at.Add(2*time.Minute)); err != nil || r == nil || r.ID != "c2" {
		t.Fatalf("HeldCredential after the refusal = %v, %v; want c2", r, err)
	}
	// Suspending it again, or revoking it, is no conflict.
	if _, err := db.SetStatus("c1", accolade.Suspended, "still checking", at.Add(3*time.Minute)); err != nil {
		t.Fatalf("suspending c1 again: %v", err)
	}
	if _, err := db.SetStatus("c2", accolade.Revoked, "issued in error", at.Add(4*time.Minute)); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SetStatus("c1", accolade.Active, "", at.Add(5*time.Minute)); err != nil {
		t.Fatalf("making c1 active once c2 is revoked: %v", err)
	}
	if r, err := db.HeldCredential("ana", "trainer", at.Add(5*time.Minute)); err != nil || r == nil || r.ID != "c1" {
		t.Fatalf("HeldCredential at the end = %v, %v; want c1", r, err)
	}
}

// TestActiveAgainWhenExpired: a suspended credential that has expired
// since may be made active again beside its replacement: it is not valid
// either way, so nobody holds two.
func TestActiveAgainWhenExpired(t *testing.T) {
	db := MustOpen(t)
	seed(t, db)
	issue(t, db, &accolade.Record{ID: "c1", ValidUntil: t0.Add(24 * time.Hour)}, t0)
	if _, err := db.SetStatus("c1", accolade.Suspended, "", t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	later := t0.Add(48 * time.Hour)
	issue(t, db, &accolade.Record{ID: "c2"}, later)
	if _, err := db.SetStatus("c1", accolade.Active, "", later.Add(time.Minute)); err != nil {
		t.Fatalf("making the expired c1 active again: %v", err)
	}
	if r, err := db.HeldCredential("ana", "trainer", later.Add(time.Minute)); err != nil || r == nil || r.ID != "c2" {
		t.Fatalf("HeldCredential = %v, %v; want c2", r, err)
	}
}
