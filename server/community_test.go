package server

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/api"
)

// TestCommunityToken: a community's token adds members to its community,
// lists only them, records exchanges in it, and changes no member another
// community shares; an install-wide token adds a member to a second
// community, after which each community reads that member.
func TestCommunityToken(t *testing.T) {
	ts := newTestServer(t, "https://badges.example.org")
	other, _ := ts.addToken(t, "other", "other", false, accolade.AllScopes...)
	call := func(method, path, ctype, token, body string, want int) string {
		t.Helper()
		rec := ts.serve(t, method, path, ctype, token, body)
		if rec.Code != want {
			t.Errorf("%s %s = %d %s, want %d", method, path, rec.Code, rec.Body, want)
		}
		return rec.Body.String()
	}
	for _, id := range []string{"zoe", "yan"} {
		call("PUT", "/api/v1/members/"+id, "application/json", other, `{"name":"`+id+`","email":"`+id+`@example.org"}`, http.StatusCreated)
	}
	if m, err := ts.db.Member("zoe"); err != nil || !slices.Equal(m.Communities, []string{"other"}) {
		t.Fatalf("zoe = %+v, %v; want a member of other", m, err)
	}
	var list api.MemberList
	mustOK(t, json.Unmarshal([]byte(call("GET", "/api/v1/members", "", other, "", http.StatusOK)), &list))
	if len(list.Members) != 2 || list.Members[0].ID != "yan" || list.Members[1].ID != "zoe" {
		t.Errorf("other's member list = %+v, want yan and zoe only", list.Members)
	}
	call("PUT", "/api/v1/members/ana", "application/json", other, `{"name":"Ana","email":"ana@example.org"}`, http.StatusForbidden)
	call("GET", "/api/v1/members/ana", "", other, "", http.StatusForbidden)
	ex := `{"id":"%s","kind":"one_to_one","skills":["cooking"],"hours":1,"occurredAt":"2026-03-01T10:00:00Z","teachers":["zoe"],"learners":["%s"]}`
	call("POST", "/api/v1/exchanges", "application/json", other, strings.ReplaceAll(strings.Replace(ex, "%s", "o1", 1), "%s", "yan"), http.StatusCreated)
	if e, err := ts.db.Exchange("o1"); err != nil || e.Community != "other" {
		t.Errorf("exchange o1 = %+v, %v; want it in other", e, err)
	}
	if body := call("POST", "/api/v1/exchanges", "application/json", other, strings.ReplaceAll(strings.Replace(ex, "%s", "o2", 1), "%s", "ana"), http.StatusBadRequest); !strings.Contains(body, `\"ana\" is not a member of the community other`) {
		t.Errorf("an exchange with a member of another community: %s", body)
	}
	body := call("POST", "/api/v1/import/members", "text/csv", other, "id,name,email\nxu,Xu,xu@example.org\nana,Ana,ana@example.org\n", http.StatusOK)
	if !strings.Contains(body, "member of another community") {
		t.Errorf("import of another community's member: %s", body)
	}
	if m, _ := ts.db.Member("ana"); m.Name == "Ana" || !m.In("default") || m.In("other") {
		t.Errorf("ana after other's import = %+v: changed", m)
	}
	if m, err := ts.db.Member("xu"); err != nil || !m.In("other") {
		t.Errorf("xu imported by other = %+v, %v; want a member of other", m, err)
	}
	// The install adds ana to other: other reads her, but cannot change her
	// (her email is her sign-in in default too).
	call("PUT", "/api/v1/members/ana", "application/json", testToken, `{"name":"अनन्या शर्मा","email":"ana@example.org","communities":["default","other"]}`, http.StatusOK)
	call("GET", "/api/v1/members/ana", "", other, "", http.StatusOK)
	call("PUT", "/api/v1/members/ana", "application/json", other, `{"name":"Ana","email":"me@example.org"}`, http.StatusForbidden)
	call("PUT", "/api/v1/members/ana", "application/json", testToken, `{"name":"Ana","email":"ana@example.org","communities":["other"]}`, http.StatusBadRequest)
	if m, _ := ts.db.Member("ana"); m.Email != "ana@example.org" || !slices.Equal(m.Communities, []string{"default", "other"}) {
		t.Errorf("ana = %+v, want her email and both communities", m)
	}
}
