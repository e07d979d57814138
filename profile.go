package accolade

import (
	"crypto/ed25519"
	"fmt"
	"net/url"
	"regexp"
	"slices"
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
	// DIDKey is the did:key of the issuer's active Ed25519 key when its
	// IDMode is IDDIDKey, its id in credentials; see [PinDIDKey].
	DIDKey string `json:"didKey,omitempty"`
	// Logo is the URL of the issuer's logo (an image this service serves,
	// or any https URL); empty: none. The community's name and logo are the
	// public site's identity.
	Logo string `json:"logo,omitempty"`
	// LinkedInOrganizationID is the issuer's numeric LinkedIn organisation
	// id, for "Add to LinkedIn profile" links; empty: the name is sent.
	LinkedInOrganizationID string `json:"linkedInOrganizationId,omitempty"`
	// PaperSize is the default size of PDF certificates: PaperA4 (also
	// when empty) or PaperLetter.
	PaperSize string `json:"paperSize,omitempty"`
	// Lang is the BCP 47 tag of the issuer's default language, for
	// certificates of members whose language is unknown; empty: English.
	Lang string `json:"lang,omitempty"`
	// Coordinators are the ids of the members who coordinate this
	// community: they see disputes and decide what no member reviewer
	// may (the coordinator console is built on it).
	Coordinators []string  `json:"coordinators,omitempty"`
	Created      time.Time `json:"created"`
}

// Paper sizes of PDF certificates.
const (
	PaperA4     = "a4"
	PaperLetter = "letter"
)

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
	// IDDIDKey is the did:key of the issuer's active Ed25519 key (Profile.DIDKey),
	// for clients and wallets that resolve no other DID method. Its JWT
	// algorithm is EdDSA, so that one key signs both proofs and the id names
	// it. A did:key is its key: rotating the keys gives the issuer a new id,
	// and credentials issued before keep verifying under the old one.
	IDDIDKey IDMode = "did:key"
)

var (
	slugRe   = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,62}$`)
	digitsRe = regexp.MustCompile(`^[0-9]{1,20}$`)
)

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
	if p.Logo != "" {
		if u, err := url.Parse(p.Logo); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return errs.Field("logo", "%q is not an http(s) URL", p.Logo)
		}
	}
	if p.LinkedInOrganizationID != "" && !digitsRe.MatchString(p.LinkedInOrganizationID) {
		return errs.Field("linkedInOrganizationId", "%q is not a LinkedIn organisation id: the number in the organisation page's admin URL, such as 1337", p.LinkedInOrganizationID)
	}
	switch p.PaperSize {
	case "", PaperA4, PaperLetter:
	default:
		return errs.Field("paperSize", "%q is not a paper size: use %q or %q", p.PaperSize, PaperA4, PaperLetter)
	}
	if p.Lang != "" && !langRe.MatchString(p.Lang) {
		return errs.Field("lang", "%q is not a language tag such as en or fr", p.Lang)
	}
	for i, id := range p.Coordinators {
		if !ValidID(id) {
			return errs.Field(fmt.Sprintf("coordinators[%d]", i), "%q is not a valid member id: use %s", id, IDRule)
		}
		if slices.Index(p.Coordinators, id) < i {
			return errs.Field(fmt.Sprintf("coordinators[%d]", i), "%q is listed twice", id)
		}
	}
	if p.Alg == "" {
		p.Alg = keys.RS256
		if p.IDMode == IDDIDKey {
			p.Alg = keys.EdDSA
		}
	}
	if !p.Alg.Valid() {
		return errs.Field("alg", "%q is not supported: use RS256, EdDSA or ES256", p.Alg)
	}
	switch p.IDMode {
	case IDAuto, IDDIDWeb, IDURL:
	case IDDIDKey:
		if p.Alg != keys.EdDSA {
			return errs.Field("alg", "%q cannot be used with idMode \"did:key\": a did:key names one Ed25519 key, which signs the VC-JWT too, so use EdDSA", p.Alg)
		}
	default:
		return errs.Field("idMode", "%q is not supported: use \"did:web\", \"did:key\" or \"url\"", p.IDMode)
	}
	if p.DIDKey != "" {
		if p.IDMode != IDDIDKey {
			return errs.Field("didKey", "is set, but the idMode is %q, not \"did:key\"", p.IDMode)
		}
		if k, err := keys.ParseDIDKey(p.DIDKey); err != nil || strings.Contains(p.DIDKey, "#") {
			return errs.Field("didKey", "%q is not a did:key", p.DIDKey)
		} else if _, ok := k.(ed25519.PublicKey); !ok {
			return errs.Field("didKey", "%q is not the did:key of an Ed25519 key", p.DIDKey)
		}
	}
	return nil
}

// PinDIDKey sets p.DIDKey to the did:key of the newest active Ed25519 key
// among pub (the issuer's keys) when p's IDMode is IDDIDKey, and clears it
// otherwise. It reports whether p changed, so that the caller stores it.
// It returns a NotFound error for a did:key issuer with no active Ed25519
// key. Creating an issuer and rotating its keys call it, and so does
// start-up, which mends a profile whose keys were rotated elsewhere.
func PinDIDKey(p *Profile, pub []keys.PublicKey) (bool, error) {
	want := ""
	if p.IDMode == IDDIDKey {
		var newest *keys.PublicKey
		for i, k := range pub {
			if k.Alg == keys.EdDSA && k.Active() && (newest == nil || !k.Created.Before(newest.Created)) {
				newest = &pub[i]
			}
		}
		if newest == nil {
			return false, errs.E(errs.NotFound, "issuer %q has no active Ed25519 key to be its did:key", p.Slug)
		}
		did, err := keys.DIDKey(newest.Key)
		if err != nil {
			return false, err
		}
		want = did
	}
	if p.DIDKey == want {
		return false, nil
	}
	p.DIDKey = want
	return true, nil
}
