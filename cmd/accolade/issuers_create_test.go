package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

const northHostYAML = `id: north-host
issuer: north
name: North Host
description: Hosts circles in the north.
`

const circleGoerYAML = `id: circle-goer
name: Circle Goer
description: Came to a circle.
criteria:
  rule:
    exchanges: {role: learner, count: 1}
`

// TestIssuersCreate creates issuers directly and through a server, issues
// a credential of north's and verifies it, and tries a rule.
func TestIssuersCreate(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"ACCOLADE_DATA": dir, "ACCOLADE_BASE_URL": "https://badges.example.org"}
	if code, out, errOut := cli(t, env, "init", "--issuer-name", "Riverside"); code != 0 {
		t.Fatalf("init = %d\n%s%s", code, out, errOut)
	}
	code, out, errOut := cli(t, env, "issuers", "create", "north", "--name", "North Time Bank", "--alg", "ES256", "--url", "https://north.example.org")
	if code != 0 || !strings.Contains(out, "did:web:badges.example.org:issuers:north") || !strings.Contains(out, "ES256") ||
		!strings.Contains(errOut, "created issuer north") {
		t.Fatalf("issuers create north = %d\n%s%s", code, out, errOut)
	}
	for _, tc := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"again", []string{"issuers", "create", "north", "--name", "North"}, exitFailure, `issuer "north" already`},
		{"no name", []string{"issuers", "create", "south"}, exitUsage, "--name"},
		{"bad alg", []string{"issuers", "create", "south", "--name", "South", "--alg", "HS256"}, exitUsage, "alg"},
		{"bad id mode", []string{"issuers", "create", "south", "--name", "South", "--id-mode", "did:peer"}, exitUsage, "idMode"},
		{"did:key with ES256", []string{"issuers", "create", "south", "--name", "South", "--id-mode", "did:key", "--alg", "ES256"}, exitUsage, "EdDSA"},
		{"alg on set", []string{"issuers", "set", "north", "--alg", "EdDSA"}, exitUsage, "when an issuer is created"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := cli(t, env, tc.args...)
			if code != tc.code || !strings.Contains(errOut, tc.want) {
				t.Errorf("accolade %q = %d %q, want %d with %q\n%s", tc.args, code, errOut, tc.code, tc.want, out)
			}
		})
	}
	// A did:key issuer: its id is its Ed25519 key.
	if code, out, errOut := cli(t, env, "issuers", "create", "east", "--name", "East", "--id-mode", "did:key"); code != 0 ||
		!strings.Contains(out, "did:key:z6Mk") || !strings.Contains(out, "EdDSA") {
		t.Errorf("issuers create east --id-mode did:key = %d\n%s%s", code, out, errOut)
	}
	code, out, _ = cli(t, env, "issuers", "list")
	if code != 0 || !strings.Contains(out, "default") || !strings.Contains(out, "North Time Bank") || strings.Contains(out, "south") {
		t.Errorf("issuers list = %d\n%s", code, out)
	}
	if code, out, _ := cli(t, env, "keys", "list", "--issuer", "north"); code != 0 || strings.Count(out, "active") < 3 {
		t.Errorf("keys list north = %d\n%s (want RS256, EdDSA and ES256 keys)", code, out)
	}

	// Through a running server.
	a := startAppIn(t, dir, "https://badges.example.org")
	env["ACCOLADE_TOKEN"] = adminToken
	if code, out, errOut := cli(t, env, "issuers", "create", "south", "--name", "South", "--id-mode", "url", "--server", a.base); code != 0 ||
		!strings.Contains(out, "https://badges.example.org/issuers/south") || !strings.Contains(errOut, "through the server") {
		t.Errorf("issuers create --server = %d\n%s%s", code, out, errOut)
	}
	if code, out, errOut := cli(t, env, "issuers", "create", "west", "--name", "West", "--id-mode", "did:key", "--server", a.base); code != 0 ||
		!strings.Contains(out, "did:key:z6Mk") {
		t.Errorf("issuers create west --id-mode did:key --server = %d\n%s%s", code, out, errOut)
	}
	files := writeFiles(t, map[string]string{"north-host.yaml": northHostYAML, "circle-goer.yaml": circleGoerYAML})
	if code, out, errOut := cli(t, env, "achievements", "load", filepath.Join(files, "north-host.yaml"), "--server", a.base); code != 0 {
		t.Fatalf("achievements load = %d\n%s%s", code, out, errOut)
	}
	for _, m := range []string{"olga", "ben"} {
		a.do("PUT", "/api/v1/members/"+m, adminToken, "application/json", `{"name":"`+strings.ToUpper(m)+`","email":"`+m+`@example.org","communities":["default","north"]}`)
	}
	a.do("POST", "/api/v1/exchanges", adminToken, "application/json",
		`{"id":"c1","kind":"circle","title":"Circle","skills":["languages"],"hours":1,"occurredAt":"2026-01-10T10:00:00Z","teachers":["olga"],"learners":["ben"]}`)
	code, out, errOut = cli(t, env, "achievements", "try", filepath.Join(files, "circle-goer.yaml"), "--server", a.base)
	if code != 0 || !strings.Contains(out, "circle-goer (Circle Goer, new): 1 of 2 members would earn it now; holding it already: 0; one requirement short: 0") ||
		!strings.Contains(out, "ben") || !strings.Contains(errOut, "nothing was stored or issued") {
		t.Errorf("achievements try --server = %d\n%s%s", code, out, errOut)
	}
	code, out, errOut = cli(t, env, "issue", "--achievement", "north-host", "--member", "olga", "--server", a.base)
	if code != 0 {
		t.Fatalf("issue north-host = %d\n%s%s", code, out, errOut)
	}
	_, _, jwt := a.do("GET", "/credentials/"+strings.Fields(out)[0]+".jwt", "", "", "")
	if err := a.m.Close(); err != nil {
		t.Fatal(err)
	}

	// Directly on the data directory: north's credential verifies, as
	// north's; the tried achievement was not stored.
	f := filepath.Join(t.TempDir(), "north.jwt")
	writeFile(t, f, jwt)
	code, out, errOut = cli(t, env, "verify", f, "--json")
	var v struct {
		Verified   bool `json:"verified"`
		Credential struct {
			Issuer struct{ ID, Name string } `json:"issuer"`
		} `json:"credential"`
	}
	if err := json.Unmarshal([]byte(out), &v); err != nil || code != 0 || !v.Verified ||
		v.Credential.Issuer.ID != "did:web:badges.example.org:issuers:north" || v.Credential.Issuer.Name != "North Time Bank" {
		t.Errorf("verify north's credential = %d %+v %v\n%s%s", code, v, err, out, errOut)
	}
	code, out, _ = cli(t, env, "achievements", "try", filepath.Join(files, "circle-goer.yaml"))
	if code != 0 || !strings.Contains(out, "1 of 2 members would earn it now") {
		t.Errorf("achievements try directly = %d\n%s", code, out)
	}
	if code, out, _ := cli(t, env, "achievements", "list"); code != 0 || strings.Contains(out, "circle-goer") {
		t.Errorf("achievements list after try = %d\n%s", code, out)
	}
	bad := writeFiles(t, map[string]string{"bad.yaml": strings.Replace(circleGoerYAML, "role: learner", "role: pupil", 1)})
	if code, _, errOut := cli(t, env, "achievements", "try", filepath.Join(bad, "bad.yaml")); code != exitUsage || !strings.Contains(errOut, "bad.yaml:6") {
		t.Errorf("achievements try bad.yaml = %d %q, want the file and line", code, errOut)
	}
}
