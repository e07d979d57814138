package server

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/criteria"
	"github.com/accolade-badges/accolade/errs"
)

// newConsoleServer is a server whose default community bob coordinates,
// with members ben and cai: ben was a learner in two circles, cai in one
// (so circleRule awards ben, and cai is one requirement short); and an
// achievement of the other community, north-star. bob is signed in.
func newConsoleServer(t *testing.T) (*testServer, *browser) {
	t.Helper()
	ts, _ := newSignInServer(t, "https://badges.example.org")
	_, err := ts.db.UpdateIssuer("default", func(p *accolade.Profile) error { p.Coordinators = []string{"bob"}; return nil })
	mustOK(t, err)
	for _, id := range []string{"ben", "cai"} {
		m := `{"name": "` + strings.ToUpper(id[:1]) + id[1:] + ` Okafor", "email": "` + id + `@example.org"}`
		if rec := ts.serve(t, "PUT", "/api/v1/members/"+id, "application/json", testToken, m); rec.Code/100 != 2 {
			t.Fatalf("PUT member %s = %d %s", id, rec.Code, rec.Body)
		}
	}
	for _, ex := range []string{`"id": "c1", "learners": ["ben", "cai"]`, `"id": "c2", "learners": ["ben"]`} {
		rec := ts.serve(t, "POST", "/api/v1/exchanges", "application/json", testToken,
			`{`+ex+`, "kind": "circle", "title": "Circle", "skills": ["languages"], "hours": 1, "occurredAt": "2026-03-01T10:00:00Z", "teachers": ["ana"]}`)
		if rec.Code/100 != 2 {
			t.Fatalf("POST exchange = %d %s", rec.Code, rec.Body)
		}
	}
	north, err := criteria.ParseAchievement("north.yaml", []byte("id: north-star\nissuer: other\nname: North Star\ndescription: Other's.\ncriteria:\n  narrative: Shone.\n"))
	mustOK(t, err)
	mustOK(t, ts.db.PutAchievement(north))
	bob := newBrowser(t, ts)
	bob.signIn("bob@example.org", "bob")
	return ts, bob
}

// checkAnswerOf posts the live check and reads its answer.
func checkAnswerOf(t *testing.T, b *browser, form url.Values) checkAnswer {
	t.Helper()
	rec := b.do("POST", "/console/default/achievements/check", form)
	var out checkAnswer
	if rec.Code != http.StatusOK || json.Unmarshal(rec.Body.Bytes(), &out) != nil {
		t.Fatalf("check = %d %s", rec.Code, rec.Body)
	}
	return out
}

// TestConsoleEditorCheck: the live check answers a bad rule's line-numbered
// error (PUT's words) and a good one's dry run, and a form field's edit of
// the file; nothing is stored or issued.
func TestConsoleEditorCheck(t *testing.T) {
	ts, bob := newConsoleServer(t)
	before, _ := ts.db.Credentials(accolade.CredentialFilter{})

	bad := checkAnswerOf(t, bob, url.Values{"yaml": {strings.Replace(circleRule, "role: learner", "role: pupil", 1)}})
	put := wantProblem(t, "PUT", ts.serve(t, "PUT", "/api/v1/achievements/circle-regular", "application/yaml", testToken,
		strings.Replace(circleRule, "role: learner", "role: pupil", 1)), http.StatusBadRequest)
	if bad.OK || !strings.Contains(bad.Panel, "request body:6") || !strings.Contains(bad.Panel, htmlEscape(firstLine(put.Detail))) {
		t.Errorf("check of a bad rule: ok %v, panel\n%s\nwant request body:6 and PUT's %q", bad.OK, bad.Panel, put.Detail)
	}

	good := checkAnswerOf(t, bob, url.Values{"yaml": {circleRule}})
	for _, want := range []string{"1 member would be awarded it,", "of 3 members evaluated.", "<bdi dir=\"auto\">Ben</bdi>", "1 member is one requirement short.", "Cai", "0 members hold it already."} {
		if !good.OK || !strings.Contains(good.Panel, want) {
			t.Errorf("check of a good rule: ok %v, panel lacks %q:\n%s", good.OK, want, good.Panel)
		}
	}
	if good.Fields == nil || good.Fields.Name != "Circle Regular" || good.YAML != nil {
		t.Errorf("check of a good rule: fields %+v, yaml %v; want the file's fields and no edit", good.Fields, good.YAML)
	}

	edit := checkAnswerOf(t, bob, url.Values{"yaml": {circleRule}, "set.name": {"Circle Regulars"}})
	if edit.YAML == nil || !strings.Contains(*edit.YAML, "name: Circle Regulars\n") || !strings.Contains(*edit.YAML, "role: learner") || edit.Fields.Name != "Circle Regulars" {
		t.Errorf("field edit: %+v", edit)
	}
	tr := checkAnswerOf(t, bob, url.Values{"yaml": {circleRule}, "set.translations.fr.name": {"Habitué des cercles"}})
	if tr.YAML == nil || !strings.Contains(*tr.YAML, "translations:\n  fr:\n    name: Habitué des cercles") || !tr.OK {
		t.Errorf("translation edit: %+v", tr)
	}
	noField := checkAnswerOf(t, bob, url.Values{"yaml": {circleRule}, "set.image": {"x"}})
	if noField.OK || !strings.Contains(noField.Panel, "is not a field of the editor") {
		t.Errorf("an edit of an unknown field: %+v", noField)
	}

	// Without JavaScript: the Check button shows the same.
	rec := bob.do("POST", "/console/default/achievements/new", url.Values{"yaml": {circleRule}, "action": {"check"}})
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "1 member would be awarded it,") {
		t.Errorf("Check without JS = %d\n%s", rec.Code, rec.Body)
	}
	if _, err := ts.db.Achievement("circle-regular"); errs.KindOf(err) != errs.NotFound {
		t.Errorf("checking stored the achievement (%v)", err)
	}
	if after, _ := ts.db.Credentials(accolade.CredentialFilter{}); len(after) != len(before) {
		t.Errorf("checking issued: %d credentials, then %d", len(before), len(after))
	}
}

