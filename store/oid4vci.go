package store

import (
	"bytes"
	"crypto/subtle"
	"encoding/json"
	"strings"
	"time"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/errs"
)

// bucketOID4VCI holds OpenID4VCI offers and nonces, keyed by the hex SHA-256
// of their secrets (see accolade.Offer), each key with a prefix:
//
//	offer:<offer hash>  -> offerRecord
//	code:<code hash>    -> offer hash
//	token:<token hash>  -> offer hash
//	nonce:<nonce hash>  -> nonceRecord
//
// Everything in it is short-lived: expired entries are pruned whenever an
// offer or a nonce is made, so a scan of it stays cheap.
var bucketOID4VCI = []byte("oid4vci")

const (
	offerVersion = 1
	nonceVersion = 1
	// offerKeep is how long an offer is kept after its code and its access
	// token expired: long enough to tell a late wallet what happened.
	offerKeep = time.Hour
)

type offerRecord struct {
	V            int       `json:"v"`
	Credential   string    `json:"credential"`
	Member       string    `json:"member"`
	CodeHash     string    `json:"codeHash"`
	TxCodeHash   string    `json:"txCodeHash,omitempty"`
	TxMailed     bool      `json:"txMailed,omitempty"`
	Created      time.Time `json:"created"`
	Expires      time.Time `json:"expires"`
	TxFailures   int       `json:"txFailures,omitempty"`
	TokenHash    string    `json:"tokenHash,omitempty"`
	TokenExpires time.Time `json:"tokenExpires,omitzero"`
	Issued       string    `json:"issued,omitempty"`
	Holder       string    `json:"holder,omitempty"`
	NonceHash    string    `json:"nonceHash,omitempty"`
	IssuedAt     time.Time `json:"issuedAt,omitzero"`
}

func (r *offerRecord) version() (int, int) { return r.V, offerVersion }

type nonceRecord struct {
	V       int       `json:"v"`
	Expires time.Time `json:"expires"`
}

func (r *nonceRecord) version() (int, int) { return r.V, nonceVersion }

func toOfferRecord(o *accolade.Offer) *offerRecord {
	return &offerRecord{V: offerVersion, Credential: o.Credential, Member: o.Member, CodeHash: o.CodeHash,
		TxCodeHash: o.TxCodeHash, TxMailed: o.TxMailed, Created: o.Created, Expires: o.Expires,
		TxFailures: o.TxFailures, TokenHash: o.TokenHash, TokenExpires: o.TokenExpires, Issued: o.Issued,
		Holder: o.Holder, NonceHash: o.NonceHash, IssuedAt: o.IssuedAt}
}

func offerFromRecord(hash string, r *offerRecord) *accolade.Offer {
	return &accolade.Offer{Hash: hash, Credential: r.Credential, Member: r.Member, CodeHash: r.CodeHash,
		TxCodeHash: r.TxCodeHash, TxMailed: r.TxMailed, Created: r.Created, Expires: r.Expires,
		TxFailures: r.TxFailures, TokenHash: r.TokenHash, TokenExpires: r.TokenExpires, Issued: r.Issued,
		Holder: r.Holder, NonceHash: r.NonceHash, IssuedAt: r.IssuedAt}
}

// CreateOffer stores a new offer and, when mail is not nil, the mail of its
// transaction code in the outbox, in one transaction; it prunes what
// expired before o.Created. An offer without its hashes is errs.Internal.
func (db *DB) CreateOffer(o *accolade.Offer, mail *accolade.Notice) error {
	if o.Hash == "" || o.CodeHash == "" || o.Credential == "" || o.Expires.IsZero() {
		return errs.E(errs.Internal, "offer: hash, code hash, credential and expiry are required")
	}
	return db.kv.update(func(tx kvTx) error {
		if err := pruneOID4VCI(tx, o.Created); err != nil {
			return err
		}
		b := tx.bucket(bucketOID4VCI)
		if b.Get([]byte("offer:"+o.Hash)) != nil || b.Get([]byte("code:"+o.CodeHash)) != nil {
			return errs.E(errs.Conflict, "an offer with this id already exists")
		}
		if err := put(tx, bucketOID4VCI, "offer:"+o.Hash, toOfferRecord(o)); err != nil {
			return err
		}
		if err := b.Put([]byte("code:"+o.CodeHash), []byte(o.Hash)); err != nil {
			return err
		}
		if mail != nil {
			return enqueue(tx, mail)
		}
		return nil
	})
}

