package main

import (
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const mentorCycleYAML = `id: mentor
name: Mentor
description: Mentors others.
reviewers: mentor
criteria:
  rule:
    any:
      - attestations:
          fromHoldersOf: mentor
          count: 2
      - holds: senior
`

const seniorYAML = `id: senior
name: Senior Trainer
description: Trains trainers.
criteria:
  rule:
    all:
      - exchanges:
          role: teacher
          count: 5
      - attestations:
          fromHoldersOf: mentor
          count: 1
`

const typoYAML = `id: helper
name: Helper
description: Helps.
criteria:
  rule:
    attestations:
      fromHoldersOf: mentr
      count: 1
`

func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestAchievementReferences(t *testing.T) {
	a := startApp(t)
	env := map[string]string{"ACCOLADE_TOKEN": adminToken}
	dir := writeFiles(t, map[string]string{"mentor.yaml": mentorCycleYAML, "senior.yaml": seniorYAML, "helper.yaml": typoYAML})
	srv := []string{"--server", a.base}

	// Alone, mentor refers to senior, which does not exist: nothing is loaded.
	code, out, errOut := cli(t, env, append([]string{"achievements", "load", filepath.Join(dir, "mentor.yaml")}, srv...)...)
	if code == 0 || !strings.Contains(errOut, "mentor.yaml:11: criteria.rule.any[1].holds: there is no achievement \"senior\"") || strings.Contains(out, "loaded") {
		t.Fatalf("loading mentor alone = %d\n%s%s", code, out, errOut)
	}
	if code, _, _ := a.do("GET", "/achievements/mentor", "", "", ""); code != http.StatusNotFound {
		t.Errorf("mentor was loaded although it refers to an unknown achievement")
	}
	// Together, they may refer to each other (and mentor to itself).
	code, out, errOut = cli(t, env, append([]string{"achievements", "load", filepath.Join(dir, "mentor.yaml"), filepath.Join(dir, "senior.yaml")}, srv...)...)
	if code != 0 || strings.Count(out, "loaded") != 2 {
		t.Fatalf("loading mentor and senior together = %d\n%s%s", code, out, errOut)
	}
	// A typo is refused with a suggestion, by the CLI and by the API.
	code, out, errOut = cli(t, env, append([]string{"achievements", "load", filepath.Join(dir, "helper.yaml")}, srv...)...)
	if code == 0 || !strings.Contains(errOut, `helper.yaml:7: criteria.rule.attestations.fromHoldersOf: there is no achievement "mentr" (did you mean "mentor"?)`) {
		t.Errorf("loading a typo = %d\n%s%s", code, out, errOut)
	}
	code, _, body := a.do("PUT", "/api/v1/achievements/helper", adminToken, "application/yaml", typoYAML)
	if code != http.StatusBadRequest || !strings.Contains(string(body), `request body:7: criteria.rule.attestations.fromHoldersOf: there is no achievement \"mentr\" (did you mean \"mentor\"?)`) {
		t.Errorf("PUT with a typo = %d %s, want 400 naming the line and suggesting mentor", code, body)
	}
	fixed := strings.Replace(typoYAML, "mentr", "mentor", 1)
	if code, _, body := a.do("PUT", "/api/v1/achievements/helper", adminToken, "application/yaml", fixed); code != http.StatusCreated {
		t.Errorf("PUT fixed = %d %s, want 201", code, body)
	}
	// The batch endpoint checks the same way.
	batch, _ := json.Marshal(map[string]any{"files": []map[string]string{{"name": "helper.yaml", "content": typoYAML}}})
	if code, _, body := a.do("POST", "/api/v1/achievements", adminToken, "application/json", string(batch)); code != http.StatusBadRequest || !strings.Contains(string(body), "helper.yaml:7") {
		t.Errorf("POST batch with a typo = %d %s, want 400 naming helper.yaml:7", code, body)
	}
}

type achievementPage struct {
	Achievements []struct {
		ID        string `json:"id"`
		Published bool   `json:"published"`
	} `json:"achievements"`
	Next string `json:"next"`
}

func listPage(t *testing.T, a *app, query string) achievementPage {
	t.Helper()
	code, _, body := a.do("GET", "/api/v1/achievements"+query, adminToken, "", "")
	if code != http.StatusOK {
		t.Fatalf("GET /api/v1/achievements%s = %d %s", query, code, body)
	}
	var p achievementPage
	if err := json.Unmarshal(body, &p); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestAchievementPublishDeleteAPI(t *testing.T) {
	a := startApp(t)
	for _, id := range []string{"alpha", "beta", "gamma"} {
		y := "id: " + id + "\nname: Badge " + strings.ToUpper(id) + "\ndescription: d\n"
		if code, _, body := a.do("PUT", "/api/v1/achievements/"+id, adminToken, "application/yaml", y); code != http.StatusCreated {
			t.Fatalf("PUT %s = %d %s", id, code, body)
		}
	}
	a.do("PUT", "/api/v1/members/ana", adminToken, "application/json", `{"name":"Ana","email":"ana@example.org"}`)
	code, _, body := a.do("POST", "/api/v1/credentials", adminToken, "application/json", `{"achievement":"beta","member":"ana"}`)
	if code != http.StatusCreated {
		t.Fatalf("issue beta = %d %s", code, body)
	}
	var cred struct{ ID, JWT string }
	_ = json.Unmarshal(body, &cred)

	// Paginated and searchable list.
	if p := listPage(t, a, "?limit=2"); len(p.Achievements) != 2 || p.Next != "beta" {
		t.Errorf("first page = %+v, want alpha, beta and next beta", p)
	}
	if p := listPage(t, a, "?limit=2&after=beta"); len(p.Achievements) != 1 || p.Achievements[0].ID != "gamma" || p.Next != "" {
		t.Errorf("second page = %+v, want gamma only", p)
	}
	if p := listPage(t, a, "?q=badge+GAM"); len(p.Achievements) != 1 || p.Achievements[0].ID != "gamma" {
		t.Errorf("search = %+v, want gamma", p)
	}
	if code, _, _ := a.do("GET", "/api/v1/achievements?limit=0", adminToken, "", ""); code != http.StatusBadRequest {
		t.Errorf("limit=0 = %d, want 400", code)
	}

	// Unpublish beta: hidden from the home and issuer pages, page and credential still work, no new credentials.
	if code, _, body := a.do("POST", "/api/v1/achievements/beta/unpublish", adminToken, "", ""); code != http.StatusOK || !strings.Contains(string(body), `"published": false`) {
		t.Fatalf("unpublish = %d %s", code, body)
	}
	if p := listPage(t, a, "?q=beta"); len(p.Achievements) != 1 || p.Achievements[0].Published {
		t.Errorf("list after unpublish = %+v, want beta unpublished", p)
	}
	for _, page := range []string{"/", "/issuers/default"} {
		if code, body := htmlGet(t, a, page); code != http.StatusOK || strings.Contains(body, "Badge BETA") || !strings.Contains(body, "Badge ALPHA") {
			t.Errorf("GET %s after unpublish = %d, lists beta or not alpha", page, code)
		}
	}
	if code, body := htmlGet(t, a, "/achievements/beta"); code != http.StatusOK || !strings.Contains(body, "Badge BETA") {
		t.Errorf("GET /achievements/beta unpublished = %d, want its page", code)
	}
	if code, _, _ := a.do("GET", "/credentials/"+cred.ID+".json", "", "", ""); code != http.StatusOK {
		t.Errorf("credential of an unpublished achievement = %d, want 200", code)
	}
	if code, _, body := a.do("POST", "/api/v1/verify", "", "text/plain", cred.JWT); code != http.StatusOK || !strings.Contains(string(body), `"verified": true`) {
		t.Errorf("verifying a credential of an unpublished achievement = %d %s", code, body)
	}
	a.do("PUT", "/api/v1/members/bo", adminToken, "application/json", `{"name":"Bo","email":"bo@example.org"}`)
	if code, _, body := a.do("POST", "/api/v1/credentials", adminToken, "application/json", `{"achievement":"beta","member":"bo"}`); code != http.StatusConflict || !strings.Contains(string(body), "unpublished") {
		t.Errorf("issuing an unpublished achievement = %d %s, want 409", code, body)
	}
	// Replacing it keeps it unpublished.
	a.do("PUT", "/api/v1/achievements/beta", adminToken, "application/yaml", "id: beta\nname: Badge BETA\ndescription: changed\n")
	if p := listPage(t, a, "?q=beta"); p.Achievements[0].Published {
		t.Errorf("replacing an unpublished achievement published it")
	}
	if code, _, _ := a.do("POST", "/api/v1/achievements/beta/publish", adminToken, "", ""); code != http.StatusOK {
		t.Errorf("publish = %d", code)
	}
	if code, _, body := a.do("POST", "/api/v1/credentials", adminToken, "application/json", `{"achievement":"beta","member":"bo"}`); code != http.StatusCreated {
		t.Errorf("issuing after publish = %d %s, want 201", code, body)
	}

	// Delete: refused with credentials, saying how many; done without.
	if code, _, body := a.do("DELETE", "/api/v1/achievements/beta", adminToken, "", ""); code != http.StatusConflict || !strings.Contains(string(body), "2 credentials have been issued") {
		t.Errorf("delete beta = %d %s, want 409 saying 2 credentials", code, body)
	}
	if code, _, body := a.do("DELETE", "/api/v1/achievements/gamma", adminToken, "", ""); code != http.StatusNoContent {
		t.Errorf("delete gamma = %d %s, want 204", code, body)
	}
	if code, _, _ := a.do("GET", "/achievements/gamma", "", "", ""); code != http.StatusNotFound {
		t.Errorf("gamma after delete = %d, want 404", code)
	}
	if code, _, _ := a.do("DELETE", "/api/v1/achievements/gamma", adminToken, "", ""); code != http.StatusNotFound {
		t.Errorf("deleting gamma again = %d, want 404", code)
	}
	if code, _, _ := a.do("POST", "/api/v1/achievements/alpha/hide", adminToken, "", ""); code != http.StatusNotFound {
		t.Errorf("unknown action = %d, want 404", code)
	}
}

func htmlGet(t *testing.T, a *app, path string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest("GET", a.base+path, nil)
	req.Header.Set("Accept", "text/html")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var b strings.Builder
	_, _ = io.Copy(&b, resp.Body)
	return resp.StatusCode, b.String()
}

func TestAchievementsCLIDirect(t *testing.T) {
	data := t.TempDir()
	env := map[string]string{"ACCOLADE_DATA": data}
	if code, out, errOut := cli(t, env, "init", "--issuer-name", "Test"); code != 0 {
		t.Fatalf("init = %d\n%s%s", code, out, errOut)
	}
	dir := writeFiles(t, map[string]string{"mentor.yaml": mentorCycleYAML, "senior.yaml": seniorYAML})
	if code, out, errOut := cli(t, env, "achievements", "load", filepath.Join(dir, "senior.yaml"), filepath.Join(dir, "mentor.yaml")); code != 0 || !strings.Contains(errOut, "directly") {
		t.Fatalf("load = %d\n%s%s", code, out, errOut)
	}
	if code, out, _ := cli(t, env, "achievements", "unpublish", "senior"); code != 0 || !strings.Contains(out, "senior unpublished") {
		t.Errorf("unpublish = %d %s", code, out)
	}
	code, out, errOut := cli(t, env, "achievements", "list")
	if code != 0 || !strings.Contains(out, "senior") || !strings.Contains(out, "unpublished") || !strings.Contains(errOut, "2 achievements") {
		t.Errorf("list = %d\n%s%s", code, out, errOut)
	}
	if code, out, _ := cli(t, env, "achievements", "list", "senior"); code != 0 || strings.Contains(out, "mentor ") {
		t.Errorf("list senior = %d\n%s", code, out)
	}
	if code, out, _ := cli(t, env, "achievements", "publish", "senior"); code != 0 || !strings.Contains(out, "senior published") {
		t.Errorf("publish = %d %s", code, out)
	}
	// mentor refers to senior: deleting senior would leave mentor unearnable.
	if code, _, errOut := cli(t, env, "achievements", "delete", "senior"); code == 0 || !strings.Contains(errOut, `"mentor" refers to it`) {
		t.Errorf("delete senior = %d %s, want a conflict naming mentor", code, errOut)
	}
	if code, out, errOut := cli(t, env, "achievements", "delete", "nope"); code == 0 || !strings.Contains(errOut, "nope") {
		t.Errorf("delete nope = %d %s%s", code, out, errOut)
	}
}
