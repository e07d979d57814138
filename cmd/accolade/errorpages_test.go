package main

import (
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
)

// request sends method path with an Accept header and returns the answer
// with its body read.
func request(t *testing.T, a *app, method, path, accept, body string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(method, a.base+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if accept != "" {
		req.Header.Set("Accept", accept)
	}
	if body != "" {
		req.Header.Set("Content-Type", "text/plain")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

const acceptBrowser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"

func TestUnroutedRequests(t *testing.T) {
	a := startApp(t)
	tests := []struct {
		name, method, path string
		status             int
		allow              string
		want               string
	}{
		{"unknown path", "GET", "/no/such/page", 404, "", "There is no page at /no/such/page."},
		{"unknown top-level path", "GET", "/favicon.ico", 404, "", "There is no page at /favicon.ico."},
		{"wrong method on a page", "DELETE", "/verify", 405, "GET, HEAD, POST", "/verify does not accept DELETE requests"},
		{"wrong method on the API", "GET", "/api/v1/verify", 405, "POST", "/api/v1/verify does not accept GET requests"},
		{"wrong method on the home page", "POST", "/", 405, "GET, HEAD", "/ does not accept POST requests"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// A browser gets a page (except under /api/).
			resp, body := request(t, a, tt.method, tt.path, acceptBrowser, "")
			wantHTML := !strings.HasPrefix(tt.path, "/api/")
			ct := resp.Header.Get("Content-Type")
			if resp.StatusCode != tt.status || resp.Header.Get("Allow") != tt.allow {
				t.Errorf("%s %s (browser) = %d Allow %q, want %d Allow %q", tt.method, tt.path, resp.StatusCode, resp.Header.Get("Allow"), tt.status, tt.allow)
			}
			if wantHTML && (!strings.HasPrefix(ct, "text/html") || !strings.Contains(body, `<html lang="en"`) || !strings.Contains(body, tt.want)) {
				t.Errorf("%s %s (browser) = %q\n%.600s\nwant an HTML page with %q", tt.method, tt.path, ct, body, tt.want)
			}
			// Anything else gets a problem document.
			resp, body = request(t, a, tt.method, tt.path, "", "")
			var p struct {
				Status int
				Title  string
				Detail string
			}
			if resp.Header.Get("Content-Type") != "application/problem+json" || json.Unmarshal([]byte(body), &p) != nil ||
				p.Status != tt.status || !strings.HasPrefix(p.Detail, tt.want) || resp.Header.Get("Allow") != tt.allow {
				t.Errorf("%s %s = %d %q %s, want a problem document %d with %q", tt.method, tt.path, resp.StatusCode, resp.Header.Get("Content-Type"), body, tt.status, tt.want)
			}
		})
	}
}

func TestVerifyRateLimit(t *testing.T) {
	a := startApp(t)
	// Viewing the empty form does not count: many people behind one
	// address may open it.
	for i := range 60 {
		if resp, _ := request(t, a, "GET", "/verify", acceptBrowser, ""); resp.StatusCode != 200 {
			t.Fatalf("GET /verify #%d = %d, want 200", i+1, resp.StatusCode)
		}
	}
	if resp, body := request(t, a, "POST", "/api/v1/verify", "", "not a credential"); resp.StatusCode != 200 {
		t.Fatalf("POST /api/v1/verify after viewing the form = %d %s, want 200", resp.StatusCode, body)
	}
	// Verifications count: the burst runs out.
	limited := false
	for range 200 {
		resp, body := request(t, a, "POST", "/api/v1/verify", "", "not a credential")
		if resp.StatusCode == http.StatusTooManyRequests {
			limited = true
			if n, err := strconv.Atoi(resp.Header.Get("Retry-After")); err != nil || n < 1 {
				t.Errorf("429 Retry-After = %q, want whole seconds", resp.Header.Get("Retry-After"))
			}
			if resp.Header.Get("Content-Type") != "application/problem+json" || !strings.Contains(body, "Too many verifications from your network") {
				t.Errorf("429 for the API = %q %s, want a problem document", resp.Header.Get("Content-Type"), body)
			}
			break
		}
	}
	if !limited {
		t.Fatal("200 verifications in a row were never limited")
	}
	// A browser that verifies a link gets a page, with Retry-After.
	resp, body := request(t, a, "GET", "/verify?url=https%3A%2F%2Fexample.org%2Fbadge", acceptBrowser, "")
	if resp.StatusCode != 429 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") || resp.Header.Get("Retry-After") == "" ||
		!strings.Contains(body, "Too many verifications from your network; try again in ") {
		t.Errorf("GET /verify?url= when limited = %d %q Retry-After %q\n%.800s", resp.StatusCode, resp.Header.Get("Content-Type"), resp.Header.Get("Retry-After"), body)
	}
	// The form itself is still there.
	if resp, _ := request(t, a, "GET", "/verify", acceptBrowser, ""); resp.StatusCode != 200 {
		t.Errorf("GET /verify when limited = %d, want 200", resp.StatusCode)
	}
}
