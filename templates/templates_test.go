package templates_test

import (
	"bytes"
	"errors"
	"io/fs"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/accolade-badges/accolade/i18n"
	"github.com/accolade-badges/accolade/templates"
)

func mustNew(tb testing.TB) *templates.Renderer {
	tb.Helper()
	r, err := templates.New()
	if err != nil {
		tb.Fatalf("New() error = %v", err)
	}
	return r
}

// page is one page render, named for test output.
type page struct {
	name   string
	render func(r *templates.Renderer, b *bytes.Buffer) error
}

// allPages renders each page with its sample data, changed by edit.
func allPages(edit func(s *templates.Site)) []page {
	c, i, a, v, h, e := sampleCredential(), sampleIssuer(), sampleAchievement(), sampleVerify(), sampleHome(), sampleError()
	for _, s := range []*templates.Site{&c.Site, &i.Site, &a.Site, &v.Site, &h.Site, &e.Site} {
		edit(s)
	}
	e.Title = e.Site.T("public.error.notFound") // the server's title, in the page's language
	empty := templates.VerifyPage{Site: v.Site}
	return []page{
		{"credential", func(r *templates.Renderer, b *bytes.Buffer) error { return r.Credential(b, c) }},
		{"issuer", func(r *templates.Renderer, b *bytes.Buffer) error { return r.Issuer(b, i) }},
		{"achievement", func(r *templates.Renderer, b *bytes.Buffer) error { return r.Achievement(b, a) }},
		{"verify-result", func(r *templates.Renderer, b *bytes.Buffer) error { return r.Verify(b, v) }},
		{"verify-empty", func(r *templates.Renderer, b *bytes.Buffer) error { return r.Verify(b, empty) }},
		{"home", func(r *templates.Renderer, b *bytes.Buffer) error { return r.Home(b, h) }},
		{"error", func(r *templates.Renderer, b *bytes.Buffer) error { return r.Error(b, e) }},
	}
}

func render(t *testing.T, r *templates.Renderer, p page) string {
	t.Helper()
	var b bytes.Buffer
	if err := p.render(r, &b); err != nil {
		t.Fatalf("rendering %s page: %v", p.name, err)
	}
	return b.String()
}

func TestPagesRender(t *testing.T) {
	r := mustNew(t)
	for _, p := range allPages(func(*templates.Site) {}) {
		t.Run(p.name, func(t *testing.T) {
			out := render(t, r, p)
			for _, want := range []string{
				"<!DOCTYPE html>", `<html lang="en" dir="ltr">`, `<meta charset="utf-8">`,
				`<meta name="viewport"`, `<main id="main"`, "<h1",
				`href="https://badges.example.org/static/style.css?v=`,
				`href="https://badges.example.org/verify"`,
				`href="https://badges.example.org/.well-known/jwks.json"`,
				"· Riverside Time Bank</title>",
			} {
				if !strings.Contains(out, want) {
					t.Errorf("%s page does not contain %q", p.name, want)
				}
			}
			if n := strings.Count(out, "<h1"); n != 1 {
				t.Errorf("%s page has %d h1 elements, want 1", p.name, n)
			}
		})
	}
}

func TestLangAttribute(t *testing.T) {
	r := mustNew(t)
	for _, tc := range []struct{ prefs, want string }{
		{"", `lang="en" dir="ltr"`},
		{"ar", `lang="ar" dir="rtl"`},
		{"fr-CA", `lang="fr" dir="ltr"`},
		{"zh-Hant-TW", `lang="zh" dir="ltr"`},
		{`en"><script>alert(1)</script>`, `lang="en" dir="ltr"`},
	} {
		loc := i18n.Default().Match(tc.prefs)
		for _, p := range allPages(func(s *templates.Site) { s.L = loc }) {
			out := render(t, r, p)
			if want := `<html ` + tc.want + `>`; !strings.Contains(out, want) {
				t.Errorf("%s page for %q: no %s", p.name, tc.prefs, want)
			}
		}
	}
}

