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

// hostile is markup a member or coordinator might type to attack the
// pages others read: every page must show it as text.
const hostile = "Eve <script>alert(1)</script> \"'><img src=x onerror=alert(2)> \u202egnp.exe"

// TestHostileValuesEscaped puts hostile text in every field people type —
// a member's name, an achievement's name, description and criteria, an
// exchange's title, skills and dispute note, an application's narrative,
// the community's name — and renders every public page, member page and
// console page: the markup never appears unescaped, and no page fails.
func TestHostileValuesEscaped(t *testing.T) {
	ts, _ := newSignInServer(t, "https://badges.example.org")
	_, err := ts.db.UpdateIssuer("default", func(p *accolade.Profile) error {
		p.Coordinators, p.Description = []string{"bob"}, hostile
		return nil
	})
	mustOK(t, err)
	mustOK(t, putMember(ts, &accolade.Member{ID: "eve", Name: hostile, Email: "eve@example.org", Listed: true}))
	yaml := "id: evil\nname: " + quoteYAML(hostile) + "\ndescription: " + quoteYAML(hostile) + "\nawardOnApproval: true\ncriteria:\n  narrative: " + quoteYAML(hostile) + "\n"
	a, err := criteria.ParseAchievement("evil.yaml", []byte(yaml))
	mustOK(t, err)
	mustOK(t, ts.s.awards.PutAchievement(a))
	ctx := context.Background()
	rec, err := ts.s.awards.Issue(ctx, issuer.Request{Achievement: "evil", Member: "eve"})
	mustOK(t, err)
	res, err := ts.s.awards.AddExchanges(ctx, []*ledger.Exchange{{ID: "x-evil", Kind: "one_to_one", Title: hostile, Skills: []string{"cooking"}, Hours: 1,
		OccurredAt: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), Teachers: []string{"eve"}, Learners: []string{"bob"}, LoggedBy: "eve", ConfirmedBy: []string{"eve"}}})
	mustOK(t, err)
	mustOK(t, res.Errors[0])
	_, err = ts.s.awards.Apply(&ledger.Application{ID: "a-evil", Member: "eve", Achievement: "evil", Narrative: hostile})
	mustOK(t, err)
	ma, err := ts.s.members()
	mustOK(t, err)
	_, err = ma.Dispute(ctx, "x-evil", "bob", hostile)
	mustOK(t, err)

	pages := map[string]*browser{}
	anon, eve, bob := newBrowser(t, ts), signedIn(t, ts, "eve"), signedIn(t, ts, "bob")
	for _, p := range []string{"/", "/issuers/default", "/achievements/evil", "/credentials/" + rec.ID, "/verify?url=" + url.QueryEscape(ts.s.urls.Credential(rec.ID))} {
		pages[p] = anon
	}
	for _, p := range []string{"/account", "/account/progress", "/account/exchanges", "/account/exchanges/x-evil", "/account/attest", "/account/applications", "/account/settings"} {
		pages[p] = eve
	}
	for _, route := range consoleRoutesList {
		method, pattern, _ := strings.Cut(route.pattern, " ")
		if method != "GET" || strings.HasSuffix(pattern, ".jsonl") || strings.HasSuffix(pattern, ".pdf") {
			continue
		}
		id := "evil" // an achievement's id, or a member's on the members pages
		if strings.Contains(pattern, "/members/") {
			id = "eve"
		}
		p := strings.NewReplacer("{slug}", "default", "{id}", id).Replace(pattern)
		if strings.Contains(p, "{") {
			t.Errorf("console page %s: give this test a path for it", route.pattern)
			continue
		}
		pages[p] = bob
	}
	pages["/account/exchanges/x-evil"] = bob // the dispute note, as the other participant sees it
	shown := 0                               // pages where the text is, escaped: the test is not passing for want of it
	for p, b := range pages {
		got := b.do("GET", p, nil)
		body := got.Body.String()
		if got.Code != http.StatusOK {
			t.Errorf("GET %s = %d", p, got.Code)
			continue
		}
		for _, raw := range []string{"<script>alert(1)", "<img src=x"} { // escaped, the text is &lt;img …: harmless
			if strings.Contains(body, raw) {
				t.Errorf("GET %s shows %q unescaped", p, raw)
			}
		}
		if strings.Contains(body, "&lt;script&gt;alert(1)&lt;/script&gt;") {
			shown++
		}
	}
	if shown < len(pages)/2 {
		t.Errorf("the hostile text shows (escaped) on %d of %d pages: too few for the test to mean anything", shown, len(pages))
	}
	if len(pages) < 20 {
		t.Errorf("only %d pages rendered", len(pages))
	}
}

// quoteYAML quotes s as a YAML double-quoted scalar.
func quoteYAML(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}
