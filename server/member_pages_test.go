package server

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/award"
	"github.com/accolade-badges/accolade/criteria"
	"github.com/accolade-badges/accolade/issuer"
	"github.com/accolade-badges/accolade/ledger"
	"github.com/accolade-badges/accolade/verifier"
)

const fiveWorkshopsYAML = `id: trainer
name: Trainer
description: Ran five confirmed workshops.
criteria:
  rule:
    exchanges: {role: teacher, kind: [workshop], confirmed: true, count: 5}
`

// newMemberServer is a sign-in server with members ana (who holds ts.rec),
// bob, cai and dee, and the trainer achievement (5 confirmed workshops).
func newMemberServer(t *testing.T) *testServer {
	t.Helper()
	ts, _ := newSignInServer(t, "https://badges.example.org")
	for _, id := range []string{"cai", "dee"} {
		mustOK(t, putMember(ts, &accolade.Member{ID: id, Name: "Member " + id, Email: id + "@example.org"}))
	}
	a, err := criteria.ParseAchievement("trainer.yaml", []byte(fiveWorkshopsYAML))
	mustOK(t, err)
	mustOK(t, ts.s.awards.PutAchievement(a))
	return ts
}

// signedIn returns a browser signed in as member (email member@example.org).
func signedIn(t *testing.T, ts *testServer, member string) *browser {
	t.Helper()
	b := newBrowser(t, ts)
	b.signIn(member+"@example.org", member)
	return b
}

// trainerCurrent is ana's number on the trainer requirement, as
// award.Service.Progress says.
func trainerCurrent(t *testing.T, ts *testServer, member string) (current, target float64) {
	t.Helper()
	res, err := ts.s.awards.Progress(member)
	mustOK(t, err)
	for _, r := range res {
		if r.Achievement == "trainer" {
			return r.Requirements[0].Current, r.Requirements[0].Target
		}
	}
	t.Fatalf("Progress(%s) has no trainer result: %+v", member, res)
	return 0, 0
}

// wantProgressPage checks that the member's progress page shows the
// numbers award.Service.Progress gives.
func wantProgressPage(t *testing.T, ts *testServer, b *browser, member string, want float64) {
	t.Helper()
	current, target := trainerCurrent(t, ts, member)
	if current != want {
		t.Errorf("Progress(%s) trainer current = %v, want %v", member, current, want)
	}
	rec := b.do("GET", "/account/progress", nil)
	words := fmt.Sprintf("%v of %v", current, target)
	bar := fmt.Sprintf(`<progress value="%v" max="%v"`, current, target)
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), words) || !strings.Contains(rec.Body.String(), bar) {
		t.Errorf("GET /account/progress: %d, want %q and %q in\n%s", rec.Code, words, bar, rec.Body)
	}
}

func memberExchangeID(t *testing.T, ts *testServer, member string) string {
	t.Helper()
	list, err := ts.s.awards.(*award.Service).MemberExchanges(member)
	mustOK(t, err)
	if len(list) != 1 {
		t.Fatalf("MemberExchanges(%s) = %d exchanges, want 1", member, len(list))
	}
	return list[0].ID
}

