package store

import (
	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/ledger"
)

// pageOf returns up to limit (at least 1) records of bucket that keep
// accepts, in key order after the key after (from the first when after is
// empty), and the key to continue after when more remain ("" when none do).
// Records are decoded one at a time, so a page costs what it returns plus
// what keep refuses.
func pageOf[R any, PR recordPtr[R], T any](db *DB, bucket []byte, after string, limit int, from func(PR) *T, keep func(*T) bool) ([]*T, string, error) {
	limit = max(limit, 1)
	out := []*T{}
	next := ""
	err := db.kv.view(func(tx kvTx) error {
		c := tx.bucket(bucket).Cursor()
		k, raw := c.First()
		if after != "" {
			k, raw = c.Seek([]byte(after))
			if k != nil && string(k) == after {
				k, raw = c.Next()
			}
		}
		var last string
		for ; k != nil; k, raw = c.Next() {
			r := PR(new(R))
			if err := decode(bucket, string(k), raw, r); err != nil {
				return err
			}
			v := from(r)
			if keep != nil && !keep(v) {
				continue
			}
			if len(out) == limit {
				next = last
				return nil
			}
			out, last = append(out, v), string(k)
		}
		return nil
	})
	return out, next, err
}

// MembersPage returns up to limit members that keep accepts (every member
// when keep is nil), in id order after the id after, and the id to
// continue after ("" at the end).
func (db *DB) MembersPage(after string, limit int, keep func(*accolade.Member) bool) ([]*accolade.Member, string, error) {
	return pageOf(db, bucketMembers, after, limit, memberFromRecord, keep)
}

// ApplicationsPage returns up to limit applications that keep accepts
// (all when keep is nil), in id order after the id after, and the id to
// continue after ("" at the end).
func (db *DB) ApplicationsPage(after string, limit int, keep func(*ledger.Application) bool) ([]*ledger.Application, string, error) {
	return pageOf(db, bucketApplications, after, limit, applicationFromRecord, keep)
}
