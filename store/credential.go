package store

import (
	"bytes"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/errs"
)

// pendingTTL is how long a reservation blocks another credential for the
// same member and achievement. A reservation is normally completed or
// released within milliseconds; one left behind by a crash stops counting
// after this.
const pendingTTL = 2 * time.Minute

func heldKey(member, achievement, id string) []byte {
	return []byte(member + "\x00" + achievement + "\x00" + id)
}

func heldPrefix(member, achievement string) []byte {
	return []byte(member + "\x00" + achievement + "\x00")
}

// ReserveCredential records rec as a pending credential unless the member
// already holds a valid credential, or a fresh reservation, for the same
// achievement; then it returns an errs.Conflict error naming that credential
// and records nothing. Reservation and check are one transaction, so two
// concurrent requests can never both succeed.
func (db *DB) ReserveCredential(rec *accolade.Record, now time.Time) error {
	return db.bolt.Update(func(tx *bolt.Tx) error {
		existing, err := heldBy(tx, rec.Member, rec.Achievement, now)
		if err != nil {
			return err
		}
		if existing != nil {
			return errs.E(errs.Conflict, "member %q already holds credential %s for achievement %q", rec.Member, existing.ID, rec.Achievement)
		}
		if tx.Bucket(bucketCredentials).Get([]byte(rec.ID)) != nil {
			return errs.E(errs.Conflict, "credential id %s is taken", rec.ID)
		}
		if err := put(tx, bucketCredentials, rec.ID, rec); err != nil {
			return err
		}
		return tx.Bucket(bucketHeld).Put(heldKey(rec.Member, rec.Achievement, rec.ID), nil)
	})
}

// heldBy returns the member's valid credential (or fresh reservation) for the
// achievement, or nil.
func heldBy(tx *bolt.Tx, member, achievement string, now time.Time) (*accolade.Record, error) {
	prefix := heldPrefix(member, achievement)
	c := tx.Bucket(bucketHeld).Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		var r accolade.Record
		id := string(k[len(prefix):])
		found, err := get(tx, bucketCredentials, id, &r)
		if err != nil || !found {
			return nil, err
		}
		if r.Valid(now) || (r.State == accolade.Pending && now.Sub(r.Created) < pendingTTL) {
			return &r, nil
		}
	}
	return nil, nil
}

// HeldCredential returns the member's currently valid credential for the
// achievement, or nil.
func (db *DB) HeldCredential(member, achievement string, now time.Time) (*accolade.Record, error) {
	var out *accolade.Record
	err := db.bolt.View(func(tx *bolt.Tx) error {
		r, err := heldBy(tx, member, achievement, now)
		if r != nil && r.State == accolade.Issued {
			out = r
		}
		return err
	})
	return out, err
}

// CompleteCredential replaces a reservation with the issued record.
func (db *DB) CompleteCredential(rec *accolade.Record) error {
	return db.bolt.Update(func(tx *bolt.Tx) error {
		var old accolade.Record
		found, err := get(tx, bucketCredentials, rec.ID, &old)
		if err != nil {
			return err
		}
		if !found || old.State != accolade.Pending {
			return errs.E(errs.Conflict, "credential %s is not reserved", rec.ID)
		}
		return put(tx, bucketCredentials, rec.ID, rec)
	})
}

// ReleaseCredential removes a pending reservation; issued credentials are
// never removed.
func (db *DB) ReleaseCredential(id string) error {
	return db.bolt.Update(func(tx *bolt.Tx) error {
		var r accolade.Record
		found, err := get(tx, bucketCredentials, id, &r)
		if err != nil || !found || r.State != accolade.Pending {
			return err
		}
		if err := tx.Bucket(bucketHeld).Delete(heldKey(r.Member, r.Achievement, r.ID)); err != nil {
			return err
		}
		return tx.Bucket(bucketCredentials).Delete([]byte(id))
	})
}

// Credential returns the issued credential with uuid id, or errs.NotFound.
func (db *DB) Credential(id string) (*accolade.Record, error) {
	r, err := getOne[accolade.Record](db, bucketCredentials, id, "credential")
	if err == nil && r.State != accolade.Issued {
		return nil, errs.E(errs.NotFound, "no credential %q", id)
	}
	return r, err
}

// Credentials returns the issued credentials that match f, oldest first.
func (db *DB) Credentials(f accolade.CredentialFilter) ([]*accolade.Record, error) {
	var out []*accolade.Record
	err := db.bolt.View(func(tx *bolt.Tx) error {
		if f.Member != "" { // use the index instead of a full scan
			return db.memberCredentials(tx, f, &out)
		}
		return each(tx, bucketCredentials, func(r *accolade.Record) error {
			if f.Match(r) {
				out = append(out, r)
			}
			return nil
		})
	})
	sortByCreated(out)
	return out, err
}

func (db *DB) memberCredentials(tx *bolt.Tx, f accolade.CredentialFilter, out *[]*accolade.Record) error {
	prefix := []byte(f.Member + "\x00")
	c := tx.Bucket(bucketHeld).Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		id := string(k[bytes.LastIndexByte(k, 0)+1:])
		var r accolade.Record
		found, err := get(tx, bucketCredentials, id, &r)
		if err != nil {
			return err
		}
		if found && f.Match(&r) {
			*out = append(*out, &r)
		}
	}
	return nil
}

// SetStatus changes an issued credential's status (revoke, suspend,
// unsuspend). Revocation is final: a revoked credential cannot change again
// (errs.Conflict).
func (db *DB) SetStatus(id string, status accolade.Status, reason string) (*accolade.Record, error) {
	var r accolade.Record
	err := db.bolt.Update(func(tx *bolt.Tx) error {
		found, err := get(tx, bucketCredentials, id, &r)
		if err != nil {
			return err
		}
		if !found || r.State != accolade.Issued {
			return errs.E(errs.NotFound, "no credential %q", id)
		}
		if r.Status == accolade.Revoked {
			return errs.E(errs.Conflict, "credential %s is revoked; revocation is final", id)
		}
		r.Status, r.StatusReason = status, reason
		return put(tx, bucketCredentials, id, &r)
	})
	if err != nil {
		return nil, err
	}
	return &r, nil
}