// TestConsoleEditorSave: saving stores the file as the community's (in the
// audit log as the coordinator's), comes back to the editor with the
// message, and the file reads back; a file of another community, a
// changed id or a taken one is refused and stores nothing.
func TestConsoleEditorSave(t *testing.T) {
	ts, bob := newConsoleServer(t)
	rec := bob.do("POST", "/console/default/achievements/new", url.Values{"yaml": {circleRule}, "action": {"save"}})
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "https://badges.example.org/console/default/achievements/circle-regular?done=achievementSaved" {
		t.Fatalf("save = %d %s %s", rec.Code, rec.Header().Get("Location"), rec.Body)
	}
	a, err := ts.db.Achievement("circle-regular")
	if err != nil || a.Issuer != "" || a.Name != "Circle Regular" {
		t.Fatalf("saved: %+v %v", a, err)
	}
	if ben, _ := ts.db.Credentials(accolade.CredentialFilter{Member: "ben", Achievement: "circle-regular"}); len(ben) != 0 {
		t.Errorf("saving awarded ben %d credentials; as loading, it issues nothing until activity or an evaluation", len(ben))
	}
	log, err := ts.db.AuditLog(accolade.AuditFilter{})
	mustOK(t, err)
	found := false
	for _, e := range log {
		found = found || e.Actor == "coordinator:bob" && e.Action == "POST /console/{slug}/achievements/new" && e.Issuer == "default"
	}
	if !found {
		t.Errorf("the save is not in the audit log as coordinator:bob: %+v", log)
	}
	page := bob.do("GET", "/console/default/achievements/circle-regular?done=achievementSaved", nil).Body.String()
	if !strings.Contains(page, "The achievement is saved.") || !strings.Contains(page, "exchanges:") || !strings.Contains(page, "role: learner") {
		t.Errorf("the editor after saving:\n%s", page)
	}
	list := bob.do("GET", "/console/default/achievements", nil).Body.String()
	if !strings.Contains(list, "/console/default/achievements/circle-regular") || !strings.Contains(list, "/console/default/achievements/circle-host") || strings.Contains(list, "north-star") {
		t.Errorf("the list lacks the community's achievements or shows another's:\n%s", list)
	}

	edited := strings.Replace(circleRule, "count: 2", "count: 1", 1)
	if rec := bob.do("POST", "/console/default/achievements/circle-regular", url.Values{"yaml": {edited}, "action": {"save"}}); rec.Code != http.StatusSeeOther {
		t.Errorf("save an edit = %d %s", rec.Code, rec.Body)
	}
	if a, _ := ts.db.Achievement("circle-regular"); a.Criteria.Rule.Exchanges.Count != 1 {
		t.Errorf("the edit was not stored: %+v", a.Criteria.Rule.Exchanges)
	}

	for _, tt := range []struct{ name, path, yaml, want string }{
		{"another issuer", "/console/default/achievements/new", strings.Replace(circleRule, "id: circle-regular", "id: circle-other\nissuer: other", 1), `&#34;other&#34; is another community`},
		{"an unknown issuer", "/console/default/achievements/new", strings.Replace(circleRule, "id: circle-regular", "id: circle-other\nissuer: north", 1), `&#34;north&#34; is another community`},
		{"a taken id", "/console/default/achievements/new", strings.Replace(circleRule, "id: circle-regular", "id: circle-host", 1), "exists already"},
		{"another community's id", "/console/default/achievements/new", strings.Replace(circleRule, "id: circle-regular", "id: north-star", 1), "taken by another community"},
		{"a changed id", "/console/default/achievements/circle-regular", strings.Replace(circleRule, "id: circle-regular", "id: circle-other", 1), "does not match"},
		{"a bad rule", "/console/default/achievements/new", strings.Replace(circleRule, "id: circle-regular\n", "id: circle-other\n", 1) + "  extra: [", "request body:"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			before, _ := ts.db.Achievements()
			rec := bob.do("POST", tt.path, url.Values{"yaml": {tt.yaml}, "action": {"save"}})
			if rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), tt.want) {
				t.Errorf("save = %d, want 400 with %q:\n%s", rec.Code, tt.want, rec.Body)
			}
			if after, _ := ts.db.Achievements(); len(after) != len(before) {
				t.Errorf("refused save stored: %d achievements, then %d", len(before), len(after))
			}
			if _, err := ts.db.Achievement("circle-other"); err == nil {
				t.Error("the refused file was stored")
			}
		})
	}
	if rec := bob.do("GET", "/console/default/achievements/north-star", nil); rec.Code != http.StatusNotFound {
		t.Errorf("another community's achievement in the editor = %d, want 404", rec.Code)
	}
	if rec := bob.do("POST", "/console/default/achievements/north-star", url.Values{"yaml": {"id: north-star\n"}, "action": {"save"}}); rec.Code != http.StatusNotFound {
		t.Errorf("save another community's achievement = %d, want 404", rec.Code)
	}
}

