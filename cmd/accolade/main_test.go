package main

import (
	"bytes"
	"context"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"io"
	"math/big"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/accolade-badges/accolade/internal/pgtest"
	"github.com/accolade-badges/accolade/internal/spectest"
	"github.com/accolade-badges/accolade/internal/testutil"
	"github.com/accolade-badges/accolade/store"
)

const adminToken = "test-admin-token"

// app is a running Main on a free port.
type app struct {
	t    *testing.T
	m    *Main
	base string
	dir  string
	// databaseURL is the PostgreSQL store startApp gave it under make
	// test-pg, "" for the data directory's.
	databaseURL string
}

// storeEnv is the environment of a command that opens the app's store
// directly (no server): its data directory, or its database and the
// passphrase of its keys.
func (a *app) storeEnv() map[string]string {
	if a.databaseURL != "" {
		return map[string]string{"ACCOLADE_DATABASE_URL": a.databaseURL, "ACCOLADE_KEY_PASSPHRASE": pgPassphrase, "ACCOLADE_BASE_URL": a.base}
	}
	return map[string]string{"ACCOLADE_DATA": a.dir, "ACCOLADE_BASE_URL": a.base}
}

// startApp starts Main on a fresh store: a new data directory, or under
// make test-pg (ACCOLADE_TEST_DATABASE_URL) a new PostgreSQL schema made
// by store.Migrate, with the keys sealed by a passphrase, as a node of a
// shared database runs.
func startApp(t *testing.T, extraArgs ...string) *app {
	t.Helper()
	if u := pgtest.URL(t); u != "" {
		if _, err := store.Migrate(u); err != nil {
			t.Fatalf("store.Migrate: %v", err)
		}
		a := startMain(t, t.TempDir(), "", func(m *Main) {
			m.Config.DatabaseURL, m.Config.KeyPassphrase = u, pgPassphrase
		}, extraArgs...)
		a.databaseURL = u
		return a
	}
	return startAppIn(t, t.TempDir(), "", extraArgs...)
}

func startAppIn(t *testing.T, dir, baseURL string, extraArgs ...string) *app {
	t.Helper()
	return startMain(t, dir, baseURL, func(*Main) {}, extraArgs...)
}

