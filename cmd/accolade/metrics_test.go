package main

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

// TestMetricsAddr: with --metrics-addr, GET /metrics answers there without
// a token, counting the credentials the demo issued and the requests the
// main address answered; the main address keeps it behind a token.
func TestMetricsAddr(t *testing.T) {
	a := startApp(t, "--demo", "--metrics-addr", "127.0.0.1:0")
	a.do("GET", "/", "", "", "")
	if code, _, _ := a.do("GET", "/api/v1/metrics", "", "", ""); code != http.StatusUnauthorized {
		t.Errorf("GET /api/v1/metrics without a token = %d, want 401", code)
	}
	resp, err := http.Get("http://" + a.m.MetricsAddr() + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, want := range []string{`accolade_credentials_issued_total{issuer="default"}`, `accolade_http_requests_total{code="200",route="GET /{$}"} 1`, "accolade_outbox_pending "} {
		if !strings.Contains(string(body), want) {
			t.Errorf("metrics on --metrics-addr lack %s:\n%s", want, body)
		}
	}
}
