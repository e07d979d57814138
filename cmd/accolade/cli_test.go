package main

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/accolade-badges/accolade/internal/spectest"
)

func TestUsageErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no command", nil, exitUsage, "Commands:"},
		{"unknown command", []string{"frobnicate"}, exitUsage, `unknown command "frobnicate"`},
		{"help", []string{"--help"}, exitOK, "Commands:"},
		{"help verify", []string{"help", "verify"}, exitOK, "-json"},
		{"verify -h", []string{"verify", "-h"}, exitOK, "usage: accolade verify"},
		{"verify no file", []string{"verify"}, exitUsage, "give one FILE"},
		{"verify missing file", []string{"verify", "/nonexistent/badge.jwt"}, exitUsage, "no such file"},
		{"verify bad flag", []string{"verify", "--nope", "x"}, exitUsage, "flag provided but not defined"},
		{"init needs a name", []string{"init", "--data", "DIR"}, exitUsage, "--issuer-name is required"},
		{"issue needs ids", []string{"issue", "--data", "DIR"}, exitUsage, "--achievement and --member are required"},
		{"issue bad server", []string{"issue", "--server", "ftp://x", "--achievement", "a", "--member", "m"}, exitUsage, "not an http(s) URL"},
		{"serve extra arg", []string{"serve", "now"}, exitUsage, "serve takes no arguments"},
		{"bad issuer id mode", []string{"init", "--data", "DIR", "--issuer-name", "X", "--issuer-id", "uuid"}, exitUsage, "use did:web, did:key or url"},
		{"did:key with RS256", []string{"init", "--data", "DIR", "--issuer-name", "X", "--issuer-id", "did:key", "--alg", "RS256"}, exitUsage, "EdDSA"},
		{"bad alg", []string{"init", "--data", "DIR", "--issuer-name", "X", "--alg", "HS256"}, exitUsage, "use RS256, EdDSA or ES256"},
		{"bad base url", []string{"init", "--data", "DIR", "--issuer-name", "X", "--base-url", "example.org/"}, exitUsage, "base-url"},
		{"endorsements no verb", []string{"endorsements"}, exitUsage, "give list, issue, attach or delete"},
		{"endorsements unknown verb", []string{"endorsements", "frob"}, exitUsage, `unknown subcommand "frob"`},
		{"endorsements list needs one", []string{"endorsements", "list", "--data", "DIR"}, exitUsage, "one of --issuer SLUG and --subject ID"},
		{"endorsements list both", []string{"endorsements", "list", "--issuer", "a", "--subject", "b"}, exitUsage, "one of --issuer SLUG and --subject ID"},
		{"endorsements issue needs subject", []string{"endorsements", "issue", "--issuer", "default"}, exitUsage, "--subject"},
		{"endorsements attach no file", []string{"endorsements", "attach"}, exitUsage, "one FILE"},
		{"endorsements attach missing file", []string{"endorsements", "attach", "/nonexistent/e.json", "--data", "DIR"}, exitUsage, "no such file"},
		{"endorsements attach with flags", []string{"endorsements", "attach", "e.json", "--subject", "x"}, exitUsage, "no --issuer, --subject or --comment"},
		{"endorsements delete two ids", []string{"endorsements", "delete", "a", "b"}, exitUsage, "one endorsement ID"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			for i, a := range tt.args {
				tt.args[i] = strings.ReplaceAll(a, "DIR", dir)
			}
			code, out, errOut := cli(t, nil, tt.args...)
			if code != tt.code || !strings.Contains(out+errOut, tt.want) {
				t.Errorf("accolade %q = exit %d, want %d with %q\nstdout: %s\nstderr: %s", tt.args, code, tt.code, tt.want, out, errOut)
			}
		})
	}
}

func TestInitIssueVerifyDirect(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"ACCOLADE_DATA": dir, "ACCOLADE_BASE_URL": "https://badges.example.org"}
	code, out, errOut := cli(t, env, "init", "--issuer-name", "Riverside Skill Exchange")
	if code != 0 || !strings.Contains(out, "id did:web:badges.example.org:issuers:default") {
		t.Fatalf("init = %d\n%s%s", code, out, errOut)
	}
	if st, err := os.Stat(filepath.Join(dir, keyFileName)); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("key file: %v, mode %v; want 0600", err, st.Mode())
	}
	if code, out, _ := cli(t, env, "init", "--issuer-name", "Other"); code != 0 || !strings.Contains(out, "nothing changed") {
		t.Errorf("second init = %d %q, want a no-op", code, out)
	}
	// Seed an achievement and member through a short-lived server.
	a := startAppIn(t, dir, "https://badges.example.org")
	a.do("PUT", "/api/v1/achievements/project-trainer", adminToken, "application/yaml", trainerYAML)
	a.do("PUT", "/api/v1/members/olga", adminToken, "application/json", `{"name":"Ольга Иванова","email":"olga@example.org"}`)

	// While the server holds the directory, a direct command fails fast and clearly.
	code, _, errOut = cli(t, env, "issue", "--achievement", "project-trainer", "--member", "olga")
	if code != exitFailure || !strings.Contains(errOut, "in use by another accolade process") {
		t.Errorf("issue on a held directory = %d %q, want a clear lock error", code, errOut)
	}
	// Through the server it works, and says so.
	env["ACCOLADE_TOKEN"] = adminToken
	code, out, errOut = cli(t, env, "issue", "--achievement", "project-trainer", "--member", "olga", "--server", a.base)
	if code != 0 || !strings.Contains(errOut, "through the server") {
		t.Fatalf("issue --server = %d\n%s%s", code, out, errOut)
	}
	id := strings.Fields(out)[0]
	_, _, jwt := a.do("GET", "/credentials/"+id+".jwt", "", "", "")
	if err := a.m.Close(); err != nil {
		t.Fatal(err)
	}

	// With the server stopped: a second credential is refused (already held),
	// and verify works directly on the data directory, as JSON too.
	code, _, errOut = cli(t, env, "issue", "--achievement", "project-trainer", "--member", "olga")
	if code != exitFailure || !strings.Contains(errOut, "already holds") {
		t.Errorf("second issue = %d %q, want already holds", code, errOut)
	}
	f := filepath.Join(t.TempDir(), "b.jwt")
	writeFile(t, f, jwt)
	code, out, errOut = cli(t, env, "verify", f, "--json")
	if code != 0 || !strings.Contains(out, `"verified": true`) {
		t.Errorf("verify --json = %d\n%s%s", code, out, errOut)
	}
	code, out, _ = cli(t, env, "verify", f)
	if code != 0 || !strings.HasPrefix(out, "VALID (valid)\nValid — issued by “Riverside Skill Exchange”") {
		t.Errorf("verify = %d\n%s", code, out)
	}
}

