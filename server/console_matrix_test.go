package server

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/ledger"
)

// consoleCase is a concrete request for a console route.
type consoleCase struct {
	path   string
	form   url.Values     // a POST's fields (nil for a GET)
	upload *consoleUpload // a multipart POST's file, sent with form
}

// consoleUpload is the file of a multipart console form.
type consoleUpload struct{ field, name, content string }

// matrixFixture is a consoleFixture (community default coordinated by
// bob, other by cara, ana a member) with, for each community, a live token
// and a retired key, and bob's previewed import waiting to be applied.
type matrixFixture struct {
	*consoleFixture
	token, retired, cred, achievement, application map[string]string // by community
	shelved                                        string            // bob's previewed import, for apply
}

// consoleCases holds a request for every console route, by pattern:
// consoleCases[pattern](f, in, of) is the request on the pages of
// community in that names the resources (credential, achievement, key,
// token, application) of community of. To add a route, add its pattern
// here with a request whose answer for the right coordinator (bob, on
// default's pages) is the page, or a change the store shows (revoke,
// rotate, save...), not a refusal: TestConsoleMatrix fails for a route
// without one.
var consoleCases = map[string]func(f *matrixFixture, in, of string) consoleCase{
	"GET /console/{slug}":                  get(""),
	"GET /console/{slug}/achievements":     get("/achievements"),
	"GET /console/{slug}/achievements/new": get("/achievements/new"),
	"GET /console/{slug}/audit":            get("/audit"),
	"GET /console/{slug}/audit.jsonl":      get("/audit.jsonl"),
	"GET /console/{slug}/credentials":      get("/credentials"),
	"GET /console/{slug}/import":           get("/import"),
	"GET /console/{slug}/keys":             get("/keys"),
	"GET /console/{slug}/queue":            get("/queue"),
	"GET /console/{slug}/settings":         get("/settings"),
	"GET /console/{slug}/tokens":           get("/tokens"),
	"GET /console/{slug}/achievements/{id}": func(f *matrixFixture, in, of string) consoleCase {
		return consoleCase{path: "/console/" + in + "/achievements/" + f.achievement[of]}
	},
	"POST /console/{slug}/achievements/new": func(f *matrixFixture, in, of string) consoleCase {
		return post(in, "/achievements/new", url.Values{"yaml": {"id: night-owl\nissuer: " + of + "\nname: Night Owl\ndescription: Keeps the late shift.\ncriteria:\n  narrative: Kept it.\n"}})
	},
	"POST /console/{slug}/achievements/check": func(f *matrixFixture, in, of string) consoleCase {
		return post(in, "/achievements/check", url.Values{"yaml": {"id: night-owl\nissuer: " + of + "\nname: Night Owl\ndescription: Keeps the late shift.\n"}})
	},
	"POST /console/{slug}/achievements/{id}": func(f *matrixFixture, in, of string) consoleCase {
		id := f.achievement[of]
		return post(in, "/achievements/"+id, url.Values{"yaml": {"id: " + id + "\nissuer: " + of + "\nname: Renamed\ndescription: Renamed by the matrix.\ncriteria:\n  narrative: Anything.\n"}})
	},
	"POST /console/{slug}/achievements/{id}/image": func(f *matrixFixture, in, of string) consoleCase {
		c := post(in, "/achievements/"+f.achievement[of]+"/image", url.Values{})
		c.upload = &consoleUpload{"image", "badge.svg", testSVG}
		return c
	},
	"POST /console/{slug}/credentials": func(f *matrixFixture, in, of string) consoleCase {
		return post(in, "/credentials", url.Values{"member": {"ana"}, "achievement": {map[string]string{"default": "mentor", "other": "north-host"}[of]}})
	},
	"POST /console/{slug}/credentials/{id}/{action}": func(f *matrixFixture, in, of string) consoleCase {
		return post(in, "/credentials/"+f.cred[of]+"/revoke", url.Values{"reason": {"private matter"}})
	},
	"POST /console/{slug}/import": func(f *matrixFixture, in, of string) consoleCase {
		c := post(in, "/import", url.Values{"kind": {"members"}})
		c.upload = &consoleUpload{"file", "members.csv", "id,name,email\nzoe,Zoe Achebe,zoe@example.org\n"}
		return c
	},
	"POST /console/{slug}/import/apply": func(f *matrixFixture, in, of string) consoleCase {
		return post(in, "/import/apply", url.Values{"token": {f.shelved}})
	},
	"POST /console/{slug}/keys/rotate": func(f *matrixFixture, in, of string) consoleCase {
		return post(in, "/keys/rotate", url.Values{})
	},
	"POST /console/{slug}/keys/{id}/remove": func(f *matrixFixture, in, of string) consoleCase {
		return post(in, "/keys/"+f.retired[of]+"/remove", url.Values{"force": {"true"}})
	},
	"POST /console/{slug}/queue/applications/{id}": func(f *matrixFixture, in, of string) consoleCase {
		return post(in, "/queue/applications/"+f.application[of], url.Values{"decision": {"approve"}, "comment": {"Well done"}})
	},
	"POST /console/{slug}/queue/exchanges/{id}/withdraw": func(f *matrixFixture, in, of string) consoleCase {
		return post(in, "/queue/exchanges/"+f.disputed+"/withdraw", url.Values{}) // exchanges are the default community's
	},
	"POST /console/{slug}/settings": func(f *matrixFixture, in, of string) consoleCase {
		return post(in, "/settings", url.Values{"name": {"Renamed Community"}, "coordinators": {map[string]string{"default": "bob", "other": "cara"}[in]}})
	},
	"POST /console/{slug}/tokens": func(f *matrixFixture, in, of string) consoleCase {
		return post(in, "/tokens", url.Values{"name": {"sync"}, "scopes": {"read"}})
	},
	"POST /console/{slug}/tokens/{id}/revoke": func(f *matrixFixture, in, of string) consoleCase {
		return post(in, "/tokens/"+f.token[of]+"/revoke", url.Values{})
	},
}

