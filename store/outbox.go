package store

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"slices"
	"sync"
	"time"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/errs"
)

// Bucket names of the mail outbox. They were added within schema version
// 3, as the images bucket was: Open creates them, empty, in a file that
// lacks them, so they need no upgrade step.
var (
	// bucketOutbox holds every notice: notice id -> outboxRecord. Sent and
	// given-up notices stay (without their secret link) so that an id is
	// never enqueued twice, until PruneOutbox removes them after a year.
	bucketOutbox = []byte("outbox")
	// bucketOutboxDue indexes the pending notices by their next attempt:
	// next attempt (8-byte big-endian Unix nanoseconds) + notice id -> nil.
	bucketOutboxDue = []byte("outbox_due")
	// bucketOutboxDone indexes the finished (sent or given-up) notices by
	// when they finished, for pruning: time + notice id -> nil.
	bucketOutboxDone = []byte("outbox_done")
)

// Outbox states of a notice.
const (
	OutboxPending = "pending" // waiting for its next attempt
	OutboxSent    = "sent"    // sent, or skipped with a Note saying why
	OutboxFailed  = "failed"  // given up after failed attempts
)

// outboxVersion is the version of outboxRecord.
const outboxVersion = 1

// outboxRecord is the stored form of an accolade.Notice with its delivery
// state.
type outboxRecord struct {
	V           int       `json:"v"`
	ID          string    `json:"id"`
	Kind        string    `json:"kind"`
	Member      string    `json:"member"`
	Credential  string    `json:"credential,omitempty"`
	Exchange    string    `json:"exchange,omitempty"`
	Application string    `json:"application,omitempty"`
	By          string    `json:"by,omitempty"`
	Link        string    `json:"link,omitempty"` // a secret: emptied once finished
	Lang        string    `json:"lang,omitempty"`
	Created     time.Time `json:"created"`
	State       string    `json:"state"`
	Attempts    int       `json:"attempts,omitempty"`
	NextAttempt time.Time `json:"nextAttempt,omitzero"`
	LastError   string    `json:"lastError,omitempty"`
	Note        string    `json:"note,omitempty"`
	SentAt      time.Time `json:"sentAt,omitzero"`
}

func (r *outboxRecord) version() (int, int) { return r.V, outboxVersion }

func toOutboxRecord(n *accolade.Notice) *outboxRecord {
	return &outboxRecord{V: outboxVersion, ID: n.ID, Kind: string(n.Kind), Member: n.Member, Credential: n.Credential,
		Exchange: n.Exchange, Application: n.Application, By: n.By, Link: n.Link, Lang: n.Lang, Created: n.Created,
		State: OutboxPending, NextAttempt: n.Created}
}

func noticeFromRecord(r *outboxRecord) *accolade.Notice {
	return &accolade.Notice{ID: r.ID, Kind: accolade.NoticeKind(r.Kind), Member: r.Member, Credential: r.Credential,
		Exchange: r.Exchange, Application: r.Application, By: r.By, Link: r.Link, Lang: r.Lang, Created: r.Created}
}

// OutboxEntry is a notice with its delivery state, for diagnostics and for
// the worker's back-off.
type OutboxEntry struct {
	Notice      *accolade.Notice
	State       string // OutboxPending, OutboxSent or OutboxFailed
	Attempts    int    // failed attempts so far
	NextAttempt time.Time
	LastError   string
	Note        string // why a notice was marked sent without a mail
	SentAt      time.Time
}

func entryFromRecord(r *outboxRecord) *OutboxEntry {
	return &OutboxEntry{Notice: noticeFromRecord(r), State: r.State, Attempts: r.Attempts,
		NextAttempt: r.NextAttempt, LastError: r.LastError, Note: r.Note, SentAt: r.SentAt}
}

func timeKey(t time.Time, id string) []byte {
	k := make([]byte, 8, 8+len(id))
	binary.BigEndian.PutUint64(k, uint64(t.UnixNano()))
	return append(k, id...)
}

// enqueue adds n to the outbox, due at once, inside tx: call it in the
// transaction of the change that causes the notice, so that both are
// stored or neither. An id already in the outbox (pending, sent or given
// up) is left as it is, so a repeated event never mails twice. A zero
// Created is set to the current time. Once tx commits, the hook that
// OnEnqueue set (if any) is called.
func enqueue(tx kvTx, n *accolade.Notice) error {
	if n.ID == "" || n.Member == "" || n.Kind == "" {
		return errs.E(errs.Internal, "notice %q: id, kind and member are required", n.ID)
	}
	b := tx.bucket(bucketOutbox)
	if b.Get([]byte(n.ID)) != nil {
		return nil
	}
	r := toOutboxRecord(n)
	if r.Created.IsZero() {
		r.Created = time.Now().UTC()
	}
	r.NextAttempt = r.Created
	if err := put(tx, bucketOutbox, r.ID, r); err != nil {
		return err
	}
	if err := tx.bucket(bucketOutboxDue).Put(timeKey(r.NextAttempt, r.ID), nil); err != nil {
		return err
	}
	if err := queueNotice(tx, r.ID, r.NextAttempt); err != nil {
		return err
	}
	if fn, ok := enqueueHooks.Load(tx.engine()); ok {
		tx.onCommit(fn.(func()))
	}
	return nil
}

