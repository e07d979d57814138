package server

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/i18n"
	"github.com/accolade-badges/accolade/ledger"
)

// TestConsoleQueue: the coordinator sees the pending application with its
// narrative and evidence, the disputed exchange with who disputed and
// their note, and the exchange waiting for a counterpart; approving issues
// the credential, withdrawing stops the exchange counting.
func TestConsoleQueue(t *testing.T) {
	f := newConsoleFixture(t)
	ts, base := f.ts, "/console/default/queue"
	body := getConsole(t, f.bob, base)
	if k := rawCatalogueKey.FindString(body); k != "" {
		t.Errorf("the queue shows the catalogue key %s", k)
	}
	for _, want := range []string{"I mentored three newcomers.", `href="https://example.org/ana"`, "1 pending application",
		"Bread baking", "· 2 hours</p>", "· 1.5 hours</p>", "We never met that day.", "1 disputed exchange", "Bike repair", "1 exchange waiting for a counterpart", "Still to confirm: <bdi>Bob Mensah</bdi>"} {
		if !strings.Contains(body, want) {
			t.Errorf("queue lacks %q", want)
		}
	}
	if rec := f.bob.do("POST", base+"/applications/"+f.application, url.Values{"decision": {"maybe"}}); rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "Choose Approve or Reject.") {
		t.Errorf("a decision that is neither: %d, want 422 naming the choices", rec.Code)
	}
	postConsole(t, f.bob, base+"/applications/"+f.application, url.Values{"decision": {"approve"}, "comment": {"Well done"}}, "approved")
	a, err := ts.db.Application(f.application)
	mustOK(t, err)
	if a.Status != ledger.Approved || a.Comment != "Well done" {
		t.Errorf("after approving: %s %q", a.Status, a.Comment)
	}
	if recs, _ := ts.db.Credentials(accolade.CredentialFilter{Member: "ana", Achievement: "mentor"}); len(recs) != 1 {
		t.Errorf("approving an awardOnApproval application issued %d credentials, want 1", len(recs))
	}
	if rec := f.bob.do("POST", base+"/applications/"+f.application, url.Values{"decision": {"reject"}}); rec.Code != http.StatusUnprocessableEntity {
		t.Errorf("deciding a decided application: %d, want 422", rec.Code)
	}
	postConsole(t, f.bob, base+"/exchanges/"+f.disputed+"/withdraw", url.Values{}, "withdrawn")
	if e, _ := ts.db.Exchange(f.disputed); !e.Withdrawn {
		t.Error("the disputed exchange is not withdrawn")
	}
	if body := getConsole(t, f.bob, base); !strings.Contains(body, "No exchange is disputed.") || !strings.Contains(body, "No application is waiting.") {
		t.Error("the queue still lists what was handled")
	}
	// Another community's coordinator has no exchanges here.
	if rec := f.cara.do("POST", "/console/other/queue/exchanges/"+f.waiting+"/withdraw", url.Values{}); rec.Code != http.StatusNotFound {
		t.Errorf("withdraw from another community's console: %d, want 404", rec.Code)
	}
	log, err := ts.db.AuditLog(accolade.AuditFilter{})
	mustOK(t, err)
	seen := map[string]bool{}
	for _, e := range log {
		if e.Actor == "coordinator:bob" {
			seen[e.Action] = true
		}
	}
	for _, a := range []string{"POST /console/{slug}/queue/applications/{id}", "POST /console/{slug}/queue/exchanges/{id}/withdraw"} {
		if !seen[a] {
			t.Errorf("audit log lacks %s by coordinator:bob", a)
		}
	}
}

// TestConsoleOwnApplication: a coordinator may not decide their own
// application.
func TestConsoleOwnApplication(t *testing.T) {
	f := newConsoleFixture(t)
	_, err := f.ts.s.awards.Apply(&ledger.Application{ID: "bob-mentor", Member: "bob", Achievement: "mentor", Narrative: "Me too."})
	mustOK(t, err)
	rec := f.bob.do("POST", "/console/default/queue/applications/bob-mentor", url.Values{"decision": {"approve"}})
	if rec.Code != http.StatusUnprocessableEntity {
		t.Errorf("deciding one's own application: %d, want 422", rec.Code)
	}
	if a, _ := f.ts.db.Application("bob-mentor"); a.Status != ledger.Pending {
		t.Errorf("one's own application is %s after a refused decision", a.Status)
	}
}

// consoleRequests are every console route of this slice, for community
// slug and its credential cred.
func consoleRequests(f *consoleFixture, slug, cred string) []struct{ method, path string } {
	c := "/console/" + slug
	return []struct{ method, path string }{
		{"GET", c},
		{"GET", c + "/credentials"},
		{"POST", c + "/credentials"},
		{"POST", c + "/credentials/" + cred + "/revoke"},
		{"POST", c + "/credentials/" + cred + "/suspend"},
		{"POST", c + "/credentials/" + cred + "/unsuspend"},
		{"POST", c + "/credentials/" + cred + "/resend"},
		{"GET", c + "/queue"},
		{"POST", c + "/queue/applications/" + f.application},
		{"POST", c + "/queue/exchanges/" + f.disputed + "/withdraw"},
	}
}

