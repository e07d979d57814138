package dataintegrity

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"github.com/mr-tron/base58"

	"github.com/accolade-badges/accolade/errs"
)

// Proof types and the cryptosuite this package knows.
const (
	TypeDataIntegrityProof   = "DataIntegrityProof"
	TypeEd25519Signature2020 = "Ed25519Signature2020"
	CryptosuiteEdDSARDFC2022 = "eddsa-rdfc-2022"
)

// PurposeAssertionMethod is the proof purpose of an issuer's credential.
const PurposeAssertionMethod = "assertionMethod"

// Signer signs a message with Ed25519 (keys.Signer satisfies it). Sign
// returns the 64-byte signature over msg itself: msg is the 64-byte hash
// data, not a digest to sign again.
type Signer interface {
	Sign(msg []byte) ([]byte, error)
}

// Options are the proof options Sign writes into the proof.
type Options struct {
	// VerificationMethod is the URL of the public key, e.g.
	// "did:web:example.org:issuers:default#<id>". Required.
	VerificationMethod string
	// Created is written as RFC 3339 UTC with "Z", in whole seconds
	// (truncated). Required: time is the caller's to inject.
	Created time.Time
	// ProofPurpose defaults to "assertionMethod".
	ProofPurpose string
	// Challenge and Domain, when set, are written into the proof: what a
	// presentation for authentication carries (a verifier's nonce and its
	// origin), and what the signature then covers.
	Challenge, Domain string
}

// proof is a proof as it appears in a document, in the order Sign writes it.
type proof struct {
	Type               string `json:"type"`
	Cryptosuite        string `json:"cryptosuite,omitempty"`
	Created            string `json:"created,omitempty"`
	VerificationMethod string `json:"verificationMethod"`
	ProofPurpose       string `json:"proofPurpose"`
	Challenge          string `json:"challenge,omitempty"`
	Domain             string `json:"domain,omitempty"`
	ProofValue         string `json:"proofValue"`
}

// Sign adds a DataIntegrityProof with cryptosuite eddsa-rdfc-2022 to the JSON
// credential doc and returns the new JSON, with "proof" as an array (the Open
// Badges 3.0 schema requires one) appended to doc's members, which keep their
// order and formatting. The document is canonicalized strictly: see
// Canonicalize for the errors, and in addition a TAB in any string is refused
// (deployed verifiers disagree on how to canonicalize it).
//
// Errors: errs.Invalid for bad options, a doc that is not a JSON object, that
// already has a proof (ErrHasProof), or that cannot be canonicalized; the
// Signer's error as it is; errs.Internal for a signature of the wrong size.
func Sign(doc []byte, s Signer, opts Options, more ...Option) ([]byte, error) {
	set, err := newSettings(more)
	if err != nil {
		return nil, err
	}
	if s == nil {
		return nil, errs.E(errs.Internal, "dataintegrity.Sign: nil Signer")
	}
	p, err := newProof(opts)
	if err != nil {
		return nil, err
	}
	m, err := decodeObject(doc, "document")
	if err != nil {
		return nil, err
	}
	if _, ok := m["proof"]; ok {
		return nil, &errs.Error{Kind: errs.Invalid, Field: "proof", Msg: "Sign adds the proof", Err: ErrHasProof}
	}
	data, err := set.loader.hashData(m, p.config(m["@context"]), modeSign)
	if err != nil {
		return nil, err
	}
	sig, err := s.Sign(data)
	if err != nil {
		return nil, err
	}
	if len(sig) != ed25519.SignatureSize {
		return nil, errs.E(errs.Internal, "signer returned %d bytes, want an Ed25519 signature of %d", len(sig), ed25519.SignatureSize)
	}
	p.ProofValue = "z" + base58.Encode(sig)
	return appendProof(doc, p)
}

func newProof(opts Options) (*proof, error) {
	if opts.VerificationMethod == "" {
		return nil, errs.Field("verificationMethod", "required")
	}
	if opts.Created.IsZero() {
		return nil, errs.Field("created", "required")
	}
	purpose := opts.ProofPurpose
	if purpose == "" {
		purpose = PurposeAssertionMethod
	}
	return &proof{
		Type:               TypeDataIntegrityProof,
		Cryptosuite:        CryptosuiteEdDSARDFC2022,
		Created:            opts.Created.UTC().Truncate(time.Second).Format("2006-01-02T15:04:05Z"),
		VerificationMethod: opts.VerificationMethod,
		ProofPurpose:       purpose,
		Challenge:          opts.Challenge,
		Domain:             opts.Domain,
	}, nil
}

// config returns the proof configuration: the proof options without
// proofValue, with the document's @context.
func (p *proof) config(context any) map[string]any {
	c := map[string]any{
		"@context":           context,
		"type":               p.Type,
		"verificationMethod": p.VerificationMethod,
		"proofPurpose":       p.ProofPurpose,
	}
	if p.Cryptosuite != "" {
		c["cryptosuite"] = p.Cryptosuite
	}
	if p.Created != "" {
		c["created"] = p.Created
	}
	if p.Challenge != "" {
		c["challenge"] = p.Challenge
	}
	if p.Domain != "" {
		c["domain"] = p.Domain
	}
	return c
}

// hashData returns SHA-256(canonical proof config) ‖ SHA-256(canonical
// document), the 64 bytes Ed25519 signs. doc must not contain the proof.
func (l *loader) hashData(doc, config map[string]any, m mode) ([]byte, error) {
	docHash, err := l.hash(doc, m, "")
	if err != nil {
		return nil, err
	}
	configHash, err := l.hash(config, m, "proof")
	if err != nil {
		return nil, err
	}
	return append(configHash, docHash...), nil
}

// hash returns SHA-256 of the canonical N-Quads of doc. field, when set,
// prefixes the path in errors.
func (l *loader) hash(doc map[string]any, m mode, field string) ([]byte, error) {
	nq, err := l.canonicalize(doc, m)
	if err != nil {
		if field != "" {
			err = prefixField(err, field)
		}
		return nil, err
	}
	sum := sha256.Sum256([]byte(nq))
	return sum[:], nil
}

// prefixField puts field in front of the path of the errs.Error in err.
func prefixField(err error, field string) error {
	var e *errs.Error
	if errors.As(err, &e) && !strings.HasPrefix(e.Field, "@context") {
		e.Field = joinPath(field, e.Field)
	}
	return err
}

// appendProof returns doc with "proof": [p] added as its last member.
func appendProof(doc []byte, p *proof) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(p); err != nil {
		return nil, errs.Wrap(errs.Internal, err, "encoding proof")
	}
	pj := bytes.TrimRight(buf.Bytes(), "\n")
	body := bytes.TrimRight(doc, " \t\r\n")
	if len(body) == 0 || body[len(body)-1] != '}' {
		return nil, errs.E(errs.Internal, "document does not end with }")
	}
	body = bytes.TrimRight(body[:len(body)-1], " \t\r\n")
	out := make([]byte, 0, len(body)+len(pj)+16)
	out = append(out, body...)
	if body[len(body)-1] != '{' {
		out = append(out, ',')
	}
	out = append(out, `"proof":[`...)
	out = append(out, pj...)
	out = append(out, "]}"...)
	return out, nil
}
