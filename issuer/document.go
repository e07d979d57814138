package issuer

import (
	"bytes"
	"encoding/json"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/keys"
)

// ProfileContexts are the JSON-LD contexts of the issuer profile document
// served at the issuer's profile URL, in order: VC 2.0 and OB 3.0.3 for the
// Profile terms, then DID 1.0 for assertionMethod. All are embedded
// (ob3.ContextDocument). The interoperability suite (interop/) found that
// Digital Bazaar's libraries and verifier-core confirm a key through this
// document only when it lists method ids under assertionMethod with a
// context like this; embedding the methods themselves (Multikey objects)
// makes verifier-core refuse the proof.
var ProfileContexts = []any{
	"https://www.w3.org/ns/credentials/v2",
	"https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
	"https://www.w3.org/ns/did/v1",
}

// ProfileDocument returns the issuer's Profile as served at its profile
// URL: the OB 3.0 Profile of [ProfileJSON], with the ids of the issuer's
// keys (active and retired, oldest first, named as [URLs.MethodID] says)
// under assertionMethod: the issuer's word that they sign its credentials.
// Each method is its own document at its id (a Multikey for an Ed25519
// key, a bare JWK for the others), or a method of the issuer's DID
// document. It returns an Internal error for a key it cannot encode.
func ProfileDocument(u accolade.URLs, p *accolade.Profile, pub []keys.PublicKey) ([]byte, error) {
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
	if len(ids) > 0 {
		doc["assertionMethod"] = ids
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(doc); err != nil {
		return nil, errs.Wrap(errs.Internal, err, "encoding the profile of %s", p.Slug)
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}
