package dataintegrity

import (
	"context"
	"crypto/ed25519"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"time"

	"github.com/mr-tron/base58"

	"github.com/accolade-badges/accolade/errs"
)

// KeyResolver resolves a verificationMethod to an Ed25519 public key. It
// checks that the key's controller authorises it for purpose (the
// verification relationship, e.g. "assertionMethod") and returns the
// controller's id. Verify calls it once per proof.
type KeyResolver interface {
	ResolveKey(ctx context.Context, verificationMethod, purpose string) (pub ed25519.PublicKey, controller string, err error)
}

// ProofResult is the outcome for one proof. Err is nil when the proof
// verified; otherwise it wraps ErrSignature, ErrProofPurpose,
// ErrUnsupportedProof, ErrMalformedProof, a canonicalization error (see
// Canonicalize) or the KeyResolver's error. The other fields are copied from
// the proof as far as it could be read; Controller is set once the key was
// resolved.
//
// A verified proof does not say the controller is the credential's issuer:
// the caller compares Controller with the issuer id.
type ProofResult struct {
	Type, Cryptosuite, VerificationMethod, ProofPurpose, Controller string
	Created                                                         time.Time
	Err                                                             error
}

// WithProofPurpose sets the proof purpose Verify requires; the default is
// "assertionMethod", the purpose of an issuer's credential. A proof made for
// another purpose (say "authentication") fails with ErrProofPurpose even when
// its signature is good.
func WithProofPurpose(purpose string) Option {
	return func(s *settings) { s.purpose = purpose }
}

// Verify checks every proof in doc ("proof" may be an object or an array):
// DataIntegrityProof with eddsa-rdfc-2022, and Ed25519Signature2020. It
// returns one result per proof, in order; any other proof type gets a result
// with ErrUnsupportedProof. The error is for input it cannot process at all,
// all errs.Invalid: not a JSON object (errs.TooLarge over 1 MiB), no proof
// (ErrNoProof), a malformed "proof" member, or a document that cannot be
// canonicalized (ErrUnknownContext naming the URL, ErrUndefinedTerm naming
// the term, ErrUnsignable).
func Verify(ctx context.Context, doc []byte, r KeyResolver, opts ...Option) ([]ProofResult, error) {
	s, err := newSettings(opts)
	if err != nil {
		return nil, err
	}
	m, err := decodeObject(doc, "document")
	if err != nil {
		return nil, err
	}
	proofs, err := proofList(m["proof"])
	if err != nil {
		return nil, err
	}
	unsecured := make(map[string]any, len(m))
	for k, v := range m {
		if k != "proof" {
			unsecured[k] = v
		}
	}
	v := &verification{loader: s.loader, doc: unsecured, docHash: make(map[string][]byte), purpose: s.purpose}
	if _, err := v.documentHash(unsecured["@context"]); err != nil {
		return nil, err
	}
	results := make([]ProofResult, len(proofs))
	for i, p := range proofs {
		field := "proof"
		if _, isArray := m["proof"].([]any); isArray {
			field = fmt.Sprintf("proof[%d]", i)
		}
		results[i] = v.verify(ctx, p, r, field)
	}
	return results, nil
}

func proofList(p any) ([]any, error) {
	switch p := p.(type) {
	case nil:
		return nil, &errs.Error{Kind: errs.Invalid, Field: "proof", Msg: "missing", Err: ErrNoProof}
	case map[string]any:
		return []any{p}, nil
	case []any:
		if len(p) == 0 {
			return nil, &errs.Error{Kind: errs.Invalid, Field: "proof", Msg: "empty", Err: ErrNoProof}
		}
		return p, nil
	default:
		return nil, &errs.Error{Kind: errs.Invalid, Field: "proof", Msg: fmt.Sprintf("must be an object or an array, not %T", p), Err: ErrMalformedProof}
	}
}

// verification is the state of one Verify call: the document without its
// proofs and its hash per @context (a proof may carry its own, shorter one).
type verification struct {
	loader  *loader
	doc     map[string]any
	docHash map[string][]byte
	purpose string
}

func (v *verification) documentHash(context any) ([]byte, error) {
	key, err := json.Marshal(context)
	if err != nil {
		return nil, errs.Wrap(errs.Invalid, err, "@context")
	}
	if h, ok := v.docHash[string(key)]; ok {
		return h, nil
	}
	doc := v.doc
	if !reflect.DeepEqual(context, v.doc["@context"]) {
		doc = make(map[string]any, len(v.doc))
		for k, val := range v.doc {
			doc[k] = val
		}
		doc["@context"] = context
	}
	h, err := v.loader.hash(doc, modeVerify, "")
	if err != nil {
		return nil, err
	}
	v.docHash[string(key)] = h
	return h, nil
}

