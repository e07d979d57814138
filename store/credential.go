package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/errs"
)

// credentialVersion is the version of credentialRecord.
// Version 2 added statusChanged and statusEntries (status lists) and the
// renewal fields (awardedDate, renews, supersededBy, supersededAt).
const credentialVersion = 2

// credentialRecord is the stored form of an accolade.Record.
type credentialRecord struct {
	V            int       `json:"v"`
	ID           string    `json:"id"`
	State        string    `json:"state"`
	Issuer       string    `json:"issuer"`
	Achievement  string    `json:"achievement"`
	Member       string    `json:"member"`
	ValidFrom    time.Time `json:"validFrom"`
	ValidUntil   time.Time `json:"validUntil,omitzero"`
	Status       string    `json:"status"`
	StatusReason string    `json:"statusReason,omitempty"`
	// StatusChanged and StatusEntries are new in version 2.
	StatusChanged time.Time           `json:"statusChanged,omitzero"`
	StatusEntries []statusEntryRecord `json:"statusEntries,omitempty"`
	KeyID         string              `json:"keyId,omitempty"`
	Alg           string              `json:"alg,omitempty"`
	ProofKeyID    string              `json:"proofKeyId,omitempty"`
	JWT           string              `json:"jwt,omitempty"`
	JSON          []byte              `json:"json,omitempty"`
	Evidence      []string            `json:"evidence,omitempty"`
	Created       time.Time           `json:"created"`
	AwardedDate   time.Time           `json:"awardedDate,omitzero"`
	Renews        string              `json:"renews,omitempty"`
	SupersededBy  string              `json:"supersededBy,omitempty"`
	SupersededAt  time.Time           `json:"supersededAt,omitzero"`
	// Hidden is optional (absent: shown), so version 2 records read as is.
	Hidden bool `json:"hidden,omitempty"`
	// Forgotten is optional too (absent: not erased).
	Forgotten time.Time `json:"forgotten,omitzero"`
	// Holder is optional (absent: not collected into a wallet).
	Holder string `json:"holder,omitempty"`
}

func (r *credentialRecord) version() (int, int) { return r.V, credentialVersion }

func toCredentialRecord(c *accolade.Record) *credentialRecord {
	return &credentialRecord{V: credentialVersion, ID: c.ID, State: string(c.State), Issuer: c.Issuer,
		Achievement: c.Achievement, Member: c.Member, ValidFrom: c.ValidFrom, ValidUntil: c.ValidUntil,
		Status: string(c.Status), StatusReason: c.StatusReason, StatusChanged: c.StatusChanged,
		StatusEntries: toStatusEntryRecords(c.StatusEntries), KeyID: c.KeyID, Alg: c.Alg, ProofKeyID: c.ProofKeyID,
		JWT: c.JWT, JSON: slices.Clone(c.JSON), Evidence: slices.Clone(c.Evidence), Created: c.Created,
		AwardedDate: c.AwardedDate, Renews: c.Renews, SupersededBy: c.SupersededBy, SupersededAt: c.SupersededAt,
		Hidden: c.Hidden, Forgotten: c.Forgotten, Holder: c.Holder}
}

func credentialFromRecord(r *credentialRecord) *accolade.Record {
	return &accolade.Record{ID: r.ID, State: accolade.State(r.State), Issuer: r.Issuer,
		Achievement: r.Achievement, Member: r.Member, ValidFrom: r.ValidFrom, ValidUntil: r.ValidUntil,
		Status: accolade.Status(r.Status), StatusReason: r.StatusReason, StatusChanged: r.StatusChanged,
		StatusEntries: statusEntriesFromRecords(r.StatusEntries), KeyID: r.KeyID, Alg: r.Alg, ProofKeyID: r.ProofKeyID,
		JWT: r.JWT, JSON: r.JSON, Evidence: r.Evidence, Created: r.Created,
		AwardedDate: r.AwardedDate, Renews: r.Renews, SupersededBy: r.SupersededBy, SupersededAt: r.SupersededAt,
		Hidden: r.Hidden, Forgotten: r.Forgotten, Holder: r.Holder}
}

// getCredential returns the credential record id as an accolade.Record, or nil.
func getCredential(tx kvTx, id string) (*accolade.Record, error) {
	r, err := get[credentialRecord](tx, bucketCredentials, id)
	if r == nil || err != nil {
		return nil, err
	}
	return credentialFromRecord(r), nil
}

func heldKey(member, achievement, id string) []byte {
	return []byte(member + "\x00" + achievement + "\x00" + id)
}

func heldPrefix(member, achievement string) []byte {
	return []byte(member + "\x00" + achievement + "\x00")
}

