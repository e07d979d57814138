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
// bytes, and proofValue is "z" plus the base58btc signature.
//
// Canonicalization uses github.com/piprate/json-gold for JSON-LD expansion
// and node maps only; the rest is this package's:
//
//   - contexts are processed once per distinct @context list and cached
//     (json-gold only caches documents and re-processes every context on
//     every call);
//   - expansion takes a fast path first (fastexpand.go, fastobject.go,
//     fastctx.go): this package's implementation of the W3C JSON-LD 1.1
//     Expansion Algorithm for the subset credentials use, over json-gold's
//     processed contexts (through its public API), written to give exactly
//     json-gold's result, except that every type- and property-scoped
//     context is derived once and memoized (json-gold
//     copies and re-parses the active context for every typed node and
//     scoped property, about 70% of its cost). It covers what credentials
//     use: node, value and @graph objects, @id, @type, @value, @language,
//     @direction, @index, @json values, @set, @list and @graph containers,
//     type- and property-scoped contexts, and context URLs inside the
//     document (an embedded endorsement's @context). For anything else (an
//     inline context object inside the document, the @list, @set, @reverse,
//     @nest and @included keywords, index, id, type and language maps,
//     reverse properties, @propagate or @import in a scoped context, a
//     scoped context that is not one object, more derived contexts than a
//     loader keeps) and for every input json-gold would refuse, it gives up
//     and json-gold expands the document, so errors are always json-gold's.
//     Tests (fastexpand_test.go) compare both paths on every spec example,
//     test vector and fixture, on 5,000 generated credentials and in
//     FuzzFastExpand: the expanded documents must be deeply equal and the
//     canonical N-Quads or errors identical;
//   - expansion starts from a catch-all @vocab so that undefined terms and
//     types survive to be named in an error, with json-gold's safe mode as a
//     backstop where a context resets @vocab (safe mode alone neither names
//     the term nor catches undefined types);
//   - the RDF conversion (rdf.go): json-gold's runs a URL regular
//     expression on every IRI (half its cost) and silently drops statements
//     whose http(s) IRI fails it, which jsonld.js keeps;
//   - RDFC-1.0 itself (rdfc.go), with rdf-canonize's work limit: json-gold's
//     URDNA2015 has none, so a few hundred bytes of symmetric blank nodes
//     keep it busy for hours, and it writes control characters RDFC-1.0
//     escapes (see safety.go for all that was found).
//
// Results match the W3C and 1EdTech test vectors, json-gold's Normalize with
// URDNA2015 on ordinary documents, and jsonld.js 9 (rdf-canonize 5) byte for
// byte, including its refusals (see the tests and testdata/README.md).
package dataintegrity
