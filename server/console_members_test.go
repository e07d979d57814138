package server

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/i18n"
)

// TestConsoleMembersList: the list holds the community's members only,
// sorted by name; the search finds a name in any script, an id or an
// email; each filter keeps only the members it says; pages of 50.
func TestConsoleMembersList(t *testing.T) {
	f := newConsoleFixture(t)
	ts, base := f.ts, "/console/default/members"
	mustOK(t, putMember(ts, &accolade.Member{ID: "zaid", Name: "زيد", Email: "zaid@example.org", Lang: "ar", Communities: []string{"other"}}))
	body := getConsole(t, f.bob, base)
	for _, want := range []string{"3 members", "अनन्या शर्मा", "Bob Mensah", "Cara Diaz", "bob@example.org"} {
		if !strings.Contains(body, want) {
			t.Errorf("the default community's list lacks %q", want)
		}
	}
	if strings.Contains(body, "زيد") {
		t.Error("the default community's list shows a member of another community only")
	}
	if a, b := strings.Index(body, "Bob Mensah"), strings.Index(body, "Cara Diaz"); a > b {
		t.Error("the list is not sorted by name")
	}
	if body := getConsole(t, f.cara, "/console/other/members"); !strings.Contains(body, "2 members") || !strings.Contains(body, `lang="ar" dir="rtl">زيد`) || strings.Contains(body, "Bob Mensah") {
		t.Errorf("the other community's list should hold cara and zaid, zaid's name in Arabic, right to left:\n%s", body)
	}
	for _, tt := range []struct {
		name, query string
		want        []string
		not         []string
	}{
		{"non-Latin name", "q=" + url.QueryEscape("अनन्या"), []string{"1 member", "अनन्या शर्मा"}, []string{"Bob Mensah"}},
		{"id, case aside", "q=BOB", []string{"1 member", "Bob Mensah"}, []string{"Cara Diaz"}},
		{"email", "q=cara%40example", []string{"1 member", "Cara Diaz"}, []string{"Bob Mensah"}},
		{"nobody", "q=nobody", []string{"No member matches."}, nil},
		{"disputes", "disputed=1", []string{"2 members", "Bob Mensah", "अनन्या शर्मा"}, []string{"Cara Diaz"}},
		{"unconfirmed", "unconfirmed=1", []string{"2 members"}, []string{"Cara Diaz"}},
		{"holds circle-host", "holds=circle-host", []string{"1 member", "अनन्या शर्मा"}, []string{"Bob Mensah"}},
		{"holds mentor", "holds=mentor", []string{"No member matches."}, nil},
	} {
		body := getConsole(t, f.bob, base+"?"+tt.query)
		for _, w := range tt.want {
			if !strings.Contains(body, w) {
				t.Errorf("%s: the list lacks %q", tt.name, w)
			}
		}
		for _, w := range tt.not {
			if strings.Contains(body, w) {
				t.Errorf("%s: the list shows %q", tt.name, w)
			}
		}
	}
	mustOK(t, putMember(ts, &accolade.Member{ID: "pia", Name: "Pia", Email: "pia@example.org", Lang: "fr"}))
	if body := getConsole(t, f.bob, base+"?lang=fr"); !strings.Contains(body, "1 member") || !strings.Contains(body, `<option value="fr" selected>`) {
		t.Error("the language filter does not keep the one French-speaking member")
	}

	for i := range 60 {
		mustOK(t, putMember(ts, &accolade.Member{ID: fmt.Sprintf("m%02d", i), Name: fmt.Sprintf("Member %02d", i), Email: fmt.Sprintf("m%02d@example.org", i)}))
	}
	body = getConsole(t, f.bob, base+"?q=member")
	if !strings.Contains(body, "60 members") || !strings.Contains(body, "Member 49") || strings.Contains(body, "Member 50") || !strings.Contains(body, `rel="next"`) || strings.Contains(body, `rel="prev"`) {
		t.Error("the first page should hold 50 of the 60 members and a next link only")
	}
	body = getConsole(t, f.bob, base+"?q=member&page=2")
	if !strings.Contains(body, "Member 50") || strings.Contains(body, "Member 49") || strings.Contains(body, `rel="next"`) || !strings.Contains(body, `rel="prev"`) {
		t.Error("the second page should hold the last 10 members and a previous link only")
	}
}

