package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/accolade-badges/accolade/errs"
)

// schemaVersion is the version of the file's layout that this code reads
// and writes. It is stored in the meta bucket under "schema".
//
//	1: every record an envelope {"v":1,"data":<the domain type's JSON>}
//	   (releases up to 2026-12-01).
//	2: records of this package's own (record.go), a created-at index of
//	   issued credentials and counts of the credentials per key.
//	3: credential records version 2 (statusChanged and statusEntries for
//	   status lists; awardedDate, renews, supersededBy and supersededAt for
//	   renewals) and achievement records version 2 (renewWithin); zero
//	   values are right for what was written before. The status list
//	   buckets are created by Open and start empty: credentials issued
//	   before have no status entry.
//
//	4: an index of members by email address (members_by_email), for
//	   sign-in; the session buckets are created by Open and start empty.
//
// The images bucket (badge images and logos) was added within version 3:
// Open creates it, empty, in a file that lacks it, and a release that does
// not know it leaves it alone, so it needs no upgrade step.
const schemaVersion = 4

// migration upgrades a file from schema version from to version to, inside
// the transaction that opens it.
type migration struct {
	from, to int
	run      func(*bolt.Tx) error
}

// migrations are the upgrade steps, in order. Append only; a step never
// changes once released, and reads the old layout with types of its own
// rather than today's records.
var migrations = []migration{
	{from: 1, to: 2, run: migrateEnvelopes},
	{from: 2, to: 3, run: migrateRenewal},
	{from: 3, to: 4, run: migrateEmailIndex},
}

// migrate brings the file's schema to schemaVersion: a new file is stamped,
// an older one upgraded step by step, and a newer one refused with an
// errs.Invalid error saying so.
func migrate(tx *bolt.Tx, path string) error {
	meta, err := tx.CreateBucketIfNotExists(bucketMeta)
	if err != nil {
		return fmt.Errorf("creating bucket %s: %w", bucketMeta, err)
	}
	v := schemaVersion
	if raw := meta.Get(keySchema); raw != nil {
		if v, err = strconv.Atoi(string(raw)); err != nil {
			return errs.E(errs.Invalid, "%s: schema version %q is not a number; is this an accolade database?", path, raw)
		}
	}
	if v > schemaVersion {
		return errs.E(errs.Invalid, "%s has schema version %d, written by a newer accolade; this one reads version %d at most: run the newer release, or restore a backup taken before the upgrade", path, v, schemaVersion)
	}
	for _, m := range migrations {
		if m.from != v {
			continue
		}
		if err := m.run(tx); err != nil {
			return fmt.Errorf("upgrading %s from schema version %d to %d: %w", path, m.from, m.to, err)
		}
		v = m.to
	}
	if v != schemaVersion {
		return errs.E(errs.Internal, "%s: no upgrade from schema version %d", path, v)
	}
	return meta.Put(keySchema, []byte(strconv.Itoa(schemaVersion)))
}

// envelopeV1 is a record of schema version 1.
type envelopeV1 struct {
	V    int             `json:"v"`
	Data json.RawMessage `json:"data"`
}

// migrateEnvelopes (1 to 2) unwraps every envelope into this package's
// record of the noun, and builds the created-at index and the key counts
// from the issued credentials. The records of version 1 kept the domain
// types' json tags, which the version 1 records here kept too, except the
// achievement (see achievementV1).
func migrateEnvelopes(tx *bolt.Tx) error {
	for _, b := range []struct {
		name    []byte
		convert func([]byte) (record, error)
	}{
		{bucketIssuers, plainV1[profileRecord]},
		{bucketKeys, plainV1[keyRecord]},
		{bucketMembers, plainV1[memberRecord]},
		{bucketAchievements, convertAchievementV1},
		{bucketCredentials, plainV1[credentialRecord]},
		{bucketExchanges, plainV1[exchangeRecord]},
		{bucketAttestations, plainV1[attestationRecord]},
		{bucketApplications, plainV1[applicationRecord]},
	} {
		if err := rewriteV1(tx, b.name, b.convert); err != nil {
			return err
		}
	}
	for _, name := range [][]byte{bucketRecent, bucketKeyCounts} {
		if _, err := tx.CreateBucketIfNotExists(name); err != nil {
			return err
		}
	}
	// The records are version 1 here, whatever credentialVersion is now, so
	// they are read without each's version check.
	return tx.Bucket(bucketCredentials).ForEach(func(k, raw []byte) error {
		var r credentialRecord
		if err := json.Unmarshal(raw, &r); err != nil {
			return fmt.Errorf("decoding %s/%s: %w", bucketCredentials, k, err)
		}
		if c := credentialFromRecord(&r); c.State == "issued" {
			return indexIssued(boltTx{tx}, c)
		}
		return nil
	})
}

