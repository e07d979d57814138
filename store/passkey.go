package store

import (
	"bytes"
	"encoding/json"
	"slices"
	"time"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/errs"
)

// Passkey buckets. Credential ids are keyed as the unpadded base64url text
// of the authenticator's credential id; challenges as the base64url text
// the WebAuthn library puts in its session data.
var (
	// bucketPasskeys holds members' WebAuthn credentials:
	// credential id -> passkeyRecord.
	bucketPasskeys = []byte("passkeys")
	// bucketMemberPasskeys indexes passkeys by member:
	// member \x00 credential id -> nil.
	bucketMemberPasskeys = []byte("passkeys_by_member")
	// bucketCeremonies holds WebAuthn ceremonies under way, for minutes:
	// challenge -> ceremonyRecord.
	bucketCeremonies = []byte("passkey_ceremonies")
)

const (
	passkeyVersion  = 1
	ceremonyVersion = 1
)

type passkeyRecord struct {
	V      int    `json:"v"`
	Member string `json:"member"`
	// Credential is the WebAuthn library's Credential as JSON, kept as
	// the library wrote it.
	Credential json.RawMessage `json:"credential"`
	Name       string          `json:"name"`
	Created    time.Time       `json:"created"`
	LastUsed   time.Time       `json:"lastUsed,omitzero"`
	SignCount  uint32          `json:"signCount"`
}

func (r *passkeyRecord) version() (int, int) { return r.V, passkeyVersion }

type ceremonyRecord struct {
	V      int    `json:"v"`
	Member string `json:"member,omitempty"` // empty: a discoverable sign-in
	// Session is the WebAuthn library's SessionData as JSON.
	Session json.RawMessage `json:"session"`
	Expires time.Time       `json:"expires"`
}

func (r *ceremonyRecord) version() (int, int) { return r.V, ceremonyVersion }

func passkeyFromRecord(id string, r *passkeyRecord) *accolade.Passkey {
	return &accolade.Passkey{ID: id, Member: r.Member, Credential: bytes.Clone(r.Credential), Name: r.Name,
		Created: r.Created, LastUsed: r.LastUsed, SignCount: r.SignCount}
}

func memberPasskeyKey(member, id string) []byte { return []byte(member + "\x00" + id) }

// PutCeremony stores a ceremony under its challenge, and forgets the
// ceremonies that expired before c was created (c.Expires is its end).
func (db *DB) PutCeremony(c accolade.Ceremony, now time.Time) error {
	if c.Challenge == "" {
		return errs.E(errs.Invalid, "a passkey ceremony needs a challenge")
	}
	return db.kv.update(func(tx kvTx) error {
		if err := pruneCeremonies(tx, now); err != nil {
			return err
		}
		if tx.bucket(bucketCeremonies).Get([]byte(c.Challenge)) != nil {
			return errs.E(errs.Conflict, "challenge already in use")
		}
		r := &ceremonyRecord{V: ceremonyVersion, Member: c.Member, Session: c.Session, Expires: c.Expires}
		return put(tx, bucketCeremonies, c.Challenge, r)
	})
}

// pruneCeremonies deletes the ceremonies past their time at now. Ceremonies
// live minutes, so the bucket stays small.
func pruneCeremonies(tx kvTx, now time.Time) error {
	return pruneWhere(tx, bucketCeremonies, func(r *ceremonyRecord) bool { return !now.Before(r.Expires) })
}

// TakeCeremony returns the ceremony with challenge and deletes it: a
// challenge works once. It returns ErrCeremonyUnknown when there is none,
// or it expired at now (and is then deleted too).
func (db *DB) TakeCeremony(challenge string, now time.Time) (*accolade.Ceremony, error) {
	var out *accolade.Ceremony
	err := db.kv.update(func(tx kvTx) error {
		if challenge == "" {
			return nil
		}
		r, err := get[ceremonyRecord](tx, bucketCeremonies, challenge)
		if err != nil || r == nil {
			return err
		}
		if err := tx.bucket(bucketCeremonies).Delete([]byte(challenge)); err != nil {
			return err
		}
		if now.Before(r.Expires) {
			out = &accolade.Ceremony{Challenge: challenge, Member: r.Member, Session: bytes.Clone(r.Session), Expires: r.Expires}
		}
		return nil
	})
	if err == nil && out == nil {
		err = accolade.ErrCeremonyUnknown
	}
	return out, err
}

