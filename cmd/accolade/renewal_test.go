package main

import (
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

const firstAiderYAML = `id: first-aider
name: First Aider
description: Ran a first-aid workshop.
achievementType: Badge
validFor: 1y
renewWithin: 30d
criteria:
  narrative: Ran a first-aid workshop.
  rule:
    exchanges: {role: teacher, kind: [workshop], count: 1}
`

type credentialView struct {
	ID, Achievement, Member, Status, Renews, SupersededBy string
	ValidFrom                                             time.Time
	ValidUntil, AwardedDate                               *time.Time
}

// startRenewalApp runs the server on a clock the test moves, with ana
// awarded First Aider by a workshop at the start.
func startRenewalApp(t *testing.T) (*app, *atomic.Int64, credentialView) {
	t.Helper()
	clock := new(atomic.Int64)
	clock.Store(time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC).Unix())
	a := startAppWith(t, func(m *Main) { m.Now = func() time.Time { return time.Unix(clock.Load(), 0).UTC() } })
	if code, _, body := a.do("PUT", "/api/v1/achievements/first-aider", adminToken, "application/yaml", firstAiderYAML); code >= 300 {
		t.Fatalf("PUT achievement = %d %s", code, body)
	}
	for _, m := range []string{"ana", "ben"} {
		if code, _, body := a.do("PUT", "/api/v1/members/"+m, adminToken, "application/json", `{"name":"Member `+m+`","email":"`+m+`@example.org"}`); code >= 300 {
			t.Fatalf("PUT member = %d %s", code, body)
		}
	}
	at := time.Unix(clock.Load(), 0).UTC().Add(-time.Hour).Format(time.RFC3339)
	ex := `{"id":"fa-1","kind":"workshop","title":"First aid","skills":["first-aid"],"hours":2,"occurredAt":"` + at + `","teachers":["ana"],"learners":["ben"]}`
	code, _, body := a.do("POST", "/api/v1/exchanges", adminToken, "application/json", ex)
	var res struct{ Issued []credentialView }
	mustJSON(t, body, &res)
	if code >= 300 || len(res.Issued) != 1 {
		t.Fatalf("POST exchange = %d %s, want First Aider issued", code, body)
	}
	return a, clock, res.Issued[0]
}

func evaluate(t *testing.T, a *app) []credentialView {
	t.Helper()
	code, _, body := a.do("POST", "/api/v1/awards/evaluate", adminToken, "application/json", "")
	var res struct{ Issued []credentialView }
	mustJSON(t, body, &res)
	if code != 200 {
		t.Fatalf("evaluate = %d %s", code, body)
	}
	return res.Issued
}

func listCredentials(t *testing.T, a *app, query string) []credentialView {
	t.Helper()
	code, _, body := a.do("GET", "/api/v1/credentials"+query, adminToken, "", "")
	var res struct{ Credentials []credentialView }
	mustJSON(t, body, &res)
	if code != 200 {
		t.Fatalf("GET /api/v1/credentials%s = %d %s", query, code, body)
	}
	return res.Credentials
}

func ids(list []credentialView) []string {
	var out []string
	for _, c := range list {
		out = append(out, c.ID)
	}
	return out
}

