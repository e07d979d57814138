package verifier

import (
	"bytes"
	"context"
	"crypto"
	"crypto/ed25519"
	"encoding/json"
	"net/url"
	"strings"

	"github.com/go-jose/go-jose/v4"
	"github.com/mr-tron/base58"

	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/keys"
)

// purposeAssertion is the verification relationship that authorises a key
// to sign credentials.
const purposeAssertion = "assertionMethod"

// Accept headers of key fetches.
const (
	acceptDID  = "application/did+json, application/did+ld+json;q=0.9, application/json;q=0.8"
	acceptKeys = "application/jwk-set+json, application/jwk+json, application/did+json;q=0.9, application/ld+json;q=0.8, application/json;q=0.8"
)

// method is a resolved verification method: a public key and who controls
// it.
type method struct {
	key        crypto.PublicKey
	jwkAlg     string // the "alg" of a JWK, if it declares one
	controller string // the DID or controller document URL; for a JWKS, its origin
	byOrigin   bool   // controller is only the origin of a JWKS
	home       string // the URL of the document that published the key; "" for did:key
	insecure   bool   // a document on the way was fetched over plain http
}

// confirms reports whether the method ties its key to the issuer issuerID:
// the issuer controls it, and the issuer id is a web address or did:web
// whose documents published it. A did:key controls its own key but says
// nothing of who holds it.
func (m method) confirms(issuerID string) bool {
	return m.controls(issuerID) && !selfCertifying(issuerID)
}

// selfCertifying reports whether id is a DID that is only a public key
// (did:key, did:jwk): it proves who signed, not who that is.
func selfCertifying(id string) bool {
	return strings.HasPrefix(id, "did:key:") || strings.HasPrefix(id, "did:jwk:")
}

// controls reports whether the method's controller is the issuer issuerID:
// the same identifier, or for a key from a JWKS, the same origin (a
// did:web's origin is that of its DID document).
func (m method) controls(issuerID string) bool {
	if issuerID == "" {
		return false
	}
	if m.controller == issuerID {
		return true
	}
	return m.byOrigin && originOf(issuerID) == m.controller
}

// originOf returns scheme://host of an http(s) URL or of a did:web's
// document, or "".
func originOf(id string) string {
	if strings.HasPrefix(id, "did:web:") {
		u, err := keys.DIDWebURL(id)
		if err != nil {
			return ""
		}
		id = u
	}
	u, err := url.Parse(id)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return ""
	}
	return u.Scheme + "://" + strings.ToLower(u.Host)
}

// resolvableID reports whether id is an identifier a key could be bound to:
// a DID or an http(s) URL. A urn:uuid, for one, is not.
func resolvableID(id string) bool {
	return strings.HasPrefix(id, "did:") || originOf(id) != ""
}

// resolveKey resolves a verification method or JWT kid of another issuer:
// did:key locally, did:web through its DID document, an https URL through
// the controller document it names (or, when jwksOK, a JWKS or JWK). The
// key must be authorised for purpose where the document says so. Errors
// are plain sentences saying what could not be found.
func (v *Verifier) resolveKey(ctx context.Context, id, purpose string, jwksOK bool) (method, error) {
	switch {
	case strings.HasPrefix(id, "did:key:"):
		pub, err := keys.ParseDIDKey(id)
		if err != nil {
			return method{}, errs.Wrap(errs.Invalid, err, "%s is not a valid did:key", id)
		}
		did, _, _ := strings.Cut(id, "#")
		return method{key: pub, controller: did}, nil
	case strings.HasPrefix(id, "did:web:"):
		did, frag, _ := strings.Cut(id, "#")
		if frag == "" {
			return method{}, errs.E(errs.Invalid, "%s names a DID but not which of its keys (a #fragment is missing)", id)
		}
		docURL, err := keys.DIDWebURL(did)
		if err != nil {
			return method{}, errs.Wrap(errs.Invalid, err, "%s is not a valid did:web", did)
		}
		body, err := v.fetchKeyDocument(ctx, docURL, acceptDID)
		if err != nil {
			return method{}, err
		}
		m, err := methodFromDocument(body, did, id, purpose)
		m.home = docURL
		return m, err
	case strings.HasPrefix(id, "https://") || strings.HasPrefix(id, "http://"):
		return v.resolveKeyURL(ctx, id, purpose, jwksOK)
	}
	return method{}, errs.E(errs.Invalid, "the key %q is neither a web address nor a DID this verifier can resolve (did:key, did:web)", id)
}