// PendingOffer returns the offer with hash while its code can still be
// redeemed at now, else accolade.ErrOfferUnknown.
func (db *DB) PendingOffer(hash string, now time.Time) (*accolade.Offer, error) {
	var out *accolade.Offer
	err := db.kv.view(func(tx kvTx) error {
		r, err := get[offerRecord](tx, bucketOID4VCI, "offer:"+hash)
		if err != nil {
			return err
		}
		if r != nil {
			out = offerFromRecord(hash, r)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if out == nil || !out.Pending(now) {
		return nil, accolade.ErrOfferUnknown
	}
	return out, nil
}

// RedeemOffer redeems the pre-authorised code with codeHash at now, with the
// transaction code txCode ("" when the wallet sent none), for the access
// token with tokenHash that works until tokenExpires. It returns the offer,
// or accolade.ErrOfferUnknown (unknown, expired, used or dead),
// ErrTxCodeMissing or ErrTxCodeUnexpected (nothing changes), ErrTxCodeWrong
// or ErrTxCodeExhausted (the failure is counted; the last one kills the
// offer).
func (db *DB) RedeemOffer(codeHash, txCode string, now time.Time, tokenHash string, tokenExpires time.Time) (*accolade.Offer, error) {
	var out *accolade.Offer
	var refusal error // a refusal that still changes the offer: committed, then returned
	err := db.kv.update(func(tx kvTx) error {
		// Set afresh: the engine may run this function more than once (kv.go).
		out, refusal = nil, nil
		b := tx.bucket(bucketOID4VCI)
		hash := string(b.Get([]byte("code:" + codeHash)))
		if hash == "" {
			return accolade.ErrOfferUnknown
		}
		r, err := get[offerRecord](tx, bucketOID4VCI, "offer:"+hash)
		if err != nil {
			return err
		}
		if r == nil {
			return errs.E(errs.Internal, "offer index names a missing offer")
		}
		o := offerFromRecord(hash, r)
		switch {
		case !o.Pending(now):
			return accolade.ErrOfferUnknown
		case o.TxCodeHash != "" && txCode == "":
			return accolade.ErrTxCodeMissing
		case o.TxCodeHash == "" && txCode != "":
			return accolade.ErrTxCodeUnexpected
		case o.TxCodeHash != "" && subtle.ConstantTimeCompare([]byte(accolade.TxCodeHash(hash, txCode)), []byte(o.TxCodeHash)) != 1:
			r.TxFailures++
			refusal = accolade.ErrTxCodeWrong
			if r.TxFailures >= accolade.OfferTxAttempts {
				refusal = accolade.ErrTxCodeExhausted
			}
			return put(tx, bucketOID4VCI, "offer:"+hash, r)
		}
		if b.Get([]byte("token:"+tokenHash)) != nil {
			return errs.E(errs.Internal, "access token hash already in use")
		}
		r.TokenHash, r.TokenExpires = tokenHash, tokenExpires
		if err := put(tx, bucketOID4VCI, "offer:"+hash, r); err != nil {
			return err
		}
		out = offerFromRecord(hash, r)
		return b.Put([]byte("token:"+tokenHash), []byte(hash))
	})
	if err == nil && refusal != nil {
		return nil, refusal
	}
	return out, err
}

// OfferByToken returns the offer whose access token has tokenHash, while
// the token works at now; else accolade.ErrOfferToken.
func (db *DB) OfferByToken(tokenHash string, now time.Time) (*accolade.Offer, error) {
	var out *accolade.Offer
	err := db.kv.view(func(tx kvTx) error {
		hash := string(tx.bucket(bucketOID4VCI).Get([]byte("token:" + tokenHash)))
		if hash == "" {
			return nil
		}
		r, err := get[offerRecord](tx, bucketOID4VCI, "offer:"+hash)
		if r != nil {
			out = offerFromRecord(hash, r)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	if out == nil || out.TokenHash != tokenHash || !now.Before(out.TokenExpires) {
		return nil, accolade.ErrOfferToken
	}
	return out, nil
}

// SetOfferIssued records that the offer with hash was collected: the
// credential issued, its holder and the hash of the nonce of the key proof.
// An offer that records another credential already is errs.Conflict.
func (db *DB) SetOfferIssued(hash, credential, holder, nonceHash string, at time.Time) error {
	return db.kv.update(func(tx kvTx) error {
		r, err := get[offerRecord](tx, bucketOID4VCI, "offer:"+hash)
		switch {
		case err != nil:
			return err
		case r == nil:
			return errs.E(errs.NotFound, "the offer is gone")
		case r.Issued != "" && r.Issued != credential:
			return errs.E(errs.Conflict, "the offer was already collected as credential %s", r.Issued)
		}
		r.Issued, r.Holder, r.NonceHash, r.IssuedAt = credential, holder, nonceHash, at
		return put(tx, bucketOID4VCI, "offer:"+hash, r)
	})
}

// CreateNonce stores a c_nonce by hash, working until expires, and prunes
// what expired before now.
func (db *DB) CreateNonce(hash string, now, expires time.Time) error {
	return db.kv.update(func(tx kvTx) error {
		if err := pruneOID4VCI(tx, now); err != nil {
			return err
		}
		return put(tx, bucketOID4VCI, "nonce:"+hash, &nonceRecord{V: nonceVersion, Expires: expires})
	})
}

// RedeemNonce uses up the c_nonce with hash: it works once, before its
// expiry. Otherwise accolade.ErrNonceUnknown.
func (db *DB) RedeemNonce(hash string, now time.Time) error {
	return db.kv.update(func(tx kvTx) error {
		r, err := get[nonceRecord](tx, bucketOID4VCI, "nonce:"+hash)
		if err != nil {
			return err
		}
		if r == nil || !now.Before(r.Expires) {
			return accolade.ErrNonceUnknown
		}
		return tx.bucket(bucketOID4VCI).Delete([]byte("nonce:" + hash))
	})
}

// pruneOID4VCI deletes the nonces that expired before now, and the offers
// (with their index entries) whose code and token both expired more than
// offerKeep before now.
func pruneOID4VCI(tx kvTx, now time.Time) error {
	b := tx.bucket(bucketOID4VCI)
	var old [][]byte
	err := b.ForEach(func(k, v []byte) error {
		key := string(k)
		switch {
		case strings.HasPrefix(key, "nonce:"):
			var r nonceRecord
			if err := decode(bucketOID4VCI, key, v, &r); err != nil {
				return err
			}
			if !now.Before(r.Expires) {
				old = append(old, bytes.Clone(k))
			}
		case strings.HasPrefix(key, "offer:"):
			var r offerRecord
			if err := json.Unmarshal(v, &r); err != nil {
				return errs.Wrap(errs.Internal, err, "decoding %s/%s", bucketOID4VCI, key)
			}
			if now.Sub(r.Expires) > offerKeep && now.Sub(r.TokenExpires) > offerKeep {
				old = append(old, bytes.Clone(k), []byte("code:"+r.CodeHash))
				if r.TokenHash != "" {
					old = append(old, []byte("token:"+r.TokenHash))
				}
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, k := range old {
		if err := b.Delete(k); err != nil {
			return err
		}
	}
	return nil
}
