package store

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/internal/pgtest"
)

// kvKey is the i-th key of the cursor tests: 4 bytes big-endian, so that
// key order is number order.
func kvKey(i int) []byte { return binary.BigEndian.AppendUint32(nil, uint32(i)) }

// TestCursor walks a bucket of more keys than a PostgreSQL cursor fetches
// at once, both ways, from Seek, and deleting as it goes, on whichever
// engine the tests run: the two must agree with bbolt's semantics.
func TestCursor(t *testing.T) {
	db := openGroupTest(t)
	const n = 2500 // past pgMaxPage, after pages of 16, 32, ...
	err := db.kv.update(func(tx kvTx) error {
		b := tx.bucket(bucketGroupTest)
		for i := range n {
			if err := b.Put(kvKey(2*i), []byte(strconv.Itoa(2*i))); err != nil { // even keys only
				return err
			}
		}
		return b.Put([]byte{0xff, 0xff, 0xff, 0xff, 0xff}, nil) // after every other key, an empty value
	})
	if err != nil {
		t.Fatal(err)
	}
	err = db.kv.view(func(tx kvTx) error {
		b := tx.bucket(bucketGroupTest)
		if got := b.KeyN(); got != n+1 {
			t.Errorf("KeyN = %d, want %d", got, n+1)
		}
		switch v := b.Get([]byte{0xff, 0xff, 0xff, 0xff, 0xff}); {
		case v == nil:
			t.Error("Get of an empty value = nil, want a non-nil empty slice")
		case len(v) != 0:
			t.Errorf("Get of an empty value = %q, want a non-nil empty slice", v)
		}
		if v := b.Get(kvKey(1)); v != nil {
			t.Errorf("Get of a missing key = %q, want nil", v)
		}
		c := b.Cursor()
		i := 0
		for k, v := c.First(); len(k) == 4; k, v = c.Next() {
			if !bytes.Equal(k, kvKey(2*i)) || string(v) != strconv.Itoa(2*i) {
				t.Fatalf("Next %d = %x %q, want %x", i, k, v, kvKey(2*i))
			}
			i++
		}
		if i != n {
			t.Errorf("First..Next walked %d keys, want %d", i, n)
		}
		c = b.Cursor()
		k, _ := c.Last()
		if len(k) != 5 {
			t.Fatalf("Last = %x, want the 5-byte key", k)
		}
		i = n - 1
		for k, _ = c.Prev(); k != nil; k, _ = c.Prev() {
			if !bytes.Equal(k, kvKey(2*i)) {
				t.Fatalf("Prev = %x, want %x", k, kvKey(2*i))
			}
			i--
		}
		if i != -1 {
			t.Errorf("Last..Prev stopped before key %d", i)
		}
		for _, s := range []struct{ seek, want, prev int }{{0, 0, -1}, {1, 2, 0}, {1001, 1002, 1000}, {2*n - 2, 2*n - 2, 2*n - 4}} {
			c = b.Cursor()
			if k, _ := c.Seek(kvKey(s.seek)); !bytes.Equal(k, kvKey(s.want)) {
				t.Errorf("Seek(%d) = %x, want %x", s.seek, k, kvKey(s.want))
			}
			k, _ := c.Prev()
			if s.prev < 0 && k != nil || s.prev >= 0 && !bytes.Equal(k, kvKey(s.prev)) {
				t.Errorf("Seek(%d), Prev = %x, want key %d", s.seek, k, s.prev)
			}
			if k, _ := c.Next(); s.prev >= 0 && !bytes.Equal(k, kvKey(s.want)) {
				t.Errorf("Seek(%d), Prev, Next = %x, want key %d", s.seek, k, s.want)
			}
		}
		if k, _ := b.Cursor().Seek([]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0}); k != nil {
			t.Errorf("Seek past the end = %x, want nil", k)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// Delete every key below 1000 through the cursor, as PruneOutbox does:
	// First again after each (after a Delete, bbolt's Next may skip a key).
	err = db.kv.update(func(tx kvTx) error {
		c := tx.bucket(bucketGroupTest).Cursor()
		for k, _ := c.First(); k != nil && binary.BigEndian.Uint32(k) < 1000; k, _ = c.First() {
			if err := c.Delete(); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var left []string
	db.kv.view(func(tx kvTx) error {
		return tx.bucket(bucketGroupTest).ForEach(func(k, _ []byte) error { left = append(left, fmt.Sprintf("%x", k)); return nil })
	})
	want := []string{}
	for i := 500; i < n; i++ {
		want = append(want, fmt.Sprintf("%x", kvKey(2*i)))
	}
	want = append(want, "ffffffffff")
	if got, want := strings.Join(left, " "), strings.Join(want, " "); got != want {
		t.Errorf("after deleting the keys below 1000, %d keys left, want %d", len(left), n-500+1)
	}
}

// TestUpdateRetries runs conflicting increments of one key in concurrent
// update transactions, outside the group commit: on PostgreSQL they lose
// serialization conflicts and are run again, and none is lost.
func TestUpdateRetries(t *testing.T) {
	db := openGroupTest(t)
	const writers, each = 8, 10
	var wg sync.WaitGroup
	errc := make(chan error, writers*each)
	var mu sync.Mutex
	commits, runs := 0, 0
	for range writers {
		wg.Go(func() {
			for range each {
				errc <- db.kv.update(func(tx kvTx) error {
					mu.Lock()
					runs++
					mu.Unlock()
					b := tx.bucket(bucketGroupTest)
					n, _ := strconv.Atoi(string(b.Get([]byte("n"))))
					tx.onCommit(func() { mu.Lock(); commits++; mu.Unlock() })
					return b.Put([]byte("n"), []byte(strconv.Itoa(n+1)))
				})
			}
		})
	}
	wg.Wait()
	close(errc)
	for err := range errc {
		if err != nil {
			t.Fatalf("update: %v", err)
		}
	}
	var got string
	db.kv.view(func(tx kvTx) error { got = string(tx.bucket(bucketGroupTest).Get([]byte("n"))); return nil })
	if got != strconv.Itoa(writers*each) || commits != writers*each {
		t.Errorf("after %d increments, n = %s and %d commit hooks ran, want %d of each", writers*each, got, commits, writers*each)
	}
	t.Logf("%d commits took %d runs", commits, runs)
}

// TestStickyError: an engine error in a transaction is what view and
// update return, whatever the function did with the nil it got.
func TestStickyError(t *testing.T) {
	db := MustOpenInternal(t)
	if db.bolt != nil {
		t.Skip("PostgreSQL only: bbolt reads do not fail")
	}
	sentinel := errors.New("the function's own")
	err := db.kv.update(func(tx kvTx) error {
		pt := tx.(*pgTx)
		pt.fail(errors.New("connection lost"), "reading")
		if v := tx.bucket(bucketMeta).Get(keySchema); v != nil {
			t.Errorf("Get after an engine error = %q, want nil", v)
		}
		return sentinel
	})
	if errors.Is(err, sentinel) || !strings.Contains(err.Error(), "connection lost") {
		t.Errorf("update = %v, want the engine's error", err)
	}
}

// TestPostgresOnlyFile: what only a bbolt file can do says so on
// PostgreSQL, with an errs.Unavailable error.
func TestPostgresOnlyFile(t *testing.T) {
	db := MustOpenInternal(t)
	if db.bolt != nil {
		t.Skip("PostgreSQL only")
	}
	if _, err := db.Backup(&bytes.Buffer{}); errs.KindOf(err) != errs.Unavailable || !strings.Contains(err.Error(), "pg_dump") {
		t.Errorf("Backup = %v, want Unavailable naming pg_dump", err)
	}
	if _, err := db.MarkSnapshot(); errs.KindOf(err) != errs.Unavailable {
		t.Errorf("MarkSnapshot = %v, want Unavailable", err)
	}
	if m, err := db.SnapshotMark(); m != "" || err != nil {
		t.Errorf("SnapshotMark = %q, %v; want none", m, err)
	}
}

// TestPostgresSchema: a database is used only at this release's schema,
// which Migrate, and only Migrate, brings it to.
func TestPostgresSchema(t *testing.T) {
	u := pgtest.URL(t)
	if u == "" {
		t.Skip("PostgreSQL only: " + pgtest.EnvURL + " is not set")
	}
	if _, err := OpenDatabase("", u); errs.KindOf(err) != errs.Invalid || !strings.Contains(err.Error(), "accolade migrate") {
		t.Fatalf("OpenDatabase of an empty schema = %v, want Invalid naming accolade migrate", err)
	}
	for range 2 { // the second finds nothing to do
		if _, err := Migrate(u); err != nil {
			t.Fatalf("Migrate: %v", err)
		}
	}
	db, err := OpenDatabase("", u)
	if err != nil {
		t.Fatalf("OpenDatabase after Migrate: %v", err)
	}
	set := func(sql string) {
		t.Helper()
		if _, err := db.kv.(*pgEngine).pool.Exec(t.Context(), sql); err != nil {
			t.Fatal(err)
		}
	}
	set(`UPDATE kv SET v = '99' WHERE bucket = 'meta' AND k = 'schema'`)
	if _, err := OpenDatabase("", u); errs.KindOf(err) != errs.Invalid || !strings.Contains(err.Error(), "newer accolade") {
		t.Errorf("OpenDatabase of records of schema 99 = %v, want Invalid naming a newer accolade", err)
	}
	set(`INSERT INTO schema_migrations (version, name) VALUES (1000, 'later')`)
	for name, err := range map[string]error{"Migrate": func() error { _, err := Migrate(u); return err }(), "OpenDatabase": func() error { _, err := OpenDatabase("", u); return err }()} {
		if errs.KindOf(err) != errs.Invalid || !strings.Contains(err.Error(), "newer accolade") {
			t.Errorf("%s of schema version 1000 = %v, want Invalid naming a newer accolade", name, err)
		}
	}
	db.Close()
	if _, err := OpenDatabase("", "mysql://x"); errs.KindOf(err) != errs.Invalid {
		t.Errorf("OpenDatabase(mysql://x) = %v, want Invalid", err)
	}
}
