// Package server is the HTTP adapter: the public pages and documents
// (credentials, issuer profiles, achievements, JWKS, verification) and the
// admin API, with errors as RFC 9457 problem documents.
//
// It is the one place where error kinds become status codes (see error.go).
// It declares the small interfaces it needs from storage and keys; cmd wires
// the bbolt store and the keyring in. It never sees a private key.
package server
