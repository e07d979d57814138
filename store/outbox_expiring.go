package store

import (
	"encoding/json"
	"time"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/errs"
)

// expiringFields are the fields of a credentialRecord that ExpiringCredentials
// reads: decoding only these skips the signed documents.
type expiringFields struct {
	ID           string    `json:"id"`
	State        string    `json:"state"`
	Issuer       string    `json:"issuer"`
	Achievement  string    `json:"achievement"`
	Member       string    `json:"member"`
	ValidFrom    time.Time `json:"validFrom"`
	ValidUntil   time.Time `json:"validUntil,omitzero"`
	Status       string    `json:"status"`
	SupersededBy string    `json:"supersededBy,omitempty"`
}

// ExpiringCredentials returns the issued, active credentials not yet
// renewed whose validUntil is after now and at or before until, with only
// their ids, issuer, achievement, member and validity filled in. It reads
// every credential record in one read transaction, which never blocks
// writers.
func (db *DB) ExpiringCredentials(now, until time.Time) ([]*accolade.Record, error) {
	var out []*accolade.Record
	err := db.kv.view(func(tx kvTx) error {
		return tx.bucket(bucketCredentials).ForEach(func(k, raw []byte) error {
			var f expiringFields
			if err := json.Unmarshal(raw, &f); err != nil {
				return errs.Wrap(errs.Internal, err, "decoding %s/%s", bucketCredentials, k)
			}
			if f.State != string(accolade.Issued) || f.Status != string(accolade.Active) || f.SupersededBy != "" ||
				f.ValidUntil.IsZero() || !f.ValidUntil.After(now) || f.ValidUntil.After(until) {
				return nil
			}
			out = append(out, &accolade.Record{ID: f.ID, State: accolade.Issued, Issuer: f.Issuer, Achievement: f.Achievement,
				Member: f.Member, ValidFrom: f.ValidFrom, ValidUntil: f.ValidUntil, Status: accolade.Active})
			return nil
		})
	})
	return out, err
}
