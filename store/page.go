package store

import (
	bolt "go.etcd.io/bbolt"

	"github.com/accolade-badges/accolade/issuer"
	"github.com/accolade-badges/accolade/ledger"
)

// Page is where a listing starts and how long it is: at most Limit records
// whose keys sort after After (from the first when After is empty).
type Page struct {
	After string
	Limit int
}

// pageOf returns up to p.Limit records of bucket, in key order after
// p.After, that keep accepts, and the key to continue after when more
// records remain ("" when none do). Records are decoded one at a time, so a
// listing costs what it returns plus what keep refuses.
func pageOf[T any](db *DB, bucket []byte, p Page, key func(*T) string, keep func(*T) bool) ([]*T, string, error) {
	p.Limit = max(p.Limit, 1)
	out := []*T{}
	next := ""
	err := db.bolt.View(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucket).Cursor()
		k, raw := c.First()
		if p.After != "" {
			k, raw = c.Seek([]byte(p.After))
			if k != nil && string(k) == p.After {
				k, raw = c.Next()
			}
		}
		for ; k != nil; k, raw = c.Next() {
			v := new(T)
			if err := decode(bucket, string(k), raw, v); err != nil {
				return err
			}
			if !keep(v) {
				continue
			}
			if len(out) == p.Limit {
				next = key(out[len(out)-1])
				return nil
			}
			out = append(out, v)
		}
		return nil
	})
	return out, next, err
}

// MembersPage returns members in id order, those whose name keep accepts
// (every member when keep is nil), and the id to continue after.
func (db *DB) MembersPage(p Page, keep func(*issuer.Member) bool) ([]*issuer.Member, string, error) {
	if keep == nil {
		keep = func(*issuer.Member) bool { return true }
	}
	return pageOf(db, bucketMembers, p, func(m *issuer.Member) string { return m.ID }, keep)
}

// ApplicationFilter selects applications; an empty field matches any.
type ApplicationFilter struct {
	Status, Achievement, Member string
}

// Matches reports whether a passes the filter.
func (f ApplicationFilter) Matches(a *ledger.Application) bool {
	return (f.Status == "" || a.Status == f.Status) &&
		(f.Achievement == "" || a.Achievement == f.Achievement) &&
		(f.Member == "" || a.Member == f.Member)
}

// ApplicationsPage returns the applications f matches, in id order, and the
// id to continue after.
func (db *DB) ApplicationsPage(f ApplicationFilter, p Page) ([]*ledger.Application, string, error) {
	return pageOf(db, bucketApplications, p, func(a *ledger.Application) string { return a.ID }, f.Matches)
}
