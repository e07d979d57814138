package keys

import (
	"bytes"
	"crypto/ed25519"
	"encoding/json"
	"strings"

	"github.com/go-jose/go-jose/v4"

	"github.com/accolade-badges/accolade/errs"
)

// Verification method types.
const (
	// TypeMultikey is a Multikey method with publicKeyMultibase (Ed25519).
	TypeMultikey = "Multikey"
	// TypeJsonWebKey is a JsonWebKey method with publicKeyJwk (any key).
	TypeJsonWebKey = "JsonWebKey"
)

// jwkSuffix ends the fragment of the JsonWebKey form of an Ed25519 key in
// a DID document, whose plain key id names its Multikey form.
const jwkSuffix = "-jwk"

// VerificationMethod is one verification method of a DID or controller
// document: a Multikey (Ed25519, with PublicKeyMultibase) or a JsonWebKey
// (with PublicKeyJwk).
type VerificationMethod struct {
	ID                 string           `json:"id"`
	Type               string           `json:"type"`
	Controller         string           `json:"controller"`
	PublicKeyMultibase string           `json:"publicKeyMultibase,omitempty"`
	PublicKeyJwk       *jose.JSONWebKey `json:"publicKeyJwk,omitempty"`
}

// MethodID names the verification method of type typ (TypeMultikey or
// TypeJsonWebKey) of key p.
type MethodID func(p PublicKey, typ string) string

// VerificationMethods returns keys, oldest first, as verification methods
// controlled by controller: an Ed25519 key as a Multikey and, when
// ed25519JWK is set, also as a JsonWebKey; RSA and P-256 keys as a
// JsonWebKey. id names each method. Retired keys are included, so that what
// they signed keeps verifying. It returns an Invalid error for a key it
// cannot encode.
func VerificationMethods(controller string, keys []PublicKey, id MethodID, ed25519JWK bool) ([]VerificationMethod, error) {
	var out []VerificationMethod
	for _, p := range sortedPublic(keys) {
		if err := checkPublic(p.Alg, p.Key); err != nil {
			return nil, errs.Wrap(errs.Invalid, err, "key %s", p.ID)
		}
		vm := VerificationMethod{Controller: controller}
		if _, ok := p.Key.(ed25519.PublicKey); ok {
			mk, err := p.Multikey()
			if err != nil {
				return nil, err
			}
			vm.ID, vm.Type, vm.PublicKeyMultibase = id(p, TypeMultikey), TypeMultikey, mk
			out = append(out, vm)
			if !ed25519JWK {
				continue
			}
			vm.PublicKeyMultibase = ""
		}
		jwk := p.JWK("")
		vm.ID, vm.Type, vm.PublicKeyJwk = id(p, TypeJsonWebKey), TypeJsonWebKey, &jwk
		out = append(out, vm)
	}
	return out, nil
}

// DIDMethodID returns the id of the verification method of type typ of a
// key in the DID document of did: did#<key id>, except for the JsonWebKey
// form of an EdDSA key, whose plain id is its Multikey form:
// did#<key id>-jwk. That JsonWebKey id is the kid of a VC-JWT signed by a
// did:web issuer.
func DIDMethodID(did, keyID string, alg Algorithm, typ string) string {
	if alg == EdDSA && typ == TypeJsonWebKey {
		return did + "#" + keyID + jwkSuffix
	}
	return did + "#" + keyID
}

// CutJWKSuffix returns fragment without the "-jwk" that ends the fragment
// of the JsonWebKey form of an Ed25519 key (see [DIDMethodID]), and reports
// whether it was there (with a key id before it).
func CutJWKSuffix(fragment string) (string, bool) {
	id, ok := strings.CutSuffix(fragment, jwkSuffix)
	if !ok || id == "" {
		return fragment, false
	}
	return id, true
}

// multikeyDocument is the JSON shape MultikeyDocument writes.
type multikeyDocument struct {
	Context []string `json:"@context"`
	VerificationMethod
}

// MultikeyDocument returns the key document of an Ed25519 key published at
// its own URL id (W3C Controlled Identifiers, a verification method
// retrieved by itself):
//
//	{"@context": ["https://w3id.org/security/multikey/v1"], "id": id,
//	 "type": "Multikey", "controller": controller, "publicKeyMultibase": "z6Mk…"}
//
// It returns an Invalid error for any other key.
func (p PublicKey) MultikeyDocument(id, controller string) ([]byte, error) {
	if _, ok := p.Key.(ed25519.PublicKey); !ok || p.Alg != EdDSA {
		return nil, errs.E(errs.Invalid, "key %s is a %s key: only Ed25519 keys have a Multikey document", p.ID, p.Alg)
	}
	vms, err := VerificationMethods(controller, []PublicKey{p}, func(PublicKey, string) string { return id }, false)
	if err != nil {
		return nil, err
	}
	return encodeJSON(multikeyDocument{Context: []string{contextMultikey}, VerificationMethod: vms[0]})
}

// encodeJSON encodes v without HTML escaping and without a final newline.
func encodeJSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, errs.Wrap(errs.Invalid, err, "encoding key document")
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}