// enqueueHooks maps an open store's engine to the function OnEnqueue set for it.
var enqueueHooks sync.Map

// OnEnqueue makes the store call fn (which must not block) after every
// committed transaction that added a notice to the outbox: the worker's
// Poke. The returned function removes the hook.
func (db *DB) OnEnqueue(fn func()) (remove func()) {
	enqueueHooks.Store(db.kv, fn)
	return func() { enqueueHooks.Delete(db.kv) }
}

// Enqueue adds notices to the outbox in one transaction; ids already there
// are left as they are (see enqueue).
func (db *DB) Enqueue(list ...*accolade.Notice) error {
	return db.kv.update(func(tx kvTx) error {
		for _, n := range list {
			if err := enqueue(tx, n); err != nil {
				return err
			}
		}
		return nil
	})
}

// DueNotices returns up to limit pending notices whose next attempt is at
// or before now, the earliest due first. It reads the due index, never
// the finished notices.
func (db *DB) DueNotices(now time.Time, limit int) ([]*accolade.Notice, error) {
	var out []*accolade.Notice
	end := timeKey(now, "")
	err := db.kv.view(func(tx kvTx) error {
		c := tx.bucket(bucketOutboxDue).Cursor()
		for k, _ := c.First(); k != nil && len(out) < limit && bytes.Compare(k[:8], end) <= 0; k, _ = c.Next() {
			r, err := get[outboxRecord](tx, bucketOutbox, string(k[8:]))
			if err != nil {
				return err
			}
			if r != nil && r.State == OutboxPending {
				out = append(out, noticeFromRecord(r))
			}
		}
		return nil
	})
	return out, err
}

