package server

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/accolade-badges/accolade"
)

// TestConsoleIndex: a coordinator's header links the console, which lists
// the communities they coordinate; another member sees none, and no link.
func TestConsoleIndex(t *testing.T) {
	ts, _ := newSignInServer(t, "https://badges.example.org")
	_, err := ts.db.UpdateIssuer("default", func(p *accolade.Profile) error { p.Coordinators = []string{"bob"}; return nil })
	mustOK(t, err)
	bob := newBrowser(t, ts)
	bob.signIn("bob@example.org", "bob")
	page := bob.do("GET", "/console", nil).Body.String()
	if !strings.Contains(page, `href="https://badges.example.org/console/default"`) || !strings.Contains(page, `href="https://badges.example.org/console">`) {
		t.Errorf("a coordinator's console index lacks the community or the header link:\n%s", page)
	}
	ana := newBrowser(t, ts)
	ana.signIn("ana@example.org", "ana")
	rec := ana.do("GET", "/console", nil)
	if rec.Code != http.StatusOK || strings.Contains(rec.Body.String(), "/console/default") || strings.Contains(rec.Body.String(), `href="https://badges.example.org/console">`) {
		t.Errorf("a member who coordinates nothing: %d, want the page without communities or header link", rec.Code)
	}
	if rec := newBrowser(t, ts).do("GET", "/console", nil); rec.Code != http.StatusSeeOther {
		t.Errorf("console signed out: %d, want 303 to sign in", rec.Code)
	}
}

// TestConsoleAuditOnce: a console change is in the audit log once, as the
// coordinator's; a refused one (not a coordinator) once, as the member's.
func TestConsoleAuditOnce(t *testing.T) {
	ts, _ := newSignInServer(t, "https://badges.example.org")
	_, err := ts.db.UpdateIssuer("default", func(p *accolade.Profile) error { p.Coordinators = []string{"bob"}; return nil })
	mustOK(t, err)
	bob := newBrowser(t, ts)
	bob.signIn("bob@example.org", "bob")
	bob.do("POST", "/console/default/keys/rotate", url.Values{})
	bob.do("POST", "/console/default/achievements/check", url.Values{"file": {"id: x\nname: X\n"}}) // changes nothing: not audited
	ana := newBrowser(t, ts)
	ana.signIn("ana@example.org", "ana")
	ana.do("POST", "/console/default/keys/rotate", url.Values{})
	log, err := ts.db.AuditLog(accolade.AuditFilter{})
	mustOK(t, err)
	count := map[string]int{}
	for _, e := range log {
		if strings.HasPrefix(e.Action, "POST /console/") {
			count[e.Actor+" "+strconv.Itoa(e.Outcome)]++
		}
	}
	if count["coordinator:bob 303"] != 1 || count["member:ana 404"] != 1 || len(count) != 2 {
		t.Errorf("console entries = %v, want one coordinator:bob 303 and one member:ana 404", count)
	}
}
