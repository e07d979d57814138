package store

import (
	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/errs"
)

// CreateIssuer stores a new issuer; an errs.Conflict error when one with
// its slug exists already, which is left as it is.
func (db *DB) CreateIssuer(p *accolade.Profile) error {
	return db.kv.update(func(tx kvTx) error {
		if tx.bucket(bucketIssuers).Get([]byte(p.Slug)) != nil {
			return errs.E(errs.Conflict, "there is an issuer %q already", p.Slug)
		}
		return put(tx, bucketIssuers, p.Slug, toProfileRecord(p))
	})
}

// DeleteIssuer deletes the issuer with slug, or returns an errs.NotFound
// error. It is for undoing a creation that could not be completed: it does
// not look at what refers to the issuer.
func (db *DB) DeleteIssuer(slug string) error {
	return db.kv.update(func(tx kvTx) error {
		b := tx.bucket(bucketIssuers)
		if b.Get([]byte(slug)) == nil {
			return errs.E(errs.NotFound, "no issuer %q", slug)
		}
		return b.Delete([]byte(slug))
	})
}
