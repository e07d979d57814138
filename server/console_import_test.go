package server

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/errs"
)

// upload posts a multipart form with one file, as a browser does.
func (b *browser) upload(path string, fields map[string]string, field, name, content string) *httptest.ResponseRecorder {
	b.t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	for k, v := range fields {
		mustOK(b.t, w.WriteField(k, v))
	}
	f, err := w.CreateFormFile(field, name)
	mustOK(b.t, err)
	_, _ = f.Write([]byte(content))
	mustOK(b.t, w.Close())
	req := httptest.NewRequest("POST", path, &body)
	req.Header.Set("Content-Type", w.FormDataContentType())
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	req.Header.Set("Accept", "text/html")
	return b.send(req)
}

// membersCSV has two good rows (zoe is new, bob unchanged) and two bad.
const membersCSV = "id,name,email\nzoe,Zoe Achebe,zoe@example.org\nbad id,No Id,x@example.org\nbob,Bob Mensah,bob@example.org\nyan,Yan,not-an-email\n"

var tokenField = regexp.MustCompile(`name="token" value="([0-9a-f]{32})"`)

// TestConsoleImport: the preview lists every refused row (row, column,
// reason) and the counts, and stores nothing; Apply applies that file once.
func TestConsoleImport(t *testing.T) {
	ts, bob := newConsoleServer(t)
	if rec := bob.do("GET", "/console/default/import", nil); rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `enctype="multipart/form-data"`) {
		t.Fatalf("GET import = %d\n%s", rec.Code, rec.Body)
	}
	before, _ := ts.db.Members()
	rec := bob.upload("/console/default/import", map[string]string{"kind": "members"}, "file", "members.csv", membersCSV)
	page := rec.Body.String()
	for _, want := range []string{"4 rows", "1 new", "0 updated", "1 unchanged", "2 refused",
		"<tr><td>2</td><td dir=\"ltr\">&#34;id&#34;</td>", "<tr><td>4</td><td dir=\"ltr\">&#34;email&#34;</td>", "Nothing is applied yet"} {
		if rec.Code != http.StatusOK || !strings.Contains(page, want) {
			t.Errorf("preview = %d, lacks %q:\n%s", rec.Code, want, page)
		}
	}
	if _, err := ts.db.Member("zoe"); errs.KindOf(err) != errs.NotFound {
		t.Errorf("the preview stored zoe (%v)", err)
	}
	if after, _ := ts.db.Members(); len(after) != len(before) {
		t.Errorf("the preview changed the members: %d, then %d", len(before), len(after))
	}
	m := tokenField.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no Apply token in the preview:\n%s", page)
	}

	// Someone else, even signed in, cannot apply it.
	ana := newBrowser(t, ts)
	ana.signIn("ana@example.org", "ana")
	if rec := ana.do("POST", "/console/default/import/apply", url.Values{"token": {m[1]}}); rec.Code != http.StatusNotFound {
		t.Errorf("a non-coordinator's apply = %d, want 404", rec.Code)
	}

	rec = bob.do("POST", "/console/default/import/apply", url.Values{"token": {m[1]}})
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "1 new") || !strings.Contains(rec.Body.String(), "2 refused") ||
		!strings.Contains(rec.Body.String(), "<tr><td>4</td>") || !strings.Contains(rec.Body.String(), "0 credentials issued.") {
		t.Errorf("apply = %d\n%s", rec.Code, rec.Body)
	}
	if z, err := ts.db.Member("zoe"); err != nil || z.Name != "Zoe Achebe" {
		t.Errorf("apply did not store zoe: %+v %v", z, err)
	}
	applied, _ := ts.db.Members()
	rec = bob.do("POST", "/console/default/import/apply", url.Values{"token": {m[1]}})
	if rec.Code != http.StatusConflict || !strings.Contains(rec.Body.String(), "applied already or has expired") {
		t.Errorf("apply twice = %d\n%s", rec.Code, rec.Body)
	}
	if again, _ := ts.db.Members(); len(again) != len(applied) {
		t.Errorf("the second apply changed the members")
	}

	// Exchanges as JSON lines, with an unknown member.
	jsonl := `{"id": "c3", "kind": "circle", "title": "Circle", "skills": ["languages"], "hours": 1, "occurredAt": "2026-03-02T10:00:00Z", "teachers": ["ana"], "learners": ["cai"]}` + "\n" +
		`{"id": "c4", "kind": "circle", "title": "Circle", "skills": ["languages"], "hours": 1, "occurredAt": "2026-03-02T10:00:00Z", "teachers": ["ana"], "learners": ["nobody"]}` + "\n"
	rec = bob.upload("/console/default/import", map[string]string{"kind": "exchanges"}, "file", "circles.jsonl", jsonl)
	if !strings.Contains(rec.Body.String(), "1 new") || !strings.Contains(rec.Body.String(), "member &#34;nobody&#34; does not exist") {
		t.Errorf("exchanges preview:\n%s", rec.Body)
	}
	if _, err := ts.db.Exchange("c3"); errs.KindOf(err) != errs.NotFound {
		t.Errorf("the exchanges preview stored c3")
	}

	for _, tt := range []struct{ name, kind, file, content, want string }{
		{"no kind", "", "m.csv", membersCSV, "cannot import"},
	} {
		rec := bob.upload("/console/default/import", map[string]string{"kind": tt.kind}, "file", tt.file, tt.content)
		if rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), tt.want) {
			t.Errorf("%s: %d, want 400 with %q", tt.name, rec.Code, tt.want)
		}
	}
	if rec := bob.do("POST", "/console/default/import", url.Values{"kind": {"members"}}); rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), "no file was sent") {
		t.Errorf("no file: %d\n%s", rec.Code, rec.Body)
	}
}

