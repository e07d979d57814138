package store

import (
	"errors"
	"fmt"
	"sync"
	"testing"

	bolt "go.etcd.io/bbolt"
)

var bucketGroupTest = []byte("group_test")

func openGroupTest(t *testing.T) *DB {
	t.Helper()
	db := MustOpenInternal(t)
	if db.bolt == nil {
		return db // a PostgreSQL bucket needs no creating
	}
	if err := db.bolt.Update(func(tx *bolt.Tx) error {
		_, err := tx.CreateBucketIfNotExists(bucketGroupTest)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return db
}

// putOnce writes key, failing when it is there already.
func putOnce(key string) func(kvTx) error {
	return func(tx kvTx) error {
		b := tx.bucket(bucketGroupTest)
		if b.Get([]byte(key)) != nil {
			return fmt.Errorf("%s is taken", key)
		}
		return b.Put([]byte(key), []byte("v"))
	}
}

func (db *DB) groupTestKeys(t *testing.T) map[string]bool {
	t.Helper()
	got := map[string]bool{}
	db.kv.view(func(tx kvTx) error {
		return tx.bucket(bucketGroupTest).ForEach(func(k, _ []byte) error { got[string(k)] = true; return nil })
	})
	return got
}

// TestGroupCommitShares runs many concurrent writers: each write is
// committed, and they share fewer transactions than there are writers.
func TestGroupCommitShares(t *testing.T) {
	db := openGroupTest(t)
	const writers = 200
	var mu sync.Mutex
	txs := map[kvTx]bool{}
	var wg sync.WaitGroup
	errc := make(chan error, writers)
	for i := range writers {
		wg.Go(func() {
			put := putOnce(fmt.Sprint("k", i))
			errc <- db.update(func(tx kvTx) error {
				mu.Lock()
				txs[tx] = true
				mu.Unlock()
				return put(tx)
			})
		})
	}
	wg.Wait()
	close(errc)
	for err := range errc {
		if err != nil {
			t.Fatalf("update: %v", err)
		}
	}
	if got := db.groupTestKeys(t); len(got) != writers {
		t.Errorf("%d keys stored, want %d", len(got), writers)
	}
	if len(txs) >= writers {
		t.Errorf("%d writers used %d transactions: no group commit", writers, len(txs))
	}
	t.Logf("%d writers, %d transactions", writers, len(txs))
}

// TestGroupCommitFailure commits a group whose second function fails
// because of what the first wrote: the first is committed, the second
// gets its own error and writes nothing, the third is committed.
func TestGroupCommitFailure(t *testing.T) {
	db := openGroupTest(t)
	half := errors.New("half written")
	group := []*groupCall{
		{fn: putOnce("a")},
		{fn: func(tx kvTx) error {
			if err := putOnce("b")(tx); err != nil { // written, then rolled back
				return err
			}
			return putOnce("a")(tx)
		}},
		{fn: putOnce("c")},
		{fn: func(tx kvTx) error {
			tx.bucket(bucketGroupTest).Put([]byte("d"), nil)
			return half
		}},
	}
	db.commitGroup(group)
	if group[0].err != nil || group[2].err != nil {
		t.Errorf("the good calls' errors = %v, %v; want none", group[0].err, group[2].err)
	}
	if group[1].err == nil || group[1].err.Error() != "a is taken" {
		t.Errorf("the conflicting call's error = %v, want \"a is taken\"", group[1].err)
	}
	if !errors.Is(group[3].err, half) {
		t.Errorf("the last call's error = %v, want %v", group[3].err, half)
	}
	got := db.groupTestKeys(t)
	if !got["a"] || !got["c"] || got["b"] || got["d"] || len(got) != 2 {
		t.Errorf("stored %v, want a and c only", got)
	}
}