// startMain starts Main on a free port with the data directory, base URL
// and flags given, after change has adjusted it.
func startMain(t *testing.T, dir, baseURL string, change func(*Main), extraArgs ...string) *app {
	t.Helper()
	env := map[string]string{"ACCOLADE_ADMIN_TOKEN": adminToken, "ACCOLADE_BASE_URL": baseURL}
	var stderr bytes.Buffer
	m := NewMain(strings.NewReader(""), io.Discard, &stderr, func(k string) string { return env[k] })
	args := append([]string{"--data", dir, "--addr", "127.0.0.1:0"}, extraArgs...)
	if err := m.ParseFlags(args); err != nil {
		t.Fatalf("ParseFlags: %v", err)
	}
	change(m)
	if err := m.Run(context.Background()); err != nil {
		t.Fatalf("Run: %v\n%s", err, stderr.String())
	}
	t.Cleanup(func() {
		if err := m.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return &app{t: t, m: m, base: "http://" + m.Addr(), dir: dir}
}

// do sends a request and returns the status and body.
func (a *app) do(method, path, token, contentType, body string) (int, http.Header, []byte) {
	a.t.Helper()
	req, err := http.NewRequest(method, a.base+path, strings.NewReader(body))
	if err != nil {
		a.t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		a.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, b
}

// cli runs an accolade command in-process and returns its exit code and output.
func cli(t *testing.T, env map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	m := NewMain(strings.NewReader(""), &out, &errOut, func(k string) string { return env[k] })
	code := m.Execute(context.Background(), args)
	return code, out.String(), errOut.String()
}

const trainerYAML = `id: project-trainer
name: Project Trainer
description: Recognises volunteers who train others on community projects.
achievementType: Certificate
validFor: 730d
criteria:
  narrative: Ran at least 3 confirmed workshops.
`

func TestEndToEnd(t *testing.T) {
	a := startApp(t)

	// Define an achievement and a member.
	if code, _, body := a.do("PUT", "/api/v1/achievements/project-trainer", adminToken, "application/yaml", trainerYAML); code != http.StatusCreated {
		t.Fatalf("PUT achievement = %d %s, want 201", code, body)
	}
	if code, _, body := a.do("PUT", "/api/v1/members/ananya", adminToken, "application/json",
		`{"name":"अनन्या शर्मा","email":"Ananya@Example.org","lang":"hi"}`); code != http.StatusCreated {
		t.Fatalf("PUT member = %d %s, want 201", code, body)
	}

	// Issue a credential.
	code, _, body := a.do("POST", "/api/v1/credentials", adminToken, "application/json", `{"achievement":"project-trainer","member":"ananya"}`)
	if code != http.StatusCreated {
		t.Fatalf("POST credential = %d %s, want 201", code, body)
	}
	var issued struct{ ID, URL, JWT string }
	mustJSON(t, body, &issued)
	if issued.URL != a.base+"/credentials/"+issued.ID || strings.Count(issued.JWT, ".") != 2 {
		t.Fatalf("issued = %+v", issued)
	}

	// Fetch the JWT and the JSON.
	code, hdr, jwt := a.do("GET", "/credentials/"+issued.ID+".jwt", "", "", "")
	if code != 200 || string(jwt) != issued.JWT || !strings.HasPrefix(hdr.Get("Content-Type"), "text/plain") {
		t.Fatalf("GET .jwt = %d %q %s", code, hdr.Get("Content-Type"), jwt)
	}
	code, hdr, credJSON := a.do("GET", "/credentials/"+issued.ID+".json", "", "", "")
	if code != 200 || hdr.Get("Content-Type") != "application/vc+ld+json" {
		t.Fatalf("GET .json = %d %q", code, hdr.Get("Content-Type"))
	}
	spectest.ValidateCredential(t, credJSON)
	if strings.Contains(strings.ToLower(string(credJSON)+string(jwt)), "ananya@example.org") {
		t.Errorf("the member's email appears in the credential")
	}
	checkHTMLPage(t, a, issued.ID)

	// Verify through the API and the CLI.
	assertVerified(t, a, string(jwt), true, "")
	jwtFile := filepath.Join(t.TempDir(), "badge.jwt")
	writeFile(t, jwtFile, jwt)
	if code, out, errOut := cli(t, nil, "verify", jwtFile, "--server", a.base); code != 0 {
		t.Errorf("accolade verify (valid) exit = %d\n%s%s", code, out, errOut)
	}

	// Tamper with one character of the payload.
	bad := testutil.Tamper(string(jwt))
	assertVerified(t, a, bad, false, "signature")
	writeFile(t, jwtFile, []byte(bad))
	if code, out, _ := cli(t, nil, "verify", jwtFile, "--server", a.base); code != 1 || !strings.Contains(out, "NOT VALID") {
		t.Errorf("accolade verify (tampered) exit = %d, want 1\n%s", code, out)
	}

	// Cross-check the signature independently of the JOSE library.
	verifyWithJWKS(t, a, string(jwt))
	verifyWithNode(t, a, string(jwt))

	// The credential list.
	code, _, body = a.do("GET", "/api/v1/credentials?member=ananya", adminToken, "", "")
	var list struct {
		Credentials []struct{ ID, Achievement, Member, Status string } `json:"credentials"`
	}
	mustJSON(t, body, &list)
	if code != 200 || len(list.Credentials) != 1 || list.Credentials[0].Status != "active" {
		t.Fatalf("GET credentials = %d %s", code, body)
	}

	// Revoking makes verification fail with a status check.
	if code, _, body := a.do("POST", "/api/v1/credentials/"+issued.ID+"/revoke", adminToken, "application/json", `{"reason":"issued in error"}`); code != 200 {
		t.Fatalf("revoke = %d %s", code, body)
	}
	assertVerified(t, a, string(jwt), false, "status")
}

func TestAdminAuthAndBadInput(t *testing.T) {
	a := startApp(t)
	for _, tok := range []string{"", "wrong"} {
		code, hdr, body := a.do("PUT", "/api/v1/members/x", tok, "application/json", `{"name":"X","email":"x@example.org"}`)
		if code != http.StatusUnauthorized || hdr.Get("Content-Type") != "application/problem+json" {
			t.Errorf("token %q: status %d %q %s, want 401 problem", tok, code, hdr.Get("Content-Type"), body)
		}
	}
	tests := []struct {
		name, method, path, ct, body, field string
		status                              int
	}{
		{"not JSON", "PUT", "/api/v1/members/x", "application/json", `{"name":`, "", 400},
		{"unknown field", "PUT", "/api/v1/members/x", "application/json", `{"name":"X","email":"x@example.org","mail":"y"}`, "mail", 400},
		{"bad email", "PUT", "/api/v1/members/x", "application/json", `{"name":"X","email":"nope"}`, "email", 400},
		{"wrong type", "PUT", "/api/v1/members/x", "application/json", `{"name":3,"email":"x@example.org"}`, "name", 400},
		{"bad achievement", "PUT", "/api/v1/achievements/x", "application/yaml", "id: x\nname: X\n  bad indent", "", 400},
		{"id mismatch", "PUT", "/api/v1/achievements/x", "application/yaml", strings.Replace(trainerYAML, "project-trainer", "other", 1), "id", 400},
		{"issue unknown member", "POST", "/api/v1/credentials", "application/json", `{"achievement":"a","member":"nobody"}`, "", 400},
		{"issue missing field", "POST", "/api/v1/credentials", "application/json", `{"achievement":"a"}`, "member", 400},
		{"too large", "PUT", "/api/v1/members/x", "application/json", `{"name":"` + strings.Repeat("a", 2<<20) + `"}`, "", 413},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, hdr, body := a.do(tt.method, tt.path, adminToken, tt.ct, tt.body)
			var p struct {
				Status int
				Detail string
				Field  string
			}
			mustJSON(t, body, &p)
			if code != tt.status || hdr.Get("Content-Type") != "application/problem+json" || p.Status != tt.status || p.Detail == "" {
				t.Errorf("%s %s = %d %q %s, want %d problem", tt.method, tt.path, code, hdr.Get("Content-Type"), body, tt.status)
			}
			if tt.field != "" && p.Field != tt.field {
				t.Errorf("problem field = %q, want %q (%s)", p.Field, tt.field, p.Detail)
			}
		})
	}
	// Nothing was stored by the rejected requests.
	if code, _, _ := a.do("GET", "/api/v1/members/x", adminToken, "", ""); code != 404 {
		t.Errorf("GET member after rejected PUTs = %d, want 404", code)
	}
	if code, _, _ := a.do("GET", "/achievements/x", "", "", ""); code != 404 {
		t.Errorf("GET achievement after rejected PUTs = %d, want 404", code)
	}
	_, _, body := a.do("GET", "/api/v1/credentials", adminToken, "", "")
	if !bytes.Contains(body, []byte(`"credentials": []`)) {
		t.Errorf("credentials after rejected requests: %s", body)
	}
}

func checkHTMLPage(t *testing.T, a *app, id string) {
	t.Helper()
	req, _ := http.NewRequest("GET", a.base+"/credentials/"+id, nil)
	req.Header.Set("Accept", "text/html")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	page := string(b)
	if resp.StatusCode != 200 || !strings.Contains(page, "अनन्या शर्मा") || !strings.Contains(page, "Project Trainer") {
		t.Errorf("credential page = %d, want the recipient's name and the achievement:\n%.500s", resp.StatusCode, page)
	}
	if strings.Contains(strings.ToLower(page), "ananya@example.org") {
		t.Errorf("credential page shows the member's email")
	}
}

func assertVerified(t *testing.T, a *app, jwt string, want bool, failedCheck string) {
	t.Helper()
	code, _, body := a.do("POST", "/api/v1/verify", "", "text/plain", jwt)
	var v struct {
		Verified bool
		Checks   []struct{ Check, Status, Message string }
	}
	mustJSON(t, body, &v)
	if code != 200 || v.Verified != want {
		t.Fatalf("POST /api/v1/verify = %d verified %v, want %v\n%s", code, v.Verified, want, body)
	}
	if failedCheck == "" {
		return
	}
	for _, c := range v.Checks {
		if c.Check == failedCheck && c.Status == "fail" {
			return
		}
	}
	t.Errorf("verdict has no failed %q check: %s", failedCheck, body)
}

// verifyWithJWKS verifies an RS256 JWT with crypto/rsa and a key taken from
// the published JWKS by kid: no JOSE library involved.
func verifyWithJWKS(t *testing.T, a *app, jwt string) {
	t.Helper()
	var header struct{ Alg, Kid string }
	parts := strings.Split(jwt, ".")
	mustJSON(t, b64(t, parts[0]), &header)
	_, _, body := a.do("GET", "/.well-known/jwks.json", "", "", "")
	var set struct {
		Keys []struct{ Kid, Kty, N, E string } `json:"keys"`
	}
	mustJSON(t, body, &set)
	for _, k := range set.Keys {
		if k.Kid != header.Kid {
			continue
		}
		pub := &rsa.PublicKey{N: new(big.Int).SetBytes(b64(t, k.N)), E: int(new(big.Int).SetBytes(b64(t, k.E)).Int64())}
		sum := sha256.Sum256([]byte(parts[0] + "." + parts[1]))
		if err := rsa.VerifyPKCS1v15(pub, 5 /* crypto.SHA256 */, sum[:], b64(t, parts[2])); err != nil {
			t.Errorf("JWT does not verify with the JWKS key: %v", err)
		}
		// The kid dereferences to the same key.
		_, _, one := a.do("GET", strings.TrimPrefix(header.Kid, a.base), "", "", "")
		if !bytes.Contains(one, []byte(k.N)) {
			t.Errorf("kid %s does not dereference to the key: %s", header.Kid, one)
		}
		return
	}
	t.Errorf("kid %q not in the JWKS: %s", header.Kid, body)
}

// verifyWithNode verifies the JWT with Node.js's crypto, an implementation
// independent of Go's. Skipped when node is not installed.
func verifyWithNode(t *testing.T, a *app, jwt string) {
	t.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		t.Log("node not installed: skipping the Node.js cross-check")
		return
	}
	_, _, jwks := a.do("GET", "/.well-known/jwks.json", "", "", "")
	script := `
const crypto = require('crypto');
const [jwt, jwks] = [process.argv[1], JSON.parse(process.argv[2])];
const [h, p, s] = jwt.split('.');
const header = JSON.parse(Buffer.from(h, 'base64url'));
const jwk = jwks.keys.find(k => k.kid === header.kid);
const key = crypto.createPublicKey({key: jwk, format: 'jwk'});
const ok = crypto.verify('sha256', Buffer.from(h + '.' + p), key, Buffer.from(s, 'base64url'));
process.stdout.write(ok ? 'valid' : 'invalid');`
	out, err := exec.Command(node, "-e", script, jwt, string(jwks)).CombinedOutput()
	if err != nil || string(out) != "valid" {
		t.Errorf("Node.js crypto.verify = %q (%v), want valid", out, err)
	}
	out, _ = exec.Command(node, "-e", script, testutil.Tamper(jwt), string(jwks)).CombinedOutput()
	if string(out) != "invalid" {
		t.Errorf("Node.js accepted a tampered JWT: %q", out)
	}
}

