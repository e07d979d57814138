package server

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/issuer"
	"github.com/accolade-badges/accolade/verifier"
)

// TestConsoleCredentials: the coordinator lists, filters, issues, suspends
// (only a suspendable achievement's credential), reinstates, re-sends and
// revokes; the public page and the verifier then say revoked, and the
// audit log names the coordinator.
func TestConsoleCredentials(t *testing.T) {
	f := newConsoleFixture(t)
	ts, base := f.ts, "/console/default/credentials"
	body := getConsole(t, f.bob, base)
	if !strings.Contains(body, "1 credential") || !strings.Contains(body, "Circle Host") || strings.Contains(body, "North Host") {
		t.Errorf("the list should hold the default community's credential only:\n%s", body)
	}
	if body := getConsole(t, f.bob, base+"?q=nobody"); !strings.Contains(body, "No credential matches.") {
		t.Error("a search matching no member still lists credentials")
	}
	if body := getConsole(t, f.bob, base+"?q=अनन्या&status=active&achievement=circle-host"); !strings.Contains(body, "1 credential") {
		t.Error("a search by the member's name, status and achievement does not find ana's credential")
	}
	if body := getConsole(t, f.bob, base+"?status=revoked"); !strings.Contains(body, "No credential matches.") {
		t.Error("the status filter keeps an active credential under revoked")
	}

	// Issuing: refused for another community's achievement or no member, then done.
	for _, tt := range []struct{ name, member, achievement, want string }{
		{"no member", "", "mentor", "Enter the member&#39;s id."},
		{"another community's", "ana", "north-host", "Choose one of this community&#39;s achievements."},
		{"unknown member", "zed", "mentor", "No member has the id “zed”."},
	} {
		rec := f.bob.do("POST", base, url.Values{"member": {tt.member}, "achievement": {tt.achievement}})
		if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), tt.want) {
			t.Errorf("issue (%s): %d, want 422 with %q\n%s", tt.name, rec.Code, tt.want, rec.Body)
		}
	}
	postConsole(t, f.bob, base, url.Values{"member": {"ana"}, "achievement": {"mentor"}}, "issued")
	mentor, err := ts.db.Credentials(accolade.CredentialFilter{Member: "ana", Achievement: "mentor"})
	mustOK(t, err)
	if len(mentor) != 1 {
		t.Fatalf("after issuing: %d mentor credentials for ana, want 1", len(mentor))
	}
	id := mentor[0].ID

	// circle-host is not suspendable: the API's message, nothing changed.
	rec := f.bob.do("POST", base+"/"+ts.rec.ID+"/suspend", url.Values{"reason": {"checking"}})
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "not suspendable") {
		t.Errorf("suspending a credential of a non-suspendable achievement: %d, want 422 with the API's message", rec.Code)
	}
	if c, _ := ts.db.Credential(ts.rec.ID); c.Status != accolade.Active {
		t.Errorf("after a refused suspension the credential is %s", c.Status)
	}
	postConsole(t, f.bob, base+"/"+id+"/suspend", url.Values{"reason": {"under review"}}, "suspended")
	if c, _ := ts.db.Credential(id); c.Status != accolade.Suspended || c.StatusReason != "under review" {
		t.Errorf("after suspending: %s %q", c.Status, c.StatusReason)
	}
	postConsole(t, f.bob, base+"/"+id+"/unsuspend", url.Values{}, "unsuspended")
	postConsole(t, f.bob, base+"/"+id+"/resend", url.Values{}, "resent")
	postConsole(t, f.bob, base+"/"+id+"/resend", url.Values{}, "resent")
	for _, n := range []string{"awarded:" + id, "awarded:" + id + ":resend:1", "awarded:" + id + ":resend:2"} {
		if e, err := ts.db.OutboxEntry(n); err != nil || e.Notice.Kind != accolade.NoticeAwarded || e.Notice.Credential != id {
			t.Errorf("outbox %s: %v, want an award notice for %s", n, err, id)
		}
	}

	postConsole(t, f.bob, base+"/"+ts.rec.ID+"/revoke", url.Values{"reason": {"issued by mistake"}}, "revoked")
	if body := getConsole(t, f.bob, base); !strings.Contains(body, "issued by mistake") || !strings.Contains(body, "Revoked") {
		t.Error("the list does not show the revoked credential's private reason to the coordinator")
	}
	if rec := f.bob.do("POST", base+"/"+ts.rec.ID+"/resend", url.Values{}); rec.Code != http.StatusUnprocessableEntity {
		t.Errorf("re-sending a revoked credential's mail: %d, want 422", rec.Code)
	}
	public := newBrowser(t, ts).do("GET", "/credentials/"+ts.rec.ID, nil).Body.String()
	if !strings.Contains(strings.ToLower(public), "revoked") || strings.Contains(public, "issued by mistake") {
		t.Error("the public credential page does not say revoked, or shows the private reason")
	}
	vr := ts.serve(t, "POST", "/api/v1/verify", "text/plain", "", ts.rec.JWT)
	var v verifier.Verdict
	mustOK(t, json.Unmarshal(vr.Body.Bytes(), &v))
	if v.Outcome != verifier.OutcomeRevoked {
		t.Errorf("POST /api/v1/verify after revoking: outcome %q, want revoked", v.Outcome)
	}

	log, err := ts.db.AuditLog(accolade.AuditFilter{})
	mustOK(t, err)
	want := map[string]bool{}
	for _, e := range log {
		if e.Actor == "coordinator:bob" {
			want[e.Action] = true
		}
	}
	for _, a := range []string{"POST /console/{slug}/credentials", "POST /console/{slug}/credentials/{id}/{action}"} {
		if !want[a] {
			t.Errorf("audit log lacks %s by coordinator:bob", a)
		}
	}
}