// TestConsoleIsolation: a member who coordinates nothing and the other
// community's coordinator get 404 on every route, both ways, and the store
// does not change.
func TestConsoleIsolation(t *testing.T) {
	f := newConsoleFixture(t)
	form := url.Values{"member": {"ana"}, "achievement": {"mentor"}, "reason": {"x"}, "decision": {"approve"}}
	before, err := f.ts.db.Dump("audit", "sessions")
	mustOK(t, err)
	for _, tt := range []struct {
		who        string
		b          *browser
		slug, cred string
	}{
		{"a member", f.ana, "default", f.ts.rec.ID},
		{"a member", f.ana, "other", f.other.ID},
		{"the other community's coordinator", f.cara, "default", f.ts.rec.ID},
		{"the default community's coordinator", f.bob, "other", f.other.ID},
		{"the default community's coordinator, another's credential", f.bob, "default", f.other.ID},
	} {
		who, b := tt.who, tt.b
		for _, rq := range consoleRequests(f, tt.slug, tt.cred) {
			if tt.cred == f.other.ID && tt.slug == "default" && !strings.Contains(rq.path, "/credentials/") {
				continue // bob's own pages, with another's credential only in its actions
			}
			var body url.Values
			if rq.method == "POST" {
				body = form
			}
			if rec := b.do(rq.method, rq.path, body); rec.Code != http.StatusNotFound {
				t.Errorf("%s: %s %s = %d, want 404", who, rq.method, rq.path, rec.Code)
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

// rawCatalogueKey is a catalogue key shown as it is (a missing or failing message).
var rawCatalogueKey = regexp.MustCompile(`\bconsole\.[a-z]+\.[a-zA-Z]+`)

// TestConsoleArabic: the pages are right to left and hold none of the
// English words of their catalogue keys.
func TestConsoleArabic(t *testing.T) {
	f := newConsoleFixture(t)
	f.bob.cookies["lang"] = &http.Cookie{Name: "lang", Value: "ar"}
	en := i18n.Default().Match("en")
	pages := map[string][]string{
		"/console/default": {"console.dashboard.title", "console.dashboard.hoursMonth", "console.dashboard.installWide", "console.dashboard.chartTitle",
			"console.dashboard.seriesCredentials", "console.dashboard.seriesExchanges", "console.dashboard.chartTable", "console.dashboard.month", "console.nav.queue"},
		"/console/default/credentials": {"console.credentials.title", "console.credentials.search", "console.credentials.filter", "console.credentials.revoke",
			"console.credentials.resend", "console.credentials.issueTitle", "console.credentials.memberID", "console.credentials.reason", "console.credentials.active"},
		"/console/default/queue": {"console.queue.title", "console.queue.comment", "console.queue.approve", "console.queue.reject", "console.queue.withdraw",
			"console.queue.leave", "console.queue.waitingFor", "console.queue.teachers", "console.queue.learners", "console.queue.evidence"},
	}
	for path, keys := range pages {
		body := getConsole(t, f.bob, path)
		if !strings.Contains(body, `dir="rtl"`) || !strings.Contains(body, `lang="ar"`) {
			t.Errorf("%s in Arabic: no dir=\"rtl\" lang=\"ar\"", path)
		}
		if k := rawCatalogueKey.FindString(body); k != "" {
			t.Errorf("%s in Arabic shows the catalogue key %s", path, k)
		}
		for _, k := range keys {
			if w := en.T(k); strings.Contains(body, w) {
				t.Errorf("%s in Arabic holds the English %q (%s)", path, w, k)
			}
		}
		for _, w := range []string{"Dashboard", "Credentials", "To review", "members", "credential", "exchange", "application"} {
			if strings.Contains(body, ">"+w) || strings.Contains(body, " "+w+"<") {
				t.Errorf("%s in Arabic holds the English %q", path, w)
			}
		}
	}
}

// TestConsoleQueueCommunity: another community's queue shows none of the
// default community's exchanges, and cannot withdraw them.
func TestConsoleQueueCommunity(t *testing.T) {
	f := newConsoleFixture(t)
	body := getConsole(t, f.cara, "/console/other/queue")
	if strings.Contains(body, "Bread baking") || strings.Contains(body, "Bike repair") {
		t.Errorf("the other community's queue shows the default community's exchanges:\n%s", body)
	}
	if rec := f.cara.do("POST", "/console/other/queue/exchanges/"+f.disputed+"/withdraw", url.Values{}); rec.Code != http.StatusNotFound {
		t.Errorf("withdrawing another community's exchange = %d, want 404", rec.Code)
	}
	if e, _ := f.ts.db.Exchange(f.disputed); e.Withdrawn {
		t.Error("another community withdrew the exchange")
	}
	// Its own exchange, it can.
	mustOK(t, putMember(f.ts, &accolade.Member{ID: "olu", Name: "Olu", Email: "olu@example.org", Communities: []string{"other"}}))
	res, err := f.ts.s.awards.AddExchanges(context.Background(), []*ledger.Exchange{{ID: "o1", Kind: ledger.ExchangeKinds[0], Title: "Pottery", Skills: []string{"pottery"},
		Hours: 1, OccurredAt: time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC), Teachers: []string{"cara"}, Learners: []string{"olu"}, Community: "other"}})
	mustOK(t, err)
	mustOK(t, res.Errors[0])
	if rec := f.cara.do("POST", "/console/other/queue/exchanges/o1/withdraw", url.Values{}); rec.Code != http.StatusSeeOther {
		t.Errorf("withdrawing its own community's exchange = %d, want 303\n%s", rec.Code, rec.Body)
	}
}
