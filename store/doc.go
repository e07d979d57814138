// Package store is the storage adapter: it persists issuers, keys
// (sealed), achievements, members, credentials and community activity in
// one embedded bbolt file (Open) or in a shared PostgreSQL database
// (OpenDatabase, after Migrate), and satisfies the small Store interfaces
// that the domain packages declare.
//
// Each exported method is one transaction of the storage engine (kv.go:
// bbolt, or PostgreSQL behind the same buckets, keys and cursors);
// unexported helpers take the kvTx so they compose. Records are structs
// of this package with a version each (record.go), converted to and from
// the domain types at the boundary and never validated on read; golden
// tests pin their bytes. The file has a schema version, upgraded at Open
// by the steps in migrate.go; a file newer than the code is refused (a
// PostgreSQL database is upgraded by Migrate only, pg.go). Issued credentials are indexed by
// creation time (RecentCredentials) and counted per signing key
// (CredentialCountsByKey) in the transaction that completes them: a
// credential being issued is reserved in memory only (reservation.go), and
// stored with its status indexes, indexes and award notice in one write
// transaction (CompleteCredential). Bytes are
// copied out before a transaction ends. API tokens are kept by the
// SHA-256 of their secret (token.go); the audit log is an append-only
// bucket in time order (audit.go).
//
// It does not decide anything: validation and rules live in the domain
// packages, HTTP in server.
package store
