// Package server is the HTTP adapter: the public pages and documents
// (credentials, issuer profiles, achievements, JWKS, verification) and the
// admin API, with errors as RFC 9457 problem documents.
//
// It is the one place where error kinds become status codes (see error.go).
// It declares the small interfaces it needs from storage and keys; cmd wires
// the bbolt store and the keyring in. It never sees a private key.
//
// Files are named by noun, as in issuer and store: credential.go,
// issuer.go, achievement.go, member.go, exchange.go, attestation.go,
// application.go, key.go and home.go hold the handlers (public and admin)
// of that noun; activity.go what the activity handlers share; verify.go
// and verdict.go the verification endpoints and page; page.go, error.go,
// request.go and ratelimit.go what every handler uses. access.go decides
// who may call an admin route (the token, its scopes and its community),
// token.go serves API tokens and audit.go the audit log.
package server
