package server

import (
	"net/http"
	"strings"
	"testing"
)

// TestMetrics: GET /api/v1/metrics needs an install-wide token, and counts the
// requests answered by route and status, and verifications by outcome, in
// Prometheus's text format.
func TestMetrics(t *testing.T) {
	ts := newTestServer(t, "https://badges.example.org")
	ts.serve(t, "GET", "/credentials/"+ts.rec.ID, "", "", "")
	ts.serve(t, "GET", "/no-such-page", "", "", "")
	ts.serve(t, "POST", "/api/v1/verify", "text/plain", "", "not a credential")
	ts.serve(t, "POST", "/api/v1/verify", "application/json", "", `{"url":"https://127.0.0.1:9/credential.json"}`) // a link to an internal address: refused, never fetched
	reader, _ := ts.addToken(t, "reader", "default", false, "read")
	if rec := ts.serve(t, "GET", "/api/v1/metrics", "", reader, ""); rec.Code != http.StatusForbidden {
		t.Errorf("GET /api/v1/metrics with a community's token = %d, want 403", rec.Code)
	}
	rec := ts.serve(t, "GET", "/api/v1/metrics", "", testToken, "")
	body := rec.Body.String()
	if rec.Code != http.StatusOK || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/plain") {
		t.Fatalf("GET /api/v1/metrics = %d %s", rec.Code, rec.Header().Get("Content-Type"))
	}
	for _, want := range []string{
		`accolade_http_requests_total{code="200",route="GET /credentials/{file}"} 1`,
		`accolade_http_requests_total{code="404",route="unrouted"} 1`,
		`accolade_verifications_total{outcome="unreadable"} 2`, // the text, and the refused link
		`accolade_remote_fetches_total{outcome="forbidden"} 1`,
		`accolade_http_request_duration_seconds_bucket{route="GET /credentials/{file}",le="+Inf"} 1`,
		"go_goroutines",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %s:\n%s", want, grepLines(body, "accolade_"))
		}
	}
}

// grepLines returns the lines of s that contain sub.
func grepLines(s, sub string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
