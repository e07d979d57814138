// Package dataintegrity signs and verifies W3C Verifiable Credential Data
// Integrity proofs over JSON-LD documents.
//
// It owns:
//
//   - DataIntegrityProof with cryptosuite eddsa-rdfc-2022 (W3C vc-di-eddsa):
//     Sign and Verify;
//   - Ed25519Signature2020 (the legacy suite many Open Badges 3.0 wallets still
//     produce): Verify only;
//   - RDFC-1.0 canonicalization (Canonicalize) with JSON-LD contexts served from
//     memory only: the ones embedded in package ob3, plus any a test adds with
//     WithContexts. Nothing is ever fetched;
//   - the safety checks that make a signature cover what the JSON says:
//     unknown contexts, undefined terms (which JSON-LD expansion silently
//     drops), relative or malformed IRIs, and strings whose canonical form
//     implementations disagree on are rejected, each with an error naming it;
//   - did:key resolution for Ed25519 keys (DidKeyResolver) and Multikey
//     decoding.
//
// It does not own private keys (a Signer signs; package keys holds keys), key
// resolution over the network (did:web, HTTPS controller documents: the
// caller's KeyResolver does that), the decision whether a proof's controller
// is the credential's issuer, or the Open Badges shape and rules (package
// ob3). A verified proof says: this key, authorised by this controller for
// this purpose, signed exactly this RDF graph.
//
// Hashing follows vc-di-eddsa: SHA-256 of the canonical proof configuration
// (the proof without proofValue, with the document's @context) followed by
// SHA-256 of the canonical document without its proof; Ed25519 signs the 64
// bytes, and proofValue is "z" plus the base58btc signature. Canonical
// N-Quads come from github.com/piprate/json-gold with URDNA2015 (RDFC-1.0),
// set explicitly.
package dataintegrity