// fetchKeyDocument fetches a key document of another issuer, refusing
// anything on this service's own base URL: its keys are known locally.
func (v *Verifier) fetchKeyDocument(ctx context.Context, rawURL, accept string) ([]byte, error) {
	if u, err := url.Parse(rawURL); err == nil && v.own(u) {
		return nil, errs.E(errs.NotFound, "%s is on this service, but no issuer here has that key", rawURL)
	}
	body, err := v.fetch.getCached(ctx, rawURL, accept)
	if err != nil {
		// A document that is not there (an unknown host, a 404) or a
		// server that does not answer leaves the signature unchecked:
		// "cannot check". A refusal (an internal address, a plain http
		// link on a server) keeps its own kind.
		kind := errs.KindOf(err)
		if kind == errs.NotFound {
			kind = errs.Unavailable
		}
		return nil, errs.Wrap(kind, err, "the key document could not be fetched")
	}
	return body, nil
}

// resolveKeyURL resolves an http(s) key URL: a controller document with
// the key as a verification method, or, when jwksOK, a JWKS holding a key
// whose kid is the URL or its fragment, or a single JWK.
func (v *Verifier) resolveKeyURL(ctx context.Context, id, purpose string, jwksOK bool) (method, error) {
	base, frag, _ := strings.Cut(id, "#")
	body, err := v.fetchKeyDocument(ctx, base, acceptKeys)
	if err != nil {
		return method{}, err
	}
	m, err := v.keyURLMethod(ctx, body, id, base, frag, purpose, jwksOK)
	m.home = base
	m.insecure = m.insecure || strings.HasPrefix(base, "http://")
	return m, err
}

// keyURLMethod reads the document fetched for the key URL id (base and
// fragment): a controller document listing the key, a verification method
// document of its own, or (when jwksOK) a JWKS or a bare JWK.
func (v *Verifier) keyURLMethod(ctx context.Context, body []byte, id, base, frag, purpose string, jwksOK bool) (method, error) {
	var probe struct {
		Keys               json.RawMessage `json:"keys"`
		Kty                string          `json:"kty"`
		Kid                string          `json:"kid"`
		VerificationMethod json.RawMessage `json:"verificationMethod"`
		Controller         json.RawMessage `json:"controller"`
	}
	if json.Unmarshal(body, &probe) != nil {
		return method{}, errs.E(errs.Invalid, "the document at %s is not a JSON key document", base)
	}
	switch {
	case probe.VerificationMethod != nil:
		if frag == "" {
			return method{}, errs.E(errs.Invalid, "%s names a key document but not which of its keys (a #fragment is missing)", id)
		}
		return methodFromDocument(body, base, id, purpose)
	case probe.Controller != nil:
		return v.methodOfItsOwn(ctx, body, id, purpose)
	case !jwksOK:
	case probe.Keys != nil:
		return jwksMethod(probe.Keys, base, id, frag)
	case probe.Kty != "" && (probe.Kid == "" || probe.Kid == id || probe.Kid == frag):
		return jwkMethod(body, base)
	}
	return method{}, errs.E(errs.NotFound, "the document at %s does not publish the key %s", base, id)
}

