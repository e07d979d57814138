package server

import (
	"net/http"
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
