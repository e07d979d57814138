package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
)

const suspendableYAML = `id: steward
name: Steward
description: Looks after the community's tools.
achievementType: Badge
suspendable: true
criteria:
  narrative: Appointed by the coordinators.
`

// terminalCLI runs a command as if standard input were a terminal on which
// the user types answer.
func terminalCLI(t *testing.T, answer string, env map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	m := NewMain(strings.NewReader(answer), &out, &errOut, func(k string) string { return env[k] })
	m.isTerminal = func() bool { return true }
	return m.Execute(context.Background(), args), out.String(), errOut.String()
}

func credentialStatusOf(t *testing.T, a *app, id string) string {
	t.Helper()
	_, _, body := a.do("GET", "/api/v1/credentials?member=olga", adminToken, "", "")
	var l struct{ Credentials []struct{ ID, Status string } }
	mustJSON(t, body, &l)
	for _, c := range l.Credentials {
		if c.ID == id {
			return c.Status
		}
	}
	t.Fatalf("no credential %s in %s", id, body)
	return ""
}

func TestRevokeSuspendCommands(t *testing.T) {
	dir := t.TempDir()
	a := startAppIn(t, dir, "")
	a.do("PUT", "/api/v1/achievements/steward", adminToken, "application/yaml", suspendableYAML)
	a.do("PUT", "/api/v1/achievements/project-trainer", adminToken, "application/yaml", trainerYAML)
	a.do("PUT", "/api/v1/members/olga", adminToken, "application/json", `{"name":"Olga","email":"olga@example.org"}`)
	issue := func(ach string) string {
		_, _, body := a.do("POST", "/api/v1/credentials", adminToken, "application/json", `{"achievement":"`+ach+`","member":"olga"}`)
		var c struct{ ID string }
		mustJSON(t, body, &c)
		return c.ID
	}
	steward, trainer := issue("steward"), issue("project-trainer")
	env := map[string]string{"ACCOLADE_SERVER": a.base, "ACCOLADE_TOKEN": adminToken}

	steps := []struct {
		name     string
		answer   string // "" runs without a terminal
		args     []string
		code     int
		want     string
		id       string
		status   string // the credential's status afterwards
		terminal bool
	}{
		{"suspend needs a reason", "", []string{"suspend", steward}, exitUsage, "--reason is required", steward, "active", false},
		{"suspend", "", []string{"suspend", steward, "--reason", "tools missing"}, exitOK, steward + ": suspended", steward, "suspended", false},
		{"unsuspend", "", []string{"unsuspend", steward}, exitOK, steward + ": active", steward, "active", false},
		{"suspend a non-suspendable one", "", []string{"suspend", trainer, "--reason", "x"}, exitFailure, "revoke the credential instead", trainer, "active", false},
		{"revoke without a terminal", "", []string{"revoke", trainer, "--reason", "issued by mistake"}, exitUsage, "pass --yes", trainer, "active", false},
		{"revoke answered no", "no\n", []string{"revoke", trainer, "--reason", "issued by mistake"}, exitFailure, "not revoked", trainer, "active", true},
		{"revoke answered yes", "yes\n", []string{"revoke", trainer, "--reason", "issued by mistake"}, exitOK, trainer + ": revoked", trainer, "revoked", true},
		{"revoke unknown", "", []string{"revoke", "urn:uuid:00000000-0000-4000-8000-000000000000", "--reason", "x", "--yes"}, exitFailure, "404", trainer, "revoked", false},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			var code int
			var out, errOut string
			if s.terminal {
				code, out, errOut = terminalCLI(t, s.answer, env, s.args...)
			} else {
				code, out, errOut = cli(t, env, s.args...)
			}
			if code != s.code || !strings.Contains(out+errOut, s.want) {
				t.Errorf("accolade %q = exit %d, want %d with %q\nstdout: %s\nstderr: %s", s.args, code, s.code, s.want, out, errOut)
			}
			if got := credentialStatusOf(t, a, s.id); got != s.status {
				t.Errorf("after accolade %q the credential is %s, want %s", s.args, got, s.status)
			}
		})
	}

	// Directly on the data directory, once the server has stopped.
	if err := a.m.Close(); err != nil {
		t.Fatal(err)
	}
	denv := map[string]string{"ACCOLADE_DATA": dir}
	code, out, errOut := cli(t, denv, "revoke", steward, "--reason", "left the community", "--yes")
	if code != 0 || !strings.Contains(out, steward+": revoked") || !strings.Contains(errOut, "directly in the data directory") {
		t.Errorf("revoke --yes on the data directory = %d\n%s%s", code, out, errOut)
	}
	code, out, errOut = cli(t, denv, "members", "list")
	if code != 0 || out != "olga\tOlga\tolga@example.org\n" {
		t.Errorf("members list = %d %q %s", code, out, errOut)
	}
}

func TestMembersListCommand(t *testing.T) {
	a := startApp(t)
	for _, m := range [][2]string{{"ana", "Ana Lima"}, {"olga", "Ольга Иванова"}, {"sam", "Sam Okafor"}} {
		b, _ := json.Marshal(map[string]string{"name": m[1], "email": m[0] + "@example.org"})
		a.do("PUT", "/api/v1/members/"+m[0], adminToken, "application/json", string(b))
	}
	env := map[string]string{"ACCOLADE_SERVER": a.base, "ACCOLADE_TOKEN": adminToken}
	code, out, errOut := cli(t, env, "members", "list")
	want := "ana\tAna Lima\tana@example.org\nolga\tОльга Иванова\tolga@example.org\nsam\tSam Okafor\tsam@example.org\n"
	if code != 0 || out != want || !strings.Contains(errOut, "through the server") {
		t.Errorf("members list = %d\n%q\nwant %q\n%s", code, out, want, errOut)
	}
	if code, out, _ := cli(t, env, "members", "list", "--q", "OKAFOR"); code != 0 || out != "sam\tSam Okafor\tsam@example.org\n" {
		t.Errorf("members list --q OKAFOR = %d %q", code, out)
	}
	if code, _, errOut := cli(t, env, "members"); code != exitUsage || !strings.Contains(errOut, "give the subcommand list") {
		t.Errorf("members = %d %q", code, errOut)
	}
}

func TestStatusCommandUsage(t *testing.T) {
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"revoke"}, exitUsage, "give one CREDENTIAL-ID"},
		{[]string{"revoke", "a", "b", "--reason", "x"}, exitUsage, "give one CREDENTIAL-ID"},
		{[]string{"revoke", "a"}, exitUsage, "--reason is required"},
		{[]string{"help", "revoke"}, exitOK, "-yes"},
		{[]string{"help", "suspend"}, exitOK, "-reason"},
		{[]string{"help", "members"}, exitOK, "-q TEXT"},
		{[]string{"members", "show"}, exitUsage, "give the subcommand list"},
	}
	for _, tt := range tests {
		code, out, errOut := cli(t, nil, tt.args...)
		if code != tt.code || !strings.Contains(out+errOut, tt.want) {
			t.Errorf("accolade %q = exit %d, want %d with %q\nstdout: %s\nstderr: %s", tt.args, code, tt.code, tt.want, out, errOut)
		}
	}
}
