package templates

import (
	"time"

	"github.com/accolade-badges/accolade/i18n"
)

// Locale is the page's language: L, or English when L is nil.
func (s Site) Locale() *i18n.Locale {
	if s.L == nil {
		return i18n.Default().Locale(i18n.Source)
	}
	return s.L
}

// T is the page's text for a catalogue key (see i18n.Locale.T); templates
// call it as {{.Site.T "nav.verify"}}, or {{$.Site.T ...}} inside range.
func (s Site) T(key string, args ...any) string { return s.Locale().T(key, args...) }

// N is the plural form of a catalogue key for count (see i18n.Locale.N).
func (s Site) N(key string, count any, args ...any) string {
	return s.Locale().N(key, count, args...)
}

// Date is t as the page's language writes a day.
func (s Site) Date(t time.Time) string { return s.Locale().Date(t) }

// MonthYear is t as the page's language writes a month.
func (s Site) MonthYear(t time.Time) string { return s.Locale().MonthYear(t) }

// Lang is the page's BCP 47 language tag, for the html element.
func (s Site) Lang() string { return s.Locale().Lang() }

// Dir is the page's text direction, "ltr" or "rtl".
func (s Site) Dir() string { return s.Locale().Dir() }

// Languages lists the languages the switcher offers.
func (s Site) Languages() []i18n.Language { return i18n.Languages }