// consoleUnchanging are the console's POSTs that change nothing in the
// store even when they succeed: the editor's live check, and an import's
// preview (the file waits in memory for apply).
var consoleUnchanging = map[string]bool{"POST /console/{slug}/achievements/check": true, "POST /console/{slug}/import": true}

func get(sub string) func(f *matrixFixture, in, of string) consoleCase {
	return func(f *matrixFixture, in, of string) consoleCase { return consoleCase{path: "/console/" + in + sub} }
}

func post(in, sub string, form url.Values) consoleCase {
	return consoleCase{path: "/console/" + in + sub, form: form}
}

func newMatrixFixture(t *testing.T) *matrixFixture {
	t.Helper()
	f := &matrixFixture{consoleFixture: newConsoleFixture(t),
		token: map[string]string{}, retired: map[string]string{},
		cred:        map[string]string{},
		achievement: map[string]string{"default": "circle-host", "other": "north-host"},
		application: map[string]string{"default": "ana-mentor", "other": "ana-north"}}
	f.cred["default"], f.cred["other"] = f.ts.rec.ID, f.other.ID
	_, err := f.ts.s.awards.Apply(&ledger.Application{ID: "ana-north", Member: "ana", Achievement: "north-host", Narrative: "I hosted in the north."})
	mustOK(t, err)
	for _, slug := range []string{"default", "other"} {
		_, f.token[slug] = f.ts.addToken(t, slug+" sync", slug, false, accolade.ScopeRead)
		old := f.ts.keys.Public(slug)
		_, err := f.ts.keys.Rotate(slug)
		mustOK(t, err)
		f.retired[slug] = old[0].ID
	}
	rec := f.bob.upload("/console/default/import", map[string]string{"kind": "members"}, "file", "members.csv", "id,name,email\nyan,Yan Li,yan@example.org\n")
	m := tokenField.FindStringSubmatch(rec.Body.String())
	if rec.Code != http.StatusOK || m == nil {
		t.Fatalf("previewing an import: %d, no token\n%s", rec.Code, rec.Body)
	}
	f.shelved = m[1]
	return f
}