// TestNamesInAnyScript checks that names render as they are, and inside an
// element with dir="auto" so that right-to-left names display correctly.
func TestNamesInAnyScript(t *testing.T) {
	r := mustNew(t)
	for _, name := range []string{arabic, devanagari, chinese, cyrillic} {
		c := sampleCredential()
		c.RecipientName, c.IssuerName, c.AchievementName = name, name, name
		i := sampleIssuer()
		i.Name = name
		a := sampleAchievement()
		a.Name = name
		v := sampleVerify()
		v.Result.Details.RecipientName = name
		h := sampleHome()
		h.RecentCredentials[0].RecipientName = name
		h.Site.Name = name
		pages := []page{
			{"credential", func(r *templates.Renderer, b *bytes.Buffer) error { return r.Credential(b, c) }},
			{"issuer", func(r *templates.Renderer, b *bytes.Buffer) error { return r.Issuer(b, i) }},
			{"achievement", func(r *templates.Renderer, b *bytes.Buffer) error { return r.Achievement(b, a) }},
			{"verify", func(r *templates.Renderer, b *bytes.Buffer) error { return r.Verify(b, v) }},
			{"home", func(r *templates.Renderer, b *bytes.Buffer) error { return r.Home(b, h) }},
		}
		isolated := regexp.MustCompile(`dir="auto"[^>]*>` + regexp.QuoteMeta(name) + `<`)
		for _, p := range pages {
			out := render(t, r, p)
			if !isolated.MatchString(out) {
				t.Errorf("%s page: name %q is not in an element with dir=\"auto\"", p.name, name)
			}
		}
		// In the plain-text title, the name is wrapped in Unicode isolates.
		out := render(t, r, pages[0])
		if want := "<title>\u2068" + name + "\u2069 — \u2068" + name + "\u2069 · "; !strings.Contains(out, want) {
			t.Errorf("credential page title for %q: want %q in\n%s", name, want, out[:strings.Index(out, "</title>")])
		}
	}
}

func TestEscapesMarkup(t *testing.T) {
	r := mustNew(t)
	c := sampleCredential()
	c.RecipientName, c.AchievementName, c.IssuerName = malicious, malicious, malicious
	c.AchievementDescription, c.CriteriaNarrative = malicious, malicious
	c.Evidence = []templates.Evidence{{Narrative: malicious}}
	i := sampleIssuer()
	i.Name, i.Description, i.Keys[0].ID = malicious, malicious, malicious
	h := sampleHome()
	h.Site.Name, h.RecentCredentials[0].RecipientName = malicious, malicious
	v := sampleVerify()
	v.Input = "</textarea>" + malicious
	v.URL = `"><script>alert(1)</script>`
	v.Error = malicious
	v.Result.Details.RecipientName, v.Result.Summary, v.Result.Checks[0].Message = malicious, malicious, malicious
	v.Result.Recipient.Input = malicious
	e := templates.ErrorPage{Title: malicious, Message: malicious}
	for _, p := range []page{
		{"credential", func(r *templates.Renderer, b *bytes.Buffer) error { return r.Credential(b, c) }},
		{"issuer", func(r *templates.Renderer, b *bytes.Buffer) error { return r.Issuer(b, i) }},
		{"home", func(r *templates.Renderer, b *bytes.Buffer) error { return r.Home(b, h) }},
		{"verify", func(r *templates.Renderer, b *bytes.Buffer) error { return r.Verify(b, v) }},
		{"error", func(r *templates.Renderer, b *bytes.Buffer) error { return r.Error(b, e) }},
	} {
		out := render(t, r, p)
		if strings.Contains(out, "<script>alert") || strings.Contains(out, "</textarea><") {
			t.Errorf("%s page: markup from data is not escaped:\n%s", p.name, out)
		}
		if !strings.Contains(out, "&lt;script&gt;alert(1)&lt;/script&gt;") {
			t.Errorf("%s page: escaped name not found", p.name)
		}
	}
}

