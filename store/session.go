package store

import (
	"bytes"
	"time"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/errs"
)

// Sign-in and session buckets. Tokens and session ids are never stored:
// their keys are the lowercase hex SHA-256 of the secret the person holds.
var (
	// bucketMembersByEmail indexes members by address:
	// email \x00 member id -> nil.
	bucketMembersByEmail = []byte("members_by_email")
	// bucketSignIns holds one-time sign-in links: token hash -> signInRecord.
	bucketSignIns = []byte("signin_tokens")
	// bucketSessions holds sessions: session hash -> sessionRecord.
	bucketSessions = []byte("sessions")
	// bucketMemberSessions indexes sessions by member:
	// member \x00 session hash -> nil.
	bucketMemberSessions = []byte("sessions_by_member")
)

const (
	signInVersion  = 1
	sessionVersion = 1
)

type signInRecord struct {
	V       int       `json:"v"`
	Member  string    `json:"member"`
	Next    string    `json:"next,omitempty"`
	Created time.Time `json:"created"`
	Expires time.Time `json:"expires"`
	Used    time.Time `json:"used,omitzero"`
}

func (r *signInRecord) version() (int, int) { return r.V, signInVersion }

type sessionRecord struct {
	V        int       `json:"v"`
	Member   string    `json:"member"`
	Created  time.Time `json:"created"`
	LastSeen time.Time `json:"lastSeen"`
	Expires  time.Time `json:"expires"` // absolute
}

func (r *sessionRecord) version() (int, int) { return r.V, sessionVersion }

// MembersByEmail returns the ids of the members with the address email
// (normalised as Member.Validate does), in id order.
func (db *DB) MembersByEmail(email string) ([]string, error) {
	var ids []string
	prefix := append([]byte(email), 0)
	err := db.kv.view(func(tx kvTx) error {
		c := tx.bucket(bucketMembersByEmail).Cursor()
		for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
			ids = append(ids, string(k[len(prefix):]))
		}
		return nil
	})
	return ids, err
}

// indexEmail moves member id's entry in the email index from old to email.
func indexEmail(tx kvTx, id, old, email string) error {
	b := tx.bucket(bucketMembersByEmail)
	if old != "" && old != email {
		if err := b.Delete(emailKey(old, id)); err != nil {
			return err
		}
	}
	return b.Put(emailKey(email, id), nil)
}

func emailKey(email, id string) []byte { return []byte(email + "\x00" + id) }

// CreateSignIn stores a sign-in link and its mail in the outbox, in one
// transaction, and forgets links that expired more than a day ago. A
// member who was sent accolade.SignInsPerWindow links within
// accolade.SignInWindow before s.Created gets no more:
// accolade.ErrTooManySignIns, and nothing is stored. The links are
// counted here, in the store, so that the limit holds across the nodes
// sharing a database.
func (db *DB) CreateSignIn(s accolade.SignIn, mail *accolade.Notice) error {
	return db.kv.update(func(tx kvTx) error {
		if err := pruneSignIns(tx, s.Created.Add(-24*time.Hour)); err != nil {
			return err
		}
		recent, since := 0, s.Created.Add(-accolade.SignInWindow)
		if err := each(tx, bucketSignIns, func(r *signInRecord) error {
			if r.Member == s.Member && r.Created.After(since) {
				recent++
			}
			return nil
		}); err != nil {
			return err
		}
		if recent >= accolade.SignInsPerWindow {
			return accolade.ErrTooManySignIns
		}
		r := &signInRecord{V: signInVersion, Member: s.Member, Next: s.Next, Created: s.Created, Expires: s.Expires}
		if err := put(tx, bucketSignIns, s.Hash, r); err != nil {
			return err
		}
		return enqueue(tx, mail)
	})
}

// pruneSignIns deletes the links that expired before cutoff. The bucket
// only ever holds the last day's links, so a scan is cheap.
func pruneSignIns(tx kvTx, cutoff time.Time) error {
	return pruneWhere(tx, bucketSignIns, func(r *signInRecord) bool { return r.Expires.Before(cutoff) })
}

// PendingSignIn returns the sign-in link with hash, without using it:
// ErrSignInUsed or ErrSignInExpired when it cannot be used at now.
func (db *DB) PendingSignIn(hash string, now time.Time) (*accolade.SignIn, error) {
	var out *accolade.SignIn
	err := db.kv.view(func(tx kvTx) error {
		r, err := usableSignIn(tx, hash, now)
		if err == nil {
			out = &accolade.SignIn{Hash: hash, Member: r.Member, Next: r.Next, Created: r.Created, Expires: r.Expires}
		}
		return err
	})
	return out, err
}

func usableSignIn(tx kvTx, hash string, now time.Time) (*signInRecord, error) {
	r, err := get[signInRecord](tx, bucketSignIns, hash)
	switch {
	case err != nil:
		return nil, err
	case r == nil || !now.Before(r.Expires):
		return nil, accolade.ErrSignInExpired
	case !r.Used.IsZero():
		return nil, accolade.ErrSignInUsed
	}
	return r, nil
}