func TestMemberExchangeLogConfirmDispute(t *testing.T) {
	ts := newMemberServer(t)
	ana := signedIn(t, ts, "ana")
	rec := ana.do("POST", "/account/exchanges", url.Values{"kind": {"workshop"}, "title": {"Editing basics"},
		"skills": {"training"}, "hours": {"2"}, "date": {"2026-03-04"}, "role": {"taught"}, "with": {"bob", "cai"}})
	if rec.Code != http.StatusSeeOther || !strings.HasSuffix(rec.Header().Get("Location"), "/account/exchanges?done=logged") {
		t.Fatalf("POST /account/exchanges: %d %s\n%s", rec.Code, rec.Header().Get("Location"), rec.Body)
	}
	id := memberExchangeID(t, ts, "ana")
	wantProgressPage(t, ts, ana, "ana", 0) // her own confirmation is not a counterpart's

	bob := signedIn(t, ts, "bob")
	page := bob.do("GET", "/account/exchanges", nil).Body.String()
	if !strings.Contains(page, "Waiting for your confirmation") || !strings.Contains(page, "Editing basics") {
		t.Errorf("bob's exchanges page does not ask him to confirm:\n%s", page)
	}
	if rec := bob.do("POST", "/account/exchanges/"+id+"/confirm", url.Values{}); rec.Code != http.StatusSeeOther {
		t.Fatalf("bob confirms: %d\n%s", rec.Code, rec.Body)
	}
	wantProgressPage(t, ts, ana, "ana", 1)

	dee := signedIn(t, ts, "dee")
	before, err := ts.db.Exchange(id)
	mustOK(t, err)
	for _, action := range []string{"confirm", "dispute"} {
		if rec := dee.do("POST", "/account/exchanges/"+id+"/"+action, url.Values{}); rec.Code != http.StatusForbidden {
			t.Errorf("outsider %s: %d, want 403", action, rec.Code)
		}
	}
	after, err := ts.db.Exchange(id)
	mustOK(t, err)
	if !slices.Equal(before.ConfirmedBy, after.ConfirmedBy) || len(after.DisputedBy) != 0 {
		t.Errorf("outsider's requests changed the exchange: %+v", after)
	}
	if rec := dee.do("GET", "/account/exchanges/"+id, nil); rec.Code != http.StatusNotFound {
		t.Errorf("outsider reads the exchange page: %d, want 404", rec.Code)
	}

	cai := signedIn(t, ts, "cai")
	if rec := cai.do("POST", "/account/exchanges/"+id+"/dispute", url.Values{"note": {"I was not there."}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("cai disputes: %d\n%s", rec.Code, rec.Body)
	}
	wantProgressPage(t, ts, ana, "ana", 0)
	page = ana.do("GET", "/account/exchanges/"+id, nil).Body.String()
	if !strings.Contains(page, "Disputed: it counts for nobody.") || strings.Contains(page, "/dispute") {
		t.Errorf("ana's exchange page: want the dispute shown and no dispute button for the logger:\n%s", page)
	}
	if strings.Contains(page, "I was not there.") {
		t.Errorf("the dispute's note is shown to another participant")
	}
	rec = ts.serve(t, "GET", "/api/v1/exchanges/"+id, "", testToken, "")
	if !strings.Contains(rec.Body.String(), `"cai": "I was not there."`) {
		t.Errorf("the coordinators' view of the exchange lacks the dispute note:\n%s", rec.Body)
	}
}

func TestMemberExchangeFormKeepsInput(t *testing.T) {
	ts := newMemberServer(t)
	ana := signedIn(t, ts, "ana")
	for _, tt := range []struct {
		name  string
		form  url.Values
		field string
	}{
		{"hours", url.Values{"hours": {"lots"}}, "x-hours-error"},
		{"no one else", url.Values{"with": nil}, "x-with-error"},
		{"bad skill", url.Values{"skills": {"wiki editing!"}}, "x-skills-error"},
		{"future", url.Values{"date": {"2026-05-01"}}, "x-date-error"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			form := url.Values{"kind": {"workshop"}, "title": {"Kept title"}, "skills": {"training"}, "hours": {"2"},
				"date": {"2026-03-04"}, "role": {"taught"}, "with": {"bob"}}
			for k, v := range tt.form {
				form[k] = v
			}
			rec := ana.do("POST", "/account/exchanges", form)
			body := rec.Body.String()
			if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(body, `id="`+tt.field+`"`) || !strings.Contains(body, `value="Kept title"`) {
				t.Errorf("POST: %d, want 422 with %s and the title kept\n%s", rec.Code, tt.field, body)
			}
		})
	}
	if list, _ := ts.s.awards.(*award.Service).MemberExchanges("ana"); len(list) != 0 {
		t.Errorf("refused forms stored %d exchanges", len(list))
	}
}

