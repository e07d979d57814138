package issuer

import (
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/keys"
)

// DefaultSlug is the slug of the issuer that init and the first serve create,
// and that achievements naming no issuer belong to.
const DefaultSlug = "default"

// Profile is an issuing organisation run by this service.
type Profile struct {
	Slug        string         `json:"slug"`
	Name        string         `json:"name"`
	URL         string         `json:"url,omitempty"` // the organisation's own web site
	Description string         `json:"description,omitempty"`
	Email       string         `json:"email,omitempty"`  // a public contact address, shown on the profile
	Alg         keys.Algorithm `json:"alg"`              // VC-JWT algorithm: RS256 (default), EdDSA or ES256
	IDMode      IDMode         `json:"idMode,omitempty"` // which id the issuer has in credentials
	Created     time.Time      `json:"created"`
}

// IDMode says which identifier an issuer has in its credentials.
type IDMode string

const (
	// IDAuto is did:web when the base URL is HTTPS, the profile URL otherwise.
	IDAuto IDMode = ""
	// IDDIDWeb is did:web:<host>:issuers:<slug>, resolved through
	// /issuers/<slug>/did.json.
	IDDIDWeb IDMode = "did:web"
	// IDURL is the HTTPS profile URL, /issuers/<slug>.
	IDURL IDMode = "url"
)

var slugRe = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,62}$`)

// ValidSlug reports whether s is a well-formed issuer or achievement slug.
func ValidSlug(s string) bool { return slugRe.MatchString(s) }

// Validate checks the profile, returning an errs.Invalid error naming the field.
func (p *Profile) Validate() error {
	if !ValidSlug(p.Slug) {
		return errs.Field("slug", "%q is not a valid slug: lowercase letters, digits and '-', at most 63 characters", p.Slug)
	}
	p.Name = strings.TrimSpace(p.Name)
	if p.Name == "" {
		return errs.Field("name", "is required")
	}
	if p.URL != "" {
		if u, err := url.Parse(p.URL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return errs.Field("url", "%q is not an http(s) URL", p.URL)
		}
	}
	if p.Alg == "" {
		p.Alg = keys.RS256
	}
	if !p.Alg.Valid() {
		return errs.Field("alg", "%q is not supported: use RS256, EdDSA or ES256", p.Alg)
	}
	switch p.IDMode {
	case IDAuto, IDDIDWeb, IDURL:
	default:
		return errs.Field("idMode", "%q is not supported: use \"did:web\" or \"url\"", p.IDMode)
	}
	return nil
}

// URLs derives the public addresses of an issuer's documents from the
// service's base URL (no trailing slash).
type URLs struct{ Base string }

// Issuer returns the issuer's profile URL.
func (u URLs) Issuer(slug string) string { return u.Base + "/issuers/" + slug }

// IssuerID returns the issuer's id in credentials: its did:web or its
// profile URL, as its IDMode says. The key of every proof is controlled by
// this id.
func (u URLs) IssuerID(p *Profile) string {
	mode := p.IDMode
	if mode == IDAuto {
		mode = IDURL
		if strings.HasPrefix(u.Base, "https://") {
			mode = IDDIDWeb
		}
	}
	if mode == IDDIDWeb {
		if did, err := keys.DIDWeb(u.Base, p.Slug); err == nil {
			return did
		}
	}
	return u.Issuer(p.Slug)
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
// Multikey and JWK URLs of each key for a profile-URL issuer.
func (u URLs) MethodID(p *Profile) keys.MethodID {
	id := u.IssuerID(p)
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
func (u URLs) DIDDocument(slug string) string { return u.Issuer(slug) + "/did.json" }

// Key returns the URL of one key's bare JWK: the kid of a VC-JWT of a
// profile-URL issuer.
func (u URLs) Key(slug, keyID string) string { return u.Issuer(slug) + "/keys/" + keyID }

// Multikey returns the URL of one Ed25519 key's Multikey document: the
// verificationMethod of a Data Integrity proof of a profile-URL issuer.
func (u URLs) Multikey(slug, keyID string) string { return u.Key(slug, keyID) + "/multikey" }

// Achievement returns the achievement's URL, its id in credentials.
func (u URLs) Achievement(id string) string { return u.Base + "/achievements/" + id }

// Credential returns the human page of a credential by uuid.
func (u URLs) Credential(uuid string) string { return u.Base + "/credentials/" + uuid }

// JWKS returns the URL of the key set of all issuers.
func (u URLs) JWKS() string { return u.Base + "/.well-known/jwks.json" }