// TestConsoleAchievementsImportHidden: to a member who does not coordinate
// the community, every achievement and import page is not found, and
// nothing changes.
func TestConsoleAchievementsImportHidden(t *testing.T) {
	ts, _ := newConsoleServer(t)
	ana := newBrowser(t, ts)
	ana.signIn("ana@example.org", "ana")
	achs, _ := ts.db.Achievements()
	members, _ := ts.db.Members()
	form := url.Values{"yaml": {circleRule}, "action": {"save"}, "token": {"00"}}
	for _, slug := range []string{"default", "other", "nowhere"} {
		for _, rt := range []struct{ method, path string }{
			{"GET", "/achievements"}, {"GET", "/achievements/new"}, {"POST", "/achievements/new"}, {"POST", "/achievements/check"},
			{"GET", "/achievements/circle-host"}, {"POST", "/achievements/circle-host"}, {"POST", "/achievements/circle-host/image"},
			{"GET", "/import"}, {"POST", "/import"}, {"POST", "/import/apply"},
		} {
			var f url.Values
			if rt.method == "POST" {
				f = form
			}
			if rec := ana.do(rt.method, "/console/"+slug+rt.path, f); rec.Code != http.StatusNotFound {
				t.Errorf("%s /console/%s%s as a non-coordinator = %d, want 404", rt.method, slug, rt.path, rec.Code)
			}
		}
	}
	if rec := ana.upload("/console/default/import", map[string]string{"kind": "members"}, "file", "m.csv", membersCSV); rec.Code != http.StatusNotFound {
		t.Errorf("a non-coordinator's upload = %d, want 404", rec.Code)
	}
	if after, _ := ts.db.Achievements(); len(after) != len(achs) {
		t.Error("a non-coordinator changed the achievements")
	}
	if after, _ := ts.db.Members(); len(after) != len(members) {
		t.Error("a non-coordinator changed the members")
	}
}

// TestConsoleAchievementsImportArabic: the pages in Arabic are right to
// left, with none of the English words of the console left.
func TestConsoleAchievementsImportArabic(t *testing.T) {
	_, bob := newConsoleServer(t)
	bob.header.Set("Accept-Language", "ar")
	english := []string{"Achievements", "New achievement", "Who would earn this now", "Save", "Achievement file", "Import", "Preview",
		"Refused rows", "member would be awarded", "members evaluated", "Nothing is applied yet", "Row", "Column", "Reason", "Upload"}
	check := func(what, page string) {
		t.Helper()
		if !strings.Contains(page, `dir="rtl"`) || !strings.Contains(page, `lang="ar"`) {
			t.Errorf("%s: not an Arabic right-to-left page", what)
		}
		for _, w := range english {
			if strings.Contains(page, ">"+w) || strings.Contains(page, w+"<") {
				t.Errorf("%s: English %q left", what, w)
			}
		}
	}
	check("list", bob.do("GET", "/console/default/achievements", nil).Body.String())
	check("editor", bob.do("GET", "/console/default/achievements/circle-host", nil).Body.String())
	check("checked", bob.do("POST", "/console/default/achievements/new", url.Values{"yaml": {circleRule}, "action": {"check"}}).Body.String())
	check("import", bob.do("GET", "/console/default/import", nil).Body.String())
	page := bob.upload("/console/default/import", map[string]string{"kind": "members"}, "file", "members.csv", membersCSV).Body.String()
	check("preview", page)
	if !strings.Contains(page, "مرفوضان") {
		t.Errorf("the preview does not count the two refused rows in Arabic:\n%s", page)
	}
	if m := tokenField.FindStringSubmatch(page); m != nil {
		check("applied", bob.do("POST", "/console/default/import/apply", url.Values{"token": {m[1]}}).Body.String())
	}
}

// TestConsoleImportOtherCommunity: an import in another community's
// console adds its new members to that community; a row for a member of a
// community the coordinator does not coordinate is refused, naming the
// row, and that member is not changed.
func TestConsoleImportOtherCommunity(t *testing.T) {
	ts, bob := newConsoleServer(t)
	_, err := ts.db.UpdateIssuer("default", func(p *accolade.Profile) error { p.Coordinators = []string{"cai"}; return nil })
	mustOK(t, err)
	_, err = ts.db.UpdateIssuer("other", func(p *accolade.Profile) error { p.Coordinators = []string{"bob"}; return nil })
	mustOK(t, err)
	csv := "id,name,email\nzoe,Zoe Achebe,zoe@example.org\nben,Ben Changed,ben@example.org\n"
	rec := bob.upload("/console/other/import", map[string]string{"kind": "members"}, "file", "members.csv", csv)
	m := tokenField.FindStringSubmatch(rec.Body.String())
	if rec.Code != http.StatusOK || m == nil || !strings.Contains(rec.Body.String(), "member of another community") {
		t.Fatalf("preview in another community = %d, want the preview refusing ben's row\n%s", rec.Code, rec.Body)
	}
	bob.do("POST", "/console/other/import/apply", url.Values{"token": {m[1]}})
	if zoe, err := ts.db.Member("zoe"); err != nil || !zoe.In("other") || zoe.In("default") {
		t.Errorf("zoe = %+v, %v; want a member of other only", zoe, err)
	}
	if ben, _ := ts.db.Member("ben"); ben.Name != "Ben Okafor" {
		t.Errorf("ben, a member of default only, was changed by other's import: %q", ben.Name)
	}
}
