package main

import (
	"strings"
	"testing"
)

// TestAdminBodyTypes: one rule for every admin endpoint. A body is read as
// the type its Content-Type names, if the endpoint reads that type; without
// a Content-Type, as the endpoint's default; anything else (curl -d's
// form-urlencoded above all) is 415 with a problem saying what to send, and
// changes nothing.
func TestAdminBodyTypes(t *testing.T) {
	a := startApp(t)
	a.do("PUT", "/api/v1/achievements/project-trainer", adminToken, "application/yaml", trainerYAML)
	const form = "application/x-www-form-urlencoded"
	refused := []struct {
		method, path, contentType, body, want string
	}{
		{"PUT", "/api/v1/members/sam", form, `{"name":"Sam","email":"sam@example.org"}`, "add -H 'Content-Type: application/json'"},
		{"PUT", "/api/v1/members/sam", "text/plain", `{"name":"Sam","email":"sam@example.org"}`, "send JSON with Content-Type: application/json"},
		{"PUT", "/api/v1/members/sam", "application/json;;", `{"name":"Sam","email":"sam@example.org"}`, "send JSON"},
		{"PUT", "/api/v1/achievements/first-aid", form, "id: first-aid\nname: First Aid\n", "send the achievement file with Content-Type: application/yaml or application/json"},
		{"POST", "/api/v1/credentials", form, `{"achievement":"project-trainer","member":"olga"}`, "application/json"},
		{"POST", "/api/v1/exchanges", form, `{"id":"x"}`, "application/json"},
		{"POST", "/api/v1/exchanges/x/confirmations", form, `{"member":"olga"}`, "application/json"},
		{"POST", "/api/v1/attestations", form, `{"id":"x"}`, "application/json"},
		{"POST", "/api/v1/applications", form, `{"id":"x"}`, "application/json"},
		{"POST", "/api/v1/applications/x/decision", form, `{"approve":true}`, "application/json"},
		{"POST", "/api/v1/awards/evaluate", form, `{}`, "application/json"},
		{"POST", "/api/v1/credentials/x/revoke", form, `{"reason":"r"}`, "application/json"},
		{"POST", "/api/v1/import/members", "application/json", `{"id":"sam"}`, "send CSV (text/csv) or JSON lines (application/x-ndjson)"},
		{"POST", "/api/v1/import/members", form, "id,name,email\nsam,Sam,sam@example.org\n", "send CSV"},
	}
	for _, tt := range refused {
		code, hdr, body := a.do(tt.method, tt.path, adminToken, tt.contentType, tt.body)
		if code != 415 || hdr.Get("Content-Type") != "application/problem+json" || !strings.Contains(string(body), tt.want) {
			t.Errorf("%s %s as %s = %d %s\nwant 415 with %q", tt.method, tt.path, tt.contentType, code, body, tt.want)
		}
	}
	if code, _, _ := a.do("GET", "/api/v1/members/sam", adminToken, "", ""); code != 404 {
		t.Errorf("after refused bodies, member sam exists (GET = %d)", code)
	}
	accepted := []struct {
		name, contentType string
	}{
		{"json", "application/json"},
		{"json with charset", "application/json; charset=utf-8"},
		{"no content type", ""},
	}
	for _, tt := range accepted {
		code, _, body := a.do("PUT", "/api/v1/members/sam", adminToken, tt.contentType, `{"name":"Sam","email":"sam@example.org"}`)
		if code != 200 && code != 201 {
			t.Errorf("PUT member as %s = %d %s, want it stored", tt.name, code, body)
		}
	}
	// A body-less request needs no Content-Type, whatever curl adds.
	if code, _, body := a.do("POST", "/api/v1/awards/evaluate", adminToken, form, ""); code != 200 {
		t.Errorf("evaluate with an empty form body = %d %s", code, body)
	}
}
