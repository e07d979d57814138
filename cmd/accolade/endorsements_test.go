package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// TestEndorsementsCLI: north endorses the default community's profile
// directly; the endorsement is listed, withdrawn and attached again
// through a server (its JSON, as received from outside); a tampered
// copy, a file that is not JSON and one kept already are refused, saying
// why and changing nothing; then, directly again, it is withdrawn.
func TestEndorsementsCLI(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"ACCOLADE_DATA": dir, "ACCOLADE_BASE_URL": "https://badges.example.org"}
	if code, out, errOut := cli(t, env, "init", "--issuer-name", "Riverside"); code != 0 {
		t.Fatalf("init = %d\n%s%s", code, out, errOut)
	}
	if code, out, errOut := cli(t, env, "issuers", "create", "north", "--name", "North Time Bank"); code != 0 {
		t.Fatalf("issuers create north = %d\n%s%s", code, out, errOut)
	}
	const profile = "did:web:badges.example.org:issuers:default"
	code, out, errOut := cli(t, env, "endorsements", "issue", "--issuer", "north", "--subject", profile, "--comment", "Trusted neighbours")
	if code != 0 || !strings.Contains(out, "North Time Bank") || !strings.Contains(out, "Trusted neighbours") || !strings.Contains(errOut, "directly in") {
		t.Fatalf("endorsements issue = %d\n%s%s", code, out, errOut)
	}
	id := strings.Fields(strings.Split(out, "\n")[1])[0]
	if code, _, errOut := cli(t, env, "endorsements", "issue", "--issuer", "north", "--subject", "https://badges.example.org/achievements/nope"); code != exitUsage || !strings.Contains(errOut, "nope") {
		t.Errorf("endorsements issue of nothing here = %d %q, want a usage error naming it", code, errOut)
	}
	for _, community := range []string{"default", "north"} {
		if code, out, _ := cli(t, env, "endorsements", "list", "--issuer", community); code != 0 || !strings.Contains(out, id) || !strings.Contains(out, "issued ") {
			t.Errorf("endorsements list --issuer %s = %d\n%s", community, code, out)
		}
	}

	a := startAppIn(t, dir, "https://badges.example.org")
	env["ACCOLADE_TOKEN"] = adminToken
	_, _, body := a.do("GET", "/api/v1/endorsements?subject="+profile, adminToken, "", "")
	var kept []struct {
		Credential json.RawMessage `json:"credential"`
	}
	if err := json.Unmarshal([]byte(body), &kept); err != nil || len(kept) != 1 {
		t.Fatalf("GET /api/v1/endorsements = %s, %v", body, err)
	}
	files := writeFiles(t, map[string]string{"e.json": string(kept[0].Credential),
		"tampered.json": strings.Replace(string(kept[0].Credential), "Trusted neighbours", "Trusted friends", 1),
		"bad.json":      `{"@context": [`})
	if code, out, errOut := cli(t, env, "endorsements", "delete", id, "--server", a.base); code != 0 || !strings.Contains(out, "withdrew endorsement "+id) || !strings.Contains(errOut, "through the server") {
		t.Errorf("endorsements delete --server = %d\n%s%s", code, out, errOut)
	}
	noneKept := func(when string) {
		t.Helper()
		if code, out, errOut := cli(t, env, "endorsements", "list", "--subject", profile, "--server", a.base); code != 0 || strings.Contains(out, id) || !strings.Contains(errOut, "0 endorsements") {
			t.Errorf("endorsements list %s = %d\n%s%s, want none", when, code, out, errOut)
		}
	}
	noneKept("after delete")
	for _, tc := range []struct {
		file string
		code int
		want string
	}{
		{"tampered.json", exitUsage, "the endorsement does not verify: proof"},
		{"bad.json", exitUsage, "not JSON"},
	} {
		code, out, errOut := cli(t, env, "endorsements", "attach", filepath.Join(files, tc.file), "--server", a.base)
		if code != tc.code || !strings.Contains(errOut, tc.want) || strings.Contains(errOut, "panic") {
			t.Errorf("endorsements attach %s = %d %q, want %d with %q\n%s", tc.file, code, errOut, tc.code, tc.want, out)
		}
		noneKept("after attaching " + tc.file)
	}
	if code, out, errOut := cli(t, env, "endorsements", "attach", filepath.Join(files, "e.json"), "--server", a.base); code != 0 || !strings.Contains(out, id) || !strings.Contains(errOut, "verified and kept") {
		t.Errorf("endorsements attach --server = %d\n%s%s", code, out, errOut)
	}
	if code, _, errOut := cli(t, env, "endorsements", "attach", filepath.Join(files, "e.json"), "--server", a.base); code != exitFailure || !strings.Contains(errOut, "already kept") {
		t.Errorf("endorsements attach again = %d %q, want it already kept", code, errOut)
	}
	if err := a.m.Close(); err != nil {
		t.Fatal(err)
	}
	delete(env, "ACCOLADE_TOKEN")
	if code, out, _ := cli(t, env, "endorsements", "list", "--subject", profile); code != 0 || !strings.Contains(out, "received ") || !strings.Contains(out, "Trusted neighbours") {
		t.Errorf("endorsements list directly = %d\n%s", code, out)
	}
	if code, _, errOut := cli(t, env, "endorsements", "delete", id); code != 0 {
		t.Errorf("endorsements delete directly = %d %s", code, errOut)
	}
	if code, _, errOut := cli(t, env, "endorsements", "delete", id); code != exitFailure || !strings.Contains(errOut, "no endorsement") {
		t.Errorf("endorsements delete again = %d %q, want not found", code, errOut)
	}
}