// TestConsoleMemberPage: a member's page shows their exchanges with the
// dispute note, their credentials, progress and applications in the
// community; a member of another community is not found on every route.
func TestConsoleMemberPage(t *testing.T) {
	f := newConsoleFixture(t)
	body := getConsole(t, f.bob, "/console/default/members/ana")
	for _, want := range []string{"अनन्या शर्मा", "ana@example.org", "Bread baking", "Disputed", "We never met that day.", "Bike repair", "Waiting for confirmation",
		"Choir", "Confirmed", "3 hours", "Circle Host", "Active", "Mentor", "Pending", "Not earned yet", "Application approved", "0 of 1", "Send a sign-in link"} {
		if !strings.Contains(body, want) {
			t.Errorf("ana's page lacks %q", want)
		}
	}
	if strings.Contains(body, "North Host") {
		t.Error("ana's page in the default community shows another community's achievement")
	}
	if body := getConsole(t, f.cara, "/console/other/members/cara"); !strings.Contains(body, "North Host") || strings.Contains(body, "Circle Host") || !strings.Contains(body, "Also a member of") {
		t.Errorf("cara's page in the other community should hold its credential only and name her other community:\n%s", body)
	}
	// ana is in the default community only: to the other's coordinator she does not exist.
	mails := outboxSignIns(t, f, "ana")
	for _, rt := range []struct{ method, path string }{
		{"GET", "/console/other/members/ana"},
		{"GET", "/console/other/members/ana/edit"},
		{"POST", "/console/other/members/ana/edit"},
		{"POST", "/console/other/members/ana/invite"},
		{"GET", "/console/other/members/nobody"},
	} {
		var form url.Values
		if rt.method == "POST" {
			form = url.Values{"name": {"Taken Over"}, "email": {"cara@example.org"}}
		}
		if rec := f.cara.do(rt.method, rt.path, form); rec.Code != http.StatusNotFound {
			t.Errorf("%s %s: %d, want 404", rt.method, rt.path, rec.Code)
		}
	}
	if rec := f.ana.do("GET", "/console/default/members/ana", nil); rec.Code != http.StatusNotFound {
		t.Errorf("a member who coordinates nothing gets %d on the console, want 404", rec.Code)
	}
	if m, _ := f.ts.db.Member("ana"); m.Name != "अनन्या शर्मा" || m.Email != "ana@example.org" {
		t.Errorf("after refusals ana is %+v", m)
	}
	if n := outboxSignIns(t, f, "ana"); n != mails {
		t.Errorf("a refused invitation put %d sign-in mails in the outbox", n-mails)
	}
}

// outboxSignIns counts the sign-in mails to member in the outbox.
func outboxSignIns(t *testing.T, f *consoleFixture, member string) int {
	t.Helper()
	list, err := f.ts.db.Outbox(1000)
	mustOK(t, err)
	n := 0
	for _, e := range list {
		if e.Notice.Kind == accolade.NoticeSignIn && e.Notice.Member == member {
			n++
		}
	}
	return n
}

