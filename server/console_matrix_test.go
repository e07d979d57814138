package server

import (
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"github.com/accolade-badges/accolade"
)

// consoleCase is a concrete request for a console route of the default
// community: its path and, for a POST, a form that the right coordinator's
// request really acts on.
type consoleCase struct {
	path string
	form url.Values
}

// consoleMatrix has a case for every console route, keyed by its pattern.
// A route added to consoleRoutesList needs one here (TestConsoleMatrix
// fails, naming it): a path in the default community of newConsoleFixture
// and, for a POST, the form a coordinator would send.
func consoleMatrix(f *consoleFixture) map[string]consoleCase {
	const c = "/console/default"
	newYAML := "id: matrix-badge\nname: Matrix Badge\ndescription: Made by the matrix test.\nachievementType: Badge\ncriteria:\n  narrative: Given by hand.\n"
	return map[string]consoleCase{
		"GET /console/{slug}":                                   {c, nil},
		"GET /console/{slug}/queue":                             {c + "/queue", nil},
		"POST /console/{slug}/queue/applications/{id}":          {c + "/queue/applications/" + f.application, url.Values{"decision": {"approve"}, "comment": {"Well done"}}},
		"POST /console/{slug}/queue/exchanges/{id}/withdraw":    {c + "/queue/exchanges/" + f.disputed + "/withdraw", url.Values{}},
		"GET /console/{slug}/members":                           {c + "/members", nil},
		"GET /console/{slug}/members/new":                       {c + "/members/new", nil},
		"POST /console/{slug}/members/new":                      {c + "/members/new", url.Values{"id": {"newcomer"}, "name": {"New Comer"}, "email": {"newcomer@example.org"}}},
		"GET /console/{slug}/members/{id}":                      {c + "/members/ana", nil},
		"GET /console/{slug}/members/{id}/edit":                 {c + "/members/ana/edit", nil},
		"POST /console/{slug}/members/{id}/edit":                {c + "/members/ana/edit", url.Values{"name": {"Ana Renamed"}, "email": {"ana@example.org"}}},
		"POST /console/{slug}/members/{id}/invite":              {c + "/members/ana/invite", url.Values{}},
		"POST /console/{slug}/members/{id}/forget":              {c + "/members/ana/forget", url.Values{"confirm": {"yes"}}},
		"GET /console/{slug}/credentials":                       {c + "/credentials", nil},
		"POST /console/{slug}/credentials":                      {c + "/credentials", url.Values{"member": {"bob"}, "achievement": {"circle-host"}}},
		"POST /console/{slug}/credentials/{id}/{action}":        {c + "/credentials/" + f.ts.rec.ID + "/revoke", url.Values{"reason": {"private matter"}}},
		"GET /console/{slug}/achievements":                      {c + "/achievements", nil},
		"GET /console/{slug}/achievements/new":                  {c + "/achievements/new", nil},
		"POST /console/{slug}/achievements/new":                 {c + "/achievements/new", url.Values{"yaml": {newYAML}, "action": {"save"}}},
		"POST /console/{slug}/achievements/check":               {c + "/achievements/check", url.Values{"yaml": {newYAML}}},
		"GET /console/{slug}/achievements/{id}":                 {c + "/achievements/circle-host", nil},
		"POST /console/{slug}/achievements/{id}":                {c + "/achievements/circle-host", url.Values{"yaml": {strings.Replace(circleHost, "Hosts circles.", "Hosts circles well.", 1)}, "action": {"save"}}},
		"POST /console/{slug}/achievements/{id}/image":          {c + "/achievements/circle-host/image", url.Values{}},
		"GET /console/{slug}/achievements/{id}/certificate.pdf": {c + "/achievements/circle-host/certificate.pdf", nil},
		"GET /console/{slug}/import":                            {c + "/import", nil},
		"POST /console/{slug}/import":                           {c + "/import", url.Values{"kind": {"members"}}},
		"POST /console/{slug}/import/apply":                     {c + "/import/apply", url.Values{"token": {strings.Repeat("a", 32)}}},
		"GET /console/{slug}/settings":                          {c + "/settings", nil},
		"POST /console/{slug}/settings":                         {c + "/settings", url.Values{"name": {"Riverside Renamed"}, "coordinators": {"bob"}, "lang": {"en"}}},
		"GET /console/{slug}/communities":                       {c + "/communities", nil},
		"POST /console/{slug}/communities":                      {c + "/communities", url.Values{"slug": {"east"}, "name": {"East"}, "alg": {"EdDSA"}, "idMode": {"did:web"}, "coordinators": {"bob"}}},
		"GET /console/{slug}/keys":                              {c + "/keys", nil},
		"POST /console/{slug}/keys/rotate":                      {c + "/keys/rotate", url.Values{}},
		"POST /console/{slug}/keys/{id}/remove":                 {c + "/keys/nokey/remove", url.Values{}},
		"GET /console/{slug}/tokens":                            {c + "/tokens", nil},
		"POST /console/{slug}/tokens":                           {c + "/tokens", url.Values{"name": {"nightly import"}, "scopes": {"activity:write"}}},
		"POST /console/{slug}/tokens/{id}/revoke":               {c + "/tokens/notoken/revoke", url.Values{}},
		"GET /console/{slug}/audit":                             {c + "/audit", nil},
		"GET /console/{slug}/audit.jsonl":                       {c + "/audit.jsonl", nil},
		"GET /console/{slug}/endorsements":                      {c + "/endorsements", nil},
		"POST /console/{slug}/endorsements":                     {c + "/endorsements", url.Values{"target": {f.ts.s.urls.Achievement("north-host")}, "comment": {"Well hosted"}}},
		"POST /console/{slug}/endorsements/attach":              {c + "/endorsements/attach", url.Values{"endorsement": {string(f.signEndorsement("circle-host").JSON)}}},
		"POST /console/{slug}/endorsements/delete":              {c + "/endorsements/delete", url.Values{"id": {f.keepEndorsement("circle-host").ID}, "confirm": {"yes"}}},
	}
}

