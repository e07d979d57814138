package server

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestConsoleMemberForget: a coordinator erases a member's personal data
// from the member's page once they confirm; without the box ticked, or
// for a member who belongs also to a community they do not coordinate,
// nothing is erased.
func TestConsoleMemberForget(t *testing.T) {
	f := newConsoleFixture(t)
	if rec := f.bob.do("POST", "/console/default/members/ana/forget", url.Values{}); rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "Tick the box to confirm") {
		t.Errorf("forget without confirming = %d", rec.Code)
	}
	if rec := f.cara.do("POST", "/console/other/members/cara/forget", url.Values{"confirm": {"yes"}}); rec.Code != http.StatusForbidden {
		t.Errorf("forgetting a member of a community one does not coordinate = %d, want 403", rec.Code)
	}
	for _, id := range []string{"ana", "cara"} {
		if m, _ := f.ts.db.Member(id); !m.Forgotten.IsZero() || m.Email == "" {
			t.Fatalf("%s was erased by a refused request", id)
		}
	}
	rec := f.bob.do("POST", "/console/default/members/ana/forget", url.Values{"confirm": {"yes"}})
	if rec.Code != http.StatusSeeOther || !strings.Contains(rec.Header().Get("Location"), "/console/default/members?done=forgotten") {
		t.Fatalf("forget = %d %s", rec.Code, rec.Header().Get("Location"))
	}
	if m, _ := f.ts.db.Member("ana"); m.Forgotten.IsZero() || m.Email != "" || m.Name != "" {
		t.Errorf("ana after erasure = %+v", m)
	}
	page := getConsole(t, f.bob, "/console/default/members/ana")
	if !strings.Contains(page, "Details removed") || strings.Contains(page, "Erase their personal data") || strings.Contains(page, "Send a sign-in link") {
		t.Errorf("a forgotten member's page:\n%s", page)
	}
}
