package accolade

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/accolade-badges/accolade/keys"
)

// Route patterns of the public documents, relative to the base URL, as the
// HTTP adapter serves them (net/http.ServeMux syntax, method added by the
// adapter). The URLs builders produce these paths and its parsers read them.
const (
	RouteIssuer      = pathIssuers + "{slug}"
	RouteKey         = pathIssuers + "{slug}" + pathKeys + "{id}"
	RouteMultikey    = RouteKey + pathMultikey
	RouteDIDDocument = pathIssuers + "{slug}" + pathDIDDocument
	RouteAchievement = pathAchievements + "{id}"
	RouteBadge       = pathAchievements + "{id}/{file}" // file is badge.png or badge.svg
	RouteCredential  = pathCredentials + "{file}"       // file is <uuid> or <uuid>.<form>
	RouteJWKS        = "/.well-known/jwks.json"
	RouteStatusList  = pathStatus + "{slug}/{file}" // file is <purpose>-<n> or <purpose>-<n>.jwt
	RouteImage       = pathImages + "{file}"        // file is <sha256 hex>.png or <sha256 hex>.svg
)

const (
	pathIssuers      = "/issuers/"
	pathKeys         = "/keys/"
	pathMultikey     = "/multikey"
	pathDIDDocument  = "/did.json"
	pathAchievements = "/achievements/"
	pathCredentials  = "/credentials/"
	pathStatus       = "/status/"
	pathImages       = "/images/"
)

// Forms of a credential, the extension of its URL: <uuid>.<form>. The page
// itself (no extension) is HTML, or JSON for a client that asks for it.
const (
	FormJSON = "json" // with its Data Integrity proof
	FormJWT  = "jwt"  // the VC-JWT
	FormPNG  = "png"  // baked badge image
	FormSVG  = "svg"  // baked badge image
	FormPDF  = "pdf"  // certificate
	FormHTML = "html" // the page, explicitly
)

// CredentialForms are the forms of a credential, in the order above.
var CredentialForms = []string{FormJSON, FormJWT, FormPNG, FormSVG, FormPDF, FormHTML}

// Forms of a key's URL, as KeyOf reports them.
const (
	KeyJWK      = "jwk"      // <issuer>/keys/<id>: the bare JWK
	KeyMultikey = "multikey" // <issuer>/keys/<id>/multikey: the Multikey document
)

// URLs derives the public addresses of an issuer's documents from the
// service's base URL (no trailing slash; see CheckBaseURL), and reads them
// back: each builder has a parser that returns its parts.
type URLs struct{ Base string }

// CheckBaseURL checks that base is an absolute http(s) URL without a
// trailing slash, query or fragment, returning an errs.Invalid error for
// the field base-url.
func CheckBaseURL(base string) error {
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" ||
		u.RawQuery != "" || u.Fragment != "" || (u.Path != "" && base[len(base)-1] == '/') {
		return errsBaseURL(base)
	}
	return nil
}

// Issuer returns the issuer's profile URL.
func (u URLs) Issuer(slug string) string { return u.Base + pathIssuers + slug }

// DIDWeb returns the issuer's did:web, which resolves to DIDDocument(slug);
// see keys.DIDWebOf for its errors.
func (u URLs) DIDWeb(slug string) (string, error) {
	return keys.DIDWebOf(u.Base, strings.Trim(pathIssuers, "/"), slug)
}

// IssuerID returns the issuer's id in credentials: its did:web, its
// did:key (Profile.DIDKey, once pinned) or its profile URL, as its IDMode
// says. The key of every proof is controlled by this id.
func (u URLs) IssuerID(p *Profile) string {
	if p.IDMode == IDDIDKey && p.DIDKey != "" {
		return p.DIDKey
	}
	if u.usesDID(p) {
		if did, err := u.DIDWeb(p.Slug); err == nil {
			return did
		}
	}
	return u.Issuer(p.Slug)
}

// usesDID reports whether the issuer's IDMode, resolved against the base
// URL for IDAuto, is did:web.
func (u URLs) usesDID(p *Profile) bool {
	switch p.IDMode {
	case IDAuto:
		return strings.HasPrefix(u.Base, "https://")
	case IDDIDWeb:
		return true
	}
	return false
}

// VerificationMethod returns the id of one of the issuer's Ed25519 keys as
// the verificationMethod of a Data Integrity proof: for a did:web issuer
// the DID URL <did>#<key id> of its Multikey method in the DID document;
// for a profile-URL issuer the key's own Multikey document,
// <base>/issuers/<slug>/keys/<key id>/multikey, which verifiers that
// dereference a method URL take as the key itself.
func (u URLs) VerificationMethod(p *Profile, keyID string) string {
	return u.MethodID(p)(keys.PublicKey{ID: keyID, Alg: keys.EdDSA}, keys.TypeMultikey)
}

