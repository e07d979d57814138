package store

import "github.com/accolade-badges/accolade/errs"

// The store reads and writes through a small key-value engine boundary, so
// that one body of code runs on bbolt (kv_bolt.go, the embedded default)
// and on PostgreSQL (kv_pg.go). It is bbolt's model: named buckets of
// keys in bytewise order, read-only and read-write transactions, cursors.
// What only a bbolt file can do (a hot copy, compaction, transaction ids
// for snapshot marks, the upgrade steps of the file's layout) stays on
// *bolt.DB, behind methods that refuse on the other engine.
//
// Errors of the engine itself (a lost connection, a serialization
// failure) are sticky: a Get or a cursor move that fails returns nil, as
// for a missing key, and the transaction remembers the error; view,
// update and batch then return it whatever the function returned, and an
// update is rolled back. So a function may act on a nil that was an error
// only inside its transaction, never past it.

// kvEngine is a store's storage engine.
type kvEngine interface {
	// view runs fn in a read-only transaction: one consistent state.
	view(fn func(kvTx) error) error
	// update runs fn in a read-write transaction and commits it when fn
	// returns nil. fn may be run more than once (the PostgreSQL engine
	// retries a transaction that lost a serialization conflict), so it
	// must have no effect outside the transaction other than on values it
	// owns and sets afresh on each run.
	update(fn func(kvTx) error) error
	// batch is update for small concurrent writes, which the engine may
	// combine into one transaction (bbolt's Batch); fn may run twice.
	batch(fn func(kvTx) error) error
	close() error
}

// kvTx is one transaction.
type kvTx interface {
	// bucket returns the named bucket. Every bucket of allBuckets exists.
	bucket(name []byte) kvBucket
	// onCommit calls fn after the transaction commits (never when it is
	// rolled back, and once however often the function was retried).
	onCommit(fn func())
	// engine returns the engine the transaction belongs to.
	engine() kvEngine
}

// kvBucket is a bucket within a transaction. Keys are compared bytewise.
// Slices that Get and cursors return are valid only until the transaction
// ends (bbolt's contract: they point into its memory map), and must not be
// changed; copy what is kept. Put and Delete may invalidate them too.
type kvBucket interface {
	// Get returns the value at key, or nil when there is none. A stored
	// empty value is a non-nil empty slice.
	Get(key []byte) []byte
	Put(key, value []byte) error
	Delete(key []byte) error
	// Cursor returns a cursor over the bucket, unpositioned.
	Cursor() kvCursor
	// ForEach calls fn for every key and value in key order; fn must not
	// change the bucket.
	ForEach(fn func(k, v []byte) error) error
	// KeyN returns the number of keys.
	KeyN() int
}

// kvCursor moves over a bucket's keys in order, with bbolt's semantics:
// every move returns the key and value it lands on, or a nil key when it
// runs off either end. Seek lands on the first key at or after its
// argument. Delete removes the key the cursor is on; move the cursor with
// First, Last or Seek after it (bbolt's Next may then skip a key). A
// cursor sees the writes of its own transaction.
type kvCursor interface {
	First() (key, value []byte)
	Last() (key, value []byte)
	Seek(seek []byte) (key, value []byte)
	Next() (key, value []byte)
	Prev() (key, value []byte)
	Delete() error
}

// errNotOnPostgres is the errs.Unavailable error of what only a bbolt
// file can do, with what to do instead.
func errNotOnPostgres(what, instead string) error {
	return errs.E(errs.Unavailable, "%s: not available on PostgreSQL, only with a bbolt data file; %s", what, instead)
}
