package accolade

import "time"

// Achievement is the definition of a badge as its credentials show it: what
// issuing reads. Package criteria's Achievement, the achievement file with
// the rule that awards it, gives its Definition.
type Achievement struct {
	ID              string
	Issuer          string // issuer slug; "" is DefaultSlug
	Name            string
	Description     string
	AchievementType string        // an Open Badges 3.0 AchievementType, or "ext:" and a name
	Image           string        // a URL or data: URI; a file name is not published
	Narrative       string        // how it is earned, for people (the criteria narrative)
	ValidFor        time.Duration // 0: credentials do not expire
	// Suspendable credentials can be suspended, and get a suspension
	// status entry besides the revocation one.
	Suspendable bool
	RenewWithin time.Duration // renewal window before validUntil; 0: renewed once expired
}

// Definition returns a itself, so that an *Achievement is a Definer.
func (a *Achievement) Definition() *Achievement { return a }

// IssuerSlug returns the slug of the achievement's issuer: DefaultSlug when
// it names none.
func (a *Achievement) IssuerSlug() string {
	if a.Issuer == "" {
		return DefaultSlug
	}
	return a.Issuer
}

// Definer gives the definition of an achievement: *Achievement and
// *criteria.Achievement are Definers.
type Definer interface{ Definition() *Achievement }

// CertificateDesign overrides the default design of an achievement's PDF
// certificates. Every field is optional; the zero value is the default
// design. It is not part of the signed credential: a certificate rendered
// today uses today's design.
type CertificateDesign struct {
	PrimaryColor string `json:"primaryColor,omitempty"` // #rrggbb: frame, title
	AccentColor  string `json:"accentColor,omitempty"`  // #rrggbb: rules, emblem
	// Logo and Background are image URLs: this service's /images/ URLs
	// (an uploaded PNG) or data: URIs of PNG or JPEG images.
	Logo       string `json:"logo,omitempty"`
	Background string `json:"background,omitempty"`
	// Title replaces "Certificate of Achievement"; Statement replaces the
	// line between the holder's name and the achievement ("has earned").
	// They are used as written, in every language.
	Title         string `json:"title,omitempty"`
	Statement     string `json:"statement,omitempty"`
	Signatory     string `json:"signatory,omitempty"`     // name on the signature line
	SignatoryRole string `json:"signatoryRole,omitempty"` // such as "Programme coordinator"
	PaperSize     string `json:"paperSize,omitempty"`     // PaperA4 or PaperLetter; empty: the issuer's
}