// methodOfItsOwn reads a verification method published at its own URL
// (a Multikey or JsonWebKey document with a controller, as the 1EdTech
// validator and the Digital Bazaar libraries expect) and confirms it with
// its controller: the controller's own document must list the method under
// purpose. Only then is the controller the method's controller.
func (v *Verifier) methodOfItsOwn(ctx context.Context, body []byte, id, purpose string) (method, error) {
	var vm struct {
		ID         string `json:"id"`
		Controller string `json:"controller"`
	}
	if json.Unmarshal(body, &vm) != nil || vm.Controller == "" {
		return method{}, errs.E(errs.Invalid, "the key document %s names no controller", id)
	}
	if vm.ID != id {
		return method{}, errs.E(errs.Invalid, "the key document fetched for %s says it is %q", id, vm.ID)
	}
	if !strings.HasPrefix(vm.Controller, "did:web:") && originOf(vm.Controller) == "" {
		return method{}, errs.E(errs.Invalid, "the key %s names a controller (%s) that is not a web address or did:web", id, vm.Controller)
	}
	docURL := vm.Controller
	if strings.HasPrefix(docURL, "did:web:") {
		var err error
		if docURL, err = keys.DIDWebURL(docURL); err != nil {
			return method{}, errs.Wrap(errs.Invalid, err, "%s is not a valid did:web", vm.Controller)
		}
	}
	ctrl, err := v.fetchKeyDocument(ctx, docURL, acceptKeys)
	if err != nil {
		return method{}, err
	}
	var doc struct {
		ID string `json:"id"`
	}
	if json.Unmarshal(ctrl, &doc) != nil || doc.ID != vm.Controller {
		return method{}, errs.E(errs.Forbidden, "the document of %s, the controller the key %s names, does not say it is %s", vm.Controller, id, vm.Controller)
	}
	var all map[string]json.RawMessage
	_ = json.Unmarshal(ctrl, &all)
	if raw, _ := findMethod(oneOrMany(all[purpose]), vm.Controller, id); raw == nil && !listed(oneOrMany(all[purpose]), vm.Controller, id) {
		return method{}, errs.E(errs.Forbidden, "%s does not list the key %s among its keys for signing credentials (%s)", vm.Controller, id, purpose)
	}
	m, err := keyOf(body, id)
	m.controller = vm.Controller
	m.insecure = strings.HasPrefix(docURL, "http://")
	return m, err
}

// jwksMethod finds the key kid (or its fragment) in a JWKS "keys" array.
func jwksMethod(set json.RawMessage, base, kid, frag string) (method, error) {
	var list []json.RawMessage
	if json.Unmarshal(set, &list) != nil {
		return method{}, errs.E(errs.Invalid, "the key set at %s is malformed", base)
	}
	for _, raw := range list {
		var k struct {
			Kid string `json:"kid"`
		}
		if json.Unmarshal(raw, &k) == nil && k.Kid != "" && (k.Kid == kid || k.Kid == frag) {
			return jwkMethod(raw, base)
		}
	}
	return method{}, errs.E(errs.NotFound, "the key set at %s has no key %q", base, kid)
}

// jwkMethod is a method for a public JWK published at base.
func jwkMethod(raw json.RawMessage, base string) (method, error) {
	k, err := parseJWK(raw)
	if err != nil {
		return method{}, err
	}
	return method{key: k.Key, jwkAlg: k.Algorithm, controller: originOf(base), byOrigin: true}, nil
}

// parseJWK parses a public JWK. It refuses private and symmetric keys,
// checking for their members before go-jose parses (and would validate)
// any private key material.
func parseJWK(raw json.RawMessage) (jose.JSONWebKey, error) {
	var k jose.JSONWebKey
	var private map[string]json.RawMessage
	if err := json.Unmarshal(raw, &private); err != nil {
		return k, errs.E(errs.Invalid, "the key is not a JSON object")
	}
	for _, m := range []string{"d", "p", "q", "dp", "dq", "qi", "oth", "k", "priv"} {
		if _, ok := private[m]; ok {
			return k, errs.E(errs.Invalid, "the key includes private or secret key material, so it cannot be trusted")
		}
	}
	if err := k.UnmarshalJSON(raw); err != nil {
		return k, errs.Wrap(errs.Invalid, err, "the key is not a valid JWK")
	}
	if _, ok := k.Key.([]byte); ok {
		return k, errs.E(errs.Invalid, "the key is a shared secret, not a public key")
	}
	if !k.IsPublic() {
		return k, errs.E(errs.Invalid, "the key includes private key material, so it has been exposed and cannot be trusted")
	}
	return k, nil
}

