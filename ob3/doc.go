// Package ob3 is the Open Badges 3.0 data model on the W3C Verifiable
// Credentials Data Model 2.0: the credential, profile, achievement, subject,
// identity, image, evidence, alignment, schema, status and proof types, their
// JSON shape, structural validation, and the recipient identity hash.
//
// Writing follows the official AchievementCredential JSON Schema exactly:
// contexts in order, "type" as arrays where the schema wants arrays, objects
// for images, RFC 3339 UTC dates, and no nulls or empty arrays. Reading is
// tolerant, as the specification asks: "type" may be a string or an array,
// "issuer" a string or an object, "proof" and "credentialSchema" an object or
// an array, and the VCDM 1.1 fields (issuanceDate, expirationDate) are
// accepted. Properties this package does not model are kept in Extra and
// written back unchanged, so a credential round-trips without losing a field.
//
// The package also embeds the JSON-LD contexts (see contexts.go) so that no
// context is ever fetched at run time.
//
// It does not sign or verify (see keys, issuer, verifier, dataintegrity) and
// imports no storage, HTTP or JOSE code.
package ob3
