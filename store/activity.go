package store

import (
	"slices"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/ledger"
)

// PutExchanges stores exchanges in one transaction. An exchange whose id is
// already stored with the same content is a no-op (its new confirmations are
// merged: Updated); with different content it is refused with
// errs.Conflict. The result has one outcome and one error per exchange; a
// refused exchange changes nothing, and the others are stored. list and
// its exchanges are left as they are: read an Updated exchange back with
// Exchange to see the merged confirmations. A new exchange that a member
// logged (LoggedBy) puts a confirmation request for each other participant
// who has not confirmed it in the outbox.
func (db *DB) PutExchanges(list []*ledger.Exchange) ([]ledger.Outcome, []error, error) {
	out, errList := make([]ledger.Outcome, len(list)), make([]error, len(list))
	err := db.kv.update(func(tx kvTx) error {
		for i, e := range list {
			o, err := putExchange(tx, e)
			if err != nil && errs.KindOf(err) != errs.Conflict {
				return err
			}
			if o == ledger.Created {
				if err := enqueueConfirm(tx, e); err != nil {
					return err
				}
			}
			if o != ledger.Unchanged {
				if err := noteChange(tx, accolade.ChangeExchange, e.ID); err != nil {
					return err
				}
			}
			out[i], errList[i] = o, err
		}
		return nil
	})
	return out, errList, err
}

// enqueueConfirm asks the participants of a member-logged exchange, other
// than who logged it and who already confirmed, to confirm it.
func enqueueConfirm(tx kvTx, e *ledger.Exchange) error {
	if e.LoggedBy == "" {
		return nil
	}
	for _, p := range e.Participants() {
		if p == e.LoggedBy || slices.Contains(e.ConfirmedBy, p) {
			continue
		}
		n := &accolade.Notice{ID: "confirm:" + e.ID + ":" + p, Kind: accolade.NoticeConfirm, Member: p, Exchange: e.ID, By: e.LoggedBy}
		if err := enqueue(tx, n); err != nil {
			return err
		}
	}
	return nil
}

func putExchange(tx kvTx, e *ledger.Exchange) (ledger.Outcome, error) {
	old, err := get[exchangeRecord](tx, bucketExchanges, e.ID)
	if err != nil {
		return ledger.Unchanged, err
	}
	if old == nil {
		return ledger.Created, put(tx, bucketExchanges, e.ID, toExchangeRecord(e))
	}
	stored := exchangeFromRecord(old)
	merged, err := stored.Merge(e)
	if err != nil {
		return ledger.Unchanged, err
	}
	if len(merged.ConfirmedBy) == len(stored.ConfirmedBy) {
		return ledger.Unchanged, nil
	}
	return ledger.Updated, put(tx, bucketExchanges, e.ID, toExchangeRecord(merged))
}

// Exchange returns a stored exchange, or errs.NotFound.
func (db *DB) Exchange(id string) (*ledger.Exchange, error) {
	return getOne(db, bucketExchanges, id, "exchange", exchangeFromRecord)
}

// UpdateExchange applies change to a stored exchange in one transaction and
// stores the result; an error from change (or errs.NotFound) stores nothing.
func (db *DB) UpdateExchange(id string, change func(*ledger.Exchange) error) (*ledger.Exchange, error) {
	var e *ledger.Exchange
	err := db.kv.update(func(tx kvTx) error {
		r, err := get[exchangeRecord](tx, bucketExchanges, id)
		if err != nil {
			return err
		}
		if r == nil {
			return errs.E(errs.NotFound, "no exchange %q", id)
		}
		e = exchangeFromRecord(r)
		if err := change(e); err != nil {
			return err
		}
		if err := noteChange(tx, accolade.ChangeExchange, id); err != nil {
			return err
		}
		return put(tx, bucketExchanges, id, toExchangeRecord(e))
	})
	if err != nil {
		return nil, err
	}
	return e, nil
}

// EachExchange calls fn for every stored exchange, in id order.
func (db *DB) EachExchange(fn func(*ledger.Exchange) error) error {
	return db.kv.view(func(tx kvTx) error {
		return each(tx, bucketExchanges, func(r *exchangeRecord) error { return fn(exchangeFromRecord(r)) })
	})
}

