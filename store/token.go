package store

import (
	"slices"
	"strings"
	"time"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/errs"
)

// Token buckets. A token's secret is never stored: its key is the
// lowercase hex SHA-256 of the secret.
var (
	// bucketTokens holds API tokens: secret hash -> tokenRecord.
	bucketTokens = []byte("tokens")
	// bucketTokenIDs indexes tokens by their public id: id -> secret hash.
	bucketTokenIDs = []byte("tokens_by_id")
)

const tokenVersion = 1

type tokenRecord struct {
	V         int       `json:"v"`
	ID        string    `json:"id"`
	Name      string    `json:"name"`
	Issuer    string    `json:"issuer,omitempty"`
	Scopes    []string  `json:"scopes"`
	Created   time.Time `json:"created"`
	CreatedBy string    `json:"createdBy"`
	Revoked   time.Time `json:"revoked,omitzero"`
	LastUsed  time.Time `json:"lastUsed,omitzero"`
}

func (r *tokenRecord) version() (int, int) { return r.V, tokenVersion }

func toTokenRecord(t *accolade.Token) *tokenRecord {
	r := &tokenRecord{V: tokenVersion, ID: t.ID, Name: t.Name, Issuer: t.Issuer, Created: t.Created,
		CreatedBy: t.CreatedBy, Revoked: t.Revoked, LastUsed: t.LastUsed}
	for _, s := range t.Scopes {
		r.Scopes = append(r.Scopes, string(s))
	}
	return r
}

func tokenFromRecord(hash string, r *tokenRecord) *accolade.Token {
	t := &accolade.Token{ID: r.ID, Hash: hash, Name: r.Name, Issuer: r.Issuer, Created: r.Created,
		CreatedBy: r.CreatedBy, Revoked: r.Revoked, LastUsed: r.LastUsed}
	for _, s := range r.Scopes {
		t.Scopes = append(t.Scopes, accolade.Scope(s))
	}
	return t
}

// PutToken stores a new token. A token whose id or hash is taken is an
// errs.Conflict error; an invalid one errs.Invalid.
func (db *DB) PutToken(t *accolade.Token) error {
	if err := t.Validate(); err != nil {
		return err
	}
	return db.kv.update(func(tx kvTx) error {
		if tx.bucket(bucketTokens).Get([]byte(t.Hash)) != nil || tx.bucket(bucketTokenIDs).Get([]byte(t.ID)) != nil {
			return errs.E(errs.Conflict, "token %s already exists", t.ID)
		}
		if err := tx.bucket(bucketTokenIDs).Put([]byte(t.ID), []byte(t.Hash)); err != nil {
			return err
		}
		return put(tx, bucketTokens, t.Hash, toTokenRecord(t))
	})
}

// TokenByHash returns the token whose secret has hash (errs.NotFound when
// there is none), revoked or not.
func (db *DB) TokenByHash(hash string) (*accolade.Token, error) {
	return getOne(db, bucketTokens, hash, "token", func(r *tokenRecord) *accolade.Token { return tokenFromRecord(hash, r) })
}

// Token returns the token with the public id (errs.NotFound when there is
// none).
func (db *DB) Token(id string) (*accolade.Token, error) {
	var out *accolade.Token
	err := db.kv.view(func(tx kvTx) error {
		var err error
		out, err = tokenByID(tx, id)
		return err
	})
	return out, err
}

func tokenByID(tx kvTx, id string) (*accolade.Token, error) {
	hash := string(tx.bucket(bucketTokenIDs).Get([]byte(id)))
	if hash == "" {
		return nil, errs.E(errs.NotFound, "no token %q", id)
	}
	r, err := get[tokenRecord](tx, bucketTokens, hash)
	if err != nil {
		return nil, err
	}
	if r == nil {
		return nil, errs.E(errs.Internal, "token %s: index names a missing record", id)
	}
	return tokenFromRecord(hash, r), nil
}

// Tokens returns every token, revoked ones too, in order of creation.
func (db *DB) Tokens() ([]*accolade.Token, error) {
	var out []*accolade.Token
	err := db.kv.view(func(tx kvTx) error {
		return tx.bucket(bucketTokens).ForEach(func(k, raw []byte) error {
			r := new(tokenRecord)
			if err := decode(bucketTokens, string(k), raw, r); err != nil {
				return err
			}
			out = append(out, tokenFromRecord(string(k), r))
			return nil
		})
	})
	slices.SortStableFunc(out, func(a, b *accolade.Token) int {
		if c := a.Created.Compare(b.Created); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	return out, err
}

// RevokeToken marks the token with the public id revoked at time at, and
// returns it. It is kept, so that the audit log's names stay meaningful;
// revoking it again changes nothing. An unknown id is errs.NotFound.
func (db *DB) RevokeToken(id string, at time.Time) (*accolade.Token, error) {
	var out *accolade.Token
	err := db.kv.update(func(tx kvTx) error {
		t, err := tokenByID(tx, id)
		if err != nil {
			return err
		}
		if t.Revoked.IsZero() {
			t.Revoked = at
			if err := put(tx, bucketTokens, t.Hash, toTokenRecord(t)); err != nil {
				return err
			}
		}
		out = t
		return nil
	})
	return out, err
}

// TouchToken records that the token with hash was used at time at, when
// its last use was a minute or more before.
func (db *DB) TouchToken(hash string, at time.Time) error {
	return db.kv.update(func(tx kvTx) error {
		r, err := get[tokenRecord](tx, bucketTokens, hash)
		if err != nil || r == nil {
			return err
		}
		if at.Sub(r.LastUsed) < time.Minute {
			return nil
		}
		r.LastUsed = at
		return put(tx, bucketTokens, hash, r)
	})
}