func TestMemberHideShow(t *testing.T) {
	ts := newMemberServer(t)
	_, err := ts.db.UpdateMember("ana", func(m *accolade.Member) error { m.Listed = true; return nil })
	mustOK(t, err)
	id := ts.rec.ID
	page := "/credentials/" + id
	anon, bob, ana := newBrowser(t, ts), signedIn(t, ts, "bob"), signedIn(t, ts, "ana")
	if !strings.Contains(anon.do("GET", "/", nil).Body.String(), page) {
		t.Fatalf("home page does not list ana's credential before hiding")
	}
	before, _ := ts.db.Credential(id)
	if rec := ana.do("POST", "/account/credentials/"+id+"/hidden", url.Values{"hidden": {"true"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("hide: %d\n%s", rec.Code, rec.Body)
	}
	for _, p := range []string{page, page + ".pdf", page + ".png", page + ".svg", page + ".json", page + ".jwt"} {
		for name, b := range map[string]*browser{"anonymous": anon, "bob": bob} {
			if rec := b.do("GET", p, nil); rec.Code != http.StatusNotFound {
				t.Errorf("hidden: %s GET %s = %d, want 404", name, p, rec.Code)
			}
		}
	}
	rec := ana.do("GET", page, nil)
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "only you can see it") {
		t.Errorf("hidden: holder GET %s = %d, want 200 with the notice", page, rec.Code)
	}
	if strings.Contains(anon.do("GET", "/", nil).Body.String(), page) {
		t.Errorf("home page lists a hidden credential")
	}
	after, _ := ts.db.Credential(id)
	if after.JWT != before.JWT || !bytes.Equal(after.JSON, before.JSON) || after.Status != before.Status || !after.Hidden {
		t.Errorf("hiding changed more than Hidden: %+v", after)
	}
	// The credential the holder hands over still verifies; its page URL is
	// not found, as its page is.
	var v verifier.Verdict
	rec = ts.serve(t, "POST", "/api/v1/verify", "text/plain", "", before.JWT)
	if err := json.Unmarshal(rec.Body.Bytes(), &v); err != nil || v.Outcome != verifier.OutcomeValid {
		t.Errorf("hidden credential's JWT verifies: %d %q, want %q", rec.Code, v.Outcome, verifier.OutcomeValid)
	}
	rec = ts.serve(t, "POST", "/api/v1/verify", "text/plain", "", "https://badges.example.org"+page)
	if err := json.Unmarshal(rec.Body.Bytes(), &v); err != nil || v.Outcome == verifier.OutcomeValid {
		t.Errorf("hidden credential verified by its page URL: %d %q, want not found", rec.Code, v.Outcome)
	}
	if rec := bob.do("POST", "/account/credentials/"+id+"/hidden", url.Values{"hidden": {"false"}}); rec.Code != http.StatusNotFound {
		t.Errorf("someone else shows it: %d, want 404", rec.Code)
	}
	if rec := ana.do("POST", "/account/credentials/"+id+"/hidden", url.Values{"hidden": {"false"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("show: %d", rec.Code)
	}
	if rec := anon.do("GET", page, nil); rec.Code != http.StatusOK || strings.Contains(rec.Body.String(), "only you can see it") {
		t.Errorf("shown again: GET %s = %d, want 200 without the notice", page, rec.Code)
	}
}

func TestMemberDataAndZip(t *testing.T) {
	ts := newMemberServer(t)
	ana := signedIn(t, ts, "ana")
	if rec := ana.do("POST", "/account/exchanges", url.Values{"kind": {"workshop"}, "skills": {"training"}, "hours": {"1.5"},
		"date": {"2026-03-04"}, "role": {"learned"}, "with": {"bob"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("log: %d\n%s", rec.Code, rec.Body)
	}
	rec := ana.do("GET", "/account/data.json", nil)
	var out memberExport
	if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil || rec.Code != http.StatusOK {
		t.Fatalf("data.json: %d %v\n%s", rec.Code, err, rec.Body)
	}
	body := rec.Body.String()
	if out.Profile.Email != "ana@example.org" || len(out.Exchanges) != 1 || len(out.Credentials) != 1 || out.Credentials[0].JWT == "" {
		t.Errorf("data.json = %+v, want ana's profile, exchange and credential", out)
	}
	if strings.Contains(body, "bob@example.org") {
		t.Errorf("data.json holds another member's email:\n%s", body)
	}
	rec = ana.do("GET", "/account/credentials.zip", nil)
	zr, err := zip.NewReader(bytes.NewReader(rec.Body.Bytes()), int64(rec.Body.Len()))
	if err != nil {
		t.Fatalf("credentials.zip: %d %v", rec.Code, err)
	}
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
		rc, err := f.Open()
		mustOK(t, err)
		b, _ := io.ReadAll(rc)
		rc.Close()
		if len(b) == 0 {
			t.Errorf("%s is empty", f.Name)
		}
	}
	want := []string{"circle-host-" + ts.rec.ID + ".json", "circle-host-" + ts.rec.ID + ".jwt"}
	if !slices.Equal(names, want) {
		t.Errorf("zip files = %v, want %v", names, want)
	}
	if again := ana.do("GET", "/account/credentials.zip", nil); !bytes.Equal(again.Body.Bytes(), rec.Body.Bytes()) {
		t.Errorf("credentials.zip differs between two downloads")
	}
}

func TestMemberAttestSelfRefused(t *testing.T) {
	ts := newMemberServer(t)
	ana := signedIn(t, ts, "ana")
	rec := ana.do("POST", "/account/attest", url.Values{"member": {"ana"}, "skill": {"training"}, "statement": {"I am good."}})
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "cannot attest their own skill") ||
		!strings.Contains(rec.Body.String(), "I am good.") {
		t.Errorf("self attestation: %d, want 422 with the API's message and the input kept\n%s", rec.Code, rec.Body)
	}
	if rec := ana.do("POST", "/account/attest", url.Values{"member": {"bob"}, "skill": {"training"}, "statement": {"Bob teaches well."}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("attest bob: %d\n%s", rec.Code, rec.Body)
	}
	if page := signedIn(t, ts, "bob").do("GET", "/account/attest", nil).Body.String(); !strings.Contains(page, "Bob teaches well.") {
		t.Errorf("bob's attest page does not show the attestation about him")
	}
}

// TestMemberPagesArabic renders every member page in Arabic: right to
// left, and no English left from the member section.
func TestMemberPagesArabic(t *testing.T) {
	ts := newMemberServer(t)
	ana := signedIn(t, ts, "ana")
	ana.header.Set("Accept-Language", "ar")
	if rec := ana.do("POST", "/account/exchanges", url.Values{"kind": {"workshop"}, "skills": {"training"}, "hours": {"2"},
		"date": {"2026-03-04"}, "role": {"taught"}, "with": {"bob"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("log: %d\n%s", rec.Code, rec.Body)
	}
	id := memberExchangeID(t, ts, "ana")
	english := []string{"My badges", "My progress", "Log an exchange", "Attest a skill", "Applications you may", "Waiting for", "Exchanges you took"}
	for _, p := range []string{"/account", "/account/progress", "/account/exchanges", "/account/exchanges/" + id, "/account/attest", "/account/applications"} {
		rec := ana.do("GET", p, nil)
		body := rec.Body.String()
		if rec.Code != http.StatusOK || !strings.Contains(body, `<html lang="ar" dir="rtl">`) {
			t.Errorf("GET %s in Arabic: %d, want 200 and dir=rtl\n%s", p, rec.Code, body)
			continue
		}
		for _, w := range english {
			if strings.Contains(body, w) {
				t.Errorf("GET %s in Arabic shows %q", p, w)
			}
		}
		if strings.Count(body, "member.") != strings.Count(body, "member.css") {
			t.Errorf("GET %s in Arabic shows a catalogue key", p)
		}
	}
}

// TestMemberReview: a holder of the reviewers achievement sees others'
// applications and decides them; the applicant sees the decision.
func TestMemberReview(t *testing.T) {
	ts := newMemberServer(t)
	for _, src := range []string{"id: mentor\nname: Mentor\ndescription: By hand.\n",
		"id: editor\nname: Editor\ndescription: Approved by a mentor.\nreviewers: mentor\nawardOnApproval: true\n"} {
		a, err := criteria.ParseAchievement("a.yaml", []byte(src))
		mustOK(t, err)
		mustOK(t, ts.s.awards.PutAchievement(a))
	}
	bob := signedIn(t, ts, "bob")
	rec := bob.do("POST", "/account/applications", url.Values{"achievement": {"editor"}, "narrative": {"I edited 40 pages."},
		"evidence": {"https://wiki.example.org/u/bob\n"}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("apply: %d\n%s", rec.Code, rec.Body)
	}
	ana := signedIn(t, ts, "ana")
	if page := ana.do("GET", "/account/applications", nil).Body.String(); strings.Contains(page, "I edited 40 pages.") {
		t.Errorf("a non-reviewer sees others' applications")
	}
	if _, err := ts.s.awards.Issue(t.Context(), issuer.Request{Achievement: "mentor", Member: "ana"}); err != nil {
		t.Fatal(err)
	}
	page := ana.do("GET", "/account/applications", nil).Body.String()
	if !strings.Contains(page, "I edited 40 pages.") {
		t.Fatalf("the reviewer does not see bob's application:\n%s", page)
	}
	apps, err := ts.s.awards.(*award.Service).MemberApplications("bob")
	mustOK(t, err)
	if rec := ana.do("POST", "/account/applications/"+apps[0].ID+"/decision", url.Values{"decision": {"approve"}, "comment": {"Well done."}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("decide: %d\n%s", rec.Code, rec.Body)
	}
	if page := bob.do("GET", "/account/applications", nil).Body.String(); !strings.Contains(page, "Approved") || !strings.Contains(page, "Well done.") {
		t.Errorf("bob does not see the decision:\n%s", page)
	}
	recs, err := ts.db.Credentials(accolade.CredentialFilter{Member: "bob", Achievement: "editor"})
	if err != nil || len(recs) != 1 {
		t.Errorf("bob's editor credentials after the approval: %v, %v; want one", recs, err)
	}
	if apps, _ := ts.s.awards.(*award.Service).MemberApplications("bob"); apps[0].Status != ledger.Approved || apps[0].Reviewer != "ana" {
		t.Errorf("application after the decision: %+v", apps[0])
	}
}