// send sends c with b; crossSite sends it as a form posted from another site.
func (c consoleCase) send(b *browser, crossSite bool) *httptest.ResponseRecorder {
	b.t.Helper()
	var req *http.Request
	switch {
	case c.form == nil:
		return b.do("GET", c.path, nil)
	case !crossSite && c.upload == nil:
		return b.do("POST", c.path, c.form)
	case !crossSite:
		fields := map[string]string{}
		for k := range c.form {
			fields[k] = c.form.Get(k)
		}
		return b.upload(c.path, fields, c.upload.field, c.upload.name, c.upload.content)
	default:
		req = httptest.NewRequest("POST", c.path, strings.NewReader(c.form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	req.Header.Set("Accept", "text/html")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	req.Header.Set("Origin", "https://evil.example")
	return b.send(req)
}

// snapshot is every bucket of the store but the audit log, which every
// change and refusal appends to (it is checked entry by entry instead).
// Sessions stay in: the test's clock does not move, so their last-seen
// times do not change.
func snapshot(t *testing.T, ts *testServer) map[string]map[string]string {
	t.Helper()
	d, err := ts.db.Dump("audit")
	mustOK(t, err)
	return d
}

// auditSince is the audit log's entries after the first n.
func auditSince(t *testing.T, ts *testServer, n int) []*accolade.AuditEntry {
	t.Helper()
	list, err := ts.db.AuditLog(accolade.AuditFilter{})
	mustOK(t, err)
	return list[n:]
}

func auditLen(t *testing.T, ts *testServer) int {
	t.Helper()
	list, err := ts.db.AuditLog(accolade.AuditFilter{})
	mustOK(t, err)
	return len(list)
}

// matrixPrincipal is who sends a console request in TestConsoleMatrix.
type matrixPrincipal struct {
	name      string
	b         func(f *matrixFixture) *browser
	in, of    string // whose pages, whose resources
	crossSite bool
	get, post int    // the status wanted (0: a refusal other than 404, for a resource smuggled in)
	actor     string // the audit entry's actor for a POST
}

// TestConsoleMatrix sends every console route, GET and POST, as someone
// signed out (a GET goes to sign in, a POST is 401), a member who
// coordinates nothing, the other community's coordinator on the
// default's pages and the default's on the other's (404), the other's
// coordinator on their own pages naming the default's resources (a
// refusal), the right coordinator from another site (403), and the right
// coordinator (the page, or a change). A refusal changes nothing in the
// store; every POST but the editor's check, refused or not, is in the
// audit log once, as its sender's, with its status.
func TestConsoleMatrix(t *testing.T) {
	for _, rt := range consoleRoutesList {
		if consoleCases[rt.pattern] == nil {
			t.Errorf("console route %s has no case in consoleCases: add one", rt.pattern)
		}
	}
	for p := range consoleCases {
		if !consoleHas(p) {
			t.Errorf("consoleCases has %s, which is not a console route", p)
		}
	}
	for _, rt := range consoleRoutesList {
		mk := consoleCases[rt.pattern]
		if mk == nil {
			continue
		}
		t.Run(rt.pattern, func(t *testing.T) {
			f := newMatrixFixture(t)
			for _, p := range []matrixPrincipal{
				{"signed out", func(f *matrixFixture) *browser { return newBrowser(t, f.ts) }, "default", "default", false, http.StatusSeeOther, http.StatusUnauthorized, "anonymous"},
				{"a member", func(f *matrixFixture) *browser { return f.ana }, "default", "default", false, http.StatusNotFound, http.StatusNotFound, "member:ana"},
				{"a member on other's pages", func(f *matrixFixture) *browser { return f.ana }, "other", "other", false, http.StatusNotFound, http.StatusNotFound, "member:ana"},
				{"other's coordinator on default's pages", func(f *matrixFixture) *browser { return f.cara }, "default", "default", false, http.StatusNotFound, http.StatusNotFound, "member:cara"},
				{"default's coordinator on other's pages", func(f *matrixFixture) *browser { return f.bob }, "other", "other", false, http.StatusNotFound, http.StatusNotFound, "member:bob"},
				{"other's coordinator naming default's", func(f *matrixFixture) *browser { return f.cara }, "other", "default", false, 0, 0, "coordinator:cara"},
				{"cross-site", func(f *matrixFixture) *browser { return f.bob }, "default", "default", true, 0, http.StatusForbidden, "member:bob"},
			} {
				c := mk(f, p.in, p.of)
				if p.get == 0 && p.post == 0 && reflect.DeepEqual(c, mk(f, p.in, p.in)) {
					continue // the route names nothing of a community but the path's
				}
				if p.crossSite && c.form == nil {
					continue // a GET changes nothing, wherever it comes from
				}
				refuse(t, f, rt.pattern, p, c)
			}
			right(t, f, rt.pattern, mk(f, "default", "default"))
		})
	}
}

// refuse sends c as p and checks that it is refused as p wants, changes
// nothing, and is in the audit log once if it is a POST.
func refuse(t *testing.T, f *matrixFixture, pattern string, p matrixPrincipal, c consoleCase) {
	t.Helper()
	before, n := snapshot(t, f.ts), auditLen(t, f.ts)
	rec := c.send(p.b(f), p.crossSite)
	want := p.get
	if c.form != nil {
		want = p.post
	}
	// The editor's check, for a coordinator on their own pages, answers
	// 200 with what is wrong with the file, and is not audited.
	readOnly := consoleReadOnly[pattern] && strings.HasPrefix(p.actor, "coordinator:")
	if readOnly && (rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `"ok": false`)) {
		t.Errorf("%s: %s = %d %s, want 200 and not ok", p.name, c.path, rec.Code, rec.Body)
	}
	switch {
	case readOnly:
	case want == 0 && (rec.Code < 400 || rec.Code >= 500):
		t.Errorf("%s: %s = %d, want a refusal", p.name, c.path, rec.Code)
	case want != 0 && rec.Code != want:
		t.Errorf("%s: %s = %d, want %d", p.name, c.path, rec.Code, want)
	case want == http.StatusSeeOther && !strings.Contains(rec.Header().Get("Location"), "/signin?next="+url.QueryEscape(c.path)):
		t.Errorf("%s: %s goes to %q, not to sign in and back", p.name, c.path, rec.Header().Get("Location"))
	}
	if after := snapshot(t, f.ts); !reflect.DeepEqual(before, after) {
		t.Errorf("%s: the refused %s changed the store: %s", p.name, c.path, dumpDiff(before, after))
	}
	wantAudit(t, f, pattern, p.name, c, n, p.actor, rec.Code, readOnly)
}

// right sends c as the right coordinator: the page, or a change that the
// store shows, in the audit log once as the coordinator's.
func right(t *testing.T, f *matrixFixture, pattern string, c consoleCase) {
	t.Helper()
	before, n := snapshot(t, f.ts), auditLen(t, f.ts)
	rec := c.send(f.bob, false)
	if rec.Code >= 300 && rec.Code != http.StatusSeeOther {
		t.Fatalf("right coordinator: %s = %d, want 2xx or 303\n%s", c.path, rec.Code, rec.Body)
	}
	if rec.Code == http.StatusSeeOther && !strings.Contains(rec.Header().Get("Location"), "done=") {
		t.Errorf("right coordinator: %s goes to %q, not to a done message", c.path, rec.Header().Get("Location"))
	}
	changed := !reflect.DeepEqual(before, snapshot(t, f.ts))
	switch {
	case c.form == nil && changed:
		t.Errorf("right coordinator: GET %s changed the store", c.path)
	case c.form != nil && consoleUnchanging[pattern] && changed:
		t.Errorf("right coordinator: %s, which changes nothing, changed the store", c.path)
	case c.form != nil && !consoleUnchanging[pattern] && !changed:
		t.Errorf("right coordinator: %s = %d changed nothing: the case must make a change", c.path, rec.Code)
	}
	if c.form == nil {
		for _, secret := range []string{"North Host", f.other.ID, "other sync", "I hosted in the north."} {
			if strings.Contains(rec.Body.String(), secret) {
				t.Errorf("right coordinator: GET %s shows the other community's %q", c.path, secret)
			}
		}
	}
	wantAudit(t, f, pattern, "right coordinator", c, n, "coordinator:bob", rec.Code, consoleReadOnly[pattern])
}

// wantAudit checks the audit entries after the first n: none for a GET
// or a read-only POST's success, else exactly one, for pattern, by actor,
// with status.
func wantAudit(t *testing.T, f *matrixFixture, pattern, who string, c consoleCase, n int, actor string, status int, readOnly bool) {
	t.Helper()
	got := auditSince(t, f.ts, n)
	if c.form == nil || readOnly {
		if len(got) != 0 {
			t.Errorf("%s: %s wrote %d audit entries, want none (first %s %s %d)", who, c.path, len(got), got[0].Actor, got[0].Action, got[0].Outcome)
		}
		return
	}
	if len(got) != 1 {
		t.Errorf("%s: POST %s wrote %d audit entries, want 1", who, c.path, len(got))
		return
	}
	e := got[0]
	if e.Action != pattern || e.Actor != actor || e.Outcome != status {
		t.Errorf("%s: POST %s audited as %s %s %d, want %s %s %d", who, c.path, e.Actor, e.Action, e.Outcome, actor, pattern, status)
	}
	// A coordinator's entry is in the log of the community whose page it is.
	if slug, _, _ := strings.Cut(strings.TrimPrefix(c.path, "/console/"), "/"); strings.HasPrefix(actor, "coordinator:") && e.Issuer != slug {
		t.Errorf("%s: POST %s audited for community %q, want %q", who, c.path, e.Issuer, slug)
	}
	if status >= 400 && e.Refusal == "" {
		t.Errorf("%s: refused POST %s audited without its reason", who, c.path)
	}
}

// dumpDiff names the buckets and keys that differ between two dumps.
func dumpDiff(a, b map[string]map[string]string) string {
	var out []string
	for bucket, kv := range a {
		for k, v := range kv {
			if w, ok := b[bucket][k]; !ok {
				out = append(out, bucket+"/"+k+" removed")
			} else if w != v {
				out = append(out, bucket+"/"+k+" changed")
			}
		}
	}
	for bucket, kv := range b {
		for k := range kv {
			if _, ok := a[bucket][k]; !ok {
				out = append(out, bucket+"/"+k+" added")
			}
		}
	}
	return strings.Join(out, ", ")
}