func TestUnsafeURLsAreNotLinks(t *testing.T) {
	r := mustNew(t)
	c := sampleCredential()
	c.IssuerURL = "javascript:alert(1)"
	c.Links.JSON = "javascript:alert(2)"
	c.Evidence = []templates.Evidence{{Narrative: "x", URL: "javascript:alert(3)"}}
	out := render(t, r, page{"credential", func(r *templates.Renderer, b *bytes.Buffer) error { return r.Credential(b, c) }})
	if strings.Contains(out, `href="javascript:`) {
		t.Errorf("credential page links a javascript: URL:\n%s", out)
	}
}

func TestHiddenWhenEmpty(t *testing.T) {
	r := mustNew(t)
	full := render(t, r, allPages(func(*templates.Site) {})[0])
	c := sampleCredential()
	c.Links = templates.CredentialLinks{JWT: "/credentials/c-42.jwt"}
	c.LinkedInURL, c.VerifyURL, c.ImageURL, c.IssuerLogoURL, c.Evidence = "", "", "", "", nil
	out := render(t, r, page{"credential", func(r *templates.Renderer, b *bytes.Buffer) error { return r.Credential(b, c) }})
	for _, s := range []string{
		"Add to LinkedIn profile", "Verify this credential", "PDF certificate", "(PNG)", "(SVG)",
		"Credential (JSON)", `<img`, "Evidence", "application/vc+ld+json", "og:image",
	} {
		if !strings.Contains(full, s) {
			t.Errorf("full credential page does not contain %q", s)
		}
		if strings.Contains(out, s) {
			t.Errorf("credential page without it contains %q", s)
		}
	}
	if !strings.Contains(out, `<a href="/credentials/c-42.jwt" download>Credential (JWT)</a>`) {
		t.Errorf("credential page lacks the JWT link")
	}
	c.Links = templates.CredentialLinks{}
	out = render(t, r, page{"credential", func(r *templates.Renderer, b *bytes.Buffer) error { return r.Credential(b, c) }})
	if strings.Contains(out, "Download") {
		t.Errorf("credential page with no links has a Download section")
	}
}

func TestCredentialStatus(t *testing.T) {
	r := mustNew(t)
	for _, tc := range []struct{ status, label, text string }{
		{templates.StatusActive, "Valid", "has not been revoked"},
		{templates.StatusRevoked, "Revoked", "has revoked this credential"},
		{templates.StatusSuspended, "Suspended", "has suspended"},
		{templates.StatusExpired, "Expired", `expired on <time datetime="2028-03-04T10:30:00Z">4 March 2028</time>`},
		{"", "Status unknown", "has not said"},
		{"bogus", "Status unknown", "has not said"},
	} {
		c := sampleCredential()
		c.Status = tc.status
		out := render(t, r, page{"credential", func(r *templates.Renderer, b *bytes.Buffer) error { return r.Credential(b, c) }})
		for _, want := range []string{`<strong class="status-label">` + tc.label + "</strong>", tc.text} {
			if !strings.Contains(out, want) {
				t.Errorf("Credential(Status %q) does not contain %q", tc.status, want)
			}
		}
		if strings.Contains(out, "Reason:") {
			t.Errorf("Credential(Status %q) shows a reason; reasons are private", tc.status)
		}
	}
	c := sampleCredential()
	c.Status, c.StatusChanged, c.IssuerName = templates.StatusRevoked, time.Date(2027, 3, 3, 14, 0, 0, 0, time.UTC), "Riverside"
	out := render(t, r, page{"credential", func(r *templates.Renderer, b *bytes.Buffer) error { return r.Credential(b, c) }})
	if want := `Revoked on <time datetime="2027-03-03T14:00:00Z">3 March 2027</time> by <span dir="auto">Riverside</span>.`; !strings.Contains(out, want) {
		t.Errorf("Credential(revoked on a date) does not contain %q", want)
	}
}

func TestCheckLabels(t *testing.T) {
	r := mustNew(t)
	v := sampleVerify()
	v.Result.Checks = append(v.Result.Checks, templates.Check{Check: "odd", Status: "bogus"})
	out := render(t, r, page{"verify", func(r *templates.Renderer, b *bytes.Buffer) error { return r.Verify(b, v) }})
	for _, want := range []string{
		`check-pass"`, "✓</span> Passed</span>",
		`check-fail"`, "✗</span> Failed</span>",
		`check-warn"`, "!</span> Warning</span>",
		`check-skip"`, "?</span> Not checked</span>",
		`check-unknown"`, "?</span> Unknown</span>",
		`<section class="verdict verdict-warn"`, `<span class="check-name">Signature</span>`, `<span class="check-name">schema</span>`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("Verify() does not contain %q", want)
		}
	}
}