// JWTKeyID returns the kid of a VC-JWT signed by one of the issuer's keys:
// for a did:web issuer the DID URL of the key's JsonWebKey method in the
// DID document (see [keys.DIDMethodID]); for a profile-URL issuer
// <base>/issuers/<slug>/keys/<key id>, which answers the bare JWK.
func (u URLs) JWTKeyID(p *Profile, keyID string, alg keys.Algorithm) string {
	return u.MethodID(p)(keys.PublicKey{ID: keyID, Alg: alg}, keys.TypeJsonWebKey)
}

// MethodID returns how the issuer's keys are named as verification methods
// (see VerificationMethod and JWTKeyID): DID URLs for a did:web issuer, the
// Multikey and JWK URLs of each key for a profile-URL issuer. For a did:key
// issuer an Ed25519 key is the DID URL did:key:<multikey>#<multikey>, for
// a Data Integrity proof and a VC-JWT alike: that of its own key when k
// carries one, else that of Profile.DIDKey (the key the issuer signs
// with); its other keys have no did:key and keep their key URLs.
func (u URLs) MethodID(p *Profile) keys.MethodID {
	id := u.IssuerID(p)
	if strings.HasPrefix(id, "did:key:") {
		return func(k keys.PublicKey, typ string) string {
			if k.Key != nil {
				if did, err := keys.DIDKey(k.Key); err == nil && k.Alg == keys.EdDSA {
					return keys.DIDKeyMethod(did)
				}
			} else if k.Alg == keys.EdDSA {
				return keys.DIDKeyMethod(id)
			}
			if typ == keys.TypeMultikey {
				return u.Multikey(p.Slug, k.ID)
			}
			return u.Key(p.Slug, k.ID)
		}
	}
	if strings.HasPrefix(id, "did:") {
		return func(k keys.PublicKey, typ string) string { return keys.DIDMethodID(id, k.ID, k.Alg, typ) }
	}
	return func(k keys.PublicKey, typ string) string {
		if typ == keys.TypeMultikey {
			return u.Multikey(p.Slug, k.ID)
		}
		return u.Key(p.Slug, k.ID)
	}
}

// DIDDocument returns the URL of the issuer's DID document.
func (u URLs) DIDDocument(slug string) string { return u.Issuer(slug) + pathDIDDocument }

// Key returns the URL of one key's bare JWK: the kid of a VC-JWT of a
// profile-URL issuer.
func (u URLs) Key(slug, keyID string) string { return u.Issuer(slug) + pathKeys + keyID }

// Multikey returns the URL of one Ed25519 key's Multikey document: the
// verificationMethod of a Data Integrity proof of a profile-URL issuer.
func (u URLs) Multikey(slug, keyID string) string { return u.Key(slug, keyID) + pathMultikey }

// Achievement returns the achievement's URL, its id in credentials.
func (u URLs) Achievement(id string) string { return u.Base + pathAchievements + id }

// Badge returns the URL of an achievement's badge image in format ext
// (FormPNG or FormSVG), without a credential: its uploaded image, or the
// generated one.
func (u URLs) Badge(id, ext string) string { return u.Achievement(id) + "/badge." + ext }

// Credential returns the human page of a credential by uuid.
func (u URLs) Credential(uuid string) string { return u.Base + pathCredentials + uuid }

// CredentialForm returns the URL of one form of a credential, such as
// <base>/credentials/<uuid>.jwt for FormJWT; "" gives the page.
func (u URLs) CredentialForm(uuid, form string) string {
	if form == "" {
		return u.Credential(uuid)
	}
	return u.Credential(uuid) + "." + form
}

// JWKS returns the URL of the key set of all issuers.
func (u URLs) JWKS() string { return u.Base + RouteJWKS }

// StatusList returns the URL of one of the issuer's status lists, the
// status list credential with its Data Integrity proof:
// <base>/status/<slug>/<purpose>-<n>, such as .../status/default/revocation-1.
// With form FormJWT it is the same list as a VC-JWT (<...>.jwt).
func (u URLs) StatusList(slug string, purpose StatusPurpose, n int, form string) string {
	l := u.Base + pathStatus + slug + "/" + StatusListName(purpose, n)
	if form != "" {
		l += "." + form
	}
	return l
}

// Image returns the URL of a stored badge image or logo:
// <base>/images/<sha256 hex>.<ext>, ext "png" or "svg" (see Image.Hash and
// Image.Ext).
func (u URLs) Image(hash, ext string) string { return u.Base + pathImages + hash + "." + ext }

// StatusListName is the last segment of a status list's URL: <purpose>-<n>.
func StatusListName(purpose StatusPurpose, n int) string {
	return string(purpose) + "-" + strconv.Itoa(n)
}