func TestVerifyStandalone(t *testing.T) {
	env := map[string]string{"ACCOLADE_DATA": t.TempDir()} // empty: no local issuers
	t.Run("official baked PNG", func(t *testing.T) {
		f := filepath.Join(spectest.Dir(t), "examples", "baked", "validator_ob30_simple-jwt.png")
		// Its key is embedded in the JWT: genuine, but nothing says by whom.
		code, out, errOut := cli(t, env, "verify", f)
		if code != exitFailure || !strings.Contains(out, "png+jwt") || !strings.HasPrefix(out, "UNCONFIRMED ISSUER (unconfirmed-issuer)\nSigned correctly, but by an issuer this service does not know. It was signed by a key embedded") {
			t.Errorf("verify %s = %d\n%s%s", f, code, out, errOut)
		}
	})
	// Garbage is "not a credential", not a crash or a usage error.
	g := filepath.Join(t.TempDir(), "garbage.txt")
	writeFile(t, g, []byte("hello, this is not a credential"))
	if code, out, _ := cli(t, env, "verify", g); code != exitFailure || !strings.HasPrefix(out, "NOT A CREDENTIAL (unreadable)") {
		t.Errorf("verify garbage = %d\n%s", code, out)
	}
}

func TestInitWithES256SignsES256(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"ACCOLADE_DATA": dir}
	if code, out, errOut := cli(t, env, "init", "--issuer-name", "X", "--alg", "ES256"); code != 0 {
		t.Fatalf("init --alg ES256 = %d\n%s%s", code, out, errOut)
	}
	a := startAppIn(t, dir, "")
	_, jwt, doc := issueOne(t, a, "ana")
	var h struct{ Alg string }
	mustJSON(t, b64(t, strings.Split(string(jwt), ".")[0]), &h)
	if h.Alg != "ES256" {
		t.Errorf("JWT alg = %s, want ES256", h.Alg)
	}
	for _, body := range [][]byte{jwt, doc} {
		if ok, _, out := verifyBody(t, a, "", body); !ok {
			t.Errorf("ES256 issuer's credential does not verify: %s", out)
		}
	}
}

// TestCommandTable checks that every command of the one table is listed by
// help and that help COMMAND prints its usage, and its flags when it has
// any.
func TestCommandTable(t *testing.T) {
	_, list, _ := cli(t, nil, "help")
	for _, c := range commands() {
		if c.usage == "" || c.summary == "" || c.run == nil {
			t.Errorf("command %q: usage, summary and run are required", c.name)
		}
		if !strings.Contains(list, "  "+c.name+" ") || !strings.Contains(list, c.summary) {
			t.Errorf("accolade help does not list %q with %q", c.name, c.summary)
		}
		code, out, errOut := cli(t, nil, "help", c.name)
		if code != exitOK || !strings.Contains(out, "usage: "+c.usage) {
			t.Errorf("accolade help %s = exit %d\n%s%s\nwant its usage %q", c.name, code, out, errOut, c.usage)
		}
		if c.flags != nil && !strings.Contains(out, "  -") {
			t.Errorf("accolade help %s lists no flags:\n%s", c.name, out)
		}
	}
}

// TestParseDashID: key ids are base64url and may start with '-'; after
// "--" they are positional, and without it the error says so.
func TestParseDashID(t *testing.T) {
	m := NewMain(strings.NewReader(""), io.Discard, io.Discard, func(string) string { return "" })
	fs := m.flagSet("keys", "keys remove KEY-ID")
	force := fs.Bool("force", false, "")
	pos, err := m.parse(fs, []string{"remove", "--force", "--", "-eCR_y"})
	if err != nil || !*force || len(pos) != 2 || pos[1] != "-eCR_y" {
		t.Errorf("parse(remove --force -- -eCR_y) = %q, %v (force %v)", pos, err, *force)
	}
	fs = m.flagSet("keys", "keys remove KEY-ID")
	fs.Bool("force", false, "")
	if _, err := m.parse(fs, []string{"remove", "-eCR_y"}); err == nil || !strings.Contains(err.Error(), "put -- before it") {
		t.Errorf("parse(remove -eCR_y) error = %v, want a hint about --", err)
	}
}
