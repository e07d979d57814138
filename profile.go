package accolade

import (
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
