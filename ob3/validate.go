package ob3

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"github.com/accolade-badges/accolade/errs"
)

// Validate checks the rules an issued Open Badges 3.0 credential must meet
// before it is signed: the required properties of the AchievementCredential
// schema, contexts in order, types, URIs, dates and the recipient identity.
// It returns an errs.Invalid error naming the first property that is wrong.
func (c *OpenBadgeCredential) Validate() error {
	if err := validateContexts(c.Context); err != nil {
		return err
	}
	if err := requireURI("id", c.ID); err != nil {
		return err
	}
	if !c.Type.Has(TypeVerifiableCredential) ||
		!(c.Type.Has(TypeOpenBadgeCredential) || c.Type.Has(TypeAchievementCredential)) {
		return errs.Field("type", "must include %q and %q, got %q", TypeVerifiableCredential, TypeOpenBadgeCredential, []string(c.Type))
	}
	if err := c.Issuer.validate("issuer"); err != nil {
		return err
	}
	if c.ValidFrom.IsZero() {
		return errs.Field("validFrom", "is required")
	}
	if !c.ValidUntil.IsZero() && !c.ValidUntil.After(c.ValidFrom.Time) {
		return errs.Field("validUntil", "must be after validFrom (%s)", c.ValidFrom.Format("2006-01-02T15:04:05Z"))
	}
	if err := c.CredentialSubject.validate("credentialSubject"); err != nil {
		return err
	}
	for i, s := range c.CredentialSchema {
		if err := requireURI(fmt.Sprintf("credentialSchema[%d].id", i), s.ID); err != nil {
			return err
		}
		if s.Type == "" {
			return errs.Field(fmt.Sprintf("credentialSchema[%d].type", i), "is required")
		}
	}
	for i, e := range c.Evidence {
		if !e.Type.Has(TypeEvidence) {
			return errs.Field(fmt.Sprintf("evidence[%d].type", i), "must include %q", TypeEvidence)
		}
	}
	all := c.CredentialStatus.Entries()
	for i, s := range all {
		field := "credentialStatus"
		if len(all) > 1 {
			field = fmt.Sprintf("credentialStatus[%d]", i)
		}
		if err := requireURI(field+".id", s.ID); err != nil {
			return err
		}
		if s.Type == "" {
			return errs.Field(field+".type", "is required")
		}
	}
	if c.Image != nil {
		if err := c.Image.validate("image"); err != nil {
			return err
		}
	}
	return nil
}

func validateContexts(cs []Context) error {
	urls := URLs(cs)
	if len(cs) < 2 || len(urls) < 2 || cs[0].URL != contextVCv2 {
		return errs.Field("@context", "must start with %q and an Open Badges 3.0 context", contextVCv2)
	}
	if !strings.HasPrefix(cs[1].URL, "https://purl.imsglobal.org/spec/ob/v3p0/context") {
		return errs.Field("@context[1]", "must be an Open Badges 3.0 context, got %q", cs[1].URL)
	}
	return nil
}

func (p *Profile) validate(field string) error {
	if err := requireURI(field+".id", p.ID); err != nil {
		return err
	}
	if p.idOnly {
		return nil
	}
	if !p.Type.Has(TypeProfile) {
		return errs.Field(field+".type", "must include %q", TypeProfile)
	}
	if p.Image != nil {
		return p.Image.validate(field + ".image")
	}
	return nil
}

func (s *AchievementSubject) validate(field string) error {
	if !s.Type.Has(TypeAchievementSubject) {
		return errs.Field(field+".type", "must include %q", TypeAchievementSubject)
	}
	if s.ID != "" {
		if err := requireURI(field+".id", s.ID); err != nil {
			return err
		}
	}
	if s.ID == "" && len(s.Identifier) == 0 {
		return errs.Field(field, "needs an id or an identifier to say who the recipient is")
	}
	for i, o := range s.Identifier {
		f := fmt.Sprintf("%s.identifier[%d]", field, i)
		if o.Type != TypeIdentityObject {
			return errs.Field(f+".type", "must be %q", TypeIdentityObject)
		}
		if o.IdentityType == "" || o.IdentityHash == "" {
			return errs.Field(f, "needs identityType and identityHash")
		}
		if o.Hashed && !strings.HasPrefix(o.IdentityHash, "sha256$") && !strings.HasPrefix(o.IdentityHash, "md5$") {
			return errs.Field(f+".identityHash", "a hashed identity must look like sha256$<hex>")
		}
	}
	return s.Achievement.validate(field + ".achievement")
}

// languageRe is the JSON Schema's pattern for a LanguageCode.
var languageRe = regexp.MustCompile(`^[a-z]{2,4}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?$`)

// ValidLanguage reports whether tag is a language code Open Badges 3.0
// allows (inLanguage): "fr", "pt-BR", "zh-Hant", "es-419".
func ValidLanguage(tag string) bool { return languageRe.MatchString(tag) }

func (a *Achievement) validate(field string) error {
	if err := requireURI(field+".id", a.ID); err != nil {
		return err
	}
	if !a.Type.Has(TypeAchievement) {
		return errs.Field(field+".type", "must include %q", TypeAchievement)
	}
	if strings.TrimSpace(a.Name) == "" {
		return errs.Field(field+".name", "is required")
	}
	if strings.TrimSpace(a.Description) == "" {
		return errs.Field(field+".description", "is required")
	}
	if a.Criteria.ID == "" && a.Criteria.Narrative == "" {
		return errs.Field(field+".criteria", "needs an id or a narrative")
	}
	if a.InLanguage != "" && !ValidLanguage(a.InLanguage) {
		return errs.Field(field+".inLanguage", "%q is not a language code such as en or pt-BR", a.InLanguage)
	}
	if a.Image != nil {
		return a.Image.validate(field + ".image")
	}
	return nil
}

func (i *Image) validate(field string) error {
	if i.Type != TypeImage {
		return errs.Field(field+".type", "must be %q", TypeImage)
	}
	return requireURI(field+".id", i.ID)
}

// requireURI checks that s is an absolute URI (http(s), urn, did, data).
func requireURI(field, s string) error {
	if s == "" {
		return errs.Field(field, "is required")
	}
	u, err := url.Parse(s)
	if err != nil || u.Scheme == "" {
		return errs.Field(field, "must be an absolute URI, got %q", s)
	}
	if (u.Scheme == "http" || u.Scheme == "https") && u.Host == "" {
		return errs.Field(field, "must be an absolute URL with a host, got %q", s)
	}
	return nil
}

// contextVCv2 is the VC Data Model 2.0 context, first in every credential.
const contextVCv2 = "https://www.w3.org/ns/credentials/v2"