// PutAttestations stores attestations in one transaction, idempotently as
// PutExchanges does (an attestation has no confirmations to merge).
func (db *DB) PutAttestations(list []*ledger.Attestation) ([]ledger.Outcome, []error, error) {
	out, errList := make([]ledger.Outcome, len(list)), make([]error, len(list))
	err := db.kv.update(func(tx kvTx) error {
		// Set afresh: the engine may run this function more than once (kv.go).
		clear(out)
		clear(errList)
		for i, a := range list {
			old, err := get[attestationRecord](tx, bucketAttestations, a.ID)
			switch {
			case err != nil:
				return err
			case old == nil:
				out[i] = ledger.Created
				if err := put(tx, bucketAttestations, a.ID, toAttestationRecord(a)); err != nil {
					return err
				}
				if err := noteChange(tx, accolade.ChangeAttestation, a.ID); err != nil {
					return err
				}
			case !attestationFromRecord(old).SameContent(a):
				errList[i] = errs.E(errs.Conflict, "attestation %s already exists with different content; use a new id for a new attestation", a.ID)
			}
		}
		return nil
	})
	return out, errList, err
}

// EachAttestation calls fn for every stored attestation, in id order.
func (db *DB) EachAttestation(fn func(*ledger.Attestation) error) error {
	return db.kv.view(func(tx kvTx) error {
		return each(tx, bucketAttestations, func(r *attestationRecord) error { return fn(attestationFromRecord(r)) })
	})
}

// PutApplication stores a new application; an existing id is errs.Conflict
// unless the content is the same.
func (db *DB) PutApplication(a *ledger.Application) (ledger.Outcome, error) {
	var o ledger.Outcome
	orig := *a
	err := db.kv.update(func(tx kvTx) error {
		// Set afresh: the engine may run this function more than once (kv.go).
		*a, o = orig, ledger.Unchanged
		old, err := get[applicationRecord](tx, bucketApplications, a.ID)
		switch {
		case err != nil:
			return err
		case old != nil && (old.Member != a.Member || old.Achievement != a.Achievement || old.Narrative != a.Narrative):
			return errs.E(errs.Conflict, "application %s already exists with different content", a.ID)
		case old != nil:
			*a = *applicationFromRecord(old)
			return nil
		}
		o = ledger.Created
		return put(tx, bucketApplications, a.ID, toApplicationRecord(a))
	})
	return o, err
}

// Application returns a stored application, or errs.NotFound.
func (db *DB) Application(id string) (*ledger.Application, error) {
	return getOne(db, bucketApplications, id, "application", applicationFromRecord)
}

// Applications returns the applications with the given status ("" for all),
// in id order.
func (db *DB) Applications(status string) ([]*ledger.Application, error) {
	var out []*ledger.Application
	err := db.kv.view(func(tx kvTx) error {
		return each(tx, bucketApplications, func(r *applicationRecord) error {
			if status == "" || r.Status == status {
				out = append(out, applicationFromRecord(r))
			}
			return nil
		})
	})
	return out, err
}

// DecideApplication applies decide to a stored application and, in the same
// transaction, stores the result and the attestation it yields (when
// attestation returns one), and puts the member's notice of the decision in
// the outbox. An error stores nothing.
func (db *DB) DecideApplication(id string, decide func(*ledger.Application) (*ledger.Attestation, error)) (*ledger.Application, *ledger.Attestation, error) {
	var a *ledger.Application
	var att *ledger.Attestation
	err := db.kv.update(func(tx kvTx) error {
		r, err := get[applicationRecord](tx, bucketApplications, id)
		if err != nil {
			return err
		}
		if r == nil {
			return errs.E(errs.NotFound, "no application %q", id)
		}
		a = applicationFromRecord(r)
		if att, err = decide(a); err != nil {
			return err
		}
		if att != nil {
			if err := put(tx, bucketAttestations, att.ID, toAttestationRecord(att)); err != nil {
				return err
			}
			if err := noteChange(tx, accolade.ChangeAttestation, att.ID); err != nil {
				return err
			}
		}
		if err := put(tx, bucketApplications, id, toApplicationRecord(a)); err != nil {
			return err
		}
		return enqueue(tx, &accolade.Notice{ID: "decided:" + id, Kind: accolade.NoticeDecided, Member: a.Member,
			Application: id, By: a.Reviewer, Created: a.DecidedAt})
	})
	if err != nil {
		return nil, nil, err
	}
	return a, att, nil
}
