package server

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/api"
)

const circleRule = `id: circle-regular
name: Circle Regular
description: Came to circles.
criteria:
  rule:
    exchanges: {role: learner, count: 2}
`

// TestDryRunAPI: POST /api/v1/achievements/dry-run answers who would earn
// an achievement and stores nothing; a bad file gets the error PUT gives.
func TestDryRunAPI(t *testing.T) {
	ts := newTestServer(t, "https://badges.example.org")
	for _, id := range []string{"ben", "cai"} {
		m := `{"name": "` + strings.ToUpper(id[:1]) + id[1:] + `", "email": "` + id + `@example.org"}`
		if rec := ts.serve(t, "PUT", "/api/v1/members/"+id, "application/json", testToken, m); rec.Code/100 != 2 {
			t.Fatalf("PUT member %s = %d %s", id, rec.Code, rec.Body)
		}
	}
	var rec *httptest.ResponseRecorder
	for _, ex := range []string{`"id": "c1", "learners": ["ben", "cai"]`, `"id": "c2", "learners": ["ben"]`} {
		rec = ts.serve(t, "POST", "/api/v1/exchanges", "application/json", testToken,
			`{`+ex+`, "kind": "circle", "title": "Circle", "skills": ["languages"], "hours": 1, "occurredAt": "2026-03-01T10:00:00Z", "teachers": ["ana"]}`)
		if rec.Code/100 != 2 {
			t.Fatalf("POST exchange = %d %s", rec.Code, rec.Body)
		}
	}
	before, _ := ts.db.Credentials(accolade.CredentialFilter{})
	for _, ct := range []string{"application/yaml", "application/json"} {
		body := circleRule
		if ct == "application/json" {
			body = `{"id": "circle-regular", "name": "Circle Regular", "description": "Came to circles.", "criteria": {"rule": {"exchanges": {"role": "learner", "count": 2}}}}`
		}
		rec = ts.serve(t, "POST", "/api/v1/achievements/dry-run", ct, testToken, body)
		var d api.DryRun
		if err := json.Unmarshal(rec.Body.Bytes(), &d); err != nil || rec.Code != http.StatusOK {
			t.Fatalf("dry run (%s) = %d %s", ct, rec.Code, rec.Body)
		}
		if d.Achievement != "circle-regular" || d.Replaces || d.Members != 3 || d.WouldEarn != 1 || d.AlreadyHold != 0 ||
			len(d.Earners) != 1 || d.Earners[0].Member != "ben" || d.Earners[0].Name != "Ben" || !d.Earners[0].Requirements[0].Met ||
			d.NearlyCount != 1 || len(d.Nearly) != 1 || d.Nearly[0].Member != "cai" {
			t.Errorf("dry run (%s) = %s", ct, rec.Body)
		}
	}
	if _, err := ts.db.Achievement("circle-regular"); err == nil {
		t.Error("the dry run stored the achievement")
	}
	if after, _ := ts.db.Credentials(accolade.CredentialFilter{}); len(after) != len(before) {
		t.Errorf("the dry run issued: %d credentials, then %d", len(before), len(after))
	}
	if rec := ts.serve(t, "GET", "/achievements/circle-regular", "", "", ""); rec.Code != http.StatusNotFound {
		t.Errorf("GET the tried achievement's page = %d, want 404", rec.Code)
	}

	// Mistakes: the dry run says what PUT says.
	for _, tt := range []struct{ name, body, want string }{
		{"bad rule", strings.Replace(circleRule, "role: learner", "role: pupil", 1), "request body:6"},
		{"unknown reference", strings.Replace(circleRule, "exchanges: {role: learner, count: 2}", "holds: circle-hots", 1), `did you mean "circle-host"`},
		{"unknown issuer", strings.Replace(circleRule, "name: Circle", "issuer: north\nname: Circle", 1), `there is no issuer "north"`},
		{"not YAML", "id: [", "request body:2: malformed YAML"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dry := wantProblem(t, "dry run", ts.serve(t, "POST", "/api/v1/achievements/dry-run", "application/yaml", testToken, tt.body), http.StatusBadRequest)
			put := wantProblem(t, "PUT", ts.serve(t, "PUT", "/api/v1/achievements/circle-regular", "application/yaml", testToken, tt.body), http.StatusBadRequest)
			if dry.Detail != put.Detail || dry.Field != put.Field || !strings.Contains(dry.Detail, tt.want) {
				t.Errorf("dry run says %q (%s); PUT says %q (%s); want the same, with %q", dry.Detail, dry.Field, put.Detail, put.Field, tt.want)
			}
		})
	}
	wantProblem(t, "dry run as a form", ts.serve(t, "POST", "/api/v1/achievements/dry-run", "application/x-www-form-urlencoded", testToken, circleRule), http.StatusUnsupportedMediaType)
	wantProblem(t, "dry run without the token", ts.serve(t, "POST", "/api/v1/achievements/dry-run", "application/yaml", "", circleRule), http.StatusUnauthorized)
}