// TestConsoleMemberAddEdit: adding puts the member in the community;
// each bad field is refused naming it, in the page's language, with what
// was typed kept and nothing stored; a taken id is refused; an edit keeps
// the member's communities; a member who belongs also to a community the
// coordinator does not run cannot be edited. Every POST is in the audit log.
func TestConsoleMemberAddEdit(t *testing.T) {
	f := newConsoleFixture(t)
	db := f.ts.db
	postConsole(t, f.cara, "/console/other/members/new", url.Values{"id": {"noor"}, "name": {"نور"}, "email": {"Noor@Example.org"}, "lang": {"ar"}}, "memberAdded")
	if m, err := db.Member("noor"); err != nil || m.Email != "noor@example.org" || m.Lang != "ar" || len(m.Communities) != 1 || m.Communities[0] != "other" {
		t.Fatalf("after adding noor to the other community: %+v, %v", m, err)
	}
	if rec := f.bob.do("GET", "/console/default/members/noor", nil); rec.Code != http.StatusNotFound {
		t.Errorf("a member added to the other community is %d in the default one, want 404", rec.Code)
	}
	postConsole(t, f.bob, "/console/default/members/new", url.Values{"id": {"lea"}, "name": {"Léa"}, "email": {"lea@example.org"}, "listed": {"1"}}, "memberAdded")
	if m, err := db.Member("lea"); err != nil || !m.In("default") || len(m.Communities) != 0 || !m.Listed {
		t.Fatalf("after adding lea to the default community: %+v, %v", m, err)
	}

	good := url.Values{"id": {"sam"}, "name": {"Sam"}, "email": {"sam@example.org"}, "lang": {"en"}, "did": {"did:web:example.org"}, "latinName": {"Sam"}}
	for _, tt := range []struct{ field, value, want string }{
		{"id", "", "Enter an id of letters"},
		{"id", "no spaces", "Enter an id of letters"},
		{"id", "ana", "This id is taken; choose another."},
		{"id", "cara", "This id is taken; choose another."},
		{"name", " ", "Enter the member&#39;s name"},
		{"email", "not-an-email", "Enter an email address such as ada@example.org."},
		{"lang", "12", "Enter a language tag"},
		{"did", "nope", "Enter a DID such as"},
		{"latinName", "نور", "Give the name in Latin letters only"},
	} {
		form := url.Values{}
		for k, v := range good {
			form[k] = v
		}
		form.Set(tt.field, tt.value)
		rec := f.bob.do("POST", "/console/default/members/new", form)
		body := rec.Body.String()
		input := map[string]string{"latinName": "e-latin"}[tt.field]
		if input == "" {
			input = "e-" + tt.field
		}
		if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(body, tt.want) || !strings.Contains(body, `id="`+input+`-error"`) || !strings.Contains(body, `value="sam@example.org"`) && tt.field != "email" {
			t.Errorf("adding with %s=%q: %d, want 422 with %q next to the field and the values typed\n%s", tt.field, tt.value, rec.Code, tt.want, body)
		}
	}
	if f.ts.s.hasMember("sam") {
		t.Error("a refused form stored the member")
	}
	if m, _ := db.Member("cara"); m.Name != "Cara Diaz" {
		t.Errorf("adding a taken id changed the member: %+v", m)
	}
	f.bob.header.Set("Accept-Language", "fr")
	if rec := f.bob.do("POST", "/console/default/members/new", url.Values{"id": {"sam"}, "name": {"Sam"}, "email": {"sam"}}); !strings.Contains(rec.Body.String(), "Saisissez une adresse électronique") {
		t.Errorf("the French page's error is not in French:\n%s", rec.Body)
	}
	f.bob.header.Del("Accept-Language")

	// Editing ana (default only): saved, communities kept; a bad email changes nothing.
	getConsole(t, f.bob, "/console/default/members/ana/edit")
	rec := f.bob.do("POST", "/console/default/members/ana/edit", url.Values{"name": {"Ana Sharma"}, "email": {"ana@"}})
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), `id="e-email-error"`) || !strings.Contains(rec.Body.String(), `value="Ana Sharma"`) {
		t.Errorf("editing with a bad email: %d, want 422 naming the email and keeping the name typed", rec.Code)
	}
	if m, _ := db.Member("ana"); m.Name != "अनन्या शर्मा" {
		t.Errorf("a refused edit changed the name to %q", m.Name)
	}
	postConsole(t, f.bob, "/console/default/members/ana/edit", url.Values{"name": {"Ana Sharma"}, "email": {"ana@example.org"}, "lang": {"hi"}}, "memberSaved")
	if m, _ := db.Member("ana"); m.Name != "Ana Sharma" || m.Lang != "hi" || !m.In("default") {
		t.Errorf("after the edit ana is %+v", m)
	}

	// cara is in default and other; bob coordinates default only: he cannot change her sign-in.
	body := getConsole(t, f.bob, "/console/default/members/cara/edit")
	if !strings.Contains(body, "belongs also to the community") || strings.Contains(body, `name="email"`) {
		t.Errorf("the edit page of a member of another community too should say so and offer no form:\n%s", body)
	}
	other, err := db.Issuer("other")
	mustOK(t, err)
	if !strings.Contains(body, other.Name) {
		t.Errorf("the edit page does not name the other community %q", other.Name)
	}
	rec = f.bob.do("POST", "/console/default/members/cara/edit", url.Values{"name": {"Cara"}, "email": {"bob@example.org"}})
	if rec.Code != http.StatusForbidden {
		t.Errorf("changing the email of a member of another community too: %d, want 403", rec.Code)
	}
	if m, _ := db.Member("cara"); m.Email != "cara@example.org" || m.Name != "Cara Diaz" {
		t.Errorf("a refused edit changed cara: %+v", m)
	}

	log, err := db.AuditLog(accolade.AuditFilter{})
	mustOK(t, err)
	seen := map[string]bool{}
	for _, e := range log {
		seen[fmt.Sprintf("%s %s %s %d", e.Actor, e.Action, e.Target, e.Outcome)] = true
	}
	for _, want := range []string{
		"coordinator:cara POST /console/{slug}/members/new slug=other 303",
		"coordinator:bob POST /console/{slug}/members/new slug=default 303",
		"coordinator:bob POST /console/{slug}/members/new slug=default 422",
		"coordinator:bob POST /console/{slug}/members/{id}/edit slug=default id=ana 303",
		"coordinator:bob POST /console/{slug}/members/{id}/edit slug=default id=ana 422",
		"coordinator:bob POST /console/{slug}/members/{id}/edit slug=default id=cara 403",
	} {
		if !seen[want] {
			t.Errorf("the audit log lacks %q; it has %v", want, seen)
		}
	}
}

