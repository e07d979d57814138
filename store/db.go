package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"

	"github.com/accolade-badges/accolade/errs"
)

// FileName is the database file inside a data directory.
const FileName = "accolade.db"

// Bucket names.
var (
	bucketMeta         = []byte("meta")
	bucketIssuers      = []byte("issuers")
	bucketKeys         = []byte("keys")
	bucketAchievements = []byte("achievements")
	// bucketUnpublished holds the ids of unpublished achievements:
	// id -> the time it was unpublished (RFC 3339).
	bucketUnpublished = []byte("achievements_unpublished")
	bucketMembers     = []byte("members")
	bucketCredentials = []byte("credentials")
	// bucketHeld indexes credentials by member and achievement:
	// member \x00 achievement \x00 credential id -> nil.
	bucketHeld         = []byte("credentials_by_member")
	bucketExchanges    = []byte("exchanges")
	bucketAttestations = []byte("attestations")
	bucketApplications = []byte("applications")
)

var allBuckets = [][]byte{
	bucketMeta, bucketIssuers, bucketKeys, bucketAchievements, bucketMembers, bucketCredentials, bucketHeld,
	bucketExchanges, bucketAttestations, bucketApplications, bucketUnpublished,
}

// lockTimeout bounds how long Open waits for another process's lock.
const lockTimeout = time.Second

// schemaVersion is the version of the stored layout.
const schemaVersion = 1

// DB is an open Accolade database.
type DB struct {
	bolt *bolt.DB
	path string
}

// Open opens (creating if needed) the database in dataDir. When another
// process holds it, Open returns an errs.Unavailable error within about a
// second instead of waiting.
func Open(dataDir string) (*DB, error) {
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return nil, errs.Wrap(errs.Invalid, err, "creating data directory %s", dataDir)
	}
	path := filepath.Join(dataDir, FileName)
	b, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: lockTimeout})
	if errors.Is(err, bolterrors.ErrTimeout) {
		return nil, errs.E(errs.Unavailable,
			"data directory %s is in use by another accolade process (a running server?): stop it, or run this command with --server URL to go through its admin API", dataDir)
	}
	if err != nil {
		return nil, errs.Wrap(errs.Internal, err, "opening %s", path)
	}
	db := &DB{bolt: b, path: path}
	if err := db.init(); err != nil {
		b.Close()
		return nil, err
	}
	return db, nil
}

func (db *DB) init() error {
	return db.bolt.Update(func(tx *bolt.Tx) error {
		for _, name := range allBuckets {
			if _, err := tx.CreateBucketIfNotExists(name); err != nil {
				return fmt.Errorf("creating bucket %s: %w", name, err)
			}
		}
		meta := tx.Bucket(bucketMeta)
		if v := meta.Get([]byte("schema")); v != nil && string(v) != fmt.Sprint(schemaVersion) {
			return errs.E(errs.Invalid, "database schema version %s is not supported by this accolade (wants %d)", v, schemaVersion)
		}
		return meta.Put([]byte("schema"), []byte(fmt.Sprint(schemaVersion)))
	})
}

// Close closes the database.
func (db *DB) Close() error { return db.bolt.Close() }

// Path returns the database file's path.
func (db *DB) Path() string { return db.path }

// envelope is the stored form of every record: a version and the record.
type envelope struct {
	V    int             `json:"v"`
	Data json.RawMessage `json:"data"`
}

// recordVersion is the version written in new envelopes.
const recordVersion = 1

func put(tx *bolt.Tx, bucket []byte, key string, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return errs.Wrap(errs.Internal, err, "encoding %s/%s", bucket, key)
	}
	env, err := json.Marshal(envelope{V: recordVersion, Data: data})
	if err != nil {
		return errs.Wrap(errs.Internal, err, "encoding %s/%s", bucket, key)
	}
	return tx.Bucket(bucket).Put([]byte(key), env)
}

// get decodes the record at key into v; it reports false when there is none.
// json.Unmarshal copies, so nothing refers to bbolt's memory afterwards.
func get(tx *bolt.Tx, bucket []byte, key string, v any) (bool, error) {
	raw := tx.Bucket(bucket).Get([]byte(key))
	if raw == nil {
		return false, nil
	}
	return true, decode(bucket, key, raw, v)
}

// decode reads an envelope and its record in one pass (v is a pointer, which
// encoding/json fills through the interface).
func decode(bucket []byte, key string, raw []byte, v any) error {
	env := struct {
		V    int `json:"v"`
		Data any `json:"data"`
	}{Data: v}
	if err := json.Unmarshal(raw, &env); err != nil {
		return errs.Wrap(errs.Internal, err, "decoding %s/%s", bucket, key)
	}
	if env.V != recordVersion {
		return errs.E(errs.Internal, "record %s/%s has version %d, want %d", bucket, key, env.V, recordVersion)
	}
	return nil
}

// each calls fn for every record in bucket, in key order, decoding into a
// fresh T.
func each[T any](tx *bolt.Tx, bucket []byte, fn func(*T) error) error {
	return tx.Bucket(bucket).ForEach(func(k, raw []byte) error {
		v := new(T)
		if err := decode(bucket, string(k), raw, v); err != nil {
			return err
		}
		return fn(v)
	})
}
