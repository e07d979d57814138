package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
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
	// bucketRecent indexes issued credentials by creation time:
	// created (8-byte big-endian Unix nanoseconds) + credential id -> nil.
	bucketRecent = []byte("credentials_by_created")
	// bucketKeyCounts counts the issued credentials each key signed (its
	// JWT or its Data Integrity proof): key id -> 8-byte big-endian count.
	bucketKeyCounts = []byte("credential_counts_by_key")
	// bucketStatusLists holds the allocation state of each status list:
	// issuer \x00 purpose \x00 number (4-byte big-endian) -> statusListRecord.
	bucketStatusLists = []byte("status_lists")
	// bucketStatusIndexes holds every status index ever allocated, never
	// reused: list key + index (4-byte big-endian) -> credential id.
	bucketStatusIndexes = []byte("status_indexes")
	// bucketStatusBits holds each list's bitstring: list key -> statusBitsRecord.
	bucketStatusBits = []byte("status_bits")
	// bucketImages holds badge images and logos by content:
	// lowercase hex SHA-256 of the bytes -> imageRecord.
	bucketImages = []byte("images")
)

// keySchema is the meta key holding the schema version, in decimal.
var keySchema = []byte("schema")

var allBuckets = [][]byte{
	bucketMeta, bucketIssuers, bucketKeys, bucketAchievements, bucketMembers, bucketCredentials, bucketHeld,
	bucketExchanges, bucketAttestations, bucketApplications, bucketUnpublished, bucketRecent, bucketKeyCounts,
	bucketStatusLists, bucketStatusIndexes, bucketStatusBits, bucketImages,
	bucketMembersByEmail, bucketSignIns, bucketSessions, bucketMemberSessions,
	bucketOutbox, bucketOutboxDue, bucketOutboxDone, // outbox.go
	bucketPasskeys, bucketMemberPasskeys, bucketCeremonies, // passkey.go
	bucketTokens, bucketTokenIDs, bucketAudit, // token.go, audit.go
	bucketIssuedVC,                                                                                                 // vcapi.go
	bucketWalletExchanges,                                                                                          // wallet.go
	bucketOID4VCI,                                                                                                  // oid4vci.go
	bucketChanges,                                                                                                  // change.go
	bucketOAuthClients, bucketOAuthGrants, bucketMemberGrants, bucketOAuthCodes, bucketOAuthTokens, bucketExternal, // oauth.go
	bucketEndorsements, // endorsement.go
}

// lockTimeout bounds how long Open waits for another process's lock.
const lockTimeout = time.Second

// DB is an open Accolade database.
type DB struct {
	kv       kvEngine // every read and write (kv.go)
	bolt     *bolt.DB // the bbolt file, or nil on PostgreSQL: what only a file can do (backup, snapshot marks)
	path     string
	group    groupCommit  // the group commit of the writes every request makes (credentials, audit, outbox)
	reserved reservations // the credentials being issued (reservation.go)
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
	db := &DB{kv: boltEngine{b}, bolt: b, path: path}
	if err := db.init(); err != nil {
		b.Close()
		return nil, err
	}
	return db, nil
}

// init brings the file to schemaVersion (see migrate.go) and creates any
// missing bucket, in one transaction: a failed upgrade changes nothing. A
// file that needs neither is not written to, so that opening the database
// leaves it as it was (see SnapshotMark).
func (db *DB) init() error {
	current := false
	if err := db.bolt.View(func(tx *bolt.Tx) error {
		current = isCurrent(tx)
		return nil
	}); err != nil || current {
		return err
	}
	return db.bolt.Update(func(tx *bolt.Tx) error {
		if err := migrate(tx, db.path); err != nil {
			return err
		}
		for _, name := range allBuckets {
			if _, err := tx.CreateBucketIfNotExists(name); err != nil {
				return fmt.Errorf("creating bucket %s: %w", name, err)
			}
		}
		return nil
	})
}

// isCurrent reports whether the file is at schemaVersion and has every
// bucket.
func isCurrent(tx *bolt.Tx) bool {
	meta := tx.Bucket(bucketMeta)
	if meta == nil || string(meta.Get(keySchema)) != strconv.Itoa(schemaVersion) {
		return false
	}
	for _, name := range allBuckets {
		if tx.Bucket(name) == nil {
			return false
		}
	}
	return true
}

// Close closes the database.
func (db *DB) Close() error { return db.kv.close() }

// Path returns the database file's path.
func (db *DB) Path() string { return db.path }
