package store

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
)

// Every transaction that appends to the change feed also sends a
// notification on the schema's channel (pg_notify, delivered at commit),
// with the writing handle's node id as payload, so that the other nodes
// read the feed at once instead of at their next tick. Notifications are
// only a wake-up: the feed is the record, and a node that missed some
// (its connection dropped) reads it anyway on its timer and after
// reconnecting. CockroachDB has no LISTEN/NOTIFY; there, the timer alone.

// changeChannel is the notification channel of the change feed in the
// schema: at most 63 bytes, PostgreSQL's longest identifier.
func changeChannel(schema string) string {
	c := "accolade_changes:" + schema
	if len(c) > 63 {
		c = c[:63]
	}
	return c
}

// listenBackoff bounds the wait before listening again after the
// connection failed.
const (
	listenFirstBackoff = 500 * time.Millisecond
	listenMaxBackoff   = 30 * time.Second
)

// ListenChanges calls wake (which must not block) whenever another node
// commits a change to the feed, and once after each (re)connection, when
// some may have been missed, until ctx is done; a lost connection is
// opened again after a growing pause. failed, when set, is told of each
// failure. On a bbolt file, which keeps no feed, it returns at once.
func (db *DB) ListenChanges(ctx context.Context, wake func(), failed func(error)) {
	e, ok := db.kv.(*pgEngine)
	if !ok {
		return
	}
	backoff := listenFirstBackoff
	for ctx.Err() == nil {
		err := e.listen(ctx, wake, func() { backoff = listenFirstBackoff })
		if ctx.Err() != nil {
			return
		}
		if failed != nil {
			failed(err)
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(backoff):
		}
		backoff = min(2*backoff, listenMaxBackoff)
	}
}

// listen is one connection of ListenChanges: its own, not the pool's,
// held for as long as it lasts. listening is called once it listens.
func (e *pgEngine) listen(ctx context.Context, wake, listening func()) error {
	cfg := e.pool.Config().ConnConfig.Copy()
	cctx, cancel := context.WithTimeout(ctx, pgConnectTimeout)
	conn, err := pgx.ConnectConfig(cctx, cfg)
	cancel()
	if err != nil {
		return pgErr(err, "connecting to listen for the other nodes' changes")
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if _, err := conn.Exec(ctx, "LISTEN "+pgx.Identifier{e.channel}.Sanitize()); err != nil {
		return pgErr(err, "listening for the other nodes' changes")
	}
	listening()
	wake() // what was committed while not listening
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return pgErr(err, "waiting for the other nodes' changes")
		}
		if n.Payload != e.node {
			wake()
		}
	}
}
