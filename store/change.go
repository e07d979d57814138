package store

import (
	"bytes"
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"time"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/errs"
)

// The change feed. On PostgreSQL, where several nodes share the store,
// every write of a record the criteria index holds (a member, exchange,
// attestation, credential or achievement) also appends an event naming it
// to bucketChanges, in the same transaction; each node reads the events of
// the others and reads those records again (award.Service.Follow). On a
// bbolt file there is one process, and nothing is appended.
//
// An event's key is the last key + 1, read with a cursor in the writing
// transaction. The transactions are serializable, so two that append at
// once conflict and one is run again: the numbers have no gaps and follow
// the commit order, and a reader that has seen event n never later finds
// an event below n committed. The price is a hot spot: every write that
// appends conflicts with every other one running at the same moment, on
// any node, and is retried (kv_pg.go).

// bucketChanges holds the change feed:
// sequence (8-byte big-endian) -> changeRecord (JSON).
var bucketChanges = []byte("changes")

// pruneBatch is the most events PruneChanges deletes in one transaction.
const pruneBatch = 10_000

// changeRecord is one stored event.
type changeRecord struct {
	Kind string    `json:"kind"`
	ID   string    `json:"id"`
	Node string    `json:"node"`
	At   time.Time `json:"at"`
}

// newNodeID returns a random id for a store handle.
func newNodeID() string {
	b := make([]byte, 8)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	return hex.EncodeToString(b)
}

// NodeID returns the random id this handle writes into the change feed,
// new at each open; "" on a bbolt file, which keeps no feed.
func (db *DB) NodeID() string {
	if e, ok := db.kv.(*pgEngine); ok {
		return e.node
	}
	return ""
}

// noteChange appends an event of kind for the record id to the change
// feed, when tx is a PostgreSQL transaction; on bbolt it does nothing.
func noteChange(tx kvTx, kind, id string) error {
	t, ok := tx.(*pgTx)
	if !ok {
		return nil
	}
	if t.nextChange == 0 { // once per transaction; a retry is a new pgTx
		t.nextChange = 1
		if k, _ := tx.bucket(bucketChanges).Cursor().Last(); len(k) == 8 {
			t.nextChange = binary.BigEndian.Uint64(k) + 1
		}
		// Delivered when the transaction commits, never if it is rolled back.
		if err := t.exec("notifying the other nodes", `SELECT pg_notify($1, $2)`, t.e.channel, t.e.node); err != nil {
			return err
		}
	}
	v, err := json.Marshal(changeRecord{Kind: kind, ID: id, Node: t.e.node, At: time.Now().UTC()})
	if err != nil {
		return errs.Wrap(errs.Internal, err, "encoding a change of %s %s", kind, id)
	}
	seq := t.nextChange
	t.nextChange++
	return tx.bucket(bucketChanges).Put(binary.BigEndian.AppendUint64(nil, seq), v)
}

// Changes returns up to limit events of the change feed after the event
// numbered after, oldest first, and the number of the last one returned
// (after when there are none). On a bbolt file there are none.
func (db *DB) Changes(after uint64, limit int) ([]accolade.Change, uint64, error) {
	if _, ok := db.kv.(*pgEngine); !ok || limit <= 0 {
		return nil, after, nil
	}
	var out []accolade.Change
	last := after
	err := db.kv.view(func(tx kvTx) error {
		out, last = out[:0], after
		c := tx.bucket(bucketChanges).Cursor()
		for k, v := c.Seek(binary.BigEndian.AppendUint64(nil, after+1)); k != nil && len(out) < limit; k, v = c.Next() {
			if len(k) != 8 {
				continue
			}
			var r changeRecord
			if err := json.Unmarshal(v, &r); err != nil {
				return errs.Wrap(errs.Internal, err, "decoding change %x", k)
			}
			last = binary.BigEndian.Uint64(k)
			out = append(out, accolade.Change{Seq: last, Kind: r.Kind, ID: r.ID, Node: r.Node, At: r.At})
		}
		return nil
	})
	if err != nil {
		return nil, after, err
	}
	return out, last, nil
}

// LastChange returns the number of the newest event of the change feed: 0
// when there is none, and always on a bbolt file.
func (db *DB) LastChange() (uint64, error) {
	if _, ok := db.kv.(*pgEngine); !ok {
		return 0, nil
	}
	var last uint64
	err := db.kv.view(func(tx kvTx) error {
		if k, _ := tx.bucket(bucketChanges).Cursor().Last(); len(k) == 8 {
			last = binary.BigEndian.Uint64(k)
		}
		return nil
	})
	return last, err
}

// PruneChanges deletes the events of the change feed written before
// before, but never the newest one, whose number the next event follows.
// It deletes at most pruneBatch in one transaction and returns how many
// it deleted: call it again while that is pruneBatch. On a bbolt file
// there are none.
func (db *DB) PruneChanges(before time.Time) (int, error) {
	if _, ok := db.kv.(*pgEngine); !ok {
		return 0, nil
	}
	var n int
	err := db.kv.update(func(tx kvTx) error {
		n = 0
		b := tx.bucket(bucketChanges)
		last, _ := b.Cursor().Last()
		var old [][]byte
		c := b.Cursor()
		for k, v := c.First(); k != nil && !bytes.Equal(k, last) && len(old) < pruneBatch; k, v = c.Next() {
			var r changeRecord
			if json.Unmarshal(v, &r) == nil && !r.At.Before(before) {
				break // the feed is in time order, within the nodes' clock skew
			}
			old = append(old, bytes.Clone(k))
		}
		for _, k := range old {
			if err := b.Delete(k); err != nil {
				return err
			}
		}
		n = len(old)
		return nil
	})
	return n, err
}
