package criteria

import (
	"encoding/json"
	"errors"
	"maps"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/accolade-badges/accolade"
)

// Limits on an achievement.
const (
	MaxNameLen        = 200   // characters
	MaxDescriptionLen = 10000 // characters, also for the criteria narrative
)

var (
	achievementIDRe = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,62}$`)
	extTypeRe       = regexp.MustCompile(`^ext:[A-Za-z0-9._-]+$`)
)

// AchievementTypes are the values of the Open Badges 3.0 AchievementType
// enumeration. Extensions are written "ext:" followed by a name.
var AchievementTypes = []string{
	"Achievement", "ApprenticeshipCertificate", "Assessment", "Assignment",
	"AssociateDegree", "Award", "Badge", "BachelorDegree", "Certificate",
	"CertificateOfCompletion", "Certification", "CommunityService", "Competency",
	"Course", "CoCurricular", "Degree", "Diploma", "DoctoralDegree", "Fieldwork",
	"GeneralEducationDevelopment", "JourneymanCertificate", "LearningProgram",
	"License", "Membership", "ProfessionalDoctorate", "QualityAssuranceCredential",
	"MasterCertificate", "MasterDegree", "MicroCredential", "ResearchDoctorate",
	"SecondarySchoolDiploma",
}

// Achievement is a badge a community awards, as written in an achievement
// file. Its JSON encoding is the file's shape, durations included ("730d"), so
// a stored or echoed achievement reads back with ParseAchievement or
// json.Unmarshal.
type Achievement struct {
	ID              string        `json:"id"`
	Issuer          string        `json:"issuer,omitempty"` // issuer slug; "" is the default issuer
	Name            string        `json:"name"`
	Description     string        `json:"description"`
	AchievementType string        `json:"achievementType,omitempty"`
	Image           string        `json:"image,omitempty"`
	ValidFor        time.Duration `json:"-"` // 0: credentials do not expire
	// RenewWithin is how long before validUntil a credential may be renewed
	// when the member still meets the criteria; 0: only once it has expired.
	RenewWithin     time.Duration `json:"-"`
	Suspendable     bool          `json:"suspendable,omitempty"`
	Reviewers       string        `json:"reviewers,omitempty"` // holders of this achievement review applications
	AwardOnApproval bool          `json:"awardOnApproval,omitempty"`
	Criteria        Criteria      `json:"criteria"`
	// Certificate overrides the design of the achievement's PDF
	// certificates; nil: the default design.
	Certificate *accolade.CertificateDesign `json:"certificate,omitempty"`
	// Lang (the file's inLanguage) is the language of the name,
	// description and narrative; Translations give them in other
	// languages, by tag (see accolade.Achievement.In).
	Lang         string                              `json:"inLanguage,omitempty"`
	Translations map[string]accolade.AchievementText `json:"translations,omitempty"`

	src *source // set by ParseAchievement, for messages such as CheckReferences'
}

// Definition returns the achievement as its credentials show it, for
// issuing: the domain's definition, without the rule.
func (a *Achievement) Definition() *accolade.Achievement {
	return &accolade.Achievement{
		ID: a.ID, Issuer: a.Issuer, Name: a.Name, Description: a.Description,
		AchievementType: a.AchievementType, Image: a.Image, Narrative: a.Criteria.Narrative,
		ValidFor: a.ValidFor, Suspendable: a.Suspendable, RenewWithin: a.RenewWithin,
		Lang: a.Lang, Translations: maps.Clone(a.Translations),
	}
}

// Criteria says how an achievement is earned: a narrative for people and,
// optionally, a rule for automatic awarding.
type Criteria struct {
	Narrative string `json:"narrative,omitempty"`
	Rule      *Rule  `json:"rule,omitempty"` // nil: no automatic awarding
}

// MarshalJSON writes the achievement in the shape of the achievement file.
func (a Achievement) MarshalJSON() ([]byte, error) {
	type plain Achievement
	return json.Marshal(struct {
		plain
		ValidFor    string `json:"validFor,omitempty"`
		RenewWithin string `json:"renewWithin,omitempty"`
	}{plain(a), formatOptional(a.ValidFor), formatOptional(a.RenewWithin)})
}

// UnmarshalJSON reads the achievement file shape, with all of
// ParseAchievement's checks.
func (a *Achievement) UnmarshalJSON(data []byte) error {
	p, err := ParseAchievement("", data)
	if err != nil {
		return err
	}
	*a = *p
	return nil
}

// Restore prepares an achievement read back from storage for evaluation
// without validating it, and returns it: it compiles each expression it
// can, and one that no longer compiles is never met. Storage uses it so that
// a check made stricter in a new release never stops an older database from
// opening; the checks apply when the achievement is next loaded.
func Restore(a *Achievement) *Achievement {
	a.Criteria.Rule.walk(func(r *Rule) {
		if r.Expr != "" {
			r.compile(&problems{}, "")
		}
	})
	return a
}

// Validate checks the achievement and compiles its expressions: the id (a
// lowercase slug), a name and description, the achievement type (an Open
// Badges 3.0 AchievementType or "ext:Name"), slugs for issuer and reviewers,
// and the rule. The error, of kind errs.Invalid, joins one error per problem,
// each naming its field path, such as "criteria.rule.all[0].exchanges.role".
// ParseAchievement calls Validate; call it on achievements built in Go.
func (a *Achievement) Validate() error {
	var p problems
	a.validate(&p)
	return p.err()
}

func (a *Achievement) validate(p *problems) {
	switch {
	case a.ID == "":
		p.add("id", "is required: a lowercase slug such as project-trainer")
	case !achievementIDRe.MatchString(a.ID):
		p.add("id", "%q is not a lowercase slug: letters a-z, digits and '-', at most 63 characters, such as project-trainer", a.ID)
	}
	if a.Issuer != "" {
		checkSlug(p, "issuer", a.Issuer, "issuer")
	}
	checkText(p, "name", a.Name, MaxNameLen, true)
	checkText(p, "description", a.Description, MaxDescriptionLen, true)
	checkText(p, "criteria.narrative", a.Criteria.Narrative, MaxDescriptionLen, false)
	if t := a.AchievementType; t != "" && !slices.Contains(AchievementTypes, t) && !extTypeRe.MatchString(t) {
		p.add("achievementType", "%q is not an Open Badges 3.0 achievement type%s: one of %s, or ext: followed by a name", t, suggest(t, AchievementTypes), strings.Join(AchievementTypes, ", "))
	}
	if a.ValidFor < 0 {
		p.add("validFor", "must be positive, such as 730d")
	}
	switch {
	case a.RenewWithin < 0:
		p.add("renewWithin", "must be positive, such as 30d")
	case a.RenewWithin > 0 && a.ValidFor == 0:
		p.add("renewWithin", "needs validFor: credentials that do not expire are never renewed")
	case a.RenewWithin > 0 && a.RenewWithin >= a.ValidFor:
		p.add("renewWithin", "%s is not shorter than validFor (%s): a credential would be renewed as soon as it is issued", FormatDuration(a.RenewWithin), FormatDuration(a.ValidFor))
	}
	if a.Reviewers != "" {
		checkAchievementID(p, "reviewers", a.Reviewers)
	}
	if r := a.Criteria.Rule; r != nil {
		n := 0
		r.validate(p, "criteria.rule", a.ID, 0, &n)
	}
	if c := a.Certificate; c != nil {
		validateDesign(p, c)
	}
	validateLanguages(p, a)
}

var colorRe = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)

// validateDesign checks a certificate design's colours, images, wording
// and paper size.
func validateDesign(p *problems, c *accolade.CertificateDesign) {
	for _, f := range []struct{ name, v string }{{"certificate.primaryColor", c.PrimaryColor}, {"certificate.accentColor", c.AccentColor}} {
		if f.v != "" && !colorRe.MatchString(f.v) {
			p.add(f.name, "%q is not a colour: write it as # and six hex digits, such as #1f4e79", f.v)
		}
	}
	for _, f := range []struct{ name, v string }{{"certificate.logo", c.Logo}, {"certificate.background", c.Background}} {
		if f.v != "" && !imageRefRe.MatchString(f.v) {
			p.add(f.name, "%q is not an image: give an http(s) URL or a data:image/png or data:image/jpeg URI", shorten(f.v))
		}
	}
	checkText(p, "certificate.title", c.Title, MaxNameLen, false)
	checkText(p, "certificate.statement", c.Statement, MaxNameLen, false)
	checkText(p, "certificate.signatory", c.Signatory, MaxNameLen, false)
	checkText(p, "certificate.signatoryRole", c.SignatoryRole, MaxNameLen, false)
	switch c.PaperSize {
	case "", accolade.PaperA4, accolade.PaperLetter:
	default:
		p.add("certificate.paperSize", "%q is not a paper size: use %s or %s", c.PaperSize, accolade.PaperA4, accolade.PaperLetter)
	}
}

var imageRefRe = regexp.MustCompile(`^(https?://\S+|data:image/(png|jpeg);base64,[A-Za-z0-9+/=\s]+)$`)

// shorten cuts a long value (a data: URI) for a message.
func shorten(s string) string {
	if r := []rune(s); len(r) > 60 {
		return string(r[:57]) + "..."
	}
	return s
}

func checkText(p *problems, field, s string, limit int, required bool) {
	switch {
	case required && strings.TrimSpace(s) == "":
		p.add(field, "is required")
	case utf8.RuneCountInString(s) > limit:
		p.add(field, "is longer than %d characters", limit)
	}
}

func checkSlug(p *problems, field, s, what string) bool {
	if !achievementIDRe.MatchString(s) {
		p.add(field, "%q is not an %s slug: lowercase letters, digits and '-'", s, what)
		return false
	}
	return true
}

func checkAchievementID(p *problems, field, s string) bool {
	if !achievementIDRe.MatchString(s) {
		p.add(field, "%q is not an achievement id: lowercase letters, digits and '-', such as mentor", s)
		return false
	}
	return true
}

// References returns the achievements a's rule depends on: those it requires
// the member to hold (holds, and holds() in expressions) and those whose
// holders it accepts attestations from (fromHoldersOf).
func (a *Achievement) References() (holds, fromHoldersOf []string) {
	a.Criteria.Rule.walk(func(r *Rule) {
		if r.Holds != "" {
			holds = append(holds, r.Holds)
		}
		holds = append(holds, r.exprHolds...)
		if r.Attestations != nil && r.Attestations.FromHoldersOf != "" {
			fromHoldersOf = append(fromHoldersOf, r.Attestations.FromHoldersOf)
		}
	})
	slices.Sort(holds)
	slices.Sort(fromHoldersOf)
	return slices.Compact(holds), slices.Compact(fromHoldersOf)
}

// automatic reports whether the engine awards a: it has a rule or is awarded
// on an approved application.
func (a *Achievement) automatic() bool {
	return a.Criteria.Rule != nil || a.AwardOnApproval
}

// joinErrors is errors.Join, except that a single error is returned as is.
func joinErrors(list []error) error {
	if len(list) == 1 {
		return list[0]
	}
	return errors.Join(list...)
}
