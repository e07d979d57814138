package server

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/accolade-badges/accolade"
)

// browser is a test client with a cookie jar of its own, sending requests
// as a browser on the site would (same-origin form posts).
type browser struct {
	t       *testing.T
	ts      *testServer
	cookies map[string]*http.Cookie
	header  http.Header // added to every request
}

func newBrowser(t *testing.T, ts *testServer) *browser {
	return &browser{t: t, ts: ts, cookies: map[string]*http.Cookie{}, header: http.Header{}}
}

func (b *browser) do(method, path string, form url.Values) *httptest.ResponseRecorder {
	b.t.Helper()
	var body *strings.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	} else {
		body = strings.NewReader("")
	}
	req := httptest.NewRequest(method, path, body)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "same-origin")
	}
	req.Header.Set("Accept", "text/html")
	return b.send(req)
}

// send sends req with b's headers and cookies, and keeps the cookies the
// answer sets or clears.
func (b *browser) send(req *http.Request) *httptest.ResponseRecorder {
	for k, v := range b.header {
		req.Header[k] = v
	}
	for _, c := range b.cookies {
		req.AddCookie(c)
	}
	rec := httptest.NewRecorder()
	b.ts.s.ServeHTTP(rec, req)
	for _, c := range rec.Result().Cookies() {
		if c.MaxAge < 0 {
			delete(b.cookies, c.Name)
		} else {
			b.cookies[c.Name] = c
		}
	}
	return rec
}

// clock is a settable time for the server under test.
type clock struct{ now time.Time }

func (c *clock) Now() time.Time { return c.now }

func newSignInServer(t *testing.T, base string) (*testServer, *clock) {
	ts := newTestServer(t, base)
	c := &clock{now: time.Date(2026, 3, 4, 10, 0, 0, 0, time.UTC)}
	ts.s.now = c.Now
	mustOK(t, putMember(ts, &accolade.Member{ID: "bob", Name: "Bob Mensah", Email: "bob@example.org"}))
	return ts, c
}

func putMember(ts *testServer, m *accolade.Member) error {
	if err := m.Validate(); err != nil {
		return err
	}
	_, err := ts.db.PutMember(m)
	return err
}

var tokenRe = regexp.MustCompile(`/signin/([A-Za-z0-9_-]{43})$`)

// mailedLinks returns the sign-in links in the outbox for member, in order.
func mailedLinks(t *testing.T, ts *testServer, member string) []string {
	t.Helper()
	due, err := ts.db.DueNotices(time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC), 1000)
	mustOK(t, err)
	var links []string
	for _, n := range due {
		if n.Kind == accolade.NoticeSignIn && n.Member == member {
			if !tokenRe.MatchString(n.Link) {
				t.Fatalf("sign-in link %q: not base/signin/<43 base64url characters>", n.Link)
			}
			links = append(links, n.Link)
		}
	}
	return links
}

func linkPath(t *testing.T, link string) string {
	u, err := url.Parse(link)
	mustOK(t, err)
	return u.Path
}

// signIn signs b in as the member with email, through the mailed link.
func (b *browser) signIn(email, member string) {
	b.t.Helper()
	link := b.requestLink(email, member)
	rec := b.do("POST", linkPath(b.t, link), url.Values{})
	if rec.Code != http.StatusSeeOther {
		b.t.Fatalf("POST sign-in link: %d\n%s", rec.Code, rec.Body)
	}
}

// requestLink asks for a sign-in link and returns the one mailed.
func (b *browser) requestLink(email, member string) string {
	b.t.Helper()
	before := mailedLinks(b.t, b.ts, member)
	if rec := b.do("POST", "/signin", url.Values{"email": {email}}); rec.Code != http.StatusOK {
		b.t.Fatalf("POST /signin: %d\n%s", rec.Code, rec.Body)
	}
	var fresh []string
	for _, l := range mailedLinks(b.t, b.ts, member) {
		if !slices.Contains(before, l) {
			fresh = append(fresh, l)
		}
	}
	if len(fresh) != 1 {
		b.t.Fatalf("new sign-in links for %s: %d, want 1", member, len(fresh))
	}
	return fresh[0]
}

