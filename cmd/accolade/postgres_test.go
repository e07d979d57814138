package main

import (
	"net/http"
	"strings"
	"testing"

	"github.com/accolade-badges/accolade/internal/pgtest"
)

const pgPassphrase = "a passphrase the nodes share"

// TestPostgresMigrateFromData grows a newcomer's install onto PostgreSQL:
// a data directory made by init (keys sealed with its key file) with
// credentials, one revoked, is copied by accolade migrate --from-data into
// an empty database; serve then runs on the database alone (no data
// directory), verifies what was issued before (the revoked one revoked),
// and issues more. Before that: serve and init refuse an unmigrated
// database and a missing passphrase, naming what to do; and a second copy
// into the full database is refused.
func TestPostgresMigrateFromData(t *testing.T) {
	if !pgtest.Enabled() {
		t.Skipf("%s is not set: make test-pg runs this on a throwaway PostgreSQL", pgtest.EnvURL)
	}
	url := pgtest.URL(t)
	dir := t.TempDir()
	env := map[string]string{"ACCOLADE_DATA": dir, "ACCOLADE_BASE_URL": "http://127.0.0.1:8080"}
	if code, out, errOut := cli(t, env, "init", "--issuer-name", "Riverside"); code != 0 {
		t.Fatalf("init = %d\n%s%s", code, out, errOut)
	}
	a := startAppIn(t, dir, "http://127.0.0.1:8080")
	if code, _, body := a.do("PUT", "/api/v1/achievements/project-trainer", adminToken, "application/yaml", trainerYAML); code != http.StatusCreated {
		t.Fatalf("PUT achievement = %d %s", code, body)
	}
	var jwts []string
	for _, m := range []string{"ananya", "layla", "wei"} {
		if code, _, body := a.do("PUT", "/api/v1/members/"+m, adminToken, "application/json", `{"name":"`+m+`","email":"`+m+`@example.org"}`); code != http.StatusCreated {
			t.Fatalf("PUT member = %d %s", code, body)
		}
		code, _, body := a.do("POST", "/api/v1/credentials", adminToken, "application/json", `{"achievement":"project-trainer","member":"`+m+`"}`)
		var issued struct{ ID, JWT string }
		mustJSON(t, body, &issued)
		if code != http.StatusCreated {
			t.Fatalf("issue = %d %s", code, body)
		}
		jwts = append(jwts, issued.JWT)
		if m == "wei" {
			if code, _, body := a.do("POST", "/api/v1/credentials/"+issued.ID+"/revoke", adminToken, "application/json", `{"reason":"in error"}`); code != 200 {
				t.Fatalf("revoke = %d %s", code, body)
			}
		}
	}
	if err := a.m.Close(); err != nil {
		t.Fatal(err)
	}

	pg := map[string]string{"ACCOLADE_DATABASE_URL": url, "ACCOLADE_BASE_URL": "http://127.0.0.1:8080"}
	for _, tc := range []struct {
		name string
		env  map[string]string
		args []string
		want string
	}{
		{"serve before migrate", map[string]string{"ACCOLADE_KEY_PASSPHRASE": pgPassphrase}, []string{"serve"}, "run accolade migrate first"},
		{"init without a passphrase", nil, []string{"init", "--issuer-name", "X"}, "set ACCOLADE_KEY_PASSPHRASE"},
		{"migrate from data without a passphrase", nil, []string{"migrate", "--from-data", dir}, "ACCOLADE_KEY_PASSPHRASE"},
		{"migrate a bad URL", map[string]string{"ACCOLADE_DATABASE_URL": "mysql://x:secret@db/x"}, []string{"migrate"}, "give a postgres:// URL"},
	} {
		e := map[string]string{}
		for k, v := range pg {
			e[k] = v
		}
		for k, v := range tc.env {
			e[k] = v
		}
		code, out, errOut := cli(t, e, tc.args...)
		if code == 0 || !strings.Contains(errOut, tc.want) || strings.Contains(errOut+out, "secret") {
			t.Errorf("%s: exit %d, want a refusal with %q and no password\n%s%s", tc.name, code, tc.want, out, errOut)
		}
	}

	pg["ACCOLADE_KEY_PASSPHRASE"] = pgPassphrase
	code, out, errOut := cli(t, pg, "migrate", "--from-data", dir)
	if code != 0 || !strings.Contains(out, "copied ") || !strings.Contains(out, "credentials   3") ||
		!strings.Contains(out, "sealed with ACCOLADE_KEY_PASSPHRASE") || !strings.Contains(out, "verified 3 credentials from the copy: 2 valid, 1 revoked") {
		t.Fatalf("migrate --from-data = %d\n%s%s", code, out, errOut)
	}
	t.Logf("accolade migrate --from-data:\n%s", out)
	if strings.Contains(out+errOut, "127.0.0.1:") && strings.Contains(out+errOut, "@") {
		t.Errorf("migrate printed the database URL's user part:\n%s%s", out, errOut)
	}
	if code, out, errOut := cli(t, pg, "migrate", "--from-data", dir); code == 0 || !strings.Contains(errOut, "not empty") {
		t.Errorf("a second migrate --from-data = %d, want a refusal\n%s%s", code, out, errOut)
	}
	if code, out, errOut := cli(t, pg, "migrate"); code != 0 || !strings.Contains(out, "has this release's schema") {
		t.Errorf("migrate again = %d\n%s%s", code, out, errOut)
	}

	// serve on the database, with an empty data directory.
	b := startMain(t, t.TempDir(), "http://127.0.0.1:8080", func(m *Main) {
		m.Config.DatabaseURL, m.Config.KeyPassphrase = url, pgPassphrase
	})
	for i, jwt := range jwts {
		v := postVerify(t, b, "application/jwt", []byte(jwt))
		want := map[bool]string{true: "revoked", false: "valid"}[i == 2]
		if v.Outcome != want {
			t.Errorf("credential %d on PostgreSQL: %s (%s), want %s", i, v.Outcome, v.Summary, want)
		}
	}
	if code, _, body := b.do("PUT", "/api/v1/members/olga", adminToken, "application/json", `{"name":"Olga","email":"olga@example.org"}`); code != http.StatusCreated {
		t.Fatalf("PUT member on PostgreSQL = %d %s", code, body)
	}
	code, _, body := b.do("POST", "/api/v1/credentials", adminToken, "application/json", `{"achievement":"project-trainer","member":"olga"}`)
	var issued struct{ ID, JWT string }
	mustJSON(t, body, &issued)
	if code != http.StatusCreated {
		t.Fatalf("issue on PostgreSQL = %d %s", code, body)
	}
	if v := postVerify(t, b, "application/jwt", []byte(issued.JWT)); v.Outcome != "valid" {
		t.Errorf("a credential issued on PostgreSQL: %s (%s)", v.Outcome, v.Summary)
	}
	if code, _, body := b.do("POST", "/api/v1/credentials", adminToken, "application/json", `{"achievement":"project-trainer","member":"olga"}`); code == http.StatusCreated {
		t.Errorf("a second credential for the same member and achievement = %d %s", code, body)
	}
}