func TestVerdictOutcomes(t *testing.T) {
	r := mustNew(t)
	for _, tc := range []struct{ outcome, class, headline string }{
		{templates.OutcomeValid, "pass", "Valid"},
		{templates.OutcomeExpired, "warn", "Expired"},
		{templates.OutcomeRevoked, "warn", "Revoked"},
		{templates.OutcomeSuspended, "warn", "Suspended"},
		{templates.OutcomeUnconfirmedIssuer, "warn", "Signed correctly, but by an issuer this service does not know"},
		{templates.OutcomeInvalid, "fail", "Not valid"},
		{templates.OutcomeUnverifiable, "skip", "Cannot check"},
		{templates.OutcomeUnreadable, "skip", "Not a credential we can read"},
		{"bogus", "skip", "Cannot check"},
	} {
		v := templates.VerifyPage{Site: site, Result: &templates.Verdict{Outcome: tc.outcome, Summary: "In words."}}
		out := render(t, r, page{"verify", func(r *templates.Renderer, b *bytes.Buffer) error { return r.Verify(b, v) }})
		for _, want := range []string{
			`<section class="verdict verdict-` + tc.class + `"`, `<span class="answer">` + tc.headline + "</span></h2>",
			"<title>" + tc.headline + " — Verify a credential", `<p class="verdict-summary" dir="auto">In words.</p>`,
		} {
			if !strings.Contains(out, want) {
				t.Errorf("Verify(outcome %q) does not contain %q", tc.outcome, want)
			}
		}
		if strings.Contains(out, "Awarded to") {
			t.Errorf("Verify(outcome %q, no details) shows claimed facts", tc.outcome)
		}
	}
}

// TestVerdictAnswer checks the heading of a verdict: the outcome with the
// facts a partner asks for, names isolated for their own direction.
func TestVerdictAnswer(t *testing.T) {
	r := mustNew(t)
	revokedAt := time.Date(2026, 5, 4, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name string
		edit func(v *templates.Verdict)
		want string
	}{
		{"valid", func(v *templates.Verdict) { v.Outcome = templates.OutcomeValid },
			`<span class="answer">Valid — issued by <bdi dir="auto">Riverside Time Bank</bdi> to <bdi dir="auto">` + devanagari + `</bdi> on <time`},
		{"revoked", func(v *templates.Verdict) { v.Since = revokedAt },
			`<span class="answer">Revoked on <time datetime="2026-05-04`},
		{"revoked, date unknown", func(v *templates.Verdict) {}, `<span class="answer">Revoked</span></h2>`},
		{"expired", func(v *templates.Verdict) { v.Outcome = templates.OutcomeExpired }, `<span class="answer">Expired on <time`},
		{"tampered", func(v *templates.Verdict) { v.Outcome, v.Details, v.Changed = templates.OutcomeInvalid, nil, true },
			`<span class="answer">Not valid — the content was changed after signing</span></h2>`},
	} {
		v := sampleVerify()
		tc.edit(v.Result)
		out := render(t, r, page{"verify", func(r *templates.Renderer, b *bytes.Buffer) error { return r.Verify(b, v) }})
		if !strings.Contains(out, tc.want) {
			t.Errorf("Verify(%s) does not contain %q", tc.name, tc.want)
		}
	}
}

