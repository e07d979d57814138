package store

import (
	"bytes"
	"time"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/errs"
)

// bucketWalletExchanges holds the VC-API exchanges through which wallets
// collect credentials, for minutes: exchange id -> walletExchangeRecord.
// (The "exchanges" bucket holds skill exchanges, a different thing.)
var bucketWalletExchanges = []byte("wallet_exchanges")

const walletExchangeVersion = 1

type walletExchangeRecord struct {
	V          int       `json:"v"`
	Credential string    `json:"credential"`
	Member     string    `json:"member"`
	Challenge  string    `json:"challenge"`
	Created    time.Time `json:"created"`
	Expires    time.Time `json:"expires"`
	State      string    `json:"state"`
	Holder     string    `json:"holder,omitempty"`
	Issued     string    `json:"issued,omitempty"`
	Collected  time.Time `json:"collected,omitzero"`
}

func (r *walletExchangeRecord) version() (int, int) { return r.V, walletExchangeVersion }

func toWalletExchangeRecord(e *accolade.WalletExchange) *walletExchangeRecord {
	return &walletExchangeRecord{V: walletExchangeVersion, Credential: e.Credential, Member: e.Member, Challenge: e.Challenge,
		Created: e.Created, Expires: e.Expires, State: string(e.State), Holder: e.Holder, Issued: e.Issued, Collected: e.Collected}
}

func walletExchangeFromRecord(id string, r *walletExchangeRecord) *accolade.WalletExchange {
	return &accolade.WalletExchange{ID: id, Credential: r.Credential, Member: r.Member, Challenge: r.Challenge,
		Created: r.Created, Expires: r.Expires, State: accolade.ExchangeState(r.State), Holder: r.Holder, Issued: r.Issued,
		Collected: r.Collected}
}

// PutWalletExchange stores a new wallet exchange, and deletes the exchanges
// that expired at now (they live minutes, so the bucket stays small). An
// invalid exchange is errs.Invalid, an id already stored errs.Conflict;
// either changes nothing.
func (db *DB) PutWalletExchange(e *accolade.WalletExchange, now time.Time) error {
	if err := e.Validate(); err != nil {
		return err
	}
	return db.kv.update(func(tx kvTx) error {
		if err := pruneWalletExchanges(tx, now); err != nil {
			return err
		}
		if tx.bucket(bucketWalletExchanges).Get([]byte(e.ID)) != nil {
			return errs.E(errs.Conflict, "wallet exchange %s already exists", e.ID)
		}
		return put(tx, bucketWalletExchanges, e.ID, toWalletExchangeRecord(e))
	})
}

// pruneWalletExchanges deletes the exchanges past their time at now.
func pruneWalletExchanges(tx kvTx, now time.Time) error {
	return pruneWhere(tx, bucketWalletExchanges, func(r *walletExchangeRecord) bool { return !now.Before(r.Expires) })
}

// WalletExchange returns the wallet exchange id, expired or not, or an
// errs.NotFound error when there is none (never made, or pruned).
func (db *DB) WalletExchange(id string) (*accolade.WalletExchange, error) {
	return getOne(db, bucketWalletExchanges, id, "wallet exchange",
		func(r *walletExchangeRecord) *accolade.WalletExchange { return walletExchangeFromRecord(id, r) })
}

// CollectWalletExchange records that the exchange's credential was issued
// to holder as the credential issued, at time at, and returns the exchange
// as stored. Recording the same holder and credential again changes
// nothing. An exchange collected by another holder is
// accolade.ErrExchangeCollected; one already collected as another
// credential errs.Conflict; an unknown one errs.NotFound.
func (db *DB) CollectWalletExchange(id, holder, issued string, at time.Time) (*accolade.WalletExchange, error) {
	if holder == "" || issued == "" {
		return nil, errs.E(errs.Invalid, "collecting wallet exchange %s needs the holder and the credential issued", id)
	}
	var out *accolade.WalletExchange
	err := db.kv.update(func(tx kvTx) error {
		r, err := get[walletExchangeRecord](tx, bucketWalletExchanges, id)
		switch {
		case err != nil:
			return err
		case r == nil:
			return errs.E(errs.NotFound, "no wallet exchange %q", id)
		case r.State == string(accolade.ExchangeCollected) && r.Holder != holder:
			return accolade.ErrExchangeCollected
		case r.State == string(accolade.ExchangeCollected) && r.Issued != issued:
			return errs.E(errs.Conflict, "wallet exchange %s was collected as credential %s, not %s", id, r.Issued, issued)
		case r.State == string(accolade.ExchangeCollected):
			out = walletExchangeFromRecord(id, r)
			return nil
		}
		r.State, r.Holder, r.Issued, r.Collected = string(accolade.ExchangeCollected), holder, issued, at.UTC()
		out = walletExchangeFromRecord(id, r)
		return put(tx, bucketWalletExchanges, id, r)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// deleteWalletExchanges deletes the member's wallet exchanges (their
// details are being erased).
func deleteWalletExchanges(tx kvTx, member string) error {
	var mine [][]byte
	b := tx.bucket(bucketWalletExchanges)
	err := b.ForEach(func(k, v []byte) error {
		var r walletExchangeRecord
		if err := decode(bucketWalletExchanges, string(k), v, &r); err != nil {
			return err
		}
		if r.Member == member {
			mine = append(mine, bytes.Clone(k))
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, k := range mine {
		if err := b.Delete(k); err != nil {
			return err
		}
	}
	return nil
}