// TestConsoleEditorFile: a stored achievement reads back from the
// editor's file as it was.
func TestConsoleEditorFile(t *testing.T) {
	src := strings.Replace(circleRule, "criteria:", "validFor: 365d\ninLanguage: en\ntranslations:\n  fr:\n    name: Habitué\n    description: Vient aux cercles.\ncriteria:\n  narrative: |\n    Two circles,\n    or more.", 1)
	a, err := criteria.ParseAchievement("a.yaml", []byte(src))
	mustOK(t, err)
	out, err := achievementFile(a)
	mustOK(t, err)
	b, err := criteria.ParseAchievement("b.yaml", []byte(out))
	mustOK(t, err)
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	if string(ja) != string(jb) || !strings.Contains(out, "narrative: |") {
		t.Errorf("the file reads back otherwise:\n%s\n%s\n%s", out, ja, jb)
	}
}

// TestConsoleAchievementImage: an uploaded image becomes the achievement's,
// as PUT /api/v1/achievements/{id}/image makes it; a refused one says why
// above the form and changes nothing.
func TestConsoleAchievementImage(t *testing.T) {
	ts, bob := newConsoleServer(t)
	rec := bob.upload("/console/default/achievements/circle-host/image", nil, "image", "badge.png", string(testPNG(t, 16)))
	if rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), "16×16 pixels") || !strings.Contains(rec.Body.String(), `id="e-image-error"`) {
		t.Errorf("a too small image = %d\n%s", rec.Code, rec.Body)
	}
	if a, _ := ts.db.Achievement("circle-host"); a.Image != "" {
		t.Errorf("a refused image was set: %s", a.Image)
	}
	rec = bob.upload("/console/default/achievements/circle-host/image", nil, "image", "badge.png", string(testPNG(t, 128)))
	if rec.Code != http.StatusSeeOther || !strings.HasSuffix(rec.Header().Get("Location"), "/console/default/achievements/circle-host?done=imageSaved") {
		t.Fatalf("upload = %d %s %s", rec.Code, rec.Header().Get("Location"), rec.Body)
	}
	a, _ := ts.db.Achievement("circle-host")
	if !strings.HasPrefix(a.Image, "https://badges.example.org/images/") || !strings.HasSuffix(a.Image, ".png") {
		t.Errorf("the achievement's image is %q", a.Image)
	}
	page := bob.do("GET", "/console/default/achievements/circle-host?done=imageSaved", nil).Body.String()
	if !strings.Contains(page, `src="`+a.Image+`"`) {
		t.Errorf("the editor does not show the new image %s", a.Image)
	}
	// Saving the file again keeps the image it does not name.
	if rec := bob.do("POST", "/console/default/achievements/circle-host", url.Values{"yaml": {"id: circle-host\nname: Circle Host\ndescription: Hosts circles.\ncriteria:\n  narrative: Hosted.\n"}, "action": {"save"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("save = %d %s", rec.Code, rec.Body)
	}
	if b, _ := ts.db.Achievement("circle-host"); b.Image != a.Image {
		t.Errorf("saving the file dropped the image: %q", b.Image)
	}
}

func firstLine(s string) string { l, _, _ := strings.Cut(s, "\n"); return l }

func htmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;").Replace(s)
}
