package store

import (
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/errs"
)

// bucketOutboxTmp stands in for the outbox (branch mail) until it lands.
var bucketOutboxTmp = []byte("outbox")

type noticeTmpRecord struct {
	V int `json:"v"`
	accolade.Notice
}

func (r *noticeTmpRecord) version() (int, int) { return r.V, 1 }

func enqueue(tx *bolt.Tx, n *accolade.Notice) error {
	if n == nil {
		return nil
	}
	if _, err := tx.CreateBucketIfNotExists(bucketOutboxTmp); err != nil {
		return err
	}
	return put(tx, bucketOutboxTmp, n.ID, &noticeTmpRecord{V: 1, Notice: *n})
}

// UpdateMember stands in for branch mail's until it lands.
func (db *DB) UpdateMember(id string, change func(*accolade.Member) error) (*accolade.Member, error) {
	var out *accolade.Member
	err := db.bolt.Update(func(tx *bolt.Tx) error {
		r, err := get[memberRecord](tx, bucketMembers, id)
		if err != nil {
			return err
		}
		if r == nil {
			return errs.E(errs.NotFound, "no member %q", id)
		}
		m := memberFromRecord(r)
		if err := change(m); err != nil {
			return err
		}
		if err := indexEmail(tx, id, r.Email, m.Email); err != nil {
			return err
		}
		out = m
		return put(tx, bucketMembers, id, toMemberRecord(m))
	})
	return out, err
}

// DueNotices stands in for branch mail's until it lands.
func (db *DB) DueNotices(now time.Time, limit int) ([]*accolade.Notice, error) {
	var out []*accolade.Notice
	err := db.bolt.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketOutboxTmp)
		if b == nil {
			return nil
		}
		return each(tx, bucketOutboxTmp, func(r *noticeTmpRecord) error {
			n := r.Notice
			out = append(out, &n)
			return nil
		})
	})
	return out, err
}