// methodFromDocument finds verification method vmID in a DID or controller
// document whose id must be docID, checks that it is listed under purpose
// (by id or embedded) and controlled by docID, and returns its key.
func methodFromDocument(body []byte, docID, vmID, purpose string) (method, error) {
	var doc map[string]json.RawMessage
	if json.Unmarshal(body, &doc) != nil {
		return method{}, errs.E(errs.Invalid, "the key document of %s is not JSON", docID)
	}
	var id string
	_ = json.Unmarshal(doc["id"], &id)
	if id != docID {
		return method{}, errs.E(errs.Invalid, "the key document fetched for %s says it belongs to %q", docID, id)
	}
	raw, authorised := findMethod(oneOrMany(doc[purpose]), docID, vmID)
	if raw == nil {
		raw, _ = findMethod(oneOrMany(doc["verificationMethod"]), docID, vmID)
	}
	if raw == nil {
		return method{}, errs.E(errs.NotFound, "the key document of %s does not list the key %s", docID, vmID)
	}
	if !authorised && !listed(oneOrMany(doc[purpose]), docID, vmID) {
		return method{}, errs.E(errs.Forbidden, "%s lists the key %s but does not authorise it to %s (it is not under %s)", docID, vmID, purposeWords(purpose), purpose)
	}
	var vm struct {
		Controller string `json:"controller"`
	}
	if json.Unmarshal(raw, &vm) != nil || vm.Controller != docID {
		return method{}, errs.E(errs.Forbidden, "the key %s is controlled by %q, not by %s", vmID, vm.Controller, docID)
	}
	m, err := keyOf(raw, vmID)
	m.controller = docID
	return m, err
}

// purposeWords says what a verification relationship lets a key do.
func purposeWords(purpose string) string {
	if purpose == "authentication" {
		return "authenticate its holder"
	}
	return "sign credentials"
}

// keyOf reads the public key of a verification method object: a
// Multikey's publicKeyMultibase, a publicKeyJwk, or an
// Ed25519VerificationKey2018's publicKeyBase58.
func keyOf(raw json.RawMessage, vmID string) (method, error) {
	var vm struct {
		PublicKeyMultibase string          `json:"publicKeyMultibase"`
		PublicKeyBase58    string          `json:"publicKeyBase58"`
		PublicKeyJwk       json.RawMessage `json:"publicKeyJwk"`
	}
	var m method
	var err error
	if json.Unmarshal(raw, &vm) != nil {
		return m, errs.E(errs.Invalid, "the key %s is not a JSON object", vmID)
	}
	switch {
	case vm.PublicKeyMultibase != "":
		m.key, err = keys.ParseMultikey(vm.PublicKeyMultibase)
	case vm.PublicKeyJwk != nil:
		var k jose.JSONWebKey
		k, err = parseJWK(vm.PublicKeyJwk)
		m.key, m.jwkAlg = k.Key, k.Algorithm
	case vm.PublicKeyBase58 != "": // Ed25519VerificationKey2018
		var b []byte
		if b, err = base58.Decode(vm.PublicKeyBase58); err == nil && len(b) != ed25519.PublicKeySize {
			err = errs.E(errs.Invalid, "an Ed25519 key has %d bytes", ed25519.PublicKeySize)
		}
		m.key = ed25519.PublicKey(b)
	default:
		err = errs.E(errs.Invalid, "it has no public key in a form this verifier reads")
	}
	if err != nil {
		return method{}, errs.Wrap(errs.Invalid, err, "the key %s cannot be read", vmID)
	}
	return m, nil
}

// findMethod returns the embedded verification method object with id vmID
// among entries, and reports whether it was found there.
func findMethod(entries []json.RawMessage, docID, vmID string) (json.RawMessage, bool) {
	for _, e := range entries {
		var obj struct {
			ID string `json:"id"`
		}
		if bytes.HasPrefix(bytes.TrimSpace(e), []byte("{")) && json.Unmarshal(e, &obj) == nil &&
			absoluteID(docID, obj.ID) == vmID {
			return e, true
		}
	}
	return nil, false
}

// listed reports whether entries reference vmID by a string id.
func listed(entries []json.RawMessage, docID, vmID string) bool {
	for _, e := range entries {
		var s string
		if json.Unmarshal(e, &s) == nil && absoluteID(docID, s) == vmID {
			return true
		}
	}
	return false
}

// absoluteID resolves a relative "#fragment" id against the document id.
func absoluteID(docID, id string) string {
	if strings.HasPrefix(id, "#") {
		return docID + id
	}
	return id
}

// oneOrMany reads a JSON value that may be one item or an array of items.
func oneOrMany(raw json.RawMessage) []json.RawMessage {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return nil
	}
	if raw[0] != '[' {
		return []json.RawMessage{raw}
	}
	var list []json.RawMessage
	json.Unmarshal(raw, &list)
	return list
}
