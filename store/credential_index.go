package store

import (
	"encoding/binary"
	"time"

	"github.com/accolade-badges/accolade"
)

// recentKey is a credential's key in bucketRecent: its creation time as
// 8-byte big-endian Unix nanoseconds (0 before 1970), then its id, so that
// key order is the order of sortByCreated.
func recentKey(created time.Time, id string) []byte {
	k := make([]byte, 8, 8+len(id))
	binary.BigEndian.PutUint64(k, uint64(max(created.UnixNano(), 0)))
	return append(k, id...)
}

// indexIssued adds an issued credential to the created-at index and to the
// counts of the keys that signed it (its JWT's and its proof's, once each).
func indexIssued(tx kvTx, r *accolade.Record) error {
	if err := tx.bucket(bucketRecent).Put(recentKey(r.Created, r.ID), nil); err != nil {
		return err
	}
	for i, id := range []string{r.KeyID, r.ProofKeyID} {
		if id == "" || (i == 1 && id == r.KeyID) {
			continue
		}
		if err := addCount(tx.bucket(bucketKeyCounts), id, 1); err != nil {
			return err
		}
	}
	return nil
}

func addCount(b kvBucket, key string, n int64) error {
	var c int64
	if v := b.Get([]byte(key)); len(v) == 8 {
		c = int64(binary.BigEndian.Uint64(v))
	}
	c = max(c+n, 0)
	if c == 0 {
		return b.Delete([]byte(key))
	}
	return b.Put([]byte(key), binary.BigEndian.AppendUint64(nil, uint64(c)))
}

// RecentCredentials returns up to limit issued credentials, newest first
// (by creation time, then id). It reads only those records, through the
// created-at index.
func (db *DB) RecentCredentials(limit int) ([]*accolade.Record, error) {
	out := []*accolade.Record{}
	err := db.kv.view(func(tx kvTx) error {
		c := tx.bucket(bucketRecent).Cursor()
		for k, _ := c.Last(); k != nil && len(out) < limit; k, _ = c.Prev() {
			if len(k) < 8 {
				continue
			}
			r, err := getCredential(tx, string(k[8:]))
			if err != nil {
				return err
			}
			if r != nil && r.State == accolade.Issued {
				out = append(out, r)
			}
		}
		return nil
	})
	return out, err
}

// CredentialCountsByKey returns how many issued credentials each key signed,
// its JWT or its Data Integrity proof (a credential signed twice by the same
// key counts once), by key id. Keys that signed nothing are absent. It reads
// counters kept as credentials are issued, not the credentials.
func (db *DB) CredentialCountsByKey() (map[string]int, error) {
	out := map[string]int{}
	err := db.kv.view(func(tx kvTx) error {
		return tx.bucket(bucketKeyCounts).ForEach(func(k, v []byte) error {
			if len(v) == 8 {
				out[string(k)] = int(binary.BigEndian.Uint64(v))
			}
			return nil
		})
	})
	return out, err
}

// issuedFor counts the credential records for achievement, revoked ones
// included (and Pending ones, which older stores may hold). Reservations
// are not records: see reservations.forAchievement.
func issuedFor(tx kvTx, achievement string) (int, error) {
	n := 0
	err := each(tx, bucketCredentials, func(r *credentialRecord) error {
		if r.Achievement == achievement {
			n++
		}
		return nil
	})
	return n, err
}