// rewriteV1 replaces every envelope in bucket with the record convert makes
// of its data. Entries are read first, then written: bbolt does not allow
// changing a bucket inside its ForEach.
func rewriteV1(tx *bolt.Tx, bucket []byte, convert func([]byte) (record, error)) error {
	b, err := tx.CreateBucketIfNotExists(bucket)
	if err != nil {
		return err
	}
	type entry struct{ key, value []byte }
	var all []entry
	err = b.ForEach(func(k, v []byte) error {
		var env envelopeV1
		if err := json.Unmarshal(v, &env); err != nil {
			return fmt.Errorf("decoding %s/%s: %w", bucket, k, err)
		}
		if env.V != 1 {
			return fmt.Errorf("%s/%s has envelope version %d, want 1", bucket, k, env.V)
		}
		r, err := convert(env.Data)
		if err != nil {
			return fmt.Errorf("converting %s/%s: %w", bucket, k, err)
		}
		data, err := json.Marshal(r)
		if err != nil {
			return err
		}
		all = append(all, entry{key: append([]byte(nil), k...), value: data})
		return nil
	})
	if err != nil {
		return err
	}
	for _, e := range all {
		if err := b.Put(e.key, e.value); err != nil {
			return err
		}
	}
	return nil
}

// plainV1 reads version 1 data whose json tags are those of record R, and
// stamps it version 1: the records schema 2 started with. (When a record
// changes shape, copy its version 1 struct here for this step first.)
func plainV1[R any, PR recordPtr[R]](data []byte) (record, error) {
	r := PR(new(R))
	if err := json.Unmarshal(data, r); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(`{"v":1}`), r); err != nil {
		return nil, err
	}
	return r, nil
}

// achievementV1 is an achievement of schema version 1: the achievement
// file's JSON, durations written "730d".
type achievementV1 struct {
	ID              string `json:"id"`
	Issuer          string `json:"issuer"`
	Name            string `json:"name"`
	Description     string `json:"description"`
	AchievementType string `json:"achievementType"`
	Image           string `json:"image"`
	ValidFor        string `json:"validFor"`
	Suspendable     bool   `json:"suspendable"`
	Reviewers       string `json:"reviewers"`
	AwardOnApproval bool   `json:"awardOnApproval"`
	Criteria        struct {
		Narrative string  `json:"narrative"`
		Rule      *ruleV1 `json:"rule"`
	} `json:"criteria"`
}

type ruleV1 struct {
	All       []*ruleV1 `json:"all"`
	Any       []*ruleV1 `json:"any"`
	Exchanges *struct {
		exchangeRequirementRecord
		Within string `json:"within"`
	} `json:"exchanges"`
	Attestations *struct {
		attestationRequirementRecord
		Within string `json:"within"`
	} `json:"attestations"`
	Holds string `json:"holds"`
	Expr  string `json:"expr"`
}

func convertAchievementV1(data []byte) (record, error) {
	var a achievementV1
	if err := json.Unmarshal(data, &a); err != nil {
		return nil, err
	}
	validFor, err := durationV1(a.ValidFor)
	if err != nil {
		return nil, fmt.Errorf("validFor: %w", err)
	}
	rule, err := a.Criteria.Rule.record()
	if err != nil {
		return nil, err
	}
	return &achievementRecord{V: 1, ID: a.ID, Issuer: a.Issuer, Name: a.Name, Description: a.Description,
		AchievementType: a.AchievementType, Image: a.Image, ValidFor: validFor, Suspendable: a.Suspendable,
		Reviewers: a.Reviewers, AwardOnApproval: a.AwardOnApproval, Narrative: a.Criteria.Narrative, Rule: rule}, nil
}