// AddPasskey stores a new passkey and indexes it under its member; an id
// already stored is ErrPasskeyExists, and changes nothing.
func (db *DB) AddPasskey(p accolade.Passkey) error {
	if p.ID == "" || p.Member == "" || len(p.Credential) == 0 {
		return errs.E(errs.Invalid, "a passkey needs an id, a member and a credential")
	}
	return db.kv.update(func(tx kvTx) error {
		if tx.bucket(bucketPasskeys).Get([]byte(p.ID)) != nil {
			return accolade.ErrPasskeyExists
		}
		r := &passkeyRecord{V: passkeyVersion, Member: p.Member, Credential: p.Credential, Name: p.Name,
			Created: p.Created, LastUsed: p.LastUsed, SignCount: p.SignCount}
		if err := put(tx, bucketPasskeys, p.ID, r); err != nil {
			return err
		}
		return tx.bucket(bucketMemberPasskeys).Put(memberPasskeyKey(p.Member, p.ID), nil)
	})
}

// Passkey returns the passkey with credential id id, or an errs.NotFound
// error.
func (db *DB) Passkey(id string) (*accolade.Passkey, error) {
	return getOne(db, bucketPasskeys, id, "passkey", func(r *passkeyRecord) *accolade.Passkey { return passkeyFromRecord(id, r) })
}

// Passkeys returns member's passkeys, oldest first.
func (db *DB) Passkeys(member string) ([]*accolade.Passkey, error) {
	var out []*accolade.Passkey
	err := db.kv.view(func(tx kvTx) error {
		prefix := []byte(member + "\x00")
		c := tx.bucket(bucketMemberPasskeys).Cursor()
		for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
			id := string(k[len(prefix):])
			r, err := get[passkeyRecord](tx, bucketPasskeys, id)
			if err != nil {
				return err
			}
			if r != nil {
				out = append(out, passkeyFromRecord(id, r))
			}
		}
		return nil
	})
	slices.SortStableFunc(out, func(a, b *accolade.Passkey) int { return a.Created.Compare(b.Created) })
	return out, err
}

// UsePasskey records a sign-in with passkey id: the credential as the
// library updated it, its sign count, the time (s.Created), and starts
// session s for the passkey's member, in one transaction. The passkey must
// still exist (errs.NotFound otherwise) and belong to s.Member.
func (db *DB) UsePasskey(id string, credential []byte, signCount uint32, s accolade.Session) error {
	return db.kv.update(func(tx kvTx) error {
		r, err := get[passkeyRecord](tx, bucketPasskeys, id)
		if err != nil {
			return err
		}
		if r == nil || r.Member != s.Member {
			return errs.E(errs.NotFound, "no passkey %q", id)
		}
		r.Credential, r.SignCount, r.LastUsed = credential, signCount, s.Created
		if err := put(tx, bucketPasskeys, id, r); err != nil {
			return err
		}
		return putSession(tx, s)
	})
}

// DeletePasskey removes member's passkey id. A passkey that is not
// member's, or none, is errs.NotFound, and nothing changes.
func (db *DB) DeletePasskey(member, id string) error {
	return db.kv.update(func(tx kvTx) error {
		r, err := get[passkeyRecord](tx, bucketPasskeys, id)
		if err != nil {
			return err
		}
		if r == nil || r.Member != member {
			return errs.E(errs.NotFound, "no passkey %q", id)
		}
		if err := tx.bucket(bucketMemberPasskeys).Delete(memberPasskeyKey(member, id)); err != nil {
			return err
		}
		return tx.bucket(bucketPasskeys).Delete([]byte(id))
	})
}
