package store

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/accolade-badges/accolade/errs"
)

// pgEngine is the PostgreSQL engine: every bucket's keys are rows of one
// table, kv(bucket, k, v), ordered by (bucket, k) (pgmigrations/).
//
// Writes run SERIALIZABLE, so that the checks the store makes in a
// transaction (an id not taken, an index free) hold when it commits, as
// under bbolt's single writer: a transaction that lost a conflict
// (SQLSTATE 40001, or a deadlock, 40P01) is rolled back and run again,
// after a jittered backoff, up to pgAttempts times. Reads run REPEATABLE
// READ, READ ONLY: one snapshot, which PostgreSQL never aborts for a
// conflict, so they are not retried (a view's function may keep what it
// found in values outside it). No advisory locks, so that CockroachDB can
// stand in (best effort).
type pgEngine struct {
	pool *pgxpool.Pool
	node string // this handle's id in the change feed (change.go)
	// channel is the LISTEN/NOTIFY channel of the change feed: one per
	// schema, so that installs sharing a database wake only their own.
	channel string
}

// pgAttempts is how many times a write transaction is tried.
const pgAttempts = 10

// pgFirstPage and pgMaxPage bound the rows a cursor fetches at once: the
// first fetch is small (most walks stop early), each next one twice as
// large, up to pgMaxPage, so that a long walk takes few round trips and
// bounded memory.
const (
	pgFirstPage = 16
	pgMaxPage   = 1024
)

var (
	pgRead  = pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}
	pgWrite = pgx.TxOptions{IsoLevel: pgx.Serializable, AccessMode: pgx.ReadWrite}
)

func (e *pgEngine) view(fn func(kvTx) error) error { return e.attempt(pgRead, fn) }

func (e *pgEngine) update(fn func(kvTx) error) error {
	for n := 1; ; n++ {
		err := e.attempt(pgWrite, fn)
		if err == nil || !retryable(err) {
			return err
		}
		if n == pgAttempts {
			return errs.Wrap(errs.Unavailable, err, "the database is busy: a transaction lost %d conflicts in a row; try again", n)
		}
		// Jittered exponential backoff: up to 2 ms, 4 ms, ... 512 ms.
		time.Sleep(time.Duration(rand.Int64N(int64(time.Millisecond) << min(n, 9))))
	}
}

func (e *pgEngine) batch(fn func(kvTx) error) error { return e.update(fn) }

func (e *pgEngine) close() error {
	e.pool.Close()
	return nil
}

// retryable reports whether err is a serialization failure or a deadlock,
// after which the transaction may succeed when run again.
func retryable(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && (pe.Code == "40001" || pe.Code == "40P01")
}

// attempt runs fn once in a transaction with opts. An error of the engine
// (the transaction's sticky one, or the commit's) comes before fn's.
func (e *pgEngine) attempt(opts pgx.TxOptions, fn func(kvTx) error) error {
	ctx := context.Background()
	ptx, err := e.pool.BeginTx(ctx, opts)
	if err != nil {
		return pgErr(err, "beginning a transaction")
	}
	defer ptx.Rollback(ctx) // after Commit, a no-op
	t := &pgTx{ctx: ctx, e: e, tx: ptx, gen: map[string]int{}}
	ferr := fn(t)
	switch {
	case t.err != nil:
		return t.err
	case ferr != nil:
		return ferr
	}
	if err := ptx.Commit(ctx); err != nil {
		return pgErr(err, "committing")
	}
	for _, f := range t.commits {
		f()
	}
	return nil
}

// pgErr wraps an error of the database as errs.Internal, keeping it for
// retryable (errs.Wrap keeps the chain).
func pgErr(err error, doing string) error {
	return errs.Wrap(errs.Internal, err, "postgres: %s", doing)
}

// pgTx is one PostgreSQL transaction as a kvTx. err is its sticky error
// (see kv.go); gen counts the writes to each bucket, so that a cursor
// knows when the rows it fetched may be stale.
type pgTx struct {
	ctx     context.Context
	e       *pgEngine
	tx      pgx.Tx
	err     error
	commits []func()
	gen     map[string]int
	// nextChange is the number of the next change-feed event this
	// transaction appends, once it has read the last one (change.go).
	nextChange uint64
}

func (t *pgTx) bucket(name []byte) kvBucket { return &pgBucket{t: t, name: string(name)} }
func (t *pgTx) onCommit(fn func())          { t.commits = append(t.commits, fn) }
func (t *pgTx) engine() kvEngine            { return t.e }

// fail keeps the first error of the transaction.
func (t *pgTx) fail(err error, doing string, args ...any) {
	if t.err == nil {
		t.err = pgErr(err, fmt.Sprintf(doing, args...))
	}
}

// pgBucket is one bucket of a pgTx.
type pgBucket struct {
	t    *pgTx
	name string
}

func (b *pgBucket) Get(key []byte) []byte {
	if b.t.err != nil {
		return nil
	}
	var v []byte
	err := b.t.tx.QueryRow(b.t.ctx, `SELECT v FROM kv WHERE bucket = $1 AND k = $2`, b.name, key).Scan(&v)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil
	}
	if err != nil {
		b.t.fail(err, "reading %s/%s", b.name, key)
		return nil
	}
	if v == nil {
		v = []byte{}
	}
	return v
}

func (b *pgBucket) Put(key, value []byte) error {
	if b.t.err != nil {
		return b.t.err
	}
	if len(key) == 0 {
		return errs.E(errs.Internal, "writing to %s: a key is required", b.name)
	}
	if value == nil {
		value = []byte{}
	}
	b.t.gen[b.name]++
	_, err := b.t.tx.Exec(b.t.ctx, `INSERT INTO kv (bucket, k, v) VALUES ($1, $2, $3)
		ON CONFLICT (bucket, k) DO UPDATE SET v = excluded.v`, b.name, key, value)
	if err != nil {
		b.t.fail(err, "writing %s/%s", b.name, key)
	}
	return b.t.err
}

func (b *pgBucket) Delete(key []byte) error {
	if b.t.err != nil {
		return b.t.err
	}
	b.t.gen[b.name]++
	if _, err := b.t.tx.Exec(b.t.ctx, `DELETE FROM kv WHERE bucket = $1 AND k = $2`, b.name, key); err != nil {
		b.t.fail(err, "deleting %s/%s", b.name, key)
	}
	return b.t.err
}

func (b *pgBucket) KeyN() int {
	if b.t.err != nil {
		return 0
	}
	var n int
	if err := b.t.tx.QueryRow(b.t.ctx, `SELECT count(*) FROM kv WHERE bucket = $1`, b.name).Scan(&n); err != nil {
		b.t.fail(err, "counting %s", b.name)
	}
	return n
}

func (b *pgBucket) Cursor() kvCursor { return &pgCursor{b: b} }

func (b *pgBucket) ForEach(fn func(k, v []byte) error) error {
	c := b.Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		if err := fn(k, v); err != nil {
			return err
		}
	}
	return b.t.err
}
