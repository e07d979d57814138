// Package keys is the only holder of private keys in Accolade.
//
// It owns:
//
//   - key generation (RS256 with RSA-2048, EdDSA with Ed25519, ES256 with P-256);
//   - the encrypted keyring: private keys are sealed at rest with AES-256-GCM under
//     a key-encryption key derived from a passphrase (argon2id) or read from a
//     0600 key file ([Sealer]), and persisted through the small [Store] interface;
//   - signing behind the narrow [Signer] interface, and compact VC-JWT signing
//     ([SignJWT]) with a protected header of exactly alg, kid and typ;
//   - rotation: a rotated key stays in the keyring, retired and verification-only,
//     so that credentials it signed keep verifying until an operator removes it;
//   - public key formats: JWK and JWKS, Multikey and Multikey documents,
//     verification methods, did:key parsing, did:web identifiers and DID
//     documents.
//
// It does not own storage (the store package implements [Store] over bbolt),
// HTTP (the server package publishes [JWKS] and [DIDDocument] output), key
// resolution for other issuers (the verifier package), or the credential
// formats themselves (ob3 and issuer). It imports neither bbolt nor net/http.
//
// No exported identifier returns a private key, and every type that holds one
// formats itself without it, so a private key cannot leak through fmt, a log
// line or encoding/json. Public keys ([PublicKey]) are free to travel.
//
// Errors carry kinds from package errs: Invalid for bad input or a corrupted
// record, NotFound for a missing issuer key, Conflict for a removal that would
// break the keyring, Unauthorized for a wrong passphrase or key file.
package keys