// ClaimNotices is DueNotices for a mail worker: the notices it returns
// are its own to send for lease. On a store that one process holds (a
// bbolt file) that is already so, and it only reads. On a shared database
// it takes them from the queue (outbox_queue, constraint.go) with FOR
// UPDATE SKIP LOCKED and moves them to be due at now+lease, so that the
// worker of another node never takes the same ones, nor waits for this
// one's claim; a node that stops mid-send leaves them to be sent once the
// lease ends. MarkSent, MarkSkipped and MarkFailed end the claim.
func (db *DB) ClaimNotices(now time.Time, lease time.Duration, limit int) ([]*accolade.Notice, error) {
	e, shared := db.kv.(*pgEngine)
	if !shared {
		return db.DueNotices(now, limit)
	}
	ids, err := e.claimQueued(now, now.Add(lease), limit)
	if err != nil || len(ids) == 0 {
		return nil, err
	}
	var recs []*outboxRecord
	err = db.kv.view(func(tx kvTx) error {
		recs = recs[:0]
		for _, id := range ids {
			r, err := get[outboxRecord](tx, bucketOutbox, id)
			if err != nil {
				return err
			}
			if r != nil && r.State == OutboxPending { // else finished by an earlier claim whose lease had ended
				recs = append(recs, r)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(recs, func(a, b *outboxRecord) int {
		return cmp.Or(a.NextAttempt.Compare(b.NextAttempt), cmp.Compare(a.ID, b.ID))
	})
	out := make([]*accolade.Notice, len(recs))
	for i, r := range recs {
		out[i] = noticeFromRecord(r)
	}
	return out, nil
}

// OutboxEntry returns the notice id with its delivery state, or an
// errs.NotFound error.
func (db *DB) OutboxEntry(id string) (*OutboxEntry, error) {
	return getOne(db, bucketOutbox, id, "notice", entryFromRecord)
}

// MarkSent records that the notice's mail was sent at at, and forgets its
// link. A notice that is not pending is an errs.Conflict error.
func (db *DB) MarkSent(id string, at time.Time) error {
	return db.finish(id, func(r *outboxRecord) { r.State, r.SentAt, r.LastError = OutboxSent, at.UTC(), "" })
}

// MarkSkipped records that the notice needs no mail (the member turned
// mail off, or has no address), with a note saying why: it is marked sent
// at at without a mail, and its link forgotten.
func (db *DB) MarkSkipped(id, note string, at time.Time) error {
	return db.finish(id, func(r *outboxRecord) { r.State, r.SentAt, r.Note = OutboxSent, at.UTC(), note })
}

// MarkFailed records a failed attempt to send the notice: one more
// attempt, reason as its last error, and the next attempt at next; with
// giveUp, the notice is failed for good and its link forgotten. A notice
// that is not pending is an errs.Conflict error, an unknown one
// errs.NotFound.
func (db *DB) MarkFailed(id, reason string, next time.Time, giveUp bool) error {
	if giveUp {
		return db.finish(id, func(r *outboxRecord) {
			r.State, r.Attempts, r.LastError, r.SentAt = OutboxFailed, r.Attempts+1, reason, next.UTC()
		})
	}
	return db.update(func(tx kvTx) error {
		r, err := pendingNotice(tx, id)
		if err != nil {
			return err
		}
		due := tx.bucket(bucketOutboxDue)
		if err := due.Delete(timeKey(r.NextAttempt, id)); err != nil {
			return err
		}
		r.Attempts, r.LastError, r.NextAttempt = r.Attempts+1, reason, next.UTC()
		if err := due.Put(timeKey(r.NextAttempt, id), nil); err != nil {
			return err
		}
		if err := queueNotice(tx, id, r.NextAttempt); err != nil {
			return err
		}
		return put(tx, bucketOutbox, id, r)
	})
}

// finish takes a pending notice out of the due index, applies change,
// forgets its link and indexes it as done at its SentAt.
func (db *DB) finish(id string, change func(*outboxRecord)) error {
	return db.update(func(tx kvTx) error {
		r, err := pendingNotice(tx, id)
		if err != nil {
			return err
		}
		return finishIn(tx, r, change)
	})
}

// finishIn is finish for the pending notice r, inside tx.
func finishIn(tx kvTx, r *outboxRecord, change func(*outboxRecord)) error {
	if err := tx.bucket(bucketOutboxDue).Delete(timeKey(r.NextAttempt, r.ID)); err != nil {
		return err
	}
	if err := unqueueNotice(tx, r.ID); err != nil {
		return err
	}
	change(r)
	r.Link, r.NextAttempt = "", time.Time{}
	if err := tx.bucket(bucketOutboxDone).Put(timeKey(r.SentAt, r.ID), nil); err != nil {
		return err
	}
	return put(tx, bucketOutbox, r.ID, r)
}

func pendingNotice(tx kvTx, id string) (*outboxRecord, error) {
	r, err := get[outboxRecord](tx, bucketOutbox, id)
	switch {
	case err != nil:
		return nil, err
	case r == nil:
		return nil, errs.E(errs.NotFound, "no notice %q in the outbox", id)
	case r.State != OutboxPending:
		return nil, errs.E(errs.Conflict, "notice %q is already %s", id, r.State)
	}
	return r, nil
}

// PruneOutbox removes the notices that finished (sent, skipped or given
// up) before before, and reports how many. Pending notices stay.
func (db *DB) PruneOutbox(before time.Time) (int, error) {
	n := 0
	end := timeKey(before, "")
	err := db.kv.update(func(tx kvTx) error {
		// Set afresh: the engine may run this function more than once (kv.go).
		n = 0
		c := tx.bucket(bucketOutboxDone).Cursor()
		for k, _ := c.First(); k != nil && bytes.Compare(k[:8], end) < 0; k, _ = c.First() {
			if err := tx.bucket(bucketOutbox).Delete(k[8:]); err != nil {
				return err
			}
			if err := c.Delete(); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	return n, err
}

// Outbox returns up to limit notices with their state for diagnostics:
// the pending ones, earliest due first, then the finished ones, most
// recent first.
func (db *DB) Outbox(limit int) ([]*OutboxEntry, error) {
	var out []*OutboxEntry
	err := db.kv.view(func(tx kvTx) error {
		add := func(k []byte) error {
			r, err := get[outboxRecord](tx, bucketOutbox, string(k[8:]))
			if r != nil {
				out = append(out, entryFromRecord(r))
			}
			return err
		}
		c := tx.bucket(bucketOutboxDue).Cursor()
		for k, _ := c.First(); k != nil && len(out) < limit; k, _ = c.Next() {
			if err := add(k); err != nil {
				return err
			}
		}
		c = tx.bucket(bucketOutboxDone).Cursor()
		for k, _ := c.Last(); k != nil && len(out) < limit; k, _ = c.Prev() {
			if err := add(k); err != nil {
				return err
			}
		}
		return nil
	})
	return out, err
}

// NoticeAttempts returns how many attempts to send the notice id failed,
// or an errs.NotFound error.
func (db *DB) NoticeAttempts(id string) (int, error) {
	e, err := db.OutboxEntry(id)
	if err != nil {
		return 0, err
	}
	return e.Attempts, nil
}

// OutboxDepth is how many notices wait to be sent (the pending ones).
func (db *DB) OutboxDepth() (int, error) {
	var n int
	err := db.kv.view(func(tx kvTx) error {
		n = tx.bucket(bucketOutboxDue).KeyN()
		return nil
	})
	return n, err
}
