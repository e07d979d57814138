package main

import (
	"strings"
	"testing"
)

func TestCommunityActivityEndToEnd(t *testing.T) {
	a := startApp(t)
	env := map[string]string{"ACCOLADE_TOKEN": adminToken}
	srv := []string{"--server", a.base}

	// An invalid achievement file names the file and line, and nothing is loaded.
	code, out, errOut := cli(t, env, append([]string{"achievements", "load", "testdata/mentor.yaml", "testdata/bad-role.yaml"}, srv...)...)
	if code == 0 || !strings.Contains(errOut, "testdata/bad-role.yaml:7") || !strings.Contains(errOut, "teachr") || strings.Contains(out, "loaded") {
		t.Fatalf("loading a bad file = %d\n%s%s", code, out, errOut)
	}
	if code, _, _ := a.do("GET", "/achievements/mentor", "", "", ""); code != 404 {
		t.Errorf("mentor was loaded although another file was invalid")
	}
	code, out, errOut = cli(t, env, append([]string{"achievements", "load", "testdata/mentor.yaml", "testdata/trainer.yaml", "testdata/helper.yaml"}, srv...)...)
	if code != 0 || strings.Count(out, "loaded") != 3 {
		t.Fatalf("achievements load = %d\n%s%s", code, out, errOut)
	}

	// Import members: the bad row is reported by row and field; the rest applied.
	code, out, _ = cli(t, env, append([]string{"import", "members", "testdata/members.csv"}, srv...)...)
	if code != exitFailure || !strings.Contains(out, "5 created") || !strings.Contains(out, "row 6") || !strings.Contains(out, "id") {
		t.Fatalf("import members = %d\n%s", code, out)
	}
	_, out, _ = cli(t, env, append([]string{"import", "members", "testdata/members.csv"}, srv...)...)
	if !strings.Contains(out, "0 created, 0 updated, 5 unchanged, 1 refused") {
		t.Errorf("re-importing members changed something:\n%s", out)
	}

	// Import exchanges: Mia earns Mentor from the confirmed mentoring session.
	code, out, _ = cli(t, env, append([]string{"import", "exchanges", "testdata/exchanges.csv"}, srv...)...)
	if code != exitFailure || !strings.Contains(out, "row 3") || !strings.Contains(out, "hours") || !strings.Contains(out, "issued mentor to mia") {
		t.Fatalf("import exchanges = %d\n%s", code, out)
	}
	if _, out, _ = cli(t, env, append([]string{"import", "exchanges", "testdata/exchanges.csv"}, srv...)...); !strings.Contains(out, "0 created, 0 updated, 3 unchanged, 1 refused; 0 credentials") {
		t.Errorf("re-importing exchanges changed something:\n%s", out)
	}

	// JSON lines: blank lines are skipped; rows are numbered as the file's objects.
	code, out, _ = cli(t, env, append([]string{"import", "attestations", "testdata/attestations.jsonl"}, srv...)...)
	if code != exitFailure || !strings.Contains(out, "1 created") || !strings.Contains(out, "row 2") || !strings.Contains(out, "row 3") {
		t.Errorf("import attestations (JSONL) = %d\n%s", code, out)
	}

	// Tariq is part-way: one confirmed workshop, two confirming learners.
	code, out, _ = cli(t, env, append([]string{"progress", "tariq"}, srv...)...)
	if code != 0 || !strings.Contains(out, "Trainer — not yet") || !strings.Contains(out, ": 1 of 2") || !strings.Contains(out, ": 2 of 3") {
		t.Errorf("progress tariq = %d\n%s", code, out)
	}

	// Exchange API: idempotent, conflicts, validation.
	ex := `{"id":"ex-w2","kind":"workshop","title":"Citing sources","skills":["training"],"hours":2,"occurredAt":"2026-02-15T10:00:00Z","teachers":["tariq"],"learners":["l3"]}`
	if code, _, body := a.do("POST", "/api/v1/exchanges", adminToken, "application/json", ex); code != 200 || !strings.Contains(string(body), `"outcome": "unchanged"`) {
		t.Errorf("posting a known exchange again = %d %s, want 200 unchanged", code, body)
	}
	if code, _, body := a.do("POST", "/api/v1/exchanges", adminToken, "application/json", strings.Replace(ex, `"hours":2`, `"hours":3`, 1)); code != 409 {
		t.Errorf("posting a known id with other content = %d %s, want 409", code, body)
	}
	for name, body := range map[string]string{
		"unknown member": strings.Replace(strings.Replace(ex, "ex-w2", "ex-x", 1), `"l3"`, `"ghost"`, 1),
		"both roles":     strings.Replace(strings.Replace(ex, "ex-w2", "ex-y", 1), `"l3"`, `"tariq"`, 1),
		"unknown kind":   strings.Replace(strings.Replace(ex, "ex-w2", "ex-z", 1), "workshop", "lecture", 1),
	} {
		if code, _, out := a.do("POST", "/api/v1/exchanges", adminToken, "application/json", body); code != 400 {
			t.Errorf("%s: POST exchange = %d %s, want 400", name, code, out)
		}
	}

	// The confirmation completes the workshops; the mentor's attestation earns Trainer.
	if code, _, body := a.do("POST", "/api/v1/exchanges/ex-w2/confirmations", adminToken, "application/json", `{"member":"l3"}`); code != 200 {
		t.Fatalf("confirm = %d %s", code, body)
	}
	if code, _, body := a.do("POST", "/api/v1/attestations", adminToken, "application/json", `{"id":"att-self","attester":"tariq","member":"tariq","skill":"training","statement":"I am great."}`); code != 400 {
		t.Errorf("self-attestation = %d %s, want 400", code, body)
	}
	code, _, body := a.do("POST", "/api/v1/attestations", adminToken, "application/json", `{"id":"att-1","attester":"mia","member":"tariq","skill":"training","statement":"Tariq is a careful trainer."}`)
	var ans struct {
		Issued []struct{ ID, Achievement, Member string }
	}
	mustJSON(t, body, &ans)
	if code != 201 || len(ans.Issued) != 1 || ans.Issued[0].Achievement != "trainer" {
		t.Fatalf("attestation = %d %s, want Trainer issued", code, body)
	}
	_, _, doc := a.do("GET", "/credentials/"+ans.Issued[0].ID+".json", "", "", "")
	for _, want := range []string{"exchange ex-w1", "exchange ex-w2", "Attestation of training by Mia Schmidt", "Tariq is a careful trainer.", "Editing basics"} {
		if !strings.Contains(string(doc), want) {
			t.Errorf("credential evidence lacks %q: %s", want, doc)
		}
	}
	if strings.Contains(string(doc), "@example.org") {
		t.Errorf("credential contains an email address")
	}
	if ok, _, out := verifyBody(t, a, "application/json", doc); !ok {
		t.Errorf("awarded credential does not verify: %s", out)
	}

	// Exactly once: evaluating everyone issues nothing more.
	code, _, body = a.do("POST", "/api/v1/awards/evaluate", adminToken, "application/json", "")
	if code != 200 || !strings.Contains(string(body), `"issued": []`) {
		t.Errorf("evaluate = %d %s, want nothing issued", code, body)
	}

	// Applications: a reviewer must hold the reviewers achievement.
	app := `{"id":"app-1","member":"l1","achievement":"helper","narrative":"I set up chairs at five events.","evidenceUrls":["https://example.org/photos"]}`
	if code, _, body := a.do("POST", "/api/v1/applications", adminToken, "application/json", app); code != 201 {
		t.Fatalf("apply = %d %s", code, body)
	}
	if code, _, body := a.do("POST", "/api/v1/applications/app-1/decision", adminToken, "application/json", `{"reviewer":"l2","approve":true}`); code != 403 {
		t.Errorf("decision by a non-mentor = %d %s, want 403", code, body)
	}
	code, _, body = a.do("POST", "/api/v1/applications/app-1/decision", adminToken, "application/json", `{"reviewer":"mia","approve":true,"comment":"Thank you!"}`)
	mustJSON(t, body, &ans)
	if code != 200 || len(ans.Issued) != 1 || ans.Issued[0].Achievement != "helper" {
		t.Errorf("approval = %d %s, want Community Helper issued", code, body)
	}

	// Withdrawal: the exchange stops counting.
	if code, _, body := a.do("DELETE", "/api/v1/exchanges/ex-w1", adminToken, "", ""); code != 200 || !strings.Contains(string(body), `"withdrawn": true`) {
		t.Errorf("withdraw = %d %s", code, body)
	}
	_, _, body = a.do("GET", "/api/v1/members/tariq/progress", adminToken, "", "")
	var prog struct {
		Achievements []struct {
			Achievement  string
			Earned       bool
			Requirements []struct{ Current, Target float64 }
		}
	}
	mustJSON(t, body, &prog)
	for _, p := range prog.Achievements {
		if p.Achievement == "trainer" && (!p.Earned || p.Requirements[0].Current != 1) {
			t.Errorf("trainer progress after withdrawal = %+v, want earned (credential kept) with 1 workshop counted", p)
		}
	}
	if code, _, body := a.do("GET", "/api/v1/members/ghost/progress", adminToken, "", ""); code != 404 {
		t.Errorf("progress of an unknown member = %d %s", code, body)
	}
}