func TestSignInSameAnswerForUnknownAddress(t *testing.T) {
	ts, _ := newSignInServer(t, "https://badges.example.org")
	known := newBrowser(t, ts).do("POST", "/signin", url.Values{"email": {"bob@example.org"}})
	unknown := newBrowser(t, ts).do("POST", "/signin", url.Values{"email": {"nobody@example.org"}})
	if known.Code != http.StatusOK || unknown.Code != http.StatusOK {
		t.Fatalf("status known %d, unknown %d; want 200 both", known.Code, unknown.Code)
	}
	norm := func(s, email string) string { return strings.ReplaceAll(s, email, "ADDRESS") }
	if norm(known.Body.String(), "bob@example.org") != norm(unknown.Body.String(), "nobody@example.org") {
		t.Errorf("the answer differs for a known and an unknown address")
	}
	if got := len(mailedLinks(t, ts, "bob")); got != 1 {
		t.Errorf("links mailed to bob: %d, want 1", got)
	}
	due, err := ts.db.DueNotices(time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC), 100)
	mustOK(t, err)
	signIns := 0
	for _, n := range due {
		if n.Kind == accolade.NoticeSignIn {
			signIns++
		}
	}
	if signIns != 1 {
		t.Errorf("outbox holds %d sign-in notices, want 1: nothing for the unknown address", signIns)
	}
}

func TestSignInLink(t *testing.T) {
	ts, clk := newSignInServer(t, "https://badges.example.org")
	b := newBrowser(t, ts)
	b.do("POST", "/signin", url.Values{"email": {"  Bob@Example.org "}, "next": {"/account/progress"}})
	links := mailedLinks(t, ts, "bob")
	if len(links) != 1 || !strings.HasPrefix(links[0], "https://badges.example.org/signin/") {
		t.Fatalf("links = %q", links)
	}
	path := linkPath(t, links[0])

	// Following the link (as a mail scanner does) signs nobody in.
	for range 2 {
		rec := b.do("GET", path, nil)
		if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "Bob Mensah") || !strings.Contains(rec.Body.String(), `method="post"`) {
			t.Fatalf("GET link: %d, want a page naming Bob with a sign-in button\n%s", rec.Code, rec.Body)
		}
	}
	if len(b.cookies) != 0 {
		t.Fatalf("GET of the link set cookies %v", b.cookies)
	}

	rec := b.do("POST", path, url.Values{})
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "https://badges.example.org/account/progress" {
		t.Fatalf("POST link: %d to %q, want 303 to the next page", rec.Code, rec.Header().Get("Location"))
	}
	c := b.cookies["__Host-accolade"]
	if c == nil || !c.HttpOnly || !c.Secure || c.SameSite != http.SameSiteLaxMode || c.Path != "/" {
		t.Fatalf("session cookie = %+v, want __Host-accolade, HttpOnly, Secure, SameSite=Lax, Path=/", c)
	}
	if rec := b.do("GET", "/account/settings", nil); rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "bob@example.org") {
		t.Fatalf("settings when signed in: %d", rec.Code)
	}

	// Reuse: the link works once, in this browser or any other.
	other := newBrowser(t, ts)
	if rec := other.do("POST", path, url.Values{}); rec.Code != http.StatusGone || !strings.Contains(rec.Body.String(), "already used") {
		t.Errorf("second use: %d, want 410 saying it was used\n%s", rec.Code, rec.Body)
	}
	if len(other.cookies) != 0 {
		t.Errorf("a used link set cookies %v", other.cookies)
	}

	// Expiry: a new link, used 16 minutes later.
	second := b.requestLink("bob@example.org", "bob")
	clk.now = clk.now.Add(16 * time.Minute)
	late := newBrowser(t, ts)
	if rec := late.do("POST", linkPath(t, second), url.Values{}); rec.Code != http.StatusGone || !strings.Contains(rec.Body.String(), "expired") {
		t.Errorf("link after 16 minutes: %d, want 410 saying it expired", rec.Code)
	}
	if rec := late.do("GET", "/account/settings", nil); rec.Code != http.StatusSeeOther {
		t.Errorf("settings after an expired link: %d, want 303 to sign in", rec.Code)
	}
}

