package store

import (
	bolt "go.etcd.io/bbolt"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/keys"
	"github.com/accolade-badges/accolade/ledger"
)

// Issuer returns the issuer with slug, or an errs.NotFound error.
func (db *DB) Issuer(slug string) (*accolade.Profile, error) {
	return getOne[accolade.Profile](db, bucketIssuers, slug, "issuer")
}

// Issuers returns every issuer in slug order.
func (db *DB) Issuers() ([]*accolade.Profile, error) {
	return list[accolade.Profile](db, bucketIssuers)
}

// PutIssuer creates or replaces an issuer.
func (db *DB) PutIssuer(p *accolade.Profile) error {
	return db.bolt.Update(func(tx *bolt.Tx) error { return put(tx, bucketIssuers, p.Slug, p) })
}

// Member returns the member with id, or an errs.NotFound error.
func (db *DB) Member(id string) (*accolade.Member, error) {
	return getOne[accolade.Member](db, bucketMembers, id, "member")
}

// Members returns every member in id order.
func (db *DB) Members() ([]*accolade.Member, error) { return list[accolade.Member](db, bucketMembers) }

// PutMember creates or replaces a member, keeping the original creation time.
// It reports whether the member was new.
func (db *DB) PutMember(m *accolade.Member) (created bool, err error) {
	err = db.bolt.Update(func(tx *bolt.Tx) error {
		var old accolade.Member
		found, err := get(tx, bucketMembers, m.ID, &old)
		if err != nil {
			return err
		}
		if found {
			m.Created = old.Created
		}
		created = !found
		return put(tx, bucketMembers, m.ID, m)
	})
	return created, err
}

// PutMembers creates or replaces members in one transaction (bulk import),
// keeping creation times. A member whose name, email, DID and language are
// unchanged is left as it is (Unchanged).
func (db *DB) PutMembers(list []*accolade.Member) ([]ledger.Outcome, error) {
	out := make([]ledger.Outcome, len(list))
	err := db.bolt.Update(func(tx *bolt.Tx) error {
		for i, m := range list {
			var old accolade.Member
			found, err := get(tx, bucketMembers, m.ID, &old)
			if err != nil {
				return err
			}
			if found && old.Name == m.Name && old.Email == m.Email && old.DID == m.DID && old.Lang == m.Lang {
				*m = old
				continue
			}
			out[i] = ledger.Created
			if found {
				m.Created, out[i] = old.Created, ledger.Updated
			}
			if err := put(tx, bucketMembers, m.ID, m); err != nil {
				return err
			}
		}
		return nil
	})
	return out, err
}

// PutKeys stores key records atomically (keys.Store).
func (db *DB) PutKeys(recs ...keys.Record) error {
	return db.bolt.Update(func(tx *bolt.Tx) error {
		for i := range recs {
			if err := put(tx, bucketKeys, recs[i].ID, &recs[i]); err != nil {
				return err
			}
		}
		return nil
	})
}

// ListKeys returns every key record (keys.Store).
func (db *DB) ListKeys() ([]keys.Record, error) {
	var out []keys.Record
	err := db.bolt.View(func(tx *bolt.Tx) error {
		return each(tx, bucketKeys, func(r *keys.Record) error { out = append(out, *r); return nil })
	})
	return out, err
}

// DeleteKey removes a key record (keys.Store); errs.NotFound when absent.
func (db *DB) DeleteKey(id string) error {
	return db.bolt.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketKeys)
		if b.Get([]byte(id)) == nil {
			return errs.E(errs.NotFound, "no key %q", id)
		}
		return b.Delete([]byte(id))
	})
}

func getOne[T any](db *DB, bucket []byte, key, what string) (*T, error) {
	v := new(T)
	var found bool
	err := db.bolt.View(func(tx *bolt.Tx) error {
		var err error
		found, err = get(tx, bucket, key, v)
		return err
	})
	if err != nil {
		return nil, err
	}
	if !found {
		return nil, errs.E(errs.NotFound, "no %s %q", what, key)
	}
	return v, nil
}

func list[T any](db *DB, bucket []byte) ([]*T, error) {
	var out []*T
	err := db.bolt.View(func(tx *bolt.Tx) error {
		return each(tx, bucket, func(v *T) error { out = append(out, v); return nil })
	})
	return out, err
}