// TestConsoleOtherCommunityCredential: a credential of another community is
// not found on the console, and stays as it is.
func TestConsoleOtherCommunityCredential(t *testing.T) {
	f := newConsoleFixture(t)
	for _, action := range []string{"revoke", "suspend", "unsuspend", "resend", "nonsense"} {
		if rec := f.bob.do("POST", "/console/default/credentials/"+f.other.ID+"/"+action, url.Values{}); rec.Code != http.StatusNotFound {
			t.Errorf("%s another community's credential: %d, want 404", action, rec.Code)
		}
	}
	if c, _ := f.ts.db.Credential(f.other.ID); c.Status != accolade.Active {
		t.Errorf("another community's credential is %s", c.Status)
	}
	body := getConsole(t, f.cara, "/console/other/credentials")
	if !strings.Contains(body, "North Host") || strings.Contains(body, "Circle Host") {
		t.Error("the other community's list shows the wrong credentials")
	}
}

// TestConsoleCredentialsPages: more credentials than a page lists are on
// pages linked newer/older, which keep the filters.
func TestConsoleCredentialsPages(t *testing.T) {
	f := newConsoleFixture(t)
	for i := range consoleCredentialsPage {
		id := fmt.Sprintf("m%02d", i)
		mustOK(t, putMember(f.ts, &accolade.Member{ID: id, Name: "Member " + id, Email: id + "@example.org"}))
		_, err := f.ts.s.awards.Issue(context.Background(), issuer.Request{Achievement: "circle-host", Member: id})
		mustOK(t, err)
	}
	first := getConsole(t, f.bob, "/console/default/credentials?achievement=circle-host")
	if n := strings.Count(first, `<tr id="c-`); n != consoleCredentialsPage || !strings.Contains(first, fmt.Sprintf("%d credentials", consoleCredentialsPage+1)) {
		t.Fatalf("first page: %d rows, want %d of %d", n, consoleCredentialsPage, consoleCredentialsPage+1)
	}
	next := `href="https://badges.example.org/console/default/credentials?achievement=circle-host&amp;page=2"`
	if !strings.Contains(first, next) || strings.Contains(first, `rel="prev"`) {
		t.Errorf("first page: no link to the second keeping the filter, or a link to a previous one")
	}
	second := getConsole(t, f.bob, "/console/default/credentials?achievement=circle-host&page=2")
	if n := strings.Count(second, `<tr id="c-`); n != 1 || !strings.Contains(second, `rel="prev"`) || strings.Contains(second, `rel="next"`) {
		t.Errorf("second page: %d rows, want 1 and a link back only", n)
	}
	if !strings.Contains(second, `value="achievement=circle-host&amp;page=2"`) {
		t.Error("the second page's actions do not come back to it")
	}
}
