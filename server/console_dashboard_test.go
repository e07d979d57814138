package server

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/criteria"
	"github.com/accolade-badges/accolade/issuer"
	"github.com/accolade-badges/accolade/ledger"
)

// consoleFixture is a server whose default community bob coordinates and
// whose "other" community cara coordinates, with: ana's circle-host
// credential (ts.rec), a suspendable achievement taking applications
// (mentor) and ana's pending application for it, an achievement of the
// other community with a credential of cara's, a disputed exchange and
// one waiting for a counterpart.
type consoleFixture struct {
	ts                *testServer
	bob, cara, ana    *browser
	other             *accolade.Record // the other community's credential
	application       string
	disputed, waiting string
}

func newConsoleFixture(t *testing.T) *consoleFixture {
	t.Helper()
	ts, _ := newSignInServer(t, "https://badges.example.org")
	mustOK(t, putMember(ts, &accolade.Member{ID: "cara", Name: "Cara Diaz", Email: "cara@example.org", Communities: []string{"default", "other"}}))
	for slug, who := range map[string]string{"default": "bob", "other": "cara"} {
		_, err := ts.db.UpdateIssuer(slug, func(p *accolade.Profile) error { p.Coordinators = []string{who}; return nil })
		mustOK(t, err)
	}
	for _, src := range []string{
		"id: mentor\nname: Mentor\ndescription: Mentors others.\nsuspendable: true\nawardOnApproval: true\ncriteria:\n  narrative: Approved by a coordinator.\n",
		"id: north-host\nissuer: other\nname: North Host\ndescription: Hosts in the north.\ncriteria:\n  narrative: Hosted.\n",
	} {
		a, err := criteria.ParseAchievement("t.yaml", []byte(src))
		mustOK(t, err)
		mustOK(t, ts.s.awards.PutAchievement(a))
	}
	ctx := context.Background()
	other, err := ts.s.awards.Issue(ctx, issuer.Request{Achievement: "north-host", Member: "cara"})
	mustOK(t, err)
	app := &ledger.Application{ID: "ana-mentor", Member: "ana", Achievement: "mentor", Narrative: "I mentored three newcomers.", EvidenceURLs: []string{"https://example.org/ana"}}
	_, err = ts.s.awards.Apply(app)
	mustOK(t, err)
	at := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	res, err := ts.s.awards.AddExchanges(ctx, []*ledger.Exchange{
		{ID: "x-disputed", Kind: ledger.ExchangeKinds[0], Title: "Bread baking", Skills: []string{"baking"}, Hours: 2, OccurredAt: at, Teachers: []string{"bob"}, Learners: []string{"ana"}},
		{ID: "x-imported", Kind: ledger.ExchangeKinds[0], Title: "Choir", Skills: []string{"singing"}, Hours: 3, OccurredAt: at.AddDate(0, -1, 0), Teachers: []string{"ana"}, Learners: []string{"bob"}},
	})
	mustOK(t, err)
	for _, e := range res.Errors {
		mustOK(t, e)
	}
	ma, err := ts.s.members()
	mustOK(t, err)
	_, err = ma.LogExchange(ctx, "ana", &ledger.Exchange{ID: "x-waiting", Kind: ledger.ExchangeKinds[0], Title: "Bike repair", Skills: []string{"bikes"}, Hours: 1.5, OccurredAt: at, Teachers: []string{"ana"}, Learners: []string{"bob"}})
	mustOK(t, err)
	_, err = ma.Dispute(ctx, "x-disputed", "ana", "We never met that day.")
	mustOK(t, err)
	f := &consoleFixture{ts: ts, other: other, application: app.ID, disputed: "x-disputed", waiting: "x-waiting"}
	f.bob, f.cara, f.ana = newBrowser(t, ts), newBrowser(t, ts), newBrowser(t, ts)
	f.bob.signIn("bob@example.org", "bob")
	f.cara.signIn("cara@example.org", "cara")
	f.ana.signIn("ana@example.org", "ana")
	return f
}

// getConsole gets path with b and wants 200, with no catalogue key left.
func getConsole(t *testing.T, b *browser, path string) string {
	t.Helper()
	rec := b.do("GET", path, nil)
	if rec.Code != http.StatusOK {
		t.Fatalf("GET %s: %d, want 200\n%s", path, rec.Code, rec.Body)
	}
	if k := rawCatalogueKey.FindString(rec.Body.String()); k != "" {
		t.Errorf("GET %s shows the catalogue key %s", path, k)
	}
	return rec.Body.String()
}

// postConsole posts form to path with b and wants a redirect to the page's done
// message.
func postConsole(t *testing.T, b *browser, path string, form url.Values, done string) {
	t.Helper()
	rec := b.do("POST", path, form)
	if rec.Code != http.StatusSeeOther || !strings.Contains(rec.Header().Get("Location"), "done="+done) {
		t.Fatalf("POST %s: %d to %q, want 303 with done=%s\n%s", path, rec.Code, rec.Header().Get("Location"), done, rec.Body)
	}
}

func TestConsoleDashboard(t *testing.T) {
	f := newConsoleFixture(t)
	body := getConsole(t, f.bob, "/console/default")
	for _, want := range []string{
		`<span class="stat">3</span> members`,             // ana, bob, cara
		`<span class="stat">1</span> exchange this month`, // the waiting one; the disputed one does not count
		`<span class="stat">1.5</span> hours this month`,
		`<span class="stat">1</span> credential issued in all`, // ana's circle-host; cara's is the other community's
		`<span class="stat">1</span> exchange waiting for a counterpart`,
		`<span class="stat">1</span> open dispute`,
		`<span class="stat">1</span> pending application`,
		`href="https://badges.example.org/console/default/queue#disputes"`,
		`<svg viewBox=`, `<th scope="row">March 2026</th>`, `<th scope="row">April 2025</th>`, `<th scope="row">February 2026</th><td data-label="Credentials issued">0</td><td data-label="Exchanges">1</td>`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("dashboard lacks %q", want)
		}
	}
	body = getConsole(t, f.cara, "/console/other")
	for _, want := range []string{`<span class="stat">1</span> credential issued in all`, `<span class="stat">1</span> achievement`,
		`<span class="stat">1</span> member`, // cara: ana and bob are the default community's only
		`<span class="stat">0</span> open disputes`, `<span class="stat">0</span> exchanges this month`} {
		if !strings.Contains(body, want) {
			t.Errorf("other community's dashboard lacks %q", want)
		}
	}
}