func b64(t *testing.T, s string) []byte {
	t.Helper()
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func mustJSON(t *testing.T, b []byte, v any) {
	t.Helper()
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("not JSON (%v): %.300s", err, b)
	}
}

func writeFile(t *testing.T, path string, b []byte) {
	t.Helper()
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestDemoRestartAddsNothing(t *testing.T) {
	dir := t.TempDir()
	count := func() (int, string) {
		a := startAppIn(t, dir, "", "--demo")
		defer a.m.Close()
		_, _, body := a.do("GET", "/api/v1/credentials", adminToken, "", "")
		_, _, prog := a.do("GET", "/api/v1/members/olga/progress", adminToken, "", "")
		return strings.Count(string(body), `"id"`), string(prog)
	}
	first, prog := count()
	second, _ := count()
	if first == 0 || first != second {
		t.Errorf("demo credentials: %d on the first start, %d after a restart; want the same, more than 0", first, second)
	}
	// The demo shows one member who earned Project Trainer and one part-way.
	if !strings.Contains(prog, "2 of 3") {
		t.Errorf("olga's progress does not show 2 of 3 workshops: %s", prog)
	}
	a := startAppIn(t, dir, "")
	_, _, kwame := a.do("GET", "/api/v1/credentials?member=kwame&achievement=project-trainer", adminToken, "", "")
	if strings.Count(string(kwame), `"id"`) != 1 {
		t.Errorf("kwame has no Project Trainer credential from the demo activity: %s", kwame)
	}
}