// ReserveCredential reserves rec.ID for rec unless the member already
// holds a valid credential, or a fresh reservation, for the same
// achievement, or the id is taken: then it returns an errs.Conflict error
// naming what is in the way and reserves nothing. It allocates rec's status
// entries, filling in their List and Index (see allocateStatus).
//
// The reservation is kept in memory (see reservations) and writes nothing
// to the file: CompleteCredential stores the credential, ReleaseCredential
// ends a reservation that could not be completed. Check and reservation
// are one step under the table's lock, so two concurrent requests can never
// both succeed. A reservation neither completed nor released stops
// blocking after pendingTTL, but keeps its status indexes.
//
// A renewal (rec.Renews set) may be reserved while the credential it renews
// is still valid. That credential must be the member's, for the achievement,
// active and not superseded (errs.Conflict otherwise: a revoked credential
// is never renewed, and none is renewed twice); rec.AwardedDate is set to
// the date it was first awarded.
func (db *DB) ReserveCredential(rec *accolade.Record, now time.Time) error {
	t := &db.reserved
	t.mu.Lock()
	defer t.mu.Unlock()
	// The view begins under the lock: a reservation that has left the
	// table was committed before it left, so the view holds it.
	var added *reservation
	err := db.kv.view(func(tx kvTx) error {
		old, err := checkHeld(tx, rec, now)
		if err != nil {
			return err
		}
		if r := t.fresh(rec.Member, rec.Achievement, now); r != nil {
			return errs.E(errs.Conflict, "member %q already holds credential %s for achievement %q", rec.Member, r.id, rec.Achievement)
		}
		if tx.bucket(bucketCredentials).Get([]byte(rec.ID)) != nil || t.byID[rec.ID] != nil {
			return errs.E(errs.Conflict, "credential id %s is taken", rec.ID)
		}
		if old != nil {
			rec.AwardedDate = old.Awarded()
		}
		if err := t.allocateStatus(tx, rec); err != nil {
			return err
		}
		added = newReservation(rec, now)
		t.add(added)
		return nil
	})
	if err != nil && added != nil { // the engine failed after all (kv.go): reserve nothing
		t.dropLocked(added)
	}
	return err
}

// checkHeld returns an errs.Conflict error when, at now, the member holds
// a valid credential for rec's achievement (or a fresh Pending record, which
// older stores may hold) other than the one rec renews, or when that one
// cannot be renewed (see checkRenewal). It returns the credential rec
// renews, or nil.
func checkHeld(tx kvTx, rec *accolade.Record, now time.Time) (*accolade.Record, error) {
	var old *accolade.Record
	if rec.Renews != "" {
		var err error
		if old, err = checkRenewal(tx, rec); err != nil {
			return nil, err
		}
	}
	existing, err := heldBy(tx, rec.Member, rec.Achievement, now, rec.Renews)
	if err != nil {
		return nil, err
	}
	if existing != nil {
		return nil, errs.E(errs.Conflict, "member %q already holds credential %s for achievement %q", rec.Member, existing.ID, rec.Achievement)
	}
	return old, nil
}

// checkRenewal checks that rec may renew rec.Renews and returns that
// credential.
func checkRenewal(tx kvTx, rec *accolade.Record) (*accolade.Record, error) {
	old, err := getCredential(tx, rec.Renews)
	switch {
	case err != nil:
		return nil, err
	case old == nil || old.State != accolade.Issued || old.Member != rec.Member || old.Achievement != rec.Achievement:
		return nil, errs.E(errs.Conflict, "credential %s is not %q's credential for achievement %q, so cannot be renewed", rec.Renews, rec.Member, rec.Achievement)
	case old.SupersededBy != "":
		return nil, errs.E(errs.Conflict, "credential %s was already renewed by %s", old.ID, old.SupersededBy)
	case old.Status != accolade.Active:
		return nil, errs.E(errs.Conflict, "credential %s is %s, so is not renewed", old.ID, old.Status)
	}
	return old, nil
}

// credentialState is the part of a credentialRecord that says who holds
// what, and whether it counts (heldBy, CredentialsHeld): decoding only it
// skips the credential's JSON and JWT, most of a record's bytes.
type credentialState struct {
	V            int       `json:"v"`
	ID           string    `json:"id"`
	State        string    `json:"state"`
	Issuer       string    `json:"issuer"`
	Achievement  string    `json:"achievement"`
	Member       string    `json:"member"`
	ValidUntil   time.Time `json:"validUntil,omitzero"`
	Status       string    `json:"status"`
	Created      time.Time `json:"created"`
	SupersededBy string    `json:"supersededBy,omitempty"`
}

func (r *credentialState) version() (int, int) { return r.V, credentialVersion }

