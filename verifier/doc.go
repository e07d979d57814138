// Package verifier answers one question for anyone who was shown an Open
// Badges 3.0 credential: can it be trusted? It takes the credential in any
// form it travels in — a compact VC-JWT, a JSON credential with a Data
// Integrity proof, a baked PNG or SVG badge image, a PDF certificate, a
// photo of a printed certificate's QR code, or a URL — and returns a
// [Verdict]: one [Outcome] first — valid; genuine but expired, revoked or
// suspended; signed correctly by an issuer nothing confirms; not valid;
// cannot check; not a credential — with a summary in words, then one
// plain-language [Check] per question (format, contents, signature or
// proof, JWT claims, dates, issuer, status).
//
// Two rules shape every verdict. A name inside a credential is a claim,
// never an identity: an issuer is confirmed only when the signing key is
// one of this service's (through [Local]) or is published at the issuer's
// own id (its did:web document, or an https profile that lists the key under
// assertionMethod, or a key URL on the issuer's own origin); a did:key or a
// key embedded in the JWT proves who signed, not who that is. And once the
// signature or proof fails, nothing the credential claims is shown as a
// fact: the checks that would repeat its claims read "not checked".
//
// It owns:
//
//   - input detection and extraction (input.go; the baked images and PDFs
//     are read by package bake, QR codes in photos by package qr, and a
//     photo's link is verified as any link is), with a size limit on every
//     input;
//   - VC-JWT verification (jwt.go): an explicit algorithm allow-list (RS256,
//     ES256, EdDSA) enforced before any key is looked up, key selection from
//     the header's kid or jwk, and the rule that a credential naming one of
//     this service's issuers must be signed by one of that issuer's keys;
//   - key resolution for other issuers (resolve.go, dataintegrity.go):
//     did:key locally, did:web and HTTPS verification methods and JWKS over
//     HTTPS, with the assertionMethod authorisation check;
//   - safe fetching (fetch.go): https only, no loopback, private, link-local
//     or other internal addresses (checked on the resolved address at dial
//     time), bounded time, size, redirects and rate, and a small TTL cache;
//   - reading other issuers' status (status.go): Bitstring Status List
//     entries (statuslist.go), whose list credential is fetched, verified
//     like any credential and must be signed by the credential's issuer
//     (the same issuer id, and a key published at that id or the key that
//     signed the credential), with a minimum length and a cap on the
//     decompressed size; and 1EdTech revocation lists (revocationlist.go).
//     A provably forged list makes the verdict invalid, one that cannot be
//     fetched or read makes it unverifiable; fetched lists are cached for
//     their lifetime, at most five minutes;
//   - the checks and their wording (checks.go), the verdict (verdict.go),
//     its outcome and summary (outcome.go), and the recipient check
//     (recipient.go).
//
// It does not own the credential model (package ob3), the Data Integrity
// algorithm (package dataintegrity), key formats (package keys, of which it
// uses only public keys and parsers), this service's issuers and credentials
// (reached through the small [Local] interface, which also answers whether
// one of them was revoked: this service's own status lists are never
// fetched), or HTTP serving. It never holds a private key.
//
// Verify never returns an error: every problem, including malformed input
// and unreachable keys, becomes a failed or skipped check in the verdict.
package verifier
