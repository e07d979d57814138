package server

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/api"
	"github.com/accolade-badges/accolade/i18n"
)

// TestConsoleAudit: the changes just made are in the log, newest first,
// with the coordinator as the actor and the private reason of a
// revocation; the download is the community's entries as JSON lines.
func TestConsoleAudit(t *testing.T) {
	f := newConsoleFixture(t)
	postConsole(t, f.bob, "/console/default/credentials/"+f.ts.rec.ID+"/revoke", url.Values{"reason": {"issued by mistake"}}, "revoked")
	postConsole(t, f.bob, "/console/default/keys/rotate", url.Values{}, "rotated")
	postConsole(t, f.cara, "/console/other/keys/rotate", url.Values{}, "rotated")
	body := getConsole(t, f.bob, "/console/default/audit")
	rotate, revoke := strings.Index(body, "POST /console/{slug}/keys/rotate"), strings.Index(body, "POST /console/{slug}/credentials/{id}/{action}")
	if rotate < 0 || revoke < 0 || rotate > revoke {
		t.Errorf("the log should show the rotation above the revocation (newest first): %d, %d\n%s", rotate, revoke, body)
	}
	for _, want := range []string{"coordinator:bob", "issued by mistake", "action=revoke", "Download as JSON lines", `href="https://badges.example.org/console/default/audit.jsonl"`} {
		if !strings.Contains(body, want) {
			t.Errorf("the audit page lacks %q", want)
		}
	}
	if strings.Contains(body, "coordinator:cara") {
		t.Error("the audit page shows another community's entry")
	}
	rec := f.bob.do("GET", "/console/default/audit.jsonl", nil)
	if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != "application/x-ndjson" {
		t.Fatalf("the download: %d %s", rec.Code, rec.Header().Get("Content-Type"))
	}
	var actors []string
	for _, line := range strings.Split(strings.TrimSpace(rec.Body.String()), "\n") {
		var e api.AuditEntry
		mustOK(t, json.Unmarshal([]byte(line), &e))
		if e.Issuer != "default" {
			t.Errorf("the download holds an entry of %q", e.Issuer)
		}
		actors = append(actors, e.Actor)
	}
	if !slices.Contains(actors, "coordinator:bob") {
		t.Errorf("the download's actors: %v", actors)
	}
}

// TestConsoleAdminAccess: to a member who coordinates nothing and to
// another community's coordinator, every route of these pages is not
// found, and nothing changes.
func TestConsoleAdminAccess(t *testing.T) {
	f := newConsoleFixture(t)
	ts := f.ts
	tok, _, err := ts.s.newToken("kept", "default", []accolade.Scope{accolade.ScopeRead}, "test")
	mustOK(t, err)
	before, err := ts.db.Issuer("default")
	mustOK(t, err)
	keys := len(ts.s.keys.Public("default"))
	old := ts.s.keys.Public("default")[0].ID
	routes := []struct {
		method, path string
		form         url.Values
	}{
		{"GET", "/console/default/settings", nil},
		{"POST", "/console/default/settings", settingsForm(map[string]string{"coordinators": "ana\ncara"})},
		{"GET", "/console/default/keys", nil},
		{"POST", "/console/default/keys/rotate", url.Values{}},
		{"POST", "/console/default/keys/" + old + "/remove", url.Values{"force": {"true"}}},
		{"GET", "/console/default/tokens", nil},
		{"POST", "/console/default/tokens", url.Values{"name": {"x"}, "scopes": {"read"}}},
		{"POST", "/console/default/tokens/" + tok.ID + "/revoke", url.Values{}},
		{"GET", "/console/default/audit", nil},
		{"GET", "/console/default/audit.jsonl", nil},
	}
	for who, b := range map[string]*browser{"ana": f.ana, "cara": f.cara} {
		for _, rt := range routes {
			if rec := b.do(rt.method, rt.path, rt.form); rec.Code != http.StatusNotFound {
				t.Errorf("%s: %s %s: %d, want 404", who, rt.method, rt.path, rec.Code)
			}
		}
	}
	p, _ := ts.db.Issuer("default")
	if p.Name != before.Name || !slices.Equal(p.Coordinators, before.Coordinators) {
		t.Errorf("the profile changed: %+v", p)
	}
	if n := len(ts.s.keys.Public("default")); n != keys {
		t.Errorf("%d keys, want %d", n, keys)
	}
	list, _ := ts.db.Tokens()
	if len(list) != 1 || !list[0].Revoked.IsZero() {
		t.Errorf("the tokens changed: %d, revoked %v", len(list), list[0].Revoked)
	}
}

// TestConsoleAdminArabic: the four pages are right to left, without the
// English of their words.
func TestConsoleAdminArabic(t *testing.T) {
	f := newConsoleFixture(t)
	f.bob.cookies["lang"] = &http.Cookie{Name: "lang", Value: "ar"}
	en := i18n.Default().Match("en")
	pages := map[string][]string{
		"/console/default/settings": {"console.settings.title", "console.settings.coordinatorsHint", "console.settings.save", "console.nav.settings", "console.nav.audit"},
		"/console/default/keys":     {"console.keys.title", "console.keys.intro", "console.keys.rotate", "console.keys.state"},
		"/console/default/tokens":   {"console.tokens.title", "console.tokens.createTitle", "console.tokens.scopeRead", "console.tokens.none"},
		"/console/default/audit":    {"console.audit.title", "console.audit.download", "console.audit.none"},
	}
	for path, keys := range pages {
		body := getConsole(t, f.bob, path)
		if !strings.Contains(body, `dir="rtl"`) || !strings.Contains(body, `lang="ar"`) {
			t.Errorf("%s in Arabic: no dir=\"rtl\" lang=\"ar\"", path)
		}
		for _, k := range keys {
			if w := en.T(k); strings.Contains(body, w) {
				t.Errorf("%s in Arabic holds the English %q (%s)", path, w, k)
			}
		}
	}
}