// heldBy returns the member's valid credential for the achievement (or a
// fresh Pending record, which stores written before reservations were kept
// in memory may hold), with only its id, state, status, validity, creation
// and supersededBy set; or nil. The credential being renewed (renewing)
// does not count, nor does one already superseded: its renewal stands for
// it.
func heldBy(tx kvTx, member, achievement string, now time.Time, renewing string) (*accolade.Record, error) {
	prefix := heldPrefix(member, achievement)
	c := tx.bucket(bucketHeld).Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		s, err := get[credentialState](tx, bucketCredentials, string(k[len(prefix):]))
		if err != nil {
			return nil, err
		}
		if s == nil {
			continue // a held key without its record (never written so): it holds nothing
		}
		r := &accolade.Record{ID: s.ID, State: accolade.State(s.State), ValidUntil: s.ValidUntil, Status: accolade.Status(s.Status),
			Created: s.Created, SupersededBy: s.SupersededBy}
		if r.State == accolade.Issued && (r.ID == renewing || r.SupersededBy != "") {
			continue
		}
		if r.Valid(now) || (r.State == accolade.Pending && now.Sub(r.Created) < pendingTTL) {
			return r, nil
		}
	}
	return nil, nil
}

// HeldCredential returns the member's currently valid credential for the
// achievement, or nil.
func (db *DB) HeldCredential(member, achievement string, now time.Time) (*accolade.Record, error) {
	var out *accolade.Record
	err := db.kv.view(func(tx kvTx) error {
		r, err := heldBy(tx, member, achievement, now, "")
		if r == nil || err != nil || r.State != accolade.Issued {
			return err
		}
		out, err = getCredential(tx, r.ID)
		return err
	})
	return out, err
}

// CompleteCredential stores the issued record rec (State Issued) in place
// of its reservation, in one transaction that also writes the status
// indexes the reservation holds (and their lists' Used), the member's held
// index, the created-at index and the counts of the keys that signed it,
// marks the credential it renews (if any) superseded by it, and puts the
// member's award notice in the outbox (unless the member collected it
// into a wallet: rec.Holder). When it returns nil, all of that is
// on disk; only then does the reservation end.
//
// In that transaction it checks again what ReserveCredential checked:
// errs.Conflict when the member has meanwhile come to hold another valid
// credential for the achievement or the renewed one can no longer be
// renewed, and when nothing is reserved under rec.ID (never reserved, or
// already completed or released); errs.Internal when rec is not what was
// reserved (holder, achievement, issuer, renewal, status entries).
func (db *DB) CompleteCredential(rec *accolade.Record) error {
	r, err := db.reserved.lookup(rec)
	if err != nil {
		return err
	}
	if rec.State != accolade.Issued {
		return errs.E(errs.Internal, "credential %s is %s, not issued", rec.ID, rec.State)
	}
	// Encoded before the transaction, which concurrent issues share one
	// at a time: the 10 KB record is then encoded on every core at once.
	data, err := json.Marshal(toCredentialRecord(rec))
	if err != nil {
		return errs.Wrap(errs.Internal, err, "encoding %s/%s", bucketCredentials, rec.ID)
	}
	if err := db.update(func(tx kvTx) error { return completeCredential(tx, rec, data, r.at) }); err != nil {
		return err
	}
	db.reserved.drop(r)
	return nil
}

// completeCredential is CompleteCredential's transaction: data is rec's
// record, encoded; at is the time the credential was reserved, at which
// its conflicts are checked.
func completeCredential(tx kvTx, rec *accolade.Record, data []byte, at time.Time) error {
	if tx.bucket(bucketCredentials).Get([]byte(rec.ID)) != nil {
		return errs.E(errs.Conflict, "credential %s is already stored", rec.ID)
	}
	if m, err := get[memberRecord](tx, bucketMembers, rec.Member); err != nil {
		return err
	} else if m != nil && !m.Forgotten.IsZero() { // erased while this credential was signed
		return errs.E(errs.Conflict, "member %q's details were removed at their request: no credential is issued to them", rec.Member)
	}
	old, err := checkHeld(tx, rec, at)
	if err != nil {
		return err
	}
	if old != nil && !old.Awarded().Equal(rec.AwardedDate) {
		return errs.E(errs.Internal, "credential %s: awarded date %v, but the credential it renews was awarded on %v", rec.ID, rec.AwardedDate, old.Awarded())
	}
	if err := holdCredential(tx, rec, at); err != nil {
		return err
	}
	if err := writeStatus(tx, rec.ID, rec.Issuer, rec.StatusEntries); err != nil {
		return err
	}
	if err := tx.bucket(bucketCredentials).Put([]byte(rec.ID), data); err != nil {
		return err
	}
	if err := tx.bucket(bucketHeld).Put(heldKey(rec.Member, rec.Achievement, rec.ID), nil); err != nil {
		return err
	}
	if old != nil {
		old.SupersededBy, old.SupersededAt = rec.ID, rec.ValidFrom
		if err := put(tx, bucketCredentials, old.ID, toCredentialRecord(old)); err != nil {
			return err
		}
	}
	if err := indexIssued(tx, rec); err != nil {
		return err
	}
	if err := noteChange(tx, accolade.ChangeCredential, rec.ID); err != nil {
		return err
	}
	if rec.Holder != "" { // collected into a wallet by the member: nothing to tell them
		return nil
	}
	return enqueue(tx, &accolade.Notice{ID: "awarded:" + rec.ID, Kind: accolade.NoticeAwarded, Member: rec.Member,
		Credential: rec.ID, Created: rec.Created})
}