// TestSignInLinkIsForItsMember: a link signs in the member it was mailed
// to, never another, and a made-up link signs in nobody.
func TestSignInLinkIsForItsMember(t *testing.T) {
	ts, _ := newSignInServer(t, "http://127.0.0.1:8080")
	ana := newBrowser(t, ts)
	ana.signIn("ana@example.org", "ana")
	bobLink := ana.requestLink("bob@example.org", "bob")
	// Ana, signed in, uses Bob's link: the browser is then Bob's, and Ana's session ends.
	anaCookie := *ana.cookies["accolade_session"]
	ana.do("POST", linkPath(t, bobLink), url.Values{})
	if rec := ana.do("GET", "/account/settings", nil); !strings.Contains(rec.Body.String(), "bob@example.org") || strings.Contains(rec.Body.String(), "ana@example.org") {
		t.Errorf("after Bob's link the settings page is not Bob's")
	}
	stale := newBrowser(t, ts)
	stale.cookies["accolade_session"] = &anaCookie
	if rec := stale.do("GET", "/account/settings", nil); rec.Code != http.StatusSeeOther {
		t.Errorf("Ana's replaced session still works: %d", rec.Code)
	}
	made := "/signin/" + strings.Repeat("A", 43)
	if rec := newBrowser(t, ts).do("POST", made, url.Values{}); rec.Code != http.StatusGone {
		t.Errorf("made-up link: %d, want 410", rec.Code)
	}
	if c := ana.cookies["accolade_session"]; c == nil || c.Secure {
		t.Errorf("cookie on an http site = %+v, want accolade_session without Secure", c)
	}
}

func TestCrossSiteRequestsRefused(t *testing.T) {
	ts, _ := newSignInServer(t, "https://badges.example.org")
	b := newBrowser(t, ts)
	b.signIn("bob@example.org", "bob")
	evil := newBrowser(t, ts)
	evil.cookies = b.cookies // the victim's browser, on a page of another site
	evil.header.Set("Sec-Fetch-Site", "cross-site")
	evil.header.Set("Origin", "https://evil.example")
	rec := evil.do("POST", "/account/settings", url.Values{"lang": {"ar"}, "mail": {""}})
	if rec.Code != http.StatusForbidden {
		t.Fatalf("cross-site POST /account/settings: %d, want 403", rec.Code)
	}
	m, err := ts.db.Member("bob")
	mustOK(t, err)
	if m.Lang != "" || m.NoMail {
		t.Errorf("a refused cross-site post changed the member: %+v", m)
	}
	// Without Sec-Fetch-Site, an Origin of another site is refused too.
	evil.header.Del("Sec-Fetch-Site")
	req := httptest.NewRequest("POST", "/signout", nil)
	req.Header.Set("Origin", "https://evil.example")
	for _, c := range b.cookies {
		req.AddCookie(c)
	}
	w := httptest.NewRecorder()
	ts.s.ServeHTTP(w, req)
	if w.Code != http.StatusForbidden {
		t.Errorf("POST /signout with a foreign Origin: %d, want 403", w.Code)
	}
	if rec := b.do("GET", "/account/settings", nil); rec.Code != http.StatusOK {
		t.Errorf("the session ended after a refused cross-site sign-out: %d", rec.Code)
	}
	// The public verification API takes posts from other sites.
	req = httptest.NewRequest("POST", "/api/v1/verify", strings.NewReader("not a credential"))
	req.Header.Set("Content-Type", "text/plain")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	w = httptest.NewRecorder()
	ts.s.ServeHTTP(w, req)
	if w.Code == http.StatusForbidden {
		t.Errorf("cross-site POST /api/v1/verify refused")
	}
}

