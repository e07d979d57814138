package store_test

import (
	"testing"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/internal/pgtest"
	"github.com/accolade-badges/accolade/store"
)

// TestSnapshotMark checks that a mark stays while nothing is written, even
// across closing and opening the database, and changes with any write.
func TestSnapshotMark(t *testing.T) {
	pgtest.SkipOnPostgres(t, "snapshot marks are bbolt transaction ids")
	dir := t.TempDir()
	db, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if m, err := db.SnapshotMark(); err != nil || m != "" {
		t.Fatalf("SnapshotMark() of a new database = %q, %v; want none", m, err)
	}
	mark, err := db.MarkSnapshot()
	if err != nil || len(mark) < 34 {
		t.Fatalf("MarkSnapshot() = %q, %v", mark, err)
	}
	if m, err := db.SnapshotMark(); err != nil || m != mark {
		t.Fatalf("SnapshotMark() = %q, %v; want the mark just made, %q", m, err, mark)
	}
	db.Close()
	if db, err = store.Open(dir); err != nil {
		t.Fatal(err)
	}
	defer func() { db.Close() }()
	if m, _ := db.SnapshotMark(); m != mark {
		t.Fatalf("after opening again, SnapshotMark() = %q; want %q (opening writes nothing)", m, mark)
	}
	if _, err := db.PutMember(&accolade.Member{ID: "m1", Name: "Ana", Email: "ana@example.org"}); err != nil {
		t.Fatal(err)
	}
	if m, _ := db.SnapshotMark(); m == mark {
		t.Fatalf("after a write, SnapshotMark() = %q, the same as before it", m)
	}
	again, err := db.MarkSnapshot()
	if err != nil || again[:32] == mark[:32] {
		t.Fatalf("a second MarkSnapshot() = %q, %v; want a new token", again, err)
	}
}

// TestSnapshotMarkCompacted checks that a compacted database has no mark:
// it counts its transactions from one again.
func TestSnapshotMarkCompacted(t *testing.T) {
	pgtest.SkipOnPostgres(t, "snapshot marks are bbolt transaction ids")
	dir := t.TempDir()
	db, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.MarkSnapshot(); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if _, _, err := store.Compact(dir); err != nil {
		t.Fatal(err)
	}
	if db, err = store.Open(dir); err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if m, err := db.SnapshotMark(); err != nil || m != "" {
		t.Errorf("after Compact, SnapshotMark() = %q, %v; want none", m, err)
	}
}
