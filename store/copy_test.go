package store_test

import (
	"testing"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/store"
)

// TestCopyTo copies a bbolt store into an empty one (PostgreSQL under
// make test-pg, another bbolt file otherwise): every bucket holds as many
// records, the digests agree, and the copy reads back the same; a second
// copy into the now full database is refused and changes nothing.
func TestCopyTo(t *testing.T) {
	src, err := store.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	seed(t, src)
	for _, id := range []string{"c1", "c2"} {
		rec := &accolade.Record{ID: id, State: accolade.Pending, Member: "ana", Achievement: "trainer", Status: accolade.Active, ValidFrom: t0, Created: t0, JWT: "jwt-" + id}
		if id == "c2" {
			rec.Renews = "c1"
		}
		if err := src.ReserveCredential(rec, t0); err != nil {
			t.Fatal(err)
		}
		rec.State = accolade.Issued
		if err := src.CompleteCredential(rec); err != nil {
			t.Fatal(err)
		}
	}
	dst := MustOpen(t)
	var calls int
	rep, err := src.CopyTo(dst, func(int) { calls++ })
	if err != nil {
		t.Fatalf("CopyTo: %v", err)
	}
	if rep.Source != rep.Copied || rep.Total == 0 || calls == 0 || rep.Keys["credentials"] != 2 || rep.Keys["members"] != 1 || rep.Keys["issuers"] != 1 {
		t.Errorf("CopyTo = %+v (%d progress calls)", rep, calls)
	}
	for _, id := range []string{"c1", "c2"} {
		want, _ := src.Credential(id)
		got, err := dst.Credential(id)
		if err != nil || got.JWT != want.JWT || got.SupersededBy != want.SupersededBy || got.Status != want.Status {
			t.Errorf("copied %s = %+v, %v; want %+v", id, got, err, want)
		}
	}
	if m, err := dst.Member("ana"); err != nil || m.Email != "ana@example.org" {
		t.Errorf("copied member = %+v, %v", m, err)
	}
	// On PostgreSQL the constraint tables are filled from the copy: both
	// credentials, c2 (the renewal) live, and both award notices queued.
	if rows := store.ConstraintRows(t, dst); rows != nil && (rows["credential_holding"] != 2 || rows["live"] != 1 || rows["outbox_queue"] != 2) {
		t.Errorf("the copy's constraint tables hold %v, want 2 holdings (1 live) and 2 queued notices", rows)
	}
	if _, err := src.CopyTo(dst, nil); errs.KindOf(err) != errs.Conflict {
		t.Errorf("CopyTo a full database = %v, want Conflict", err)
	}
	if list, err := dst.Credentials(accolade.CredentialFilter{}); err != nil || len(list) != 2 {
		t.Errorf("after a refused copy the destination lists %d credentials, %v; want 2", len(list), err)
	}
}
