package server

import (
	"errors"
	"fmt"
	"html"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/accolade-badges/accolade/criteria"
	"github.com/accolade-badges/accolade/i18n"
	"github.com/accolade-badges/accolade/templates"
)

// progressRules are achievements beside the demo's that use every kind of
// requirement and every wording: each role and threshold, lists of kinds
// and skills, windows in years, days and hours, holds, fromHoldersOf alone
// and an expression.
var progressRules = []string{`id: all-kinds
name: All Kinds
description: Learned everywhere.
criteria:
  rule:
    exchanges: {role: learner, kind: [one_to_one, circle, project], skill: [editing, training], within: 730d, count: 2, hours: 3, distinctPartners: 2}
`, `id: guide
name: Guide
description: Guides others.
criteria:
  rule:
    all:
      - holds: mentor
      - exchanges: {role: any, within: 12h, distinctPartners: 2, hours: 1}
      - exchanges: {role: any, confirmed: true, distinctPartners: 1}
      - exchanges: {role: teacher, kind: [project], hours: 1, distinctPartners: 1}
      - exchanges: {role: learner, confirmed: true, within: 3d, distinctPartners: 1}
      - attestations: {count: 1, within: 1d}
      - attestations: {fromHoldersOf: mentor, count: 1}
      - attestations: {skill: editing, count: 1}
      - expr: exchangesTaught >= 2
`}

// progressData are the skill tags and achievement names the rules above
// and the demo's name: data, shown as they are in every language.
var progressData = []string{"editing", "training", "Mentor"}

// newProgressServer is newMemberServer with the demo's achievements and
// progressRules.
func newProgressServer(t *testing.T) *testServer {
	t.Helper()
	ts := newMemberServer(t)
	files, err := filepath.Glob("../cmd/accolade/demo/*.yaml")
	mustOK(t, err)
	if len(files) == 0 {
		t.Fatal("no demo achievements in ../cmd/accolade/demo")
	}
	var srcs []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		mustOK(t, err)
		srcs = append(srcs, string(b))
	}
	for _, src := range append(srcs, progressRules...) { // file order puts mentor before those naming it
		a, err := criteria.ParseAchievement("a.yaml", []byte(src))
		mustOK(t, err)
		mustOK(t, ts.s.awards.PutAchievement(a))
	}
	return ts
}

var requirementRe = regexp.MustCompile(`<p class="requirement" id="req-\d+-\d+"><span dir="auto"( lang="en")?>(.*?)</span></p>`)
var tagRe = regexp.MustCompile(`<[^>]*>`)

// pageRequirement is a requirement's description as the page shows it.
type pageRequirement struct {
	text    string // without markup
	html    string
	english bool // marked lang="en"
}

func pageRequirements(body string) []pageRequirement {
	var out []pageRequirement
	for _, m := range requirementRe.FindAllStringSubmatch(body, -1) {
		out = append(out, pageRequirement{text: html.UnescapeString(tagRe.ReplaceAllString(m[2], "")), html: m[2], english: m[1] != ""})
	}
	return out
}

// TestMemberProgressLanguages renders the progress page in every language
// and checks each requirement is worded in it, with only an expression left
// in English (and marked so), skill tags and achievement names isolated,
// and the engine's numbers on the bars.
func TestMemberProgressLanguages(t *testing.T) {
	ts := newProgressServer(t)
	results, err := ts.s.awards.Progress("ana")
	mustOK(t, err)
	var want []criteria.RequirementResult
	for _, r := range results {
		want = append(want, r.Requirements...)
	}
	// What the engine's English sentences say, for languages with Latin letters.
	english := []string{"taught", "attended", "taken part", "Hours", "Different", "people", "vouching", "confirmed", "confirming",
		"last", "days", "Application", "Holds", "exchanges", "workshops", "skill ", " or "}
	ana := signedIn(t, ts, "ana")
	for _, l := range i18n.Languages {
		t.Run(l.Tag, func(t *testing.T) {
			ana.cookies[langCookie] = &http.Cookie{Name: langCookie, Value: l.Tag}
			rec := ana.do("GET", "/account/progress", nil)
			body := rec.Body.String()
			if rec.Code != http.StatusOK || !strings.Contains(body, `<html lang="`+l.Tag+`"`) {
				t.Fatalf("GET /account/progress in %s: %d\n%s", l.Tag, rec.Code, body)
			}
			got := pageRequirements(body)
			if len(got) != len(want) {
				t.Fatalf("page shows %d requirements, the engine has %d:\n%s", len(got), len(want), body)
			}
			bars := regexp.MustCompile(`<progress value="([^"]*)" max="([^"]*)"`).FindAllStringSubmatch(body, -1)
			for i, q := range want {
				g := got[i]
				expr := q.Phrase.Counts == criteria.CountsExpr
				if g.english != (expr && l.Tag != "en") {
					t.Errorf("%q marked English = %v, want %v", g.text, g.english, expr && l.Tag != "en")
				}
				if b := bars[i]; b[1] != fmt.Sprint(min(q.Current, q.Target)) || b[2] != fmt.Sprint(q.Target) {
					t.Errorf("bar of %q = %s of %s, want %v of %v", g.text, b[1], b[2], q.Current, q.Target)
				}
				if strings.Contains(g.text, "member.") || strings.Contains(g.text, "{{") {
					t.Errorf("%q shows a catalogue key or an unfilled value", g.text)
				}
				for _, tag := range q.Phrase.Skills {
					if !strings.Contains(g.html, `<bdi dir="ltr">`+tag+`</bdi>`) {
						t.Errorf("%s does not isolate skill %q", g.html, tag)
					}
				}
				if expr {
					continue
				}
				text := g.text
				for _, d := range progressData {
					text = strings.ReplaceAll(text, d, "")
				}
				switch l.Tag {
				case "en":
					if w := englishWant(q.Description); strings.ReplaceAll(g.text, "\u00a0", " ") != w {
						t.Errorf("English page says %q, want the engine's %q", g.text, w)
					}
				case "ar", "hi", "zh":
					if regexp.MustCompile(`[A-Za-z]`).MatchString(text) {
						t.Errorf("%q has Latin letters besides skill tags and achievement names", g.text)
					}
				default:
					for _, w := range english {
						if strings.Contains(text, w) {
							t.Errorf("%q has the English %q", g.text, w)
						}
					}
				}
			}
		})
	}
}

