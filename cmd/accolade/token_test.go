package main

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
)

var secretRE = regexp.MustCompile(`acc_[A-Za-z0-9_-]{43}`)

// TestTokenCLIDirect creates, lists and revokes tokens on the data
// directory, and finds the changes in accolade audit as the CLI's user.
func TestTokenCLIDirect(t *testing.T) {
	env := map[string]string{"ACCOLADE_DATA": t.TempDir()}
	if code, out, errOut := cli(t, env, "init", "--issuer-name", "Test"); code != 0 {
		t.Fatalf("init = %d\n%s%s", code, out, errOut)
	}
	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"no name", []string{"token", "create", "--scope", "read"}, "--name is required"},
		{"no scope", []string{"token", "create", "--name", "bot"}, "--scope is required"},
		{"owner and issuer", []string{"token", "create", "--name", "bot", "--scope", "read", "--owner", "--issuer", "default"}, "not both"},
		{"revoke without id", []string{"token", "revoke"}, "one TOKEN-ID"},
		{"unknown scope", []string{"token", "create", "--name", "bot", "--scope", "read,all"}, `"all" is not a scope`},
	} {
		if code, out, errOut := cli(t, env, c.args...); code != exitUsage || !strings.Contains(errOut, c.want) {
			t.Errorf("%s: %v = %d\n%s%s, want exit 2 and %q", c.name, c.args, code, out, errOut, c.want)
		}
	}
	code, out, errOut := cli(t, env, "token", "create", "--name", "nightly import", "--scope", "activity:write,read")
	secrets := secretRE.FindAllString(out, -1)
	if code != 0 || len(secrets) != 1 || !strings.Contains(out, "shown only now") || !strings.Contains(out, "issuer default") {
		t.Fatalf("token create = %d\n%s%s: want the secret once, and that it is shown only now", code, out, errOut)
	}
	id := strings.Fields(out)[2]
	code, out, _ = cli(t, env, "token", "list")
	if code != 0 || strings.Contains(out, "acc_") || !strings.Contains(out, id) || !strings.Contains(out, "activity:write,read") {
		t.Errorf("token list = %d\n%s: want the token %s, never a secret", code, out, id)
	}
	if code, out, errOut := cli(t, env, "token", "revoke", id); code != 0 || !strings.Contains(out, "revoked token "+id) {
		t.Errorf("token revoke = %d\n%s%s", code, out, errOut)
	}
	if _, out, _ := cli(t, env, "token", "list"); !strings.Contains(out, "revoked") {
		t.Errorf("token list after revoke:\n%s", out)
	}
	code, out, _ = cli(t, env, "audit", "--json")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if code != 0 || len(lines) < 3 || !strings.Contains(out, `"actor":"cli:`) || !strings.Contains(out, `"action":"DELETE /api/v1/tokens/{id}"`) ||
		!strings.Contains(out, `"outcome":400`) || strings.Contains(out, "acc_") {
		t.Errorf("audit --json = %d\n%s", code, out)
	}
	if code, out, _ := cli(t, env, "audit", "--issuer", "other"); code != 0 || strings.Contains(out, "/api/v1/tokens") {
		t.Errorf("audit --issuer other = %d\n%s: want none of default's entries", code, out)
	}
}

// TestTokenCLIServer creates a token through a running server, uses it,
// revokes it and sees it refused with 401.
func TestTokenCLIServer(t *testing.T) {
	a := startAppIn(t, t.TempDir(), "")
	env := map[string]string{"ACCOLADE_SERVER": a.base, "ACCOLADE_TOKEN": adminToken}
	code, out, errOut := cli(t, env, "token", "create", "--name", "reader", "--scope", "read")
	secret := secretRE.FindString(out)
	if code != 0 || secret == "" || !strings.Contains(errOut, "through the server") {
		t.Fatalf("token create = %d\n%s%s", code, out, errOut)
	}
	id := strings.Fields(out)[2]
	if status, _, body := a.do("GET", "/api/v1/members", secret, "", ""); status != http.StatusOK {
		t.Errorf("GET /api/v1/members with the new token = %d %s", status, body)
	}
	if status, _, _ := a.do("PUT", "/api/v1/members/zoe", secret, "application/json", `{"name":"Zoe","email":"zoe@example.org"}`); status != http.StatusForbidden {
		t.Errorf("PUT a member with a read token = %d, want 403", status)
	}
	readerEnv := map[string]string{"ACCOLADE_SERVER": a.base, "ACCOLADE_TOKEN": secret}
	if code, out, errOut := cli(t, readerEnv, "token", "list"); code == 0 {
		t.Errorf("token list with a read token = %d\n%s%s, want refused", code, out, errOut)
	}
	if code, out, errOut := cli(t, env, "token", "revoke", id); code != 0 {
		t.Fatalf("token revoke = %d\n%s%s", code, out, errOut)
	}
	if status, h, _ := a.do("GET", "/api/v1/members", secret, "", ""); status != http.StatusUnauthorized || !strings.HasPrefix(h.Get("WWW-Authenticate"), "Bearer") {
		t.Errorf("GET /api/v1/members with the revoked token = %d %v, want 401 with WWW-Authenticate", status, h)
	}
	code, out, _ = cli(t, env, "audit")
	if code != 0 || !strings.Contains(out, "bootstrap") || !strings.Contains(out, "PUT /api/v1/members/{id}") || !strings.Contains(out, "403") {
		t.Errorf("audit = %d\n%s: want the bootstrap's changes and the refused PUT", code, out)
	}
	if strings.Contains(out, "zoe@example.org") {
		t.Errorf("audit shows an email:\n%s", out)
	}
}