// verify checks one proof and never returns an error of its own: every
// failure goes into the result.
func (v *verification) verify(ctx context.Context, item any, r KeyResolver, field string) (res ProofResult) {
	pm, ok := item.(map[string]any)
	if !ok {
		res.Err = malformed(field, "not an object")
		return res
	}
	res.Type, _ = pm["type"].(string)
	res.Cryptosuite, _ = pm["cryptosuite"].(string)
	res.VerificationMethod, _ = pm["verificationMethod"].(string)
	res.ProofPurpose, _ = pm["proofPurpose"].(string)
	if res.Err = ctx.Err(); res.Err != nil {
		return res
	}
	sig, err := v.checkFields(pm, &res, field)
	if err != nil {
		res.Err = err
		return res
	}
	data, err := v.hashData(pm, field)
	if err != nil {
		res.Err = err
		return res
	}
	pub, controller, err := r.ResolveKey(ctx, res.VerificationMethod, res.ProofPurpose)
	if err != nil {
		res.Err = fmt.Errorf("resolving %s: %w", res.VerificationMethod, err)
		return res
	}
	res.Controller = controller
	if len(pub) != ed25519.PublicKeySize {
		res.Err = malformed(field+".verificationMethod", "resolved to a %d-byte key, not Ed25519", len(pub))
		return res
	}
	if !ed25519.Verify(pub, data, sig) {
		res.Err = &errs.Error{Kind: errs.Invalid, Field: field, Msg: "proofValue", Err: ErrSignature}
	}
	return res
}

// checkFields validates the proof's own fields, fills res.Created and returns
// the decoded signature.
func (v *verification) checkFields(pm map[string]any, res *ProofResult, field string) ([]byte, error) {
	switch {
	case res.Type == TypeDataIntegrityProof && res.Cryptosuite == CryptosuiteEdDSARDFC2022:
	case res.Type == TypeEd25519Signature2020:
	case res.Type == TypeDataIntegrityProof:
		return nil, &errs.Error{Kind: errs.Invalid, Field: field + ".cryptosuite", Msg: fmt.Sprintf("%q", res.Cryptosuite), Err: ErrUnsupportedProof}
	default:
		return nil, &errs.Error{Kind: errs.Invalid, Field: field + ".type", Msg: fmt.Sprintf("%q", res.Type), Err: ErrUnsupportedProof}
	}
	if c, ok := pm["created"]; ok {
		s, _ := c.(string)
		t, err := time.Parse(time.RFC3339, s)
		if err != nil {
			return nil, malformed(field+".created", "%q is not an RFC 3339 date-time with a time zone", s)
		}
		res.Created = t
	}
	if res.VerificationMethod == "" {
		return nil, malformed(field+".verificationMethod", "missing or not a string")
	}
	if res.ProofPurpose == "" {
		return nil, malformed(field+".proofPurpose", "missing or not a string")
	}
	if res.ProofPurpose != v.purpose {
		return nil, &errs.Error{Kind: errs.Invalid, Field: field + ".proofPurpose", Msg: fmt.Sprintf("%q, want %q", res.ProofPurpose, v.purpose), Err: ErrProofPurpose}
	}
	pv, _ := pm["proofValue"].(string)
	enc, ok := strings.CutPrefix(pv, "z")
	if !ok {
		return nil, malformed(field+".proofValue", "must be a base58btc multibase string starting with z")
	}
	sig, err := base58.Decode(enc)
	if err != nil || len(sig) != ed25519.SignatureSize {
		return nil, malformed(field+".proofValue", "is not a base58btc Ed25519 signature")
	}
	return sig, nil
}

// hashData builds the proof configuration (the proof without proofValue,
// with the document's @context) and returns the data the signature covers.
// A proof carrying its own @context must name a prefix of the document's,
// and the document is then hashed with the proof's.
func (v *verification) hashData(pm map[string]any, field string) ([]byte, error) {
	context := v.doc["@context"]
	if pc, ok := pm["@context"]; ok {
		if !contextPrefix(pc, context) {
			return nil, malformed(field+".@context", "must be a prefix of the document's @context")
		}
		context = pc
	}
	docHash, err := v.documentHash(context)
	if err != nil {
		return nil, err
	}
	config := make(map[string]any, len(pm))
	for k, val := range pm {
		if k != "proofValue" {
			config[k] = val
		}
	}
	config["@context"] = context
	configHash, err := v.loader.hash(config, modeVerify, field)
	if err != nil {
		return nil, err
	}
	return append(configHash, docHash...), nil
}

// contextPrefix reports whether the @context value p lists the first entries
// of the @context value doc, in order.
func contextPrefix(p, doc any) bool {
	ps, ds := asSlice(p), asSlice(doc)
	if len(ps) == 0 || len(ps) > len(ds) {
		return false
	}
	return reflect.DeepEqual(ps, ds[:len(ps)])
}

func malformed(field, format string, args ...any) error {
	return &errs.Error{Kind: errs.Invalid, Field: field, Msg: fmt.Sprintf(format, args...), Err: ErrMalformedProof}
}
