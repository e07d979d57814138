package i18n

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"sync"
	"time"

	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

//go:embed locales/*.json
var localeFiles embed.FS

// Language is one language Accolade speaks.
type Language struct {
	Tag  string // BCP 47: "ar"
	Name string // its own name for itself: "العربية"
	Dir  string // "ltr" or "rtl"
}

// Languages lists the languages of the catalogue in the language switcher's
// order; English is the source language and the fallback.
var Languages = []Language{
	{"en", "English", "ltr"},
	{"fr", "Français", "ltr"},
	{"es", "Español", "ltr"},
	{"ar", "العربية", "rtl"},
	{"hi", "हिन्दी", "ltr"},
	{"zh", "中文", "ltr"},
}

// Source is the language the catalogue is written in first; a key missing
// from another language is shown in it.
const Source = "en"

// Catalogue holds every language's messages. It is safe for concurrent use.
type Catalogue struct {
	bundle  *goi18n.Bundle
	matcher language.Matcher
	locales map[string]*Locale
	keys    map[string][]string // language → its keys, sorted
}

// Load parses the embedded catalogue files, one per entry of Languages.
func Load() (*Catalogue, error) {
	return load(localeFiles, "locales")
}

var loadDefault = sync.OnceValues(Load)

// Default is the embedded catalogue, loaded once. It panics when a file is
// malformed: that is a build mistake, which the package's tests catch.
func Default() *Catalogue {
	c, err := loadDefault()
	if err != nil {
		panic(err)
	}
	return c
}

func load(fsys fs.FS, dir string) (*Catalogue, error) {
	c := &Catalogue{
		bundle:  goi18n.NewBundle(language.English),
		locales: make(map[string]*Locale, len(Languages)),
		keys:    make(map[string][]string, len(Languages)),
	}
	c.bundle.RegisterUnmarshalFunc("json", json.Unmarshal)
	tags := make([]language.Tag, len(Languages))
	for i, l := range Languages {
		name := path.Join(dir, l.Tag+".json")
		f, err := c.bundle.LoadMessageFileFS(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("loading catalogue %s: %w", name, err)
		}
		keys := make([]string, len(f.Messages))
		for j, m := range f.Messages {
			keys[j] = m.ID
		}
		slices.Sort(keys)
		c.keys[l.Tag] = keys
		tags[i] = language.MustParse(l.Tag)
		c.locales[l.Tag] = &Locale{lang: l, loc: goi18n.NewLocalizer(c.bundle, l.Tag)}
	}
	c.matcher = language.NewMatcher(tags)
	for _, l := range c.locales {
		l.months = strings.Split(l.T("date.months"), "|")
		if len(l.months) != 12 {
			return nil, fmt.Errorf("catalogue %s: date.months has %d names separated by |, want 12", l.lang.Tag, len(l.months))
		}
	}
	return c, nil
}

// Keys returns the keys the catalogue of lang defines, sorted.
func (c *Catalogue) Keys(lang string) []string { return c.keys[lang] }

// Locale returns the locale of a language of Languages, or nil.
func (c *Catalogue) Locale(tag string) *Locale { return c.locales[tag] }

// Match returns the locale for the first preference that the catalogue
// speaks, falling back to English. Each preference is a language tag (a
// member's setting: "pt-BR") or an Accept-Language header value
// ("fr-CH, fr;q=0.9, en;q=0.8"); empty and malformed ones are skipped.
func (c *Catalogue) Match(prefs ...string) *Locale {
	for _, p := range prefs {
		tags, _, err := language.ParseAcceptLanguage(p)
		if err != nil {
			continue
		}
		for _, t := range tags {
			_, i, conf := c.matcher.Match(t)
			want, _ := t.Base()
			got, _ := language.MustParse(Languages[i].Tag).Base()
			if conf != language.No && want == got { // zh-Hant-TW reads zh rather than nothing
				return c.locales[Languages[i].Tag]
			}
		}
	}
	return c.locales[Source]
}

// Locale is one language's messages. Its methods never fail: a key missing
// from the language is shown in English, and a key missing from English
// is shown as itself (the catalogue tests fail on both).
type Locale struct {
	lang   Language
	loc    *goi18n.Localizer
	months []string
}

// Lang is the locale's BCP 47 tag, for lang attributes.
func (l *Locale) Lang() string { return l.lang.Tag }

// Dir is the locale's text direction, "ltr" or "rtl", for dir attributes.
func (l *Locale) Dir() string { return l.lang.Dir }

// RTL reports whether the locale is written right to left.
func (l *Locale) RTL() bool { return l.lang.Dir == "rtl" }

// T returns the message key, filled with args given as name, value pairs:
// T("greeting", "Name", "Ada") fills {{.Name}}.
func (l *Locale) T(key string, args ...any) string {
	return l.localize(key, nil, args)
}

// N returns the plural form of the message key for count, which the text
// reads as {{.Count}}; further args are name, value pairs as for T.
func (l *Locale) N(key string, count any, args ...any) string {
	return l.localize(key, count, append(args, "Count", count))
}

func (l *Locale) localize(key string, count any, args []any) string {
	data := make(map[string]any, len(args)/2)
	for i := 0; i+1 < len(args); i += 2 {
		if name, ok := args[i].(string); ok {
			data[name] = args[i+1]
		}
	}
	s, err := l.loc.Localize(&goi18n.LocalizeConfig{MessageID: key, TemplateData: data, PluralCount: count})
	if s == "" && err != nil {
		return key
	}
	return s
}

// Date formats t (in UTC) as the locale writes a day: "4 March 2026",
// "4 mars 2026", "2026年3月4日".
func (l *Locale) Date(t time.Time) string {
	t = t.UTC()
	return l.T("date.day", "Day", t.Day(), "Month", l.months[t.Month()-1], "MonthNumber", int(t.Month()), "Year", t.Year())
}

// MonthYear formats t (in UTC) as a month: "March 2026".
func (l *Locale) MonthYear(t time.Time) string {
	t = t.UTC()
	return l.T("date.month", "Month", l.months[t.Month()-1], "MonthNumber", int(t.Month()), "Year", t.Year())
}