// RedeemSignIn uses the sign-in link with hash and starts session s for its
// member, in one transaction: a link works once. It returns the link (for
// its Next), or ErrSignInUsed or ErrSignInExpired.
func (db *DB) RedeemSignIn(hash string, s accolade.Session) (*accolade.SignIn, error) {
	var out *accolade.SignIn
	err := db.kv.update(func(tx kvTx) error {
		r, err := usableSignIn(tx, hash, s.Created)
		if err != nil {
			return err
		}
		r.Used = s.Created
		if err := put(tx, bucketSignIns, hash, r); err != nil {
			return err
		}
		s.Member = r.Member
		if err := putSession(tx, s); err != nil {
			return err
		}
		out = &accolade.SignIn{Hash: hash, Member: r.Member, Next: r.Next, Created: r.Created, Expires: r.Expires}
		return nil
	})
	return out, err
}

func putSession(tx kvTx, s accolade.Session) error {
	r := &sessionRecord{V: sessionVersion, Member: s.Member, Created: s.Created, LastSeen: s.LastSeen, Expires: s.Expires}
	if err := put(tx, bucketSessions, s.Hash, r); err != nil {
		return err
	}
	return tx.bucket(bucketMemberSessions).Put([]byte(s.Member+"\x00"+s.Hash), nil)
}

// Session returns the session with hash when it is still valid at now: not
// past its absolute expiry, and seen within idle. It records now as last
// seen (at most once a minute, to keep reads cheap). A session that is no
// longer valid is deleted and reported as errs.NotFound.
func (db *DB) Session(hash string, now time.Time, idle time.Duration) (*accolade.Session, error) {
	var r *sessionRecord
	err := db.kv.view(func(tx kvTx) error {
		var err error
		r, err = get[sessionRecord](tx, bucketSessions, hash)
		return err
	})
	if err != nil {
		return nil, err
	}
	if r == nil {
		return nil, errs.E(errs.NotFound, "no session")
	}
	s := &accolade.Session{Hash: hash, Member: r.Member, Created: r.Created, LastSeen: r.LastSeen, Expires: r.Expires}
	if !now.Before(r.Expires) || now.Sub(r.LastSeen) > idle {
		if err := db.DeleteSession(hash); err != nil {
			return nil, err
		}
		return nil, errs.E(errs.NotFound, "session expired")
	}
	if now.Sub(r.LastSeen) > time.Minute {
		s.LastSeen = now
		err = db.kv.batch(func(tx kvTx) error {
			if cur, err := get[sessionRecord](tx, bucketSessions, hash); err != nil || cur == nil {
				return err // signed out meanwhile: leave it so
			}
			return putSession(tx, *s)
		})
	}
	return s, err
}

// DeleteSession ends one session (sign out); an unknown one is no error.
func (db *DB) DeleteSession(hash string) error {
	return db.kv.update(func(tx kvTx) error {
		r, err := get[sessionRecord](tx, bucketSessions, hash)
		if err != nil || r == nil {
			return err
		}
		if err := tx.bucket(bucketMemberSessions).Delete([]byte(r.Member + "\x00" + hash)); err != nil {
			return err
		}
		return tx.bucket(bucketSessions).Delete([]byte(hash))
	})
}

// DeleteSessions ends every session of member ("sign out everywhere") and
// returns how many there were.
func (db *DB) DeleteSessions(member string) (int, error) {
	n := 0
	err := db.kv.update(func(tx kvTx) error {
		prefix := []byte(member + "\x00")
		idx := tx.bucket(bucketMemberSessions)
		var keys [][]byte
		c := idx.Cursor()
		for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
			keys = append(keys, bytes.Clone(k))
		}
		for _, k := range keys {
			if err := tx.bucket(bucketSessions).Delete(k[len(prefix):]); err != nil {
				return err
			}
			if err := idx.Delete(k); err != nil {
				return err
			}
		}
		n = len(keys)
		return nil
	})
	return n, err
}

// PruneSessions deletes sessions past their absolute expiry at now or idle
// for longer than idle, and returns how many.
func (db *DB) PruneSessions(now time.Time, idle time.Duration) (int, error) {
	var old []string
	err := db.kv.view(func(tx kvTx) error {
		return tx.bucket(bucketSessions).ForEach(func(k, v []byte) error {
			var r sessionRecord
			if err := decode(bucketSessions, string(k), v, &r); err != nil {
				return err
			}
			if !now.Before(r.Expires) || now.Sub(r.LastSeen) > idle {
				old = append(old, string(k))
			}
			return nil
		})
	})
	for _, h := range old {
		if err == nil {
			err = db.DeleteSession(h)
		}
	}
	return len(old), err
}
