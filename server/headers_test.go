package server

import (
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
)

// TestSecurityHeaders: every kind of answer — pages, errors, the API,
// images, static files — carries the security headers, and the policy
// allows no inline script.
func TestSecurityHeaders(t *testing.T) {
	ts := newTestServer(t, "https://badges.example.org")
	for _, path := range []string{"/", "/verify", "/credentials/" + ts.rec.ID, "/credentials/" + ts.rec.ID + ".png",
		"/issuers/default", "/achievements/circle-host", "/signin", "/no-such-page", "/static/site.js", "/api/v1/members"} {
		rec := ts.serve(t, "GET", path, "", "", "")
		h := rec.Header()
		for k, want := range map[string]string{"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer", "X-Frame-Options": "DENY"} {
			if got := h.Get(k); got != want {
				t.Errorf("%s (%d): %s = %q, want %q", path, rec.Code, k, got, want)
			}
		}
		csp := h.Get("Content-Security-Policy")
		for _, want := range []string{"frame-ancestors 'none'", "default-src"} {
			if !strings.Contains(csp, want) {
				t.Errorf("%s: CSP %q lacks %s", path, csp, want)
			}
		}
		if strings.Contains(csp, "unsafe-inline") && strings.Contains(csp, "script-src 'self' 'unsafe-inline'") || strings.Contains(csp, "unsafe-eval") {
			t.Errorf("%s: CSP %q allows inline or eval'd script", path, csp)
		}
		if rec.Code == http.StatusOK && strings.HasPrefix(h.Get("Content-Type"), "text/html") && strings.Contains(rec.Body.String(), "<script>") {
			t.Errorf("%s: an inline <script> the policy would block", path)
		}
	}
}

// TestPageLimit: past a client's limit of public requests the answer is
// 429 with Retry-After (a page for a browser); other clients and the
// admin API are not held back.
func TestPageLimit(t *testing.T) {
	ts := newTestServer(t, "https://badges.example.org")
	ts.s.pageLimit = newClientLimiter(1, 3)
	for i := range 3 {
		if rec := ts.serve(t, "GET", "/credentials/"+ts.rec.ID+".json", "", "", ""); rec.Code != http.StatusOK {
			t.Fatalf("request %d = %d", i+1, rec.Code)
		}
	}
	rec := ts.serve(t, "GET", "/credentials/"+ts.rec.ID+".json", "", "", "")
	if rec.Code != http.StatusTooManyRequests || rec.Header().Get("Retry-After") == "" {
		t.Errorf("past the limit = %d (Retry-After %q), want 429 with Retry-After", rec.Code, rec.Header().Get("Retry-After"))
	}
	if rec := ts.serve(t, "GET", "/api/v1/members", "", testToken, ""); rec.Code != http.StatusOK {
		t.Errorf("the admin API past the page limit = %d", rec.Code)
	}
	req := httptest.NewRequest("GET", "/credentials/"+ts.rec.ID+".json", nil)
	req.RemoteAddr = "198.51.100.7:4242"
	other := httptest.NewRecorder()
	ts.s.ServeHTTP(other, req)
	if other.Code != http.StatusOK {
		t.Errorf("another client = %d", other.Code)
	}
}

// TestRequestBodyCap: a body over the server-wide cap is not read past
// it, whatever the route, and changes nothing: a console upload, a
// member page's form and an admin import each refuse it.
func TestRequestBodyCap(t *testing.T) {
	ts, bob := newConsoleServer(t)
	huge := strings.Repeat("a", maxRequestBody+1)
	before, err := ts.db.Dump("audit", "sessions", "sessions_by_member")
	mustOK(t, err)
	if rec := bob.upload("/console/default/import", map[string]string{"kind": "members"}, "file", "members.csv", "id,name,email\n"+huge); rec.Code < 400 {
		t.Errorf("a console upload over the cap = %d, want a refusal", rec.Code)
	}
	if rec := ts.serve(t, "POST", "/api/v1/import/members", "text/csv", testToken, "id,name,email\n"+huge); rec.Code != http.StatusRequestEntityTooLarge {
		t.Errorf("an import over the cap = %d, want 413", rec.Code)
	}
	// A route with no limit of its own (a form the console parses as
	// multipart): the server reads no more than the cap of a 30 MiB body.
	body := &countingReader{r: io.MultiReader(strings.NewReader("--x\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\n"),
		io.LimitReader(endlessA{}, 30<<20))}
	req := httptest.NewRequest("POST", "/console/default/settings", body)
	req.Header.Set("Content-Type", "multipart/form-data; boundary=x")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	bob.send(req)
	if body.n > maxRequestBody+1<<20 {
		t.Errorf("the server read %d bytes of a 30 MiB form, past its cap of %d", body.n, maxRequestBody)
	}
	after, err := ts.db.Dump("audit", "sessions", "sessions_by_member")
	mustOK(t, err)
	if !reflect.DeepEqual(before, after) {
		t.Error("a refused body changed the store")
	}
}

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// endlessA reads as an endless run of 'a'.
type endlessA struct{}

func (endlessA) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 'a'
	}
	return len(p), nil
}
