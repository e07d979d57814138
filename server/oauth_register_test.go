package server

import (
	"net/http"
	"strings"
	"testing"
)

// TestOAuthRegistrationLimit: one address registers at most
// registrationsPerHour clients an hour (the fixture's own counts); refused
// registrations, which store nothing, do not count; the one over the
// limit is a 429 with Retry-After.
func TestOAuthRegistrationLimit(t *testing.T) {
	f := newOAuthFixture(t) // one registration
	const ok = `{"client_name":"Portfolio","redirect_uris":["https://portfolio.example/cb"]}`
	for range 30 {
		if code, out := f.register(`{"client_name":"X"}`); code != http.StatusBadRequest {
			t.Fatalf("a refused registration = %d %v", code, out)
		}
	}
	for i := 1; i < registrationsPerHour; i++ {
		if code, out := f.register(ok); code != http.StatusCreated {
			t.Fatalf("registration %d of %d = %d %v", i+1, registrationsPerHour, code, out)
		}
	}
	resp, err := http.Post(f.srv.URL+pathOAuthRegister, "application/json", strings.NewReader(ok))
	mustOK(t, err)
	resp.Body.Close()
	if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") == "" {
		t.Fatalf("registration %d = %d (Retry-After %q), want 429 with Retry-After", registrationsPerHour+1, resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	if code, out := f.register(ok); code != http.StatusTooManyRequests || !strings.Contains(out["error_description"].(string), "too many registrations") {
		t.Errorf("registration over the limit = %d %v", code, out)
	}
}
