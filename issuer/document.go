package issuer

import (
	"bytes"
	"encoding/json"

	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/keys"
)

// jsonWebKeyContext defines the JsonWebKey verification method type and
// its publicKeyJwk, as the W3C Controlled Identifiers v1 context does
// (https://www.w3.org/ns/cid/v1). No context that defines them is embedded,
// so the definition is given inline: a verifier needs no document for it.
var jsonWebKeyContext = map[string]any{
	"JsonWebKey": map[string]any{
		"@id": "https://w3id.org/security#JsonWebKey",
		"@context": map[string]any{
			"@protected":   true,
			"id":           "@id",
			"type":         "@type",
			"controller":   map[string]any{"@id": "https://w3id.org/security#controller", "@type": "@id"},
			"publicKeyJwk": map[string]any{"@id": "https://w3id.org/security#publicKeyJwk", "@type": "@json"},
		},
	},
}

// ProfileContexts are the JSON-LD contexts of the issuer profile document
// served at the issuer's profile URL, in order: VC 2.0 and OB 3.0.3 for the
// Profile terms, DID 1.0 for verificationMethod and assertionMethod,
// Multikey for the Ed25519 methods, and an inline definition of JsonWebKey
// for the others. All but the last are embedded (ob3.ContextDocument).
var ProfileContexts = []any{
	"https://www.w3.org/ns/credentials/v2",
	"https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
	"https://www.w3.org/ns/did/v1",
	"https://w3id.org/security/multikey/v1",
	jsonWebKeyContext,
}

// ProfileDocument returns the issuer's Profile as served at its profile
// URL: the OB 3.0 Profile of [ProfileJSON], with the issuer's keys (active
// and retired, oldest first) under verificationMethod, named as
// [URLs.MethodID] says, and every method id under assertionMethod. An
// Ed25519 key is a Multikey method; an RSA or P-256 key a JsonWebKey. The
// controller of each is the issuer id. It returns an Internal error for a
// key it cannot encode.
func ProfileDocument(u URLs, p *Profile, pub []keys.PublicKey) ([]byte, error) {
	b, err := json.Marshal(ProfileJSON(u, p))
	if err != nil {
		return nil, errs.Wrap(errs.Internal, err, "encoding the profile of %s", p.Slug)
	}
	var doc map[string]any
	if err := json.Unmarshal(b, &doc); err != nil {
		return nil, errs.Wrap(errs.Internal, err, "encoding the profile of %s", p.Slug)
	}
	vms, err := keys.VerificationMethods(u.IssuerID(p), pub, u.MethodID(p), false)
	if err != nil {
		return nil, errs.Wrap(errs.Internal, err, "listing the keys of %s", p.Slug)
	}
	ids := []string{}
	for _, vm := range vms {
		ids = append(ids, vm.ID)
	}
	doc["@context"] = ProfileContexts
	if len(vms) > 0 {
		doc["verificationMethod"], doc["assertionMethod"] = vms, ids
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(doc); err != nil {
		return nil, errs.Wrap(errs.Internal, err, "encoding the profile of %s", p.Slug)
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}
