package accolade

import (
	"strings"
	"time"
)

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
	// Lang is the BCP 47 tag of the language Name, Description and
	// Narrative are written in; empty: not said.
	Lang string
	// Translations are the achievement's words in other languages, by
	// BCP 47 tag ("fr", "pt-BR"): a member's credential is issued in their
	// language when there is one (see In).
	Translations map[string]AchievementText
}

// AchievementText is an achievement's words in one language; an empty
// field is the main text's.
type AchievementText struct {
	Name        string `json:"name,omitempty"`
	Description string `json:"description,omitempty"`
	Narrative   string `json:"narrative,omitempty"`
}

// In returns the achievement as a member whose language is lang (a BCP 47
// tag, or empty) reads it: with the translation for lang, or else for its
// base language ("pt" for "pt-BR"), its Lang then the translation's tag and
// its empty fields the main text's. Without such a translation, or when
// lang is the achievement's own language, it returns a itself. The result
// has no Translations: it is one language's version.
func (a *Achievement) In(lang string) *Achievement {
	tag, t, ok := a.translation(lang)
	if !ok {
		return a
	}
	out := *a
	out.Lang, out.Translations = tag, nil
	if t.Name != "" {
		out.Name = t.Name
	}
	if t.Description != "" {
		out.Description = t.Description
	}
	if t.Narrative != "" {
		out.Narrative = t.Narrative
	}
	return &out
}

func (a *Achievement) translation(lang string) (string, AchievementText, bool) {
	if lang == "" || len(a.Translations) == 0 || strings.EqualFold(lang, a.Lang) {
		return "", AchievementText{}, false
	}
	for tag, t := range a.Translations {
		if strings.EqualFold(tag, lang) {
			return tag, t, true
		}
	}
	base, _, _ := strings.Cut(lang, "-")
	if strings.EqualFold(base, a.Lang) {
		return "", AchievementText{}, false
	}
	for tag, t := range a.Translations {
		if strings.EqualFold(tag, base) {
			return tag, t, true
		}
	}
	return "", AchievementText{}, false
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
