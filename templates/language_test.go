package templates_test

import (
	"bytes"
	"html/template"
	"regexp"
	"strings"
	"testing"

	"github.com/accolade-badges/accolade/criteria"
	"github.com/accolade-badges/accolade/i18n"
	"github.com/accolade-badges/accolade/templates"
)

// catalogueKey is what a key that fell through looks like on a page.
var catalogueKey = regexp.MustCompile(`\b(?:public|common|date)\.[a-z][A-Za-z0-9]*(?:\.[A-Za-z0-9]+)*\b`)

// TestEveryLanguage renders every page in every language: the html element
// says the language and direction, no catalogue key shows instead of its
// text, and no template value is missing.
func TestEveryLanguage(t *testing.T) {
	r := mustNew(t)
	for _, l := range i18n.Languages {
		loc := i18n.Default().Locale(l.Tag)
		for _, p := range allPages(func(s *templates.Site) { s.L = loc }) {
			t.Run(l.Tag+"/"+p.name, func(t *testing.T) {
				out := render(t, r, p)
				if want := `<html lang="` + l.Tag + `" dir="` + l.Dir + `">`; !strings.Contains(out, want) {
					t.Errorf("no %s", want)
				}
				if k := catalogueKey.FindString(out); k != "" {
					t.Errorf("key %q is shown instead of its text", k)
				}
				if strings.Contains(out, "<no value>") {
					t.Errorf("a message names a value the page does not give it:\n%s", out)
				}
			})
		}
	}
}

// fromData are English sentences of the sample data that equal catalogue
// texts: a check message, which comes from the verifier in English.
var fromData = []string{"The issuer has revoked this credential."}

// TestNoEnglishLeft fails when an English sentence of the catalogue's
// public section shows on a page in Arabic or Chinese: a word left in a
// template or in Go instead of the catalogue.
func TestNoEnglishLeft(t *testing.T) {
	r := mustNew(t)
	c := i18n.Default()
	en := c.Locale(i18n.Source)
	var sentences []string
	for _, k := range c.Keys(i18n.Source) {
		if !strings.HasPrefix(k, "public.") {
			continue
		}
		text := en.T(k)
		if text == k || strings.Contains(text, "<no value>") || strings.Contains(text, "<") || len(text) <= 12 {
			continue // a plural, a message with values, or too short to tell
		}
		skip := false
		for _, d := range fromData {
			skip = skip || d == text
		}
		if !skip {
			sentences = append(sentences, text)
		}
	}
	if len(sentences) < 50 {
		t.Fatalf("only %d English sentences to look for; the test is not looking", len(sentences))
	}
	for _, lang := range []string{"ar", "zh"} {
		loc := c.Locale(lang)
		for _, p := range allPages(func(s *templates.Site) { s.L = loc }) {
			out := render(t, r, p)
			for _, s := range sentences {
				if strings.Contains(out, s) || strings.Contains(out, template.HTMLEscapeString(s)) {
					t.Errorf("%s %s page shows the English %q", lang, p.name, s)
				}
			}
		}
	}
}

// TestRightToLeft checks what keeps its own direction on an Arabic page:
// ids, URLs and pasted credentials are left to right, names are isolated.
func TestRightToLeft(t *testing.T) {
	r := mustNew(t)
	loc := i18n.Default().Locale("ar")
	pages := allPages(func(s *templates.Site) { s.L = loc })
	out := render(t, r, pages[0])
	for _, want := range []string{
		`<code dir="ltr">c-42</code>`, `id="credential-url" type="text" readonly value="https://badges.example.org/credentials/c-42" dir="ltr"`,
		`id="li-url" type="text" readonly value="https://badges.example.org/credentials/c-42" dir="ltr"`,
		`مُنحت إلى <strong dir="auto">ليلى حداد</strong>`,
		`data-copied="تم النسخ."`, `<time datetime="2026-03-04T10:30:00Z">4 مارس 2026</time>`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("Arabic credential page does not contain %q", want)
		}
	}
	out = render(t, r, pages[3])
	for _, want := range []string{`<textarea id="input" name="input" rows="7" dir="ltr"`, `<code class="id" dir="ltr">did:web:`, `data-chosen="المختار: {name} ({size})"`} {
		if !strings.Contains(out, want) {
			t.Errorf("Arabic verify page does not contain %q", want)
		}
	}
}

// TestPlurals checks the counted sentences in languages with different
// plural rules.
func TestPlurals(t *testing.T) {
	r := mustNew(t)
	for _, tc := range []struct {
		lang   string
		others int
		want   string
	}{
		{"en", 1, "And 1 other, who chose not to be listed."},
		{"en", 3, "And 3 others, who chose not to be listed."},
		{"fr", 2, "Et 2 autres personnes"},
		{"hi", 1, "और 1 अन्य"},
		{"ar", 2, "وشخصان آخران"},
		{"ar", 5, "و5 أشخاص آخرين"},
		{"zh", 7, "另有 7 人选择不公开列出。"},
	} {
		a := sampleAchievement()
		a.Site.L = i18n.Default().Locale(tc.lang)
		a.Others = tc.others
		a.Holders = []templates.CredentialSummary{{RecipientName: arabic, URL: "/credentials/c-42"}}
		out := render(t, r, page{"achievement", func(r *templates.Renderer, b *bytes.Buffer) error { return r.Achievement(b, a) }})
		if !strings.Contains(out, tc.want) {
			t.Errorf("%s achievement page with %d others does not contain %q", tc.lang, tc.others, tc.want)
		}
	}
}

// TestAchievementTypes checks that every OB 3.0 achievement type has its
// words in every language, and that an extension is split into words.
func TestAchievementTypes(t *testing.T) {
	english := templates.Site{}
	for _, l := range i18n.Languages {
		s := templates.Site{L: i18n.Default().Locale(l.Tag)}
		for _, typ := range criteria.AchievementTypes {
			words := s.AchievementType(typ)
			otherScript := l.Tag == "ar" || l.Tag == "hi" || l.Tag == "zh"
			if words == "" || strings.HasPrefix(words, "public.") || otherScript && words == english.AchievementType(typ) {
				t.Errorf("%s AchievementType(%q) = %q, want words", l.Tag, typ, words)
			}
		}
		if got := s.AchievementType("ext:CommunityAward"); got != "Community award" {
			t.Errorf("%s AchievementType(ext:CommunityAward) = %q, want Community award", l.Tag, got)
		}
	}
}
