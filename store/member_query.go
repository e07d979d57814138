package store

import (
	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/ledger"
)

// ExchangesByID returns the stored exchanges with the given ids, in that
// order, in one transaction; ids not stored are skipped. With the criteria
// index's per-member lists it answers "a member's exchanges" without
// reading every exchange.
func (db *DB) ExchangesByID(ids []string) ([]*ledger.Exchange, error) {
	out := make([]*ledger.Exchange, 0, len(ids))
	err := db.kv.view(func(tx kvTx) error {
		for _, id := range ids {
			r, err := get[exchangeRecord](tx, bucketExchanges, id)
			if err != nil {
				return err
			}
			if r != nil {
				out = append(out, exchangeFromRecord(r))
			}
		}
		return nil
	})
	return out, err
}

// AttestationsByID returns the stored attestations with the given ids, in
// that order, in one transaction; ids not stored are skipped.
func (db *DB) AttestationsByID(ids []string) ([]*ledger.Attestation, error) {
	out := make([]*ledger.Attestation, 0, len(ids))
	err := db.kv.view(func(tx kvTx) error {
		for _, id := range ids {
			r, err := get[attestationRecord](tx, bucketAttestations, id)
			if err != nil {
				return err
			}
			if r != nil {
				out = append(out, attestationFromRecord(r))
			}
		}
		return nil
	})
	return out, err
}

// ApplicationsWhere returns the applications keep selects, in id order. It
// reads the applications bucket, which holds at most one application per
// member and achievement, not the exchanges.
func (db *DB) ApplicationsWhere(keep func(*ledger.Application) bool) ([]*ledger.Application, error) {
	var out []*ledger.Application
	err := db.kv.view(func(tx kvTx) error {
		return each(tx, bucketApplications, func(r *applicationRecord) error {
			if a := applicationFromRecord(r); keep(a) {
				out = append(out, a)
			}
			return nil
		})
	})
	return out, err
}

// SetHidden hides or shows an issued credential's public page, in one
// transaction, and returns the record; nothing else about it changes (its
// JSON, JWT and status entries stay as signed). It returns errs.NotFound
// when there is no issued credential id.
func (db *DB) SetHidden(id string, hidden bool) (*accolade.Record, error) {
	var r *accolade.Record
	err := db.kv.update(func(tx kvTx) error {
		var err error
		if r, err = getCredential(tx, id); err != nil {
			return err
		}
		if r == nil || r.State != accolade.Issued {
			return errs.E(errs.NotFound, "no credential %q", id)
		}
		if r.Hidden == hidden {
			return nil
		}
		r.Hidden = hidden
		return put(tx, bucketCredentials, id, toCredentialRecord(r))
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}
