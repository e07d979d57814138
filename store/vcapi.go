package store

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/errs"
)

// bucketIssuedVC holds the credentials signed through the VC-API:
// credential id -> issuedVCRecord.
var bucketIssuedVC = []byte("vcapi_issued")

const issuedVCVersion = 1

type issuedVCRecord struct {
	V             int                 `json:"v"`
	ID            string              `json:"id"`
	Issuer        string              `json:"issuer"`
	Token         string              `json:"token,omitempty"`
	Created       time.Time           `json:"created"`
	Status        string              `json:"status"`
	StatusChanged time.Time           `json:"statusChanged,omitzero"`
	StatusEntries []statusEntryRecord `json:"statusEntries,omitempty"`
	JSON          json.RawMessage     `json:"json"`
}

func (r *issuedVCRecord) version() (int, int) { return r.V, issuedVCVersion }

func toIssuedVCRecord(c *accolade.IssuedVC) *issuedVCRecord {
	return &issuedVCRecord{V: issuedVCVersion, ID: c.ID, Issuer: c.Issuer, Token: c.Token, Created: c.Created,
		Status: string(c.Status), StatusChanged: c.StatusChanged, StatusEntries: toStatusEntryRecords(c.StatusEntries), JSON: c.JSON}
}

func issuedVCFromRecord(r *issuedVCRecord) *accolade.IssuedVC {
	return &accolade.IssuedVC{ID: r.ID, Issuer: r.Issuer, Token: r.Token, Created: r.Created, Status: accolade.Status(r.Status),
		StatusChanged: r.StatusChanged, StatusEntries: statusEntriesFromRecords(r.StatusEntries), JSON: r.JSON}
}

// IssueVC stores a credential signed through the VC-API. rec.StatusEntries
// come in as purposes with random draws (like ReserveCredential's); the
// store allocates their indexes, then calls sign, which must put them in
// the credential and set rec.JSON, and then writes the record and the
// indexes in one durable transaction. Nothing is written when sign fails;
// indexes it had taken stay free.
//
// Errors: errs.Conflict when a credential with rec.ID was already issued
// (by the VC-API or as an award); sign's error as it is.
func (db *DB) IssueVC(rec *accolade.IssuedVC, sign func(*accolade.IssuedVC) error) error {
	t := &db.reserved
	tmp := &accolade.Record{ID: "vcapi:" + rec.ID, Issuer: rec.Issuer, StatusEntries: rec.StatusEntries}
	release := func() {
		t.mu.Lock()
		defer t.mu.Unlock()
		for _, e := range tmp.StatusEntries {
			t.dropIndex(listKey(rec.Issuer, e.Purpose, e.List), e.Index, tmp.ID)
		}
	}
	t.mu.Lock()
	err := db.kv.view(func(tx kvTx) error {
		if err := issuedVCTaken(tx, rec.ID); err != nil {
			return err
		}
		return t.allocateStatus(tx, tmp)
	})
	t.mu.Unlock()
	defer release() // also when the engine failed after allocateStatus (kv.go)
	if err != nil {
		return err
	}
	rec.StatusEntries = tmp.StatusEntries
	if err := sign(rec); err != nil {
		return err
	}
	data, err := json.Marshal(toIssuedVCRecord(rec))
	if err != nil {
		return errs.Wrap(errs.Internal, err, "encoding %s/%s", bucketIssuedVC, rec.ID)
	}
	return db.update(func(tx kvTx) error {
		if err := issuedVCTaken(tx, rec.ID); err != nil {
			return err
		}
		if err := writeStatus(tx, tmp.ID, rec.Issuer, rec.StatusEntries); err != nil {
			return err
		}
		return tx.bucket(bucketIssuedVC).Put([]byte(rec.ID), data)
	})
}

// issuedVCTaken refuses an id already used by a VC-API credential or an
// award ("urn:uuid:" + its record id).
func issuedVCTaken(tx kvTx, id string) error {
	if tx.bucket(bucketIssuedVC).Get([]byte(id)) != nil {
		return &errs.Error{Kind: errs.Conflict, Field: "credential.id", Msg: fmt.Sprintf("a credential with id %q was already issued: give each credential its own id", id)}
	}
	if uuid, ok := cutUUID(id); ok && tx.bucket(bucketCredentials).Get([]byte(uuid)) != nil {
		return &errs.Error{Kind: errs.Conflict, Field: "credential.id", Msg: fmt.Sprintf("%q is the id of a credential this service already issued", id)}
	}
	return nil
}

func cutUUID(id string) (string, bool) {
	const p = "urn:uuid:"
	if len(id) > len(p) && id[:len(p)] == p {
		return id[len(p):], true
	}
	return "", false
}

// IssuedVC returns a credential signed through the VC-API (errs.NotFound
// when there is none with that id).
func (db *DB) IssuedVC(id string) (*accolade.IssuedVC, error) {
	var out *accolade.IssuedVC
	err := db.kv.view(func(tx kvTx) error {
		r, err := get[issuedVCRecord](tx, bucketIssuedVC, id)
		if err != nil {
			return err
		}
		if r == nil {
			return errs.E(errs.NotFound, "no credential %q was issued through the VC-API", id)
		}
		out = issuedVCFromRecord(r)
		return nil
	})
	return out, err
}

// SetIssuedVCStatus revokes, suspends or reinstates a VC-API credential,
// setting its status list bits. Revocation is final (errs.Conflict after
// it); a status needing a purpose the credential has no entry for is
// errs.Conflict too.
func (db *DB) SetIssuedVCStatus(id string, status accolade.Status, at time.Time) (*accolade.IssuedVC, error) {
	var out *accolade.IssuedVC
	err := db.update(func(tx kvTx) error {
		r, err := get[issuedVCRecord](tx, bucketIssuedVC, id)
		if err != nil {
			return err
		}
		if r == nil {
			return errs.E(errs.NotFound, "no credential %q was issued through the VC-API", id)
		}
		c := issuedVCFromRecord(r)
		if c.Status == accolade.Revoked && status != accolade.Revoked {
			return errs.E(errs.Conflict, "credential %s is revoked; revocation is final", id)
		}
		need := accolade.PurposeRevocation
		if status != accolade.Revoked {
			need = accolade.PurposeSuspension
		}
		has := false
		for _, e := range c.StatusEntries {
			has = has || e.Purpose == need
		}
		if !has {
			return errs.E(errs.Conflict, "credential %s has no %s status entry, so it cannot be %s (ask for one in options.credentialStatus when issuing)", id, need, map[accolade.StatusPurpose]string{accolade.PurposeRevocation: "revoked", accolade.PurposeSuspension: "suspended or reinstated"}[need])
		}
		if c.Status != status {
			c.StatusChanged = at.UTC()
		}
		c.Status = status
		if err := setStatusBits(tx, &accolade.Record{ID: id, Issuer: c.Issuer, Status: status, StatusEntries: c.StatusEntries}); err != nil {
			return err
		}
		out = c
		return put(tx, bucketIssuedVC, id, toIssuedVCRecord(c))
	})
	return out, err
}