// TestConsoleMemberInvite: an invitation puts one sign-in mail to the
// member in the outbox, in their language, with a sign-in link; over the
// per-address limit the page says so and nothing is sent.
func TestConsoleMemberInvite(t *testing.T) {
	f := newConsoleFixture(t)
	mustOK(t, putMember(f.ts, &accolade.Member{ID: "ana", Name: "अनन्या शर्मा", Email: "ana@example.org", Lang: "ar"}))
	f.ts.s.signInAddressLimit = newClientLimiter(1e-9, 1)
	before := outboxSignIns(t, f, "ana")
	old, err := f.ts.db.Outbox(1000)
	mustOK(t, err)
	had := map[string]bool{}
	for _, e := range old {
		had[e.Notice.ID] = true
	}
	postConsole(t, f.bob, "/console/default/members/ana/invite", url.Values{}, "invited")
	list, err := f.ts.db.Outbox(1000)
	mustOK(t, err)
	var sent []*accolade.Notice
	for _, e := range list {
		if n := e.Notice; n.Kind == accolade.NoticeSignIn && n.Member == "ana" && !had[n.ID] {
			sent = append(sent, n)
		}
	}
	if len(sent) != 1 {
		t.Fatalf("the invitation put %d sign-in mails in the outbox, want 1", len(sent))
	}
	if n := sent[0]; n.Lang != "ar" || !strings.HasPrefix(n.Link, "https://badges.example.org/signin/") {
		t.Errorf("the invitation is %+v, want an Arabic mail with a sign-in link", n)
	}
	if body := getConsole(t, f.bob, "/console/default/members/ana?done=invited"); !strings.Contains(body, "A sign-in link was sent to the member.") {
		t.Error("the member's page does not say the link was sent")
	}
	rec := f.bob.do("POST", "/console/default/members/ana/invite", url.Values{})
	if rec.Code != http.StatusTooManyRequests || !strings.Contains(rec.Body.String(), "Too many sign-in links") {
		t.Errorf("an invitation over the limit: %d, want 429 saying so\n%s", rec.Code, rec.Body)
	}
	if n := outboxSignIns(t, f, "ana"); n != before+1 {
		t.Errorf("an invitation over the limit put %d more mails in the outbox", n-before-1)
	}
	log, err := f.ts.db.AuditLog(accolade.AuditFilter{})
	mustOK(t, err)
	outcomes := map[int]bool{}
	for _, e := range log {
		if e.Action == "POST /console/{slug}/members/{id}/invite" && e.Actor == "coordinator:bob" {
			outcomes[e.Outcome] = true
		}
	}
	if !outcomes[http.StatusSeeOther] || !outcomes[http.StatusTooManyRequests] {
		t.Errorf("the audit log's invitations have outcomes %v, want 303 and 429", outcomes)
	}
}