// TestRenewalOverHTTP: an expiring credential is listed for reminders and
// renewed exactly once by concurrent evaluations; the renewal keeps the
// first award date; the old one's page says it was superseded, and it still
// verifies as what it is.
func TestRenewalOverHTTP(t *testing.T) {
	a, clock, first := startRenewalApp(t)
	if got := listCredentials(t, a, "?expiringWithin=30d"); len(got) != 0 {
		t.Errorf("expiringWithin=30d just after issuing = %v, want none", ids(got))
	}
	if code, _, body := a.do("GET", "/api/v1/credentials?expiringWithin=soon", adminToken, "", ""); code != 400 || !strings.Contains(string(body), "expiringWithin") {
		t.Errorf("expiringWithin=soon = %d %s, want 400 naming the parameter", code, body)
	}

	clock.Add(int64((365 - 20) * 24 * 3600)) // 20 days before expiry
	if got := listCredentials(t, a, "?expiringWithin=30d"); len(got) != 1 || got[0].ID != first.ID {
		t.Errorf("expiringWithin=30d 20 days before expiry = %v, want [%s]", ids(got), first.ID)
	}
	if got := listCredentials(t, a, "?expiringWithin=2w"); len(got) != 0 {
		t.Errorf("expiringWithin=2w 20 days before expiry = %v, want none", ids(got))
	}
	env := map[string]string{"ACCOLADE_TOKEN": adminToken}
	code, out, errOut := cli(t, env, "credentials", "list", "--expiring-within", "30d", "--server", a.base)
	if code != 0 || out != first.ID+"\tana\tfirst-aider\tactive\t"+first.ValidUntil.Format(time.RFC3339)+"\n" {
		t.Errorf("credentials list --expiring-within 30d = %d\n%s%s", code, out, errOut)
	}
	if code, _, errOut := cli(t, env, "credentials", "list", "--expiring-within", "soon", "--server", a.base); code == 0 || !strings.Contains(errOut, "expiringWithin") {
		t.Errorf("credentials list --expiring-within soon = %d %s, want an error naming it", code, errOut)
	}

	var wg sync.WaitGroup
	var mu sync.Mutex
	var renewed []credentialView
	for range 6 {
		wg.Go(func() {
			got := evaluate(t, a)
			mu.Lock()
			renewed = append(renewed, got...)
			mu.Unlock()
		})
	}
	wg.Wait()
	if len(renewed) != 1 {
		t.Fatalf("concurrent evaluations issued %v, want one renewal", ids(renewed))
	}
	r := renewed[0]
	now := time.Unix(clock.Load(), 0).UTC()
	if r.Renews != first.ID || r.AwardedDate == nil || !r.AwardedDate.Equal(first.ValidFrom) || !r.ValidFrom.Equal(now) || r.ValidUntil == nil || !r.ValidUntil.Equal(now.Add(365*24*time.Hour)) {
		t.Errorf("renewal = %+v, want renews %s, awardedDate %v, validFrom now, validUntil 365 days on", r, first.ID, first.ValidFrom)
	}
	if got := listCredentials(t, a, "?expiringWithin=30d"); len(got) != 0 {
		t.Errorf("expiringWithin=30d after renewal = %v, want none (the old one is superseded)", ids(got))
	}
	if got := listCredentials(t, a, "?member=ana"); len(got) != 2 || got[0].SupersededBy != r.ID {
		t.Errorf("ana's credentials = %+v, want the first superseded by %s", got, r.ID)
	}

	_, _, doc := a.do("GET", "/credentials/"+r.ID+".json", "", "", "")
	if !strings.Contains(string(doc), `"awardedDate": "`+first.ValidFrom.Format(time.RFC3339)+`"`) {
		t.Errorf("renewed credential has no awardedDate %v:\n%s", first.ValidFrom, doc)
	}
	if ok, _, out := verifyBody(t, a, "application/json", doc); !ok {
		t.Errorf("renewed credential does not verify: %s", out)
	}
	_, _, oldJWT := a.do("GET", "/credentials/"+first.ID+".jwt", "", "", "")
	if v := postVerify(t, a, "text/plain", oldJWT); v.Outcome != "valid" {
		t.Errorf("verify superseded, unexpired credential = %+v, want valid (as it was issued)", v)
	}
	_, page := getHTML(t, a, "/credentials/"+first.ID)
	want := fmt.Sprintf(`Superseded by a <a href="%s/credentials/%s">renewed credential</a> on`, a.base, r.ID)
	if !strings.Contains(page, want) {
		t.Errorf("superseded credential page lacks %q:\n%s", want, page)
	}
	if _, page := getHTML(t, a, "/credentials/"+r.ID); !strings.Contains(page, "First awarded on") || strings.Contains(page, "Superseded") {
		t.Errorf("renewed credential page should say when it was first awarded, and not superseded:\n%s", page)
	}

	clock.Add(int64(30 * 24 * 3600)) // the first has expired
	if v := postVerify(t, a, "text/plain", oldJWT); v.Outcome != "expired" {
		t.Errorf("verify superseded, expired credential = %+v, want expired", v)
	}
	if _, page := getHTML(t, a, "/credentials/"+first.ID); !strings.Contains(page, "This credential has expired on ") || !strings.Contains(page, "Superseded by a") {
		t.Errorf("expired superseded page:\n%s", page)
	}
	if got := evaluate(t, a); len(got) != 0 {
		t.Errorf("evaluate once renewed = %v, want nothing", ids(got))
	}
}

// TestExpiredRenewedByActivity: a credential that expired is renewed by the
// next activity that has its holder evaluated; a revoked one never is.
func TestExpiredRenewedByActivity(t *testing.T) {
	a, clock, first := startRenewalApp(t)
	clock.Add(int64(400 * 24 * 3600))
	_, page := getHTML(t, a, "/credentials/"+first.ID)
	if !strings.Contains(page, "This credential has expired on ") {
		t.Errorf("expired credential page lacks \"expired on\":\n%s", page)
	}
	at := time.Unix(clock.Load(), 0).UTC().Add(-time.Hour).Format(time.RFC3339)
	ex := `{"id":"fa-2","kind":"workshop","title":"First aid again","skills":["first-aid"],"hours":2,"occurredAt":"` + at + `","teachers":["ben"],"learners":["ana"]}`
	code, _, body := a.do("POST", "/api/v1/exchanges", adminToken, "application/json", ex)
	var res struct{ Issued []credentialView }
	mustJSON(t, body, &res)
	if code >= 300 || len(res.Issued) != 2 {
		t.Fatalf("POST exchange = %d %s, want ana's renewal and ben's first", code, body)
	}
	for _, c := range res.Issued {
		if (c.Member == "ana") != (c.Renews == first.ID) {
			t.Errorf("issued %+v: only ana's is a renewal of %s", c, first.ID)
		}
		if c.Member == "ben" {
			if code, _, body := a.do("POST", "/api/v1/credentials/"+c.ID+"/revoke", adminToken, "application/json", `{"reason":"mistake"}`); code != 200 {
				t.Fatalf("revoke = %d %s", code, body)
			}
		}
	}
	clock.Add(int64(400 * 24 * 3600))
	for _, c := range evaluate(t, a) {
		if c.Renews != "" && c.Member == "ben" {
			t.Errorf("ben's revoked credential was renewed: %+v", c)
		}
	}
	if _, page := getHTML(t, a, "/credentials/"+first.ID); !strings.Contains(page, "Superseded by a") {
		t.Errorf("renewed expired credential page lacks the superseded note")
	}
}
