package main

import (
	"strings"
	"testing"
)

func TestIssuersCommand(t *testing.T) {
	t.Chdir(t.TempDir())
	if code, out, errOut := cli(t, nil, "init", "--issuer-name", "Riverside"); code != 0 {
		t.Fatalf("init = %d\n%s%s", code, out, errOut)
	}
	code, out, errOut := cli(t, nil, "issuers", "update", "default", "--name", "Riverside Skill Exchange",
		"--url", "https://riverside.example", "--email", "badges@riverside.example", "--linkedin-org", "1337",
		"--paper", "letter", "--lang", "fr")
	if code != 0 {
		t.Fatalf("issuers update = %d\n%s%s", code, out, errOut)
	}
	// set is the older name of update, kept working
	code, out, errOut = cli(t, nil, "issuers", "set", "default", "--description", "Neighbours teaching neighbours.")
	if code != 0 {
		t.Fatalf("issuers set --description = %d\n%s%s", code, out, errOut)
	}
	code, out, _ = cli(t, nil, "issuers", "show", "default")
	for _, want := range []string{"Riverside Skill Exchange", "https://riverside.example", "badges@riverside.example",
		"1337", "letter", "fr", "Neighbours teaching neighbours.", "RS256"} {
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("issuers show = %d, does not say %q:\n%s", code, want, out)
		}
	}
	for _, tc := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"bad paper", []string{"issuers", "update", "default", "--paper", "a5"}, exitUsage, "paperSize"},
		{"bad LinkedIn id", []string{"issuers", "set", "default", "--linkedin-org", "riverside"}, exitUsage, "linkedInOrganizationId"},
		{"no issuer", []string{"issuers", "show", "nobody"}, exitFailure, "nobody"},
		{"nothing to update", []string{"issuers", "update", "default"}, exitUsage, "update needs at least one"},
		{"nothing to set", []string{"issuers", "set", "default"}, exitUsage, "at least one"},
		{"unknown subcommand", []string{"issuers", "change", "default"}, exitUsage, "list, create, show, update or logo"},
		{"no slug", []string{"issuers", "show"}, exitUsage, "SLUG"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := cli(t, nil, tc.args...)
			if code != tc.code || !strings.Contains(errOut, tc.want) {
				t.Errorf("accolade %q = %d %q, want %d with %q\n%s", tc.args, code, errOut, tc.code, tc.want, out)
			}
		})
	}
}

func TestIssuersAPI(t *testing.T) {
	a := startApp(t)
	put := func(body string) (int, string) {
		code, _, b := a.do("PUT", "/api/v1/issuers/default", adminToken, "application/json", body)
		return code, string(b)
	}
	if code, body := put(`{"name":"Riverside","paperSize":"letter","linkedInOrganizationId":"42"}`); code != 200 ||
		!strings.Contains(body, `"slug": "default"`) || !strings.Contains(body, `"alg": "RS256"`) || !strings.Contains(body, `"paperSize": "letter"`) {
		t.Errorf("PUT = %d %s", code, body)
	}
	if code, body := put(`{"name":"Riverside","slug":"other","logo":"x"}`); code != 400 || !strings.Contains(body, `\"logo\", \"slug\"`) {
		t.Errorf("PUT with unknown fields = %d %s, want 400 naming logo and slug", code, body)
	}
	if code, body := put(`{"name":""}`); code != 400 || !strings.Contains(body, "name") {
		t.Errorf("PUT without a name = %d %s", code, body)
	}
	if code, _, _ := a.do("PUT", "/api/v1/issuers/default", "", "application/json", `{"name":"X"}`); code != 401 {
		t.Errorf("PUT without the admin token = %d, want 401", code)
	}
	if code, _, body := a.do("GET", "/api/v1/issuers/default", adminToken, "", ""); code != 200 || !strings.Contains(string(body), `"name": "Riverside"`) {
		t.Errorf("GET after the failed PUTs = %d %s, want the name unchanged", code, body)
	}
	if code, _, page := a.do("GET", "/", "", "", ""); code != 200 || !strings.Contains(string(page), "Riverside") {
		t.Errorf("home page does not carry the issuer's new name")
	}
}
