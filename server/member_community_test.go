package server

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/accolade-badges/accolade"
)

// TestMemberExchangeCommunity: a member of several communities chooses the
// one an exchange is made in, and logs it only with members of it; a
// member of one community is not asked, and is offered only its members.
func TestMemberExchangeCommunity(t *testing.T) {
	ts := newMemberServer(t)
	mustOK(t, putMember(ts, &accolade.Member{ID: "ana", Name: "Ana", Email: "ana@example.org", Communities: []string{"default", "other"}}))
	mustOK(t, putMember(ts, &accolade.Member{ID: "zed", Name: "Zed Only-Other", Email: "zed@example.org", Communities: []string{"other"}}))
	ana := signedIn(t, ts, "ana")
	if page := ana.do("GET", "/account/exchanges", nil).Body.String(); !strings.Contains(page, `<select id="x-community" name="community"`) || !strings.Contains(page, `<option value="other">Other</option>`) {
		t.Errorf("ana's form does not offer her communities:\n%s", page)
	}
	bob := signedIn(t, ts, "bob")
	if page := bob.do("GET", "/account/exchanges", nil).Body.String(); strings.Contains(page, `name="community"`) || strings.Contains(page, "Zed Only-Other") {
		t.Errorf("bob (default only) is asked for a community or offered zed:\n%s", page)
	}
	form := func(community string, with ...string) url.Values {
		return url.Values{"kind": {"workshop"}, "skills": {"training"}, "hours": {"1"}, "date": {"2026-03-04"}, "role": {"taught"}, "with": with, "community": {community}}
	}
	for _, c := range []struct {
		form url.Values
		want string
	}{
		{form("other", "bob"), `&#34;bob&#34; is not a member of the community other`},
		{form("nowhere", "zed"), "Choose one of your communities."},
	} {
		if rec := ana.do("POST", "/account/exchanges", c.form); rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), c.want) {
			t.Errorf("log %v = %d, want 422 saying %q\n%s", c.form, rec.Code, c.want, rec.Body)
		}
	}
	if rec := ana.do("POST", "/account/exchanges", form("other", "zed")); rec.Code != http.StatusSeeOther {
		t.Fatalf("log with zed in other = %d\n%s", rec.Code, rec.Body)
	}
	e, err := ts.db.Exchange(memberExchangeID(t, ts, "zed"))
	mustOK(t, err)
	if e.Community != "other" {
		t.Errorf("the exchange is in %q, want other", e.Community)
	}
}
