package store_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/internal/pgtest"
	"github.com/accolade-badges/accolade/store"
)

// TestBackupRestore: a backup taken while the database is open restores
// into an empty directory with every record; restoring over a database,
// or a file that is not a backup, is refused and writes nothing.
func TestBackupRestore(t *testing.T) {
	pgtest.SkipOnPostgres(t, "a hot copy of the bbolt file")
	src := t.TempDir()
	db, err := store.Open(src)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.PutMember(&accolade.Member{ID: "ana", Name: "ليلى حداد", Email: "ana@example.org"}); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	n, err := db.Backup(&buf)
	if err != nil || n != int64(buf.Len()) || n == 0 {
		t.Fatalf("Backup = %d, %v (buffer %d)", n, err, buf.Len())
	}
	file := filepath.Join(t.TempDir(), "backup.db")
	if err := os.WriteFile(file, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	dst := filepath.Join(t.TempDir(), "restored")
	got, err := store.Restore(file, dst)
	if err != nil {
		t.Fatal(err)
	}
	if m, err := got.Member("ana"); err != nil || m.Name != "ليلى حداد" {
		t.Errorf("restored member = %+v, %v", m, err)
	}
	got.Close()
	if fi, err := os.Stat(filepath.Join(dst, store.FileName)); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("restored file: %v, %v; want mode 0600", fi, err)
	}

	if _, err := store.Restore(file, dst); errs.KindOf(err) != errs.Conflict || !strings.Contains(err.Error(), "restore into an empty data directory") {
		t.Errorf("restore over a database: %v, want a conflict", err)
	}
	notBolt := filepath.Join(t.TempDir(), "notes.txt")
	os.WriteFile(notBolt, []byte("hello"), 0o600)
	otherBolt := filepath.Join(t.TempDir(), "other.db")
	b, err := bolt.Open(otherBolt, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	b.Update(func(tx *bolt.Tx) error { _, err := tx.CreateBucket([]byte("x")); return err })
	b.Close()
	for file, want := range map[string]string{notBolt: "is not an Accolade backup (a bbolt database)", otherBolt: "not an Accolade backup: it has no meta bucket"} {
		empty := filepath.Join(t.TempDir(), "d")
		if _, err := store.Restore(file, empty); errs.KindOf(err) != errs.Invalid || !strings.Contains(err.Error(), want) {
			t.Errorf("restore %s: %v, want %q", filepath.Base(file), err, want)
		}
		if _, err := os.Stat(empty); err == nil {
			t.Errorf("a refused restore of %s created the data directory", filepath.Base(file))
		}
	}
}

// TestCompact: a file that grew through deletions shrinks, keeps every
// record, and stays usable; an open database is not compacted.
func TestCompact(t *testing.T) {
	pgtest.SkipOnPostgres(t, "compacts a bbolt file")
	dir := t.TempDir()
	db, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	big := strings.Repeat("x", 150)
	for i := range 3000 {
		id := "m" + strconv.Itoa(i)
		if _, err := db.PutMember(&accolade.Member{ID: id, Name: big, Email: id + "@example.org"}); err != nil {
			t.Fatal(err)
		}
	}
	for i := range 3000 { // rewrite every member: the old pages become free
		id := "m" + strconv.Itoa(i)
		if _, err := db.PutMember(&accolade.Member{ID: id, Name: "M", Email: id + "@example.org"}); err != nil {
			t.Fatal(err)
		}
	}
	if _, _, err := store.Compact(dir); errs.KindOf(err) != errs.Unavailable {
		t.Errorf("compacting an open database: %v, want Unavailable", err)
	}
	db.Close()
	before, after, err := store.Compact(dir)
	if err != nil || after >= before {
		t.Fatalf("Compact = %d -> %d, %v; want smaller", before, after, err)
	}
	t.Logf("compacted %d -> %d bytes", before, after)
	db, err = store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	members, err := db.Members()
	if err != nil || len(members) != 3000 {
		t.Errorf("after compacting: %d members, %v", len(members), err)
	}
	if m, err := db.Member("m42"); err != nil || m.Name != "M" {
		t.Errorf("m42 = %+v, %v", m, err)
	}
}
