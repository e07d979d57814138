package main

import (
	"html"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

const changedNote = "This achievement has changed since this credential was issued."

// TestCredentialPageShowsWhatWasSigned: after a coordinator renames an
// achievement and raises its criteria, a credential issued before still
// shows what it says, with a note pointing to the current version; and a
// revocation reason stays private.
func TestCredentialPageShowsWhatWasSigned(t *testing.T) {
	a := startApp(t)
	id, _, _ := issueOne(t, a, "ana")
	_, page := getHTML(t, a, "/credentials/"+id)
	if strings.Contains(page, changedNote) {
		t.Errorf("page of an unchanged achievement has the note %q", changedNote)
	}

	renamed := strings.NewReplacer("name: Project Trainer", "name: Lead Trainer",
		"at least 3 confirmed", "at least 5 confirmed").Replace(trainerYAML)
	if code, _, body := a.do("PUT", "/api/v1/achievements/project-trainer", adminToken, "application/yaml", renamed); code >= 300 {
		t.Fatalf("PUT achievement = %d %s", code, body)
	}
	code, page := getHTML(t, a, "/credentials/"+id)
	for _, want := range []string{
		`<span dir="auto">Project Trainer</span>`, "Ran at least 3 confirmed workshops.", "Member ana",
		changedNote + ` <a href="` + a.base + `/achievements/project-trainer">See the current version.</a>`,
	} {
		if code != 200 || !strings.Contains(page, want) {
			t.Errorf("credential page = %d, want %q in\n%s", code, want, page)
		}
	}
	for _, unwanted := range []string{"Lead Trainer", "at least 5 confirmed"} {
		if strings.Contains(page, unwanted) {
			t.Errorf("credential page shows the current achievement's %q, not what was signed", unwanted)
		}
	}
	m := regexp.MustCompile(`href="(https://www\.linkedin\.com/[^"]+)"`).FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no LinkedIn link in\n%s", page)
	}
	li, err := url.Parse(html.UnescapeString(m[1]))
	if err != nil || li.Query().Get("name") != "Project Trainer" {
		t.Errorf("LinkedIn link %s: name = %q, want the signed name %q", m[1], li.Query().Get("name"), "Project Trainer")
	}

	const reason = "member asked privately"
	if code, _, body := a.do("POST", "/api/v1/credentials/"+id+"/revoke", adminToken, "application/json", `{"reason":"`+reason+`"}`); code != 200 {
		t.Fatalf("revoke = %d %s", code, body)
	}
	_, page = getHTML(t, a, "/credentials/"+id)
	if !strings.Contains(page, "Revoked on <time") || strings.Contains(page, reason) || strings.Contains(page, "Reason:") {
		t.Errorf("revoked credential page must say revoked and not why:\n%s", page)
	}
	_, _, jsonCred := a.do("GET", "/credentials/"+id+".json", "", "", "")
	if _, _, out := verifyBody(t, a, "application/vc+ld+json", jsonCred); strings.Contains(out, reason) {
		t.Errorf("public verification shows the revocation reason: %s", out)
	}
}
