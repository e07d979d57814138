package main

import (
	"bytes"
	"context"
	"encoding/json"
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

// TestLogFormatJSON: --log-format json writes one JSON object a line;
// another format is refused, naming the flag.
func TestLogFormatJSON(t *testing.T) {
	var stderr bytes.Buffer
	env := map[string]string{"ACCOLADE_ADMIN_TOKEN": adminToken}
	m := NewMain(strings.NewReader(""), io.Discard, &stderr, func(k string) string { return env[k] })
	if err := m.ParseFlags([]string{"--data", t.TempDir(), "--addr", "127.0.0.1:0", "--log-format", "json", "--demo"}); err != nil {
		t.Fatal(err)
	}
	if err := m.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(stderr.String()), "\n")
	for _, l := range lines {
		var v map[string]any
		if err := json.Unmarshal([]byte(l), &v); err != nil || v["msg"] == nil || v["level"] == nil {
			t.Errorf("log line %q is not a JSON record: %v", l, err)
		}
	}
	if len(lines) < 2 {
		t.Errorf("%d log lines, want the demo's", len(lines))
	}
	m = NewMain(strings.NewReader(""), io.Discard, &stderr, func(k string) string { return env[k] })
	if err := m.ParseFlags([]string{"--data", t.TempDir(), "--addr", "127.0.0.1:0", "--log-format", "xml"}); err != nil {
		t.Fatal(err)
	}
	if err := m.Run(context.Background()); err == nil || !strings.Contains(err.Error(), "--log-format") {
		t.Errorf("--log-format xml: %v, want a refusal naming the flag", err)
	}
	m.Close()
}
