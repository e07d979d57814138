package store

import (
	"bytes"
	"encoding/json"
	"time"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/errs"
)

// bucketEndorsements holds endorsements, issued or attached, by the id of
// what they endorse: subject "\x00" endorsement id -> endorsementRecord.
// Ids contain no NUL, so the subject's endorsements are one key range.
var bucketEndorsements = []byte("endorsements")

const endorsementVersion = 1

type endorsementRecord struct {
	V            int             `json:"v"`
	ID           string          `json:"id"`
	Subject      string          `json:"subject"`
	Endorser     string          `json:"endorser"`
	EndorserName string          `json:"endorserName,omitempty"`
	Comment      string          `json:"comment,omitempty"`
	Attached     bool            `json:"attached,omitempty"`
	Created      time.Time       `json:"created"`
	JSON         json.RawMessage `json:"json,omitempty"`
	JWT          string          `json:"jwt,omitempty"`
}

func (r *endorsementRecord) version() (int, int) { return r.V, endorsementVersion }

func toEndorsementRecord(e *accolade.Endorsement) *endorsementRecord {
	return &endorsementRecord{V: endorsementVersion, ID: e.ID, Subject: e.Subject, Endorser: e.Endorser,
		EndorserName: e.EndorserName, Comment: e.Comment, Attached: e.Attached, Created: e.Created, JSON: e.JSON, JWT: e.JWT}
}

func endorsementFromRecord(r *endorsementRecord) *accolade.Endorsement {
	return &accolade.Endorsement{ID: r.ID, Subject: r.Subject, Endorser: r.Endorser, EndorserName: r.EndorserName,
		Comment: r.Comment, Attached: r.Attached, Created: r.Created, JSON: r.JSON, JWT: r.JWT}
}

func endorsementKey(subject, id string) string { return subject + "\x00" + id }

// PutEndorsement stores an endorsement under its subject. Errors:
// errs.Invalid for an endorsement without id or subject, or with a NUL in
// them; errs.Conflict when one with that id is already kept for the subject.
func (db *DB) PutEndorsement(e *accolade.Endorsement) error {
	if e.ID == "" || e.Subject == "" || bytes.IndexByte([]byte(e.ID+e.Subject), 0) >= 0 {
		return errs.E(errs.Invalid, "an endorsement needs an id and a subject, without NUL characters")
	}
	key := endorsementKey(e.Subject, e.ID)
	return db.update(func(tx kvTx) error {
		if tx.bucket(bucketEndorsements).Get([]byte(key)) != nil {
			return errs.E(errs.Conflict, "endorsement %q of %q is already kept", e.ID, e.Subject)
		}
		return put(tx, bucketEndorsements, key, toEndorsementRecord(e))
	})
}

// Endorsements returns the endorsements kept for subject, oldest first
// (none: an empty list, no error).
func (db *DB) Endorsements(subject string) ([]*accolade.Endorsement, error) {
	var out []*accolade.Endorsement
	prefix := []byte(subject + "\x00")
	err := db.kv.view(func(tx kvTx) error {
		c := tx.bucket(bucketEndorsements).Cursor()
		for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
			r := &endorsementRecord{}
			if err := decode(bucketEndorsements, string(k), v, r); err != nil {
				return err
			}
			out = append(out, endorsementFromRecord(r))
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	sortEndorsements(out)
	return out, nil
}

func sortEndorsements(es []*accolade.Endorsement) {
	for i := 1; i < len(es); i++ { // insertion sort: a target has few endorsements
		for j := i; j > 0 && es[j].Created.Before(es[j-1].Created); j-- {
			es[j], es[j-1] = es[j-1], es[j]
		}
	}
}

// EndorsementsWhere returns the endorsements kept, for any subject, that
// keep reports true for, oldest first.
func (db *DB) EndorsementsWhere(keep func(*accolade.Endorsement) bool) ([]*accolade.Endorsement, error) {
	var out []*accolade.Endorsement
	err := db.kv.view(func(tx kvTx) error {
		return tx.bucket(bucketEndorsements).ForEach(func(k, v []byte) error {
			r := &endorsementRecord{}
			if err := decode(bucketEndorsements, string(k), v, r); err != nil {
				return err
			}
			if e := endorsementFromRecord(r); keep(e) {
				out = append(out, e)
			}
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	sortEndorsements(out)
	return out, nil
}

// DeleteEndorsement removes the endorsement id kept for subject: it is no
// longer shown with its subject, nor put into credentials issued from then
// on. Errors: errs.NotFound when no such endorsement is kept.
func (db *DB) DeleteEndorsement(subject, id string) error {
	key := []byte(endorsementKey(subject, id))
	return db.update(func(tx kvTx) error {
		b := tx.bucket(bucketEndorsements)
		if b.Get(key) == nil {
			return errs.E(errs.NotFound, "no endorsement %q of %q is kept", id, subject)
		}
		return b.Delete(key)
	})
}