func TestSignOut(t *testing.T) {
	ts, clk := newSignInServer(t, "https://badges.example.org")
	ts.s.signInAddressLimit = newClientLimiter(100, 100) // this test signs in often
	phone, laptop := newBrowser(t, ts), newBrowser(t, ts)
	phone.signIn("bob@example.org", "bob")
	laptop.signIn("bob@example.org", "bob")
	old := *phone.cookies["__Host-accolade"]
	if rec := phone.do("POST", "/signout", url.Values{}); rec.Code != http.StatusSeeOther {
		t.Fatalf("sign out: %d", rec.Code)
	}
	replay := newBrowser(t, ts)
	replay.cookies["__Host-accolade"] = &old
	if rec := replay.do("GET", "/account/settings", nil); rec.Code != http.StatusSeeOther {
		t.Errorf("the cookie of a signed-out session still works: %d", rec.Code)
	}
	if rec := laptop.do("GET", "/account/settings", nil); rec.Code != http.StatusOK {
		t.Fatalf("the other session ended too: %d", rec.Code)
	}
	clk.now = clk.now.Add(accolade.SignInWindow) // the store sends bob so many links per window
	phone.signIn("bob@example.org", "bob")
	if rec := laptop.do("POST", "/account/signout-everywhere", url.Values{}); rec.Code != http.StatusSeeOther {
		t.Fatalf("sign out everywhere: %d", rec.Code)
	}
	if rec := phone.do("GET", "/account/settings", nil); rec.Code != http.StatusSeeOther {
		t.Errorf("phone still signed in after signing out everywhere: %d", rec.Code)
	}

	// Idle expiry: a week without a visit.
	phone.signIn("bob@example.org", "bob")
	clk.now = clk.now.Add(6 * 24 * time.Hour)
	if rec := phone.do("GET", "/account/settings", nil); rec.Code != http.StatusOK {
		t.Fatalf("after 6 idle days: %d, want still signed in", rec.Code)
	}
	clk.now = clk.now.Add(7*24*time.Hour + time.Minute)
	rec := phone.do("GET", "/account/settings", nil)
	if rec.Code != http.StatusSeeOther || !strings.HasPrefix(rec.Header().Get("Location"), "https://badges.example.org/signin?next=") {
		t.Errorf("after 7 idle days: %d to %q, want 303 to sign in", rec.Code, rec.Header().Get("Location"))
	}
	// Absolute expiry: 30 days, however often the member comes back.
	phone.signIn("bob@example.org", "bob")
	for range 6 {
		clk.now = clk.now.Add(5 * 24 * time.Hour)
		phone.do("GET", "/account/settings", nil)
	}
	if rec := phone.do("GET", "/account/settings", nil); rec.Code != http.StatusSeeOther {
		t.Errorf("30 days after signing in: %d, want signed out", rec.Code)
	}
	if rec := phone.do("POST", "/account/settings", url.Values{"lang": {"fr"}}); rec.Code != http.StatusUnauthorized {
		t.Errorf("POST without a session: %d, want 401", rec.Code)
	}
}

func TestSignInLimits(t *testing.T) {
	ts, _ := newSignInServer(t, "https://badges.example.org")
	b := newBrowser(t, ts)
	var pages []string
	for i := range 5 {
		rec := b.do("POST", "/signin", url.Values{"email": {"bob@example.org"}})
		if rec.Code != http.StatusOK {
			t.Fatalf("request %d: %d", i+1, rec.Code)
		}
		pages = append(pages, rec.Body.String())
	}
	if got := len(mailedLinks(t, ts, "bob")); got != 3 {
		t.Errorf("links mailed after 5 requests: %d, want 3 (per address limit)", got)
	}
	if pages[4] != pages[0] {
		t.Errorf("the answer over the address limit differs from the first")
	}
	var last int
	for range 10 {
		last = b.do("POST", "/signin", url.Values{"email": {"x@example.org"}}).Code
	}
	if last != http.StatusTooManyRequests {
		t.Errorf("after 15 requests from one client: %d, want 429", last)
	}
}

func TestSignInForm(t *testing.T) {
	ts, _ := newSignInServer(t, "https://badges.example.org")
	b := newBrowser(t, ts)
	rec := b.do("POST", "/signin", url.Values{"email": {"bob at example"}})
	if rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), "not an email address") ||
		!strings.Contains(rec.Body.String(), `value="bob at example"`) || !strings.Contains(rec.Body.String(), `aria-invalid="true"`) {
		t.Errorf("malformed address: %d, want 400 naming the problem with the input kept\n%s", rec.Code, rec.Body)
	}
	b.header.Set("Accept-Language", "ar")
	rec = b.do("GET", "/signin?next=//evil.example/x", nil)
	if !strings.Contains(rec.Body.String(), `dir="rtl"`) || !strings.Contains(rec.Body.String(), "تسجيل الدخول") ||
		!strings.Contains(rec.Body.String(), `name="next" value="/account"`) {
		t.Errorf("Arabic sign-in page: want dir=rtl, Arabic text, and an off-site next replaced by /account")
	}
}

