// Package store is the bbolt adapter: it persists issuers, keys (sealed),
// achievements, members, credentials and community activity in one embedded
// database file, and satisfies the small Store interfaces that the domain
// packages declare.
//
// Each exported method is one bbolt transaction; unexported helpers take the
// *bolt.Tx so they compose. Records are stored as versioned JSON envelopes of
// their own, separate from the ob3 wire types. Bytes are copied out before a
// transaction ends.
//
// It does not decide anything: validation and rules live in the domain
// packages, HTTP in server.
package store
