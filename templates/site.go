package templates

import (
	"fmt"
	"html/template"
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

// Time is t as a time element in the page's language: the day in words,
// the instant in its datetime attribute. Pages show every date with it, also
// inside sentences (see HTML).
func (s Site) Time(t time.Time) template.HTML {
	return template.HTML(`<time datetime="` + isoTime(t) + `">` + template.HTMLEscapeString(s.Date(t)) + `</time>`)
}

// Part is a piece of a page's data handed to a sub-template together with
// the page's Site, so that the sub-template speaks the page's language:
// {{template "answer" ($.Site.With .)}}, read there as .V and .Site.
type Part struct {
	Site Site
	V    any
}

// With is v with the page's Site, for a sub-template.
func (s Site) With(v any) Part { return Part{Site: s, V: v} }

// HTML is the page's text for catalogue messages that hold markup around
// values: {{.Site.HTML.T "public.layout.footer" "Name" (auto .Site.Name)}}.
func (s Site) HTML() Markup { return Markup{s} }

// Markup fills catalogue messages into HTML. The messages are ours and may
// hold markup; the values are escaped unless they are template.HTML (made
// by the auto, link and Site.Time helpers), so no value can add markup.
type Markup struct{ site Site }

// T is Site.T with its string values escaped, as HTML.
func (m Markup) T(key string, args ...any) template.HTML {
	return template.HTML(m.site.T(key, escapeArgs(args)...))
}

// N is Site.N with its string values escaped, as HTML.
func (m Markup) N(key string, count any, args ...any) template.HTML {
	return template.HTML(m.site.N(key, count, escapeArgs(args)...))
}

// escapeArgs escapes the values of name, value pairs: strings as text,
// template.HTML as it is; numbers need no escaping.
func escapeArgs(args []any) []any {
	out := make([]any, len(args))
	for i, a := range args {
		if i%2 == 0 {
			out[i] = a
			continue
		}
		switch v := a.(type) {
		case template.HTML:
			out[i] = string(v)
		case string:
			out[i] = template.HTMLEscapeString(v)
		case int, int64:
			out[i] = v
		default:
			out[i] = template.HTMLEscapeString(fmt.Sprint(v))
		}
	}
	return out
}

// autoDir is s in a span with dir="auto", as HTML: a name inside a
// translated sentence keeps its own direction.
func autoDir(s string) template.HTML {
	return template.HTML(`<span dir="auto">` + template.HTMLEscapeString(s) + `</span>`)
}

// link is a link to u with text, as HTML, for a link inside a translated
// sentence. Text may be template.HTML; u must be a web URL (see isWebURL),
// else the text is shown without a link.
func link(u string, text any) template.HTML {
	var t string
	switch v := text.(type) {
	case template.HTML:
		t = string(v)
	default:
		t = template.HTMLEscapeString(fmt.Sprint(v))
	}
	if !isWebURL(u) {
		return template.HTML(t)
	}
	return template.HTML(`<a href="` + template.HTMLEscapeString(u) + `">` + t + `</a>`)
}

// recipientName is a recipient's name in a strong element with dir="auto"
// and, when known, the name's language, as HTML.
func recipientName(name, lang string) template.HTML { return named("strong", name, lang) }

// recipientSpan is recipientName in a span.
func recipientSpan(name, lang string) template.HTML { return named("span", name, lang) }

func named(element, name, lang string) template.HTML {
	l := ""
	if lang != "" {
		l = ` lang="` + langTag(lang) + `"`
	}
	return template.HTML(`<` + element + ` dir="auto"` + l + `>` + template.HTMLEscapeString(name) + `</` + element + `>`)
}

// issuerLink is an issuer's name linking to its page when u is a web URL,
// with dir="auto", as HTML.
func issuerLink(name, u string) template.HTML {
	if !isWebURL(u) {
		return autoDir(name)
	}
	return template.HTML(`<a href="` + template.HTMLEscapeString(u) + `" dir="auto">` + template.HTMLEscapeString(name) + `</a>`)
}

// bdiAuto is s in a bdi element with dir="auto", as HTML: a name inside a
// heading keeps its own direction without reordering its neighbours.
func bdiAuto(s string) template.HTML {
	return template.HTML(`<bdi dir="auto">` + template.HTMLEscapeString(s) + `</bdi>`)
}
