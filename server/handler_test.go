package server

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"

	"github.com/accolade-badges/accolade/api"
	"github.com/accolade-badges/accolade/internal/testutil"
	"github.com/accolade-badges/accolade/verifier"
)

// serve sends one request to ts's handler and returns the answer.
func (ts *testServer) serve(t *testing.T, method, path, contentType, token, body string) *httptest.ResponseRecorder {
	t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req := httptest.NewRequest(method, path, r)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	req.Header.Set("Accept", "application/json")
	rec := httptest.NewRecorder()
	ts.s.ServeHTTP(rec, req)
	return rec
}

func TestVerifyAPI(t *testing.T) {
	ts := newTestServer(t, "https://badges.example.org")
	for _, tt := range []struct {
		name    string
		body    string
		outcome verifier.Outcome
	}{
		{"issued here", ts.rec.JWT, verifier.OutcomeValid},
		{"tampered", testutil.Tamper(ts.rec.JWT), verifier.OutcomeInvalid},
		{"not a credential", "hello", verifier.OutcomeUnreadable},
	} {
		t.Run(tt.name, func(t *testing.T) {
			rec := ts.serve(t, "POST", "/api/v1/verify", "text/plain", "", tt.body)
			var v verifier.Verdict
			if err := json.Unmarshal(rec.Body.Bytes(), &v); err != nil {
				t.Fatalf("POST /api/v1/verify (%s) = %d %q: %v", tt.name, rec.Code, rec.Body, err)
			}
			if rec.Code != http.StatusOK || v.Outcome != tt.outcome || v.Verified != (tt.outcome == verifier.OutcomeValid) {
				t.Errorf("POST /api/v1/verify (%s) = %d outcome %q verified %v, want 200 %q", tt.name, rec.Code, v.Outcome, v.Verified, tt.outcome)
			}
		})
	}
}

// wantProblem checks that rec is a problem document with status.
func wantProblem(t *testing.T, what string, rec *httptest.ResponseRecorder, status int) api.Problem {
	t.Helper()
	var p api.Problem
	if err := json.Unmarshal(rec.Body.Bytes(), &p); err != nil {
		t.Fatalf("%s = %d %q: not a problem document: %v", what, rec.Code, rec.Body, err)
	}
	if rec.Code != status || p.Status != status || p.Title != http.StatusText(status) ||
		rec.Header().Get("Content-Type") != "application/problem+json" {
		t.Errorf("%s = %d %s %+v, want a %d problem document", what, rec.Code, rec.Header().Get("Content-Type"), p, status)
	}
	return p
}

func TestAdminAPIErrors(t *testing.T) {
	ts := newTestServer(t, "https://badges.example.org")
	tests := []struct {
		name                       string
		method, path, ctype, token string
		body                       string
		status                     int
		detail                     string
	}{
		{"no token", "GET", "/api/v1/members", "", "", "", http.StatusUnauthorized, ""},
		{"wrong token", "GET", "/api/v1/members", "", "not-the-token", "", http.StatusUnauthorized, ""},
		{"unknown query parameter", "GET", "/api/v1/credentials?member=x&colour=red", "", testToken, "", http.StatusBadRequest, "colour"},
		{"unknown member", "GET", "/api/v1/members/nobody", "", testToken, "", http.StatusNotFound, "nobody"},
		{"form body", "POST", "/api/v1/credentials", "application/x-www-form-urlencoded", testToken,
			"achievement=circle-host&member=ana", http.StatusUnsupportedMediaType, "application/json"},
		{"unknown page", "GET", "/credentials/no-such-credential.json", "", "", "", http.StatusNotFound, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := ts.serve(t, tt.method, tt.path, tt.ctype, tt.token, tt.body)
			what := tt.method + " " + tt.path
			p := wantProblem(t, what, rec, tt.status)
			if !strings.Contains(p.Detail, tt.detail) {
				t.Errorf("%s detail = %q, want it to mention %q", what, p.Detail, tt.detail)
			}
			if tt.status == http.StatusUnauthorized && rec.Header().Get("WWW-Authenticate") == "" {
				t.Errorf("%s = 401 without WWW-Authenticate", what)
			}
		})
	}
}

func TestAdminMembers(t *testing.T) {
	ts := newTestServer(t, "https://badges.example.org")
	body := `{"name":"Sam Okafor","email":"sam@example.org","lang":"en"}`
	for _, want := range []int{http.StatusCreated, http.StatusOK} {
		rec := ts.serve(t, "PUT", "/api/v1/members/sam", "application/json", testToken, body)
		var m api.Member
		if err := json.Unmarshal(rec.Body.Bytes(), &m); err != nil || rec.Code != want ||
			!reflect.DeepEqual(m, api.Member{ID: "sam", Name: "Sam Okafor", Email: "sam@example.org", Lang: "en", Communities: []string{"default"}}) {
			t.Errorf("PUT /api/v1/members/sam = %d %+v (%v), want %d with the member", rec.Code, m, err, want)
		}
	}
	rec := ts.serve(t, "GET", "/api/v1/members?q=okafor", "", testToken, "")
	var list api.MemberList
	if err := json.Unmarshal(rec.Body.Bytes(), &list); err != nil || rec.Code != http.StatusOK ||
		len(list.Members) != 1 || list.Members[0].ID != "sam" {
		t.Errorf("GET /api/v1/members?q=okafor = %d %+v (%v), want sam alone", rec.Code, list, err)
	}
}

func TestAdminIssue(t *testing.T) {
	ts := newTestServer(t, "https://badges.example.org")
	ts.serve(t, "PUT", "/api/v1/members/sam", "application/json", testToken, `{"name":"Sam","email":"sam@example.org"}`)
	rec := ts.serve(t, "POST", "/api/v1/credentials", "application/json", testToken, `{"achievement":"circle-host","member":"sam"}`)
	var out api.Issued
	if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil || rec.Code != http.StatusCreated || out.JWT == "" ||
		rec.Header().Get("Location") != out.URL || !strings.HasPrefix(out.URL, "https://badges.example.org/credentials/") {
		t.Fatalf("POST /api/v1/credentials = %d %q (%v), want 201 with id, url and jwt", rec.Code, rec.Body, err)
	}
	rec = ts.serve(t, "POST", "/api/v1/credentials", "application/json", testToken, `{"member":"sam"}`)
	if p := wantProblem(t, "POST /api/v1/credentials without achievement", rec, http.StatusBadRequest); p.Field != "achievement" {
		t.Errorf("problem field = %q, want achievement", p.Field)
	}
}