// consoleRightStatus are the answers of a coordinator's request that is
// allowed but, with the matrix's form, refused by the page itself for what
// the form holds (not for who sent it): an upload without a file, an
// import apply whose file is gone, a key or token that does not exist.
var consoleRightStatus = map[string]int{
	"POST /console/{slug}/achievements/{id}/image": http.StatusBadRequest,
	"POST /console/{slug}/import":                  http.StatusBadRequest,
	"POST /console/{slug}/import/apply":            http.StatusConflict,
	"POST /console/{slug}/keys/{id}/remove":        http.StatusNotFound,
	"POST /console/{slug}/tokens/{id}/revoke":      http.StatusNotFound,
}

// TestConsoleMatrix runs every console route, for the default community,
// as: no one signed in (a GET goes to sign-in, a POST is refused); a
// member who coordinates nothing and the other community's coordinator
// (404: the page does not exist for them); the right coordinator posting
// from another site (403); and the right coordinator (the page, or its
// change). On every refusal nothing changes in the store, and every
// refused or allowed POST is in the audit log once, under who sent it.
func TestConsoleMatrix(t *testing.T) {
	probe := newConsoleFixture(t)
	cases := consoleMatrix(probe)
	for _, rt := range consoleRoutesList {
		if _, ok := cases[rt.pattern]; !ok {
			t.Errorf("console route %s has no case in consoleMatrix: add one", rt.pattern)
		}
	}
	for pattern := range cases {
		if !slicesContainsRoute(pattern) {
			t.Errorf("consoleMatrix has %s, which is not a console route", pattern)
		}
	}
	for _, rt := range consoleRoutesList {
		t.Run(rt.pattern, func(t *testing.T) {
			f := newConsoleFixture(t)
			c := consoleMatrix(f)[rt.pattern] // the fixture's own ids
			method, _, _ := strings.Cut(rt.pattern, " ")
			var form url.Values
			if method == http.MethodPost {
				form = c.form
			}
			crossSite := newBrowser(t, f.ts)
			crossSite.signIn("bob@example.org", "bob")
			crossSite.header.Set("Sec-Fetch-Site", "cross-site")
			for _, p := range []struct {
				who    string
				b      *browser
				status int
				actor  string // the audit entry's actor for a POST ("": none)
			}{
				{"signed out", newBrowser(t, f.ts), 0, "anonymous"},
				{"a member who coordinates nothing", f.ana, http.StatusNotFound, "member:ana"},
				{"the other community's coordinator", f.cara, http.StatusNotFound, "member:cara"},
				{"the right coordinator from another site", crossSite, http.StatusForbidden, "member:bob"},
			} {
				if p.b == crossSite && method != http.MethodPost {
					continue // a GET from another site is a link followed: SameSite=Lax lets the page open (and nothing reads it across sites)
				}
				before := consoleState(t, f)
				auditBefore := auditCount(t, f, rt.pattern, p.actor)
				rec := p.b.do(method, c.path, form)
				switch {
				case p.status != 0 && rec.Code != p.status:
					t.Errorf("%s: %s %s = %d, want %d", p.who, method, c.path, rec.Code, p.status)
				case p.status == 0 && method == http.MethodGet && (rec.Code != http.StatusSeeOther || !strings.Contains(rec.Header().Get("Location"), "/signin")):
					t.Errorf("%s: GET %s = %d to %q, want 303 to sign in", p.who, c.path, rec.Code, rec.Header().Get("Location"))
				case p.status == 0 && method == http.MethodPost && rec.Code < 400:
					t.Errorf("%s: POST %s = %d, want a refusal", p.who, c.path, rec.Code)
				}
				if after := consoleState(t, f); !reflect.DeepEqual(before, after) {
					t.Errorf("%s: the refused %s %s changed the store", p.who, method, c.path)
				}
				if method == http.MethodPost && p.actor != "" {
					if got := auditCount(t, f, rt.pattern, p.actor) - auditBefore; got != 1 {
						t.Errorf("%s: %d audit entries of the refusal by %s, want 1", p.who, got, p.actor)
					}
				}
			}
			before := consoleState(t, f)
			auditBefore := auditCount(t, f, rt.pattern, "coordinator:bob")
			rec := f.bob.do(method, c.path, form)
			want, special := consoleRightStatus[rt.pattern]
			switch {
			case special && rec.Code != want:
				t.Errorf("the right coordinator: %s %s = %d, want %d\n%s", method, c.path, rec.Code, want, rec.Body)
			case !special && rec.Code >= 400:
				t.Errorf("the right coordinator: %s %s = %d\n%s", method, c.path, rec.Code, rec.Body)
			}
			if method == http.MethodPost && !special && !consoleReadOnly[rt.pattern] {
				if reflect.DeepEqual(before, consoleState(t, f)) {
					t.Errorf("the right coordinator's %s %s changed nothing: the case cannot tell a refusal from a success", method, c.path)
				}
			}
			if method == http.MethodPost && !consoleReadOnly[rt.pattern] {
				if got := auditCount(t, f, rt.pattern, "coordinator:bob") - auditBefore; got != 1 {
					t.Errorf("the right coordinator: %d audit entries, want 1", got)
				}
			}
		})
	}
}