// ReleaseCredential ends the reservation of id, which could not be
// completed; when nothing is reserved under id it does nothing. The status
// indexes the reservation holds stay taken (see allocateStatus): it writes
// them to the file, in one transaction, and the reservation ends once they
// are there. When that fails, it returns the error and the reservation
// stays, to stop blocking after pendingTTL. Issued credentials are never
// removed.
func (db *DB) ReleaseCredential(id string) error {
	r := db.reserved.get(id)
	if r == nil {
		return nil
	}
	if len(r.entries) > 0 {
		if err := db.update(func(tx kvTx) error { return keepStatus(tx, r.id, r.issuer, r.entries) }); err != nil {
			return fmt.Errorf("keeping the status indexes of released credential %s: %w", id, err)
		}
	}
	db.reserved.drop(r)
	return nil
}

// Credential returns the issued credential with uuid id, or errs.NotFound.
func (db *DB) Credential(id string) (*accolade.Record, error) {
	r, err := getOne(db, bucketCredentials, id, "credential", credentialFromRecord)
	if err == nil && r.State != accolade.Issued {
		return nil, errs.E(errs.NotFound, "no credential %q", id)
	}
	return r, err
}

// Credentials returns the issued credentials that match f, oldest first.
func (db *DB) Credentials(f accolade.CredentialFilter) ([]*accolade.Record, error) {
	var out []*accolade.Record
	err := db.kv.view(func(tx kvTx) error {
		if f.Member != "" { // use the index instead of a full scan
			return db.memberCredentials(tx, f, &out)
		}
		return each(tx, bucketCredentials, func(r *credentialRecord) error {
			if c := credentialFromRecord(r); f.Match(c) {
				out = append(out, c)
			}
			return nil
		})
	})
	sortByCreated(out)
	return out, err
}

func (db *DB) memberCredentials(tx kvTx, f accolade.CredentialFilter, out *[]*accolade.Record) error {
	prefix := []byte(f.Member + "\x00")
	c := tx.bucket(bucketHeld).Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		id := string(k[bytes.LastIndexByte(k, 0)+1:])
		r, err := getCredential(tx, id)
		if err != nil {
			return err
		}
		if r != nil && f.Match(r) {
			*out = append(*out, r)
		}
	}
	return nil
}

// SetStatus changes an issued credential's status (revoke, suspend,
// unsuspend) at time at, and the bits of its status entries with it, in one
// transaction. Revocation is final: a revoked credential cannot change
// again (errs.Conflict). Nor can a suspended one become active again when
// the member was issued another for the achievement meanwhile, which is
// valid at at (errs.Conflict, naming it): one of them must be revoked.
func (db *DB) SetStatus(id string, status accolade.Status, reason string, at time.Time) (*accolade.Record, error) {
	var r *accolade.Record
	err := db.kv.update(func(tx kvTx) error {
		var err error
		if r, err = getCredential(tx, id); err != nil {
			return err
		}
		if r == nil || r.State != accolade.Issued {
			return errs.E(errs.NotFound, "no credential %q", id)
		}
		if r.Status == accolade.Revoked {
			return errs.E(errs.Conflict, "credential %s is revoked; revocation is final", id)
		}
		if back := *r; status == accolade.Active && r.Status != accolade.Active {
			if back.Status = status; back.Valid(at) && back.SupersededBy == "" {
				other, err := heldBy(tx, r.Member, r.Achievement, at, r.ID)
				if err != nil {
					return err
				}
				if other != nil {
					return heldMeanwhile(r, other.ID)
				}
			}
		}
		if r.Status != status {
			r.StatusChanged = at.UTC()
		}
		r.Status, r.StatusReason = status, reason
		if err := markHolding(tx, r, at); err != nil {
			return err
		}
		if err := setStatusBits(tx, r); err != nil {
			return err
		}
		if err := noteChange(tx, accolade.ChangeCredential, id); err != nil {
			return err
		}
		return put(tx, bucketCredentials, id, toCredentialRecord(r))
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}