// TestVerifyFormError checks that an error points to the field it is
// about.
func TestVerifyFormError(t *testing.T) {
	r := mustNew(t)
	v := templates.VerifyPage{Site: site, Error: "The file is too large.", ErrorField: "file", MaxUpload: "12 MiB"}
	out := render(t, r, page{"verify", func(r *templates.Renderer, b *bytes.Buffer) error { return r.Verify(b, v) }})
	for _, want := range []string{
		`id="verify-error"`, `aria-describedby="file-hint verify-error" aria-invalid="true"`, `aria-describedby="input-hint" spellcheck`, "Up to 12 MiB.",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("Verify(file error) does not contain %q", want)
		}
	}
	v.ErrorField = ""
	out = render(t, r, page{"verify", func(r *templates.Renderer, b *bytes.Buffer) error { return r.Verify(b, v) }})
	if strings.Count(out, " verify-error\"") != 3 || strings.Contains(out, "aria-invalid") {
		t.Errorf("Verify(form error) does not point all three fields, and only them, to the error")
	}
}

func TestVerdictDetailsAndRecipient(t *testing.T) {
	r := mustNew(t)
	v := sampleVerify()
	out := render(t, r, page{"verify", func(r *templates.Renderer, b *bytes.Buffer) error { return r.Verify(b, v) }})
	for _, want := range []string{
		"<dt>Awarded to</dt>", "<dt>Issued by</dt>", `<code class="id" dir="ltr">did:web:badges.example.org:issuers:default</code>`,
		"How it was earned", "Workshop &#39;Editing basics&#39;, 12 learners",
		`<label for="email">Enter the email address you were given</label>`, `type="hidden" name="url" value="https://badges.example.org/credentials/c-42"`,
		"The address matches the recipient of this credential.",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("Verify(details) does not contain %q", want)
		}
	}
	v.Result.Details.IssuerConfirmed = false
	v.Result.Recipient.Result = "differs"
	out = render(t, r, page{"verify", func(r *templates.Renderer, b *bytes.Buffer) error { return r.Verify(b, v) }})
	for _, want := range []string{"<dt>Says it is from</dt>", "The address does not match the recipient"} {
		if !strings.Contains(out, want) {
			t.Errorf("Verify(unconfirmed) does not contain %q", want)
		}
	}
}

func TestVerifyForm(t *testing.T) {
	r := mustNew(t)
	v := templates.VerifyPage{Site: site, URL: "https://other.example/badge.json", Input: "line 1\nline 2"}
	out := render(t, r, page{"verify", func(r *templates.Renderer, b *bytes.Buffer) error { return r.Verify(b, v) }})
	for _, want := range []string{
		`method="post" action="https://badges.example.org/verify" enctype="multipart/form-data"`,
		`<label for="input">`, `name="input"`, ">line 1\nline 2</textarea>",
		`<label for="file">`, `type="file" id="file" name="file" accept=".png,.svg,.pdf,.jpg,.jpeg,.json,.jwt,.txt,`,
		`<label for="url">`, `type="url" id="url" name="url" value="https://other.example/badge.json"`,
		`<button type="submit">Verify</button>`, `src="https://badges.example.org/static/verify.js?v=`,
		`<meta name="robots" content="noindex">`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("Verify() does not contain %q", want)
		}
	}
	if strings.Contains(out, `class="verdict`) {
		t.Errorf("Verify(no result) shows a verdict")
	}
}

func TestDates(t *testing.T) {
	r := mustNew(t)
	c := sampleCredential()
	c.ValidFrom = time.Date(2026, time.March, 5, 1, 0, 0, 0, time.FixedZone("NZDT", 13*3600))
	c.ValidUntil = time.Time{}
	out := render(t, r, page{"credential", func(r *templates.Renderer, b *bytes.Buffer) error { return r.Credential(b, c) }})
	for _, want := range []string{
		`<dt>Issued on</dt><dd><time datetime="2026-03-04T12:00:00Z">4 March 2026</time></dd>`,
		`<dt>Valid until</dt><dd>No expiry date</dd>`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("Credential() does not contain %q", want)
		}
	}
}