func (r *ruleV1) record() (*ruleRecord, error) {
	if r == nil {
		return nil, nil
	}
	out := &ruleRecord{Holds: r.Holds, Expr: r.Expr}
	var err error
	if out.All, err = rulesV1(r.All); err != nil {
		return nil, err
	}
	if out.Any, err = rulesV1(r.Any); err != nil {
		return nil, err
	}
	if q := r.Exchanges; q != nil {
		e := q.exchangeRequirementRecord
		if e.Within, err = durationV1(q.Within); err != nil {
			return nil, fmt.Errorf("exchanges.within: %w", err)
		}
		out.Exchanges = &e
	}
	if q := r.Attestations; q != nil {
		a := q.attestationRequirementRecord
		if a.Within, err = durationV1(q.Within); err != nil {
			return nil, fmt.Errorf("attestations.within: %w", err)
		}
		out.Attestations = &a
	}
	return out, nil
}

func rulesV1(list []*ruleV1) ([]*ruleRecord, error) {
	if list == nil {
		return nil, nil
	}
	out := make([]*ruleRecord, len(list))
	for i, r := range list {
		var err error
		if out[i], err = r.record(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// durationV1 reads a duration as schema version 1 wrote it (criteria's
// FormatDuration of 2026-12-01: a whole number of d, h, m or s, or a Go
// duration), in nanoseconds; "" is 0. It is a frozen copy, so that a change
// to criteria's parsing never breaks this upgrade.
func durationV1(s string) (int64, error) {
	if s == "" {
		return 0, nil
	}
	units := map[byte]time.Duration{'s': time.Second, 'm': time.Minute, 'h': time.Hour,
		'd': 24 * time.Hour, 'w': 7 * 24 * time.Hour, 'y': 365 * 24 * time.Hour}
	if u, ok := units[s[len(s)-1]]; ok && len(s) > 1 {
		if n, err := strconv.ParseInt(strings.TrimSpace(s[:len(s)-1]), 10, 64); err == nil {
			return n * int64(u), nil
		}
	}
	d, err := time.ParseDuration(s)
	return int64(d), err
}

// migrateRenewal (2 to 3) restamps credential and achievement records of
// version 1 as version 2. Version 2 only adds fields whose zero value is
// the old meaning (no renewal; renewed only once expired), so the rest of
// each record is kept byte for byte.
func migrateRenewal(tx *bolt.Tx) error {
	for _, bucket := range [][]byte{bucketCredentials, bucketAchievements} {
		if err := restamp(tx, bucket, 1, 2); err != nil {
			return err
		}
	}
	return nil
}

// restamp sets "v" from version from to version to in every record of
// bucket; a record of another version is an error.
func restamp(tx *bolt.Tx, bucket []byte, from, to int) error {
	b := tx.Bucket(bucket)
	if b == nil {
		return nil
	}
	type entry struct{ key, value []byte }
	var all []entry
	err := b.ForEach(func(k, v []byte) error {
		var r map[string]json.RawMessage
		if err := json.Unmarshal(v, &r); err != nil {
			return fmt.Errorf("decoding %s/%s: %w", bucket, k, err)
		}
		if string(r["v"]) != strconv.Itoa(from) {
			return fmt.Errorf("%s/%s has record version %s, want %d", bucket, k, r["v"], from)
		}
		r["v"] = json.RawMessage(strconv.Itoa(to))
		out, err := json.Marshal(r)
		if err != nil {
			return err
		}
		all = append(all, entry{bytes.Clone(k), out})
		return nil
	})
	if err != nil {
		return err
	}
	for _, e := range all {
		if err := b.Put(e.key, e.value); err != nil {
			return err
		}
	}
	return nil
}

// migrateEmailIndex builds the index of members by email address.
func migrateEmailIndex(tx *bolt.Tx) error {
	members := tx.Bucket(bucketMembers)
	if members == nil {
		return nil
	}
	idx, err := tx.CreateBucketIfNotExists(bucketMembersByEmail)
	if err != nil {
		return err
	}
	return members.ForEach(func(k, v []byte) error {
		var m struct {
			Email string `json:"email"`
		}
		if err := json.Unmarshal(v, &m); err != nil {
			return fmt.Errorf("decoding %s/%s: %w", bucketMembers, k, err)
		}
		return idx.Put([]byte(m.Email+"\x00"+string(k)), nil)
	})
}
