package store

import (
	"crypto/rand"
	"encoding/hex"
	"slices"
	"strconv"

	bolt "go.etcd.io/bbolt"

	"github.com/accolade-badges/accolade/errs"
)

// keySnapshot is the meta key of the token of the newest snapshot mark.
var keySnapshot = []byte("snapshot_token")

// A snapshot mark names one state of the database, for a cache of what it
// holds (the award index's snapshot): the cache is current exactly when
// the database's mark is still the one taken with it. A mark is a random
// token, written by MarkSnapshot, and the number of the last committed
// transaction, which every write advances: the token makes sure that a
// database restored from a backup, or another database, never carries a
// mark it did not make, even when its transaction count catches up.

// MarkSnapshot writes a new token and returns the mark of the state that
// transaction commits (bbolt only: on PostgreSQL it returns an
// errs.Unavailable error). The caller takes its snapshot of that state with
// no other writer running, so that nothing changes between the mark and
// the snapshot.
func (db *DB) MarkSnapshot() (string, error) {
	raw := make([]byte, 16)
	if _, err := rand.Read(raw); err != nil {
		return "", errs.Wrap(errs.Internal, err, "drawing a snapshot token")
	}
	token := []byte(hex.EncodeToString(raw))
	if db.bolt == nil {
		return "", errNotOnPostgres("index snapshots", "the index is rebuilt from the database at start-up")
	}
	var mark string
	err := db.bolt.Update(func(tx *bolt.Tx) error {
		mark = snapshotMark(token, tx)
		return tx.Bucket(bucketMeta).Put(keySnapshot, slices.Clone(token))
	})
	if err != nil {
		return "", err
	}
	return mark, nil
}

// SnapshotMark returns the mark of the database's current state, or ""
// when MarkSnapshot was never called. It writes nothing. On PostgreSQL it
// is always "": a shared database has no transaction count of its own to
// mark, and other nodes write to it, so no snapshot is ever current.
func (db *DB) SnapshotMark() (string, error) {
	if db.bolt == nil {
		return "", nil
	}
	var mark string
	err := db.bolt.View(func(tx *bolt.Tx) error {
		if token := tx.Bucket(bucketMeta).Get(keySnapshot); token != nil {
			mark = snapshotMark(token, tx)
		}
		return nil
	})
	return mark, err
}

func snapshotMark(token []byte, tx *bolt.Tx) string {
	return string(token) + "/" + strconv.Itoa(tx.ID())
}