// TestConsoleMembersIsolation: a member who coordinates nothing, and each
// community's coordinator on the other's pages, get 404 on every members
// route, and the store does not change.
func TestConsoleMembersIsolation(t *testing.T) {
	f := newConsoleFixture(t)
	form := url.Values{"id": {"sam"}, "name": {"Sam"}, "email": {"sam@example.org"}}
	before, err := f.ts.db.Dump("audit", "sessions")
	mustOK(t, err)
	for _, tt := range []struct {
		who      string
		b        *browser
		slug, id string
	}{
		{"a member", f.ana, "default", "ana"},
		{"a member", f.ana, "other", "cara"},
		{"the other community's coordinator", f.cara, "default", "ana"},
		{"the default community's coordinator", f.bob, "other", "cara"},
	} {
		c := "/console/" + tt.slug + "/members"
		for _, rq := range []struct{ method, path string }{
			{"GET", c}, {"GET", c + "/new"}, {"POST", c + "/new"}, {"GET", c + "/" + tt.id}, {"GET", c + "/" + tt.id + "/edit"},
			{"POST", c + "/" + tt.id + "/edit"}, {"POST", c + "/" + tt.id + "/invite"},
		} {
			var body url.Values
			if rq.method == "POST" {
				body = form
			}
			if rec := tt.b.do(rq.method, rq.path, body); rec.Code != http.StatusNotFound {
				t.Errorf("%s: %s %s = %d, want 404", tt.who, rq.method, rq.path, rec.Code)
			}
		}
	}
	after, err := f.ts.db.Dump("audit", "sessions")
	mustOK(t, err)
	for bucket, kv := range before {
		for k, v := range kv {
			if after[bucket][k] != v {
				t.Errorf("bucket %s key %q changed on a refused request", bucket, k)
			}
		}
		if len(after[bucket]) != len(kv) {
			t.Errorf("bucket %s: %d keys, was %d", bucket, len(after[bucket]), len(kv))
		}
	}
}

// TestConsoleMembersArabic: the members pages are right to left and hold
// none of the English words of their catalogue keys.
func TestConsoleMembersArabic(t *testing.T) {
	f := newConsoleFixture(t)
	f.bob.cookies["lang"] = &http.Cookie{Name: "lang", Value: "ar"}
	en := i18n.Default().Match("en")
	for path, keys := range map[string][]string{
		"/console/default/members":          {"console.members.title", "console.members.search", "console.members.hasDisputes", "console.members.lastActivity", "console.members.add"},
		"/console/default/members/ana":      {"console.members.exchanges", "console.members.disputedBy", "console.members.invite", "console.members.progress", "console.members.pending"},
		"/console/default/members/ana/edit": {"console.members.latinName", "console.members.emailHint", "console.members.listedChoice", "console.members.save"},
		"/console/default/members/new":      {"console.members.addTitle", "console.members.idHint", "console.members.addButton"},
	} {
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