// TestConsoleMatrixSmuggled: the other community's coordinator, on her
// own console's routes, names the default community's resources (its
// credential, application, exchange, member, achievement): refused, and
// nothing changes.
func TestConsoleMatrixSmuggled(t *testing.T) {
	f := newConsoleFixture(t)
	for pattern, c := range consoleMatrix(f) {
		method, _, _ := strings.Cut(pattern, " ")
		if !strings.Contains(pattern, "{id}") || strings.Contains(pattern, "/keys/") || strings.Contains(pattern, "/tokens/") {
			continue // no id, or one that names nothing of the default community's (a key or token that does not exist)
		}
		path := strings.Replace(c.path, "/console/default/", "/console/other/", 1)
		before := consoleState(t, f)
		rec := f.cara.do(method, path, c.form)
		if rec.Code < 400 {
			t.Errorf("cara: %s %s = %d, want a refusal", method, path, rec.Code)
		}
		if !reflect.DeepEqual(before, consoleState(t, f)) {
			t.Errorf("cara's %s %s changed the default community's data", method, path)
		}
	}
}

// TestConsoleMatrixOtherWay: the default community's coordinator finds
// none of the other community's console pages.
func TestConsoleMatrixOtherWay(t *testing.T) {
	f := newConsoleFixture(t)
	for _, rt := range consoleRoutesList {
		method, pattern, _ := strings.Cut(rt.pattern, " ")
		path := strings.NewReplacer("{slug}", "other", "{id}", "cara", "{action}", "revoke").Replace(pattern)
		if strings.Contains(pattern, "/credentials/{id}") {
			path = "/console/other/credentials/" + f.other.ID + "/revoke"
		}
		before := consoleState(t, f)
		var form url.Values
		if method == http.MethodPost {
			form = url.Values{"reason": {"x"}, "confirm": {"yes"}}
		}
		if rec := f.bob.do(method, path, form); rec.Code != http.StatusNotFound {
			t.Errorf("bob: %s %s = %d, want 404", method, path, rec.Code)
		}
		if !reflect.DeepEqual(before, consoleState(t, f)) {
			t.Errorf("bob's %s %s changed the other community's data", method, path)
		}
	}
}

// consoleState is the store without what any request changes: the audit
// log (checked apart) and the sessions' last-seen times.
func consoleState(t *testing.T, f *consoleFixture) map[string]map[string]string {
	t.Helper()
	d, err := f.ts.db.Dump("audit", "sessions", "sessions_by_member")
	mustOK(t, err)
	return d
}

// auditCount counts the audit entries of action by actor.
func auditCount(t *testing.T, f *consoleFixture, action, actor string) int {
	t.Helper()
	list, err := f.ts.db.AuditLog(accolade.AuditFilter{})
	mustOK(t, err)
	n := 0
	for _, e := range list {
		if e.Action == action && e.Actor == actor {
			n++
		}
	}
	return n
}

func slicesContainsRoute(pattern string) bool {
	for _, rt := range consoleRoutesList {
		if rt.pattern == pattern {
			return true
		}
	}
	return false
}