func TestSettings(t *testing.T) {
	ts, _ := newSignInServer(t, "https://badges.example.org")
	b := newBrowser(t, ts)
	b.signIn("bob@example.org", "bob")
	rec := b.do("POST", "/account/settings", url.Values{"lang": {"ar"}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("save settings: %d\n%s", rec.Code, rec.Body)
	}
	m, err := ts.db.Member("bob")
	mustOK(t, err)
	if m.Lang != "ar" || !m.NoMail {
		t.Errorf("member after saving = lang %q, noMail %v; want ar, true", m.Lang, m.NoMail)
	}
	page := b.do("GET", "/account/settings?saved=1", nil).Body.String()
	if !strings.Contains(page, `<html lang="ar" dir="rtl">`) || !strings.Contains(page, "تم حفظ إعداداتك") {
		t.Errorf("settings page after choosing Arabic is not in Arabic")
	}
	if rec := b.do("POST", "/account/settings", url.Values{"lang": {"xx"}, "mail": {"on"}}); rec.Code != http.StatusBadRequest {
		t.Errorf("unknown language: %d, want 400", rec.Code)
	}
	// Both are in the audit log, as the member's, without what they sent.
	log, err := ts.db.AuditLog(accolade.AuditFilter{})
	mustOK(t, err)
	var outcomes []int
	for _, e := range log {
		if e.Actor == "member:bob" && e.Action == "POST /account/settings" {
			outcomes = append(outcomes, e.Outcome)
		}
		if strings.Contains(e.Target+e.Refusal, "xx") {
			t.Errorf("the audit entry holds what the member sent: %+v", e)
		}
	}
	if !slices.Equal(outcomes, []int{http.StatusSeeOther, http.StatusBadRequest}) {
		t.Errorf("audited settings changes: outcomes %v, want [303 400]", outcomes)
	}
	if m2, _ := ts.db.Member("bob"); m2.Lang != "ar" || !m2.NoMail {
		t.Errorf("a refused change changed the member: %+v", m2)
	}
	// A coordinator replacing the member keeps the member's own mail choice.
	mustOK(t, putMember(ts, &accolade.Member{ID: "bob", Name: "Bob Mensah", Email: "bob@example.org", Lang: "fr"}))
	if m3, _ := ts.db.Member("bob"); !m3.NoMail {
		t.Errorf("replacing the member reset NoMail")
	}
}

func TestCoordinators(t *testing.T) {
	ts, _ := newSignInServer(t, "https://badges.example.org")
	body := `{"name": "Riverside Skill Exchange", "coordinators": ["bob", "nobody"]}`
	rec := ts.serve(t, "PUT", "/api/v1/issuers/default", "application/json", testToken, body)
	p := wantProblem(t, "unknown coordinator", rec, http.StatusBadRequest)
	if !strings.Contains(p.Detail, `coordinators[1]: "nobody" is not a member`) {
		t.Errorf("detail = %q", p.Detail)
	}
	if iss, _ := ts.db.Issuer("default"); len(iss.Coordinators) != 0 {
		t.Errorf("a refused update set coordinators %q", iss.Coordinators)
	}
	rec = ts.serve(t, "PUT", "/api/v1/issuers/default", "application/json", testToken, `{"name": "Riverside Skill Exchange", "coordinators": ["bob"]}`)
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "\"coordinators\": [\n    \"bob\"\n  ]") {
		t.Fatalf("PUT issuer: %d %s", rec.Code, rec.Body)
	}
	b := newBrowser(t, ts)
	b.signIn("bob@example.org", "bob")
	if page := b.do("GET", "/account/settings", nil).Body.String(); !strings.Contains(page, "You coordinate these communities") {
		t.Errorf("settings page of a coordinator does not say so")
	}
}

// TestSignInAdoptsLanguage: the language chosen before signing in becomes
// the member's (and their mail's) when theirs is one the site does not
// speak; a language the site speaks stays theirs.
func TestSignInAdoptsLanguage(t *testing.T) {
	ts, _ := newSignInServer(t, "https://badges.example.org")
	mustOK(t, putMember(ts, &accolade.Member{ID: "olga", Name: "Ольга", Email: "olga@example.org", Lang: "ru"}))
	mustOK(t, putMember(ts, &accolade.Member{ID: "lea", Name: "Léa", Email: "lea@example.org", Lang: "fr-CA"}))
	for _, tc := range []struct{ id, want string }{{"olga", "ar"}, {"lea", "fr-CA"}} {
		b := newBrowser(t, ts)
		b.do("POST", "/language", url.Values{"lang": {"ar"}, "back": {"/signin"}})
		b.signIn(tc.id+"@example.org", tc.id)
		if m, _ := ts.db.Member(tc.id); m.Lang != tc.want {
			t.Errorf("%s's language after signing in with Arabic chosen = %q, want %q", tc.id, m.Lang, tc.want)
		}
	}
}