func TestBaseURL(t *testing.T) {
	r := mustNew(t)
	for _, tc := range []struct{ base, want string }{
		{"", `href="/verify"`},
		{"https://x.example/badges/", `href="https://x.example/badges/verify"`},
		{"https://x.example/badges", `href="https://x.example/badges/verify"`},
	} {
		for _, p := range allPages(func(s *templates.Site) { s.BaseURL = tc.base }) {
			if out := render(t, r, p); !strings.Contains(out, tc.want) {
				t.Errorf("%s page with BaseURL %q does not contain %s", p.name, tc.base, tc.want)
			}
		}
	}
	c := sampleCredential()
	c.Site.BaseURL = "https://x.example/badges/"
	out := render(t, r, page{"credential", func(r *templates.Renderer, b *bytes.Buffer) error { return r.Credential(b, c) }})
	if want := `<meta property="og:image" content="https://x.example/achievements/project-trainer.svg">`; !strings.Contains(out, want) {
		t.Errorf("Credential() does not contain %s", want)
	}
}

// TestNothingFromElsewhere checks that pages and assets load nothing from
// other hosts.
func TestNothingFromElsewhere(t *testing.T) {
	r := mustNew(t)
	loads := regexp.MustCompile(`<(?:script|img|link|iframe)\b[^>]*(?:src|href)="([^"]*)"`)
	for _, p := range allPages(func(s *templates.Site) { s.BaseURL = "" }) {
		for _, m := range loads.FindAllStringSubmatch(render(t, r, p), -1) {
			if !strings.HasPrefix(m[1], "/") || strings.HasPrefix(m[1], "//") {
				t.Errorf("%s page loads %q", p.name, m[1])
			}
		}
	}
	for _, name := range []string{"style.css", "verify.js", "share.js"} {
		b, err := fs.ReadFile(r.Static(), name)
		if err != nil {
			t.Fatalf("Static() %s: %v", name, err)
		}
		for _, bad := range []string{"@import", "url(", "http:", "https:", "fetch(", "XMLHttpRequest"} {
			if bytes.Contains(b, []byte(bad)) {
				t.Errorf("static %s contains %q", name, bad)
			}
		}
	}
}

func TestStaticVersionMatchesContent(t *testing.T) {
	r := mustNew(t)
	out := render(t, r, allPages(func(*templates.Site) {})[0])
	m := regexp.MustCompile(`/static/style\.css\?v=([0-9a-f]{10})"`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("credential page links no versioned style sheet")
	}
	r2 := mustNew(t)
	if out2 := render(t, r2, allPages(func(*templates.Site) {})[0]); out2 != out {
		t.Errorf("two renderers render the same page differently")
	}
}

type failingWriter struct{}

var errWrite = errors.New("connection closed")

func (failingWriter) Write([]byte) (int, error) { return 0, errWrite }

func TestWriteErrorIsReturned(t *testing.T) {
	r := mustNew(t)
	if err := r.Error(failingWriter{}, sampleError()); !errors.Is(err, errWrite) {
		t.Errorf("Error(failing writer) = %v, want %v", err, errWrite)
	}
}

func TestConcurrentRendering(t *testing.T) {
	r := mustNew(t)
	done := make(chan error)
	for range 8 {
		go func() {
			var b bytes.Buffer
			done <- r.Credential(&b, sampleCredential())
		}()
	}
	for range 8 {
		if err := <-done; err != nil {
			t.Errorf("Credential() error = %v", err)
		}
	}
}

func TestAchievementChangedNote(t *testing.T) {
	r := mustNew(t)
	c := sampleCredential()
	const note = "This achievement has changed since this credential was issued."
	out := render(t, r, page{"credential", func(r *templates.Renderer, b *bytes.Buffer) error { return r.Credential(b, c) }})
	if strings.Contains(out, note) {
		t.Errorf("unchanged achievement: page has the note %q", note)
	}
	c.AchievementChanged = true
	out = render(t, r, page{"credential", func(r *templates.Renderer, b *bytes.Buffer) error { return r.Credential(b, c) }})
	if want := note + ` <a href="` + c.AchievementURL + `">See the current version.</a>`; !strings.Contains(out, want) {
		t.Errorf("changed achievement: page lacks %q", want)
	}
}

