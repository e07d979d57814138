package dataintegrity

import "errors"

// Causes of the errors this package returns. Each returned error carries an
// errs kind (errs.Invalid unless documented otherwise) and wraps one of these,
// so callers test with errors.Is and map with errs.KindOf.
var (
	// ErrUnknownContext: the document names a JSON-LD context that is not
	// embedded. Contexts are never fetched.
	ErrUnknownContext = errors.New("not an embedded JSON-LD context; contexts are never fetched")

	// ErrUndefinedTerm: a property, type or vocabulary value that no @context
	// defines. JSON-LD expansion would drop it, so it would not be signed.
	ErrUndefinedTerm = errors.New("not defined by any @context; JSON-LD would drop it from the signed data")

	// ErrUnsignable: a value that RDF canonicalization would drop or that
	// implementations serialize differently (a relative or malformed IRI, a
	// control character, a bad language tag, @direction, a huge number).
	ErrUnsignable = errors.New("cannot be signed reliably with RDF canonicalization")

	// ErrNoProof: Verify was given a document without a proof.
	ErrNoProof = errors.New("document has no proof")

	// ErrHasProof: Sign was given a document that already has a proof.
	ErrHasProof = errors.New("document already has a proof")

	// ErrUnsupportedProof: a proof type or cryptosuite this package does not
	// verify.
	ErrUnsupportedProof = errors.New("unsupported proof type or cryptosuite")

	// ErrProofPurpose: the proof's purpose is not the one the verifier expects.
	ErrProofPurpose = errors.New("unexpected proof purpose")

	// ErrMalformedProof: a proof lacks a required field or has a bad one.
	ErrMalformedProof = errors.New("malformed proof")

	// ErrSignature: the signature does not match the document, the proof
	// options and the key.
	ErrSignature = errors.New("signature does not verify")
)