// englishWant is what the English page says for an engine description:
// the same words without the numbers, achievements by name, and whole
// years counted in years.
func englishWant(desc string) string {
	desc = desc[:strings.LastIndex(desc, ": ")]
	return strings.NewReplacer("hold mentor", "hold Mentor", "Holds mentor", "Holds Mentor", "last 730 days", "last 2 years").Replace(desc)
}

// TestRequirementWords checks plural forms and lists in a few languages, and
// an achievement the store does not have.
func TestRequirementWords(t *testing.T) {
	missing := func(string) (*criteria.Achievement, error) { return nil, errors.New("not found") }
	tests := []struct {
		lang string
		p    criteria.Phrase
		want string
	}{
		{"en", criteria.Phrase{Counts: criteria.CountsHolds, Holds: "gone"}, "Holds gone"},
		{"en", criteria.Phrase{Counts: criteria.CountsExchanges, Role: criteria.Teacher, Within: criteria.Day}, "Exchanges taught, last 1 day"},
		{"en", criteria.Phrase{Counts: criteria.CountsHours, Role: criteria.AnyRole, Within: 90 * time.Second}, "Hours in exchanges, last 90 seconds"},
		{"en", criteria.Phrase{Counts: criteria.CountsHours, Role: criteria.AnyRole, Within: 1500 * time.Millisecond}, "Hours in exchanges, last 1.5 seconds"},
		{"fr", criteria.Phrase{Counts: criteria.CountsExchanges, Role: criteria.Teacher, Within: criteria.Day}, "Échanges où vous avez enseigné, le dernier jour"},
		{"fr", criteria.Phrase{Counts: criteria.CountsExchanges, Role: criteria.AnyRole, Skills: []string{"a", "b", "c"}, Within: 30 * time.Minute},
			"Participations à des échanges, compétences a ou b ou c, les 30 dernières minutes"},
		{"es", criteria.Phrase{Counts: criteria.CountsExchanges, Role: criteria.Learner, Within: 2 * time.Hour}, "Intercambios donde aprendiste, las últimas 2 horas"},
		{"ar", criteria.Phrase{Counts: criteria.CountsExchanges, Role: criteria.AnyRole, Within: 365 * criteria.Day}, "المشاركة في تبادلات، آخر 365 يومًا"},
		{"ar", criteria.Phrase{Counts: criteria.CountsExchanges, Role: criteria.AnyRole, Within: 3 * criteria.Day}, "المشاركة في تبادلات، آخر 3 أيام"},
		{"ar", criteria.Phrase{Counts: criteria.CountsExchanges, Role: criteria.AnyRole, Within: 2 * criteria.Year}, "المشاركة في تبادلات، آخر سنتين"},
		{"ar", criteria.Phrase{Counts: criteria.CountsExchanges, Role: criteria.AnyRole, Skills: []string{"a", "b"}}, "المشاركة في تبادلات، المهارتان a أو b"},
		{"zh", criteria.Phrase{Counts: criteria.CountsExchanges, Role: criteria.Teacher, Confirmed: true, Within: 7 * criteria.Day}, "您授课的交流，已确认，最近 7 天"},
		{"hi", criteria.Phrase{Counts: criteria.CountsHours, Role: criteria.Teacher, Within: criteria.Year}, "आदान-प्रदानों में पढ़ाने के घंटे, पिछले 365 दिन"},
	}
	for _, tt := range tests {
		site := templates.Site{L: i18n.Default().Locale(tt.lang)}
		w := requirementWords{site: site, h: site.HTML(), achievement: missing, names: map[string]string{}}
		got, lang := w.describe(criteria.RequirementResult{Phrase: tt.p})
		text := html.UnescapeString(tagRe.ReplaceAllString(string(got), ""))
		if regexp.MustCompile(`\d \pL`).MatchString(text) {
			t.Errorf("%s: describe(%+v) = %q, want a no-break space between the number and its unit", tt.lang, tt.p, text)
		}
		if text = strings.ReplaceAll(text, "\u00a0", " "); text != tt.want || lang != "" {
			t.Errorf("%s: describe(%+v) = %q, %q, want %q", tt.lang, tt.p, text, lang, tt.want)
		}
	}
}