// TestRecipientLang checks that a recipient's name carries the language of
// the name, so that a screen reader on an English page pronounces an Arabic
// name in Arabic; and no lang attribute when the language is unknown.
func TestRecipientLang(t *testing.T) {
	r := mustNew(t)
	for _, tc := range []struct{ lang, want string }{
		{"ar", `<strong dir="auto" lang="ar">` + arabic + `<`},
		{"", `<strong dir="auto">` + arabic + `<`},
		{`ar" onclick="x`, `<strong dir="auto" lang="en">` + arabic + `<`},
	} {
		c := sampleCredential()
		c.RecipientName, c.RecipientLang = arabic, tc.lang
		h := sampleHome()
		h.RecentCredentials[0].RecipientName, h.RecentCredentials[0].RecipientLang = arabic, tc.lang
		out := render(t, r, page{"credential", func(r *templates.Renderer, b *bytes.Buffer) error { return r.Credential(b, c) }})
		if !strings.Contains(out, tc.want) {
			t.Errorf("credential page with RecipientLang %q: no %s", tc.lang, tc.want)
		}
		out = render(t, r, page{"home", func(r *templates.Renderer, b *bytes.Buffer) error { return r.Home(b, h) }})
		if want := strings.Replace(tc.want, "<strong", "<span", 1); !strings.Contains(out, want) {
			t.Errorf("home page with RecipientLang %q: no %s", tc.lang, want)
		}
	}
}

// TestCredentialActions checks that downloads, LinkedIn and sharing are
// offered for a valid credential only, and "Verify" always.
func TestCredentialActions(t *testing.T) {
	r := mustNew(t)
	for _, tc := range []struct {
		status string
		offers bool
	}{
		{templates.StatusActive, true},
		{templates.StatusRevoked, false},
		{templates.StatusSuspended, false},
		{templates.StatusExpired, false},
	} {
		t.Run(tc.status, func(t *testing.T) {
			c := sampleCredential()
			c.Status, c.StatusChanged = tc.status, issuedAt.AddDate(0, 6, 0)
			out := render(t, r, page{"credential", func(r *templates.Renderer, b *bytes.Buffer) error { return r.Credential(b, c) }})
			if !strings.Contains(out, "Verify this credential") {
				t.Errorf("%s credential page has no Verify button", tc.status)
			}
			for _, s := range []string{"Add to LinkedIn profile", "Credential (JSON)", "PDF certificate", `id="credential-url"`, `id="li-name"`} {
				if got := strings.Contains(out, s); got != tc.offers {
					t.Errorf("%s credential page contains %q = %v, want %v", tc.status, s, got, tc.offers)
				}
			}
			if tc.status != templates.StatusActive && tc.status != templates.StatusExpired && !strings.Contains(out, "4 September 2026") {
				t.Errorf("%s credential page does not give the date of the change", tc.status)
			}
		})
	}
}

// TestSiteIdentity checks that the community's name and logo head every
// page, Accolade is named only as the software, and the JWKS link is in
// the footer, not the navigation.
func TestSiteIdentity(t *testing.T) {
	r := mustNew(t)
	for _, p := range allPages(func(s *templates.Site) { s.LogoURL = "/issuers/default/logo.png" }) {
		out := render(t, r, p)
		header := out[strings.Index(out, `<header`):strings.Index(out, `</header>`)]
		footer := out[strings.Index(out, `<footer`):]
		if !strings.Contains(header, `<img class="brand-logo" src="/issuers/default/logo.png"`) || !strings.Contains(header, "Riverside Time Bank") {
			t.Errorf("%s page header lacks the community's logo and name:\n%s", p.name, header)
		}
		if strings.Contains(header, "jwks") || !strings.Contains(footer, "jwks.json") || !strings.Contains(footer, `Powered by <a href="https://github.com/accolade-badges/accolade">Accolade</a>`) {
			t.Errorf("%s page: want JWKS and Powered by Accolade in the footer only", p.name)
		}
	}
	c := sampleCredential()
	out := render(t, r, page{"credential", func(r *templates.Renderer, b *bytes.Buffer) error { return r.Credential(b, c) }})
	for _, want := range []string{
		`<meta property="og:url" content="https://badges.example.org/credentials/c-42">`,
		`<meta name="twitter:card" content="summary_large_image">`,
		`<svg class="qr" viewBox="0 0 4 4"`,
		`<input id="li-expires" type="text" readonly value="March 2028"`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("credential page lacks %s", want)
		}
	}
}
