package store

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"slices"
	"time"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/errs"
)

// bucketAudit is the append-only audit log: time (8-byte big-endian Unix
// nanoseconds) + counter (8-byte big-endian) -> auditRecord. Keys only
// grow: an entry whose time is not after the last one's takes the last
// time and the next counter, so the order of the bucket is the order of
// appending. Nothing ever deletes or rewrites an entry.
var bucketAudit = []byte("audit")

const auditVersion = 1

type auditRecord struct {
	V       int       `json:"v"`
	Time    time.Time `json:"time"`
	Actor   string    `json:"actor"`
	Issuer  string    `json:"issuer,omitempty"`
	Action  string    `json:"action"`
	Target  string    `json:"target,omitempty"`
	Reason  string    `json:"reason,omitempty"`
	Outcome int       `json:"outcome"`
	Refusal string    `json:"refusal,omitempty"`
}

func (r *auditRecord) version() (int, int) { return r.V, auditVersion }

func auditFromRecord(key []byte, r *auditRecord) *accolade.AuditEntry {
	return &accolade.AuditEntry{ID: hex.EncodeToString(key), Time: r.Time, Actor: r.Actor, Issuer: r.Issuer,
		Action: r.Action, Target: r.Target, Reason: r.Reason, Outcome: r.Outcome, Refusal: r.Refusal}
}

// AppendAudit adds e at the end of the audit log and returns its id.
func (db *DB) AppendAudit(e accolade.AuditEntry) (string, error) {
	var id string
	err := db.update(func(tx kvTx) error {
		b := tx.bucket(bucketAudit)
		key := make([]byte, 16)
		binary.BigEndian.PutUint64(key, uint64(e.Time.UnixNano()))
		if last, _ := b.Cursor().Last(); last != nil && bytes.Compare(key[:8], last[:8]) <= 0 {
			copy(key, last)
			binary.BigEndian.PutUint64(key[8:], binary.BigEndian.Uint64(last[8:])+1)
		}
		r := &auditRecord{V: auditVersion, Time: e.Time, Actor: e.Actor, Issuer: e.Issuer, Action: e.Action,
			Target: e.Target, Reason: e.Reason, Outcome: e.Outcome, Refusal: e.Refusal}
		id = hex.EncodeToString(key)
		return put(tx, bucketAudit, string(key), r)
	})
	return id, err
}

// AuditLog returns the entries f selects, oldest first. A malformed
// f.After is an errs.Invalid error of field "after".
func (db *DB) AuditLog(f accolade.AuditFilter) ([]*accolade.AuditEntry, error) {
	var after []byte
	if f.After != "" {
		b, err := hex.DecodeString(f.After)
		if err != nil || len(b) != 16 {
			return nil, errs.Field("after", "%q is not an audit entry id (32 hexadecimal digits)", f.After)
		}
		after = b
	}
	var out []*accolade.AuditEntry
	err := db.kv.view(func(tx kvTx) error {
		c := tx.bucket(bucketAudit).Cursor()
		k, raw := c.First()
		if after != nil {
			k, raw = c.Seek(after)
			if k != nil && bytes.Equal(k, after) {
				k, raw = c.Next()
			}
		}
		for ; k != nil && (f.Limit <= 0 || len(out) < f.Limit); k, raw = c.Next() {
			r := new(auditRecord)
			if err := decode(bucketAudit, hex.EncodeToString(k), raw, r); err != nil {
				return err
			}
			if f.Issuers != nil && !slices.Contains(f.Issuers, r.Issuer) {
				continue
			}
			out = append(out, auditFromRecord(k, r))
		}
		return nil
	})
	return out, err
}
