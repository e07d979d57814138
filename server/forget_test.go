package server

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/ledger"
)

// TestForgetMember erases ana's personal data: afterwards no trace of her
// name or email is left anywhere in the store (the audit log included),
// her signed-in browser is signed out, her credential's page says her
// details were removed and its files answer 410, the VC-JWT she kept
// still verifies, and she cannot be stored again under her id.
func TestForgetMember(t *testing.T) {
	ts, _ := newSignInServer(t, "https://badges.example.org")
	const name, email = "अनन्या शर्मा", "ana@example.org"
	ctx := context.Background()
	res, err := ts.s.awards.AddExchanges(ctx, []*ledger.Exchange{{ID: "x1", Kind: "one_to_one", Skills: []string{"cooking"}, Hours: 1, Feedback: "Ana cooks well",
		OccurredAt: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), Teachers: []string{"ana"}, Learners: []string{"bob"}}})
	mustOK(t, err)
	mustOK(t, res.Errors[0])
	_, err = ts.s.awards.Apply(&ledger.Application{ID: "a1", Member: "ana", Achievement: "circle-host", Narrative: "I, Ana, host circles.", EvidenceURLs: []string{"https://ana.example.org"}})
	mustOK(t, err)
	ana := signedIn(t, ts, "ana")
	jwt := ts.rec.JWT

	rec := ts.serve(t, "POST", "/api/v1/members/ana/forget", "", testToken, "")
	var answer struct {
		Member string             `json:"member"`
		Erased accolade.Forgotten `json:"erased"`
	}
	mustOK(t, json.Unmarshal(rec.Body.Bytes(), &answer))
	if rec.Code != http.StatusOK || answer.Erased.Credentials != 1 || answer.Erased.Exchanges != 1 || answer.Erased.Applications != 1 || answer.Erased.Sessions != 1 || answer.Erased.Mail == 0 { // her pending mail (the sign-in link's, at least)
		t.Fatalf("forget = %d %s", rec.Code, rec.Body)
	}
	mail, err := ts.db.Outbox(1000)
	mustOK(t, err)
	for _, e := range mail {
		if e.Notice.Member == "ana" && e.State == "pending" {
			t.Errorf("a notice to ana is still pending after the erasure: %+v", e.Notice)
		}
	}
	dump, err := ts.db.Dump()
	mustOK(t, err)
	all := fmt.Sprint(dump)
	for _, trace := range []string{name, email, "Ana cooks well", "I, Ana, host circles.", "ana.example.org"} {
		if strings.Contains(all, trace) {
			t.Errorf("the store still holds %q", trace)
		}
	}
	log, err := ts.db.AuditLog(accolade.AuditFilter{})
	mustOK(t, err)
	if last := log[len(log)-1]; last.Action != "POST /api/v1/members/{id}/forget" || !strings.Contains(last.Target, "erased: credentials=1") {
		t.Errorf("last audit entry = %+v, want the erasure with its counts", last)
	}

	if rec := ana.do("GET", "/account", nil); rec.Code != http.StatusSeeOther {
		t.Errorf("ana's old session: GET /account = %d, want 303 to sign in", rec.Code)
	}
	page := newBrowser(t, ts).do("GET", "/credentials/"+ts.rec.ID, nil)
	if body := page.Body.String(); page.Code != http.StatusOK || !strings.Contains(body, "The holder&#39;s details were removed at their request") ||
		strings.Contains(body, name) || !strings.Contains(body, "Circle Host") || strings.Contains(body, "linkedin.com") {
		t.Errorf("the credential page after forgetting = %d:\n%s", page.Code, body)
	}
	for _, p := range []string{"/", "/issuers/default", "/achievements/circle-host"} {
		if rec := newBrowser(t, ts).do("GET", p, nil); rec.Code != http.StatusOK || strings.Contains(rec.Body.String(), name) {
			t.Errorf("GET %s after forgetting = %d (or names her)", p, rec.Code)
		}
	}
	for _, ext := range []string{".json", ".jwt", ".pdf", ".png", ".svg"} {
		if rec := ts.serve(t, "GET", "/credentials/"+ts.rec.ID+ext, "", "", ""); rec.Code != http.StatusGone {
			t.Errorf("GET %s after forgetting = %d, want 410", ext, rec.Code)
		}
	}
	v := ts.serve(t, "POST", "/api/v1/verify", "application/jwt", "", jwt)
	var verdict struct {
		Outcome string `json:"outcome"`
	}
	mustOK(t, json.Unmarshal(v.Body.Bytes(), &verdict))
	if verdict.Outcome != "valid" {
		t.Errorf("the VC-JWT ana kept: outcome %q, want valid\n%s", verdict.Outcome, v.Body)
	}
	if rec := ts.serve(t, "PUT", "/api/v1/members/ana", "application/json", testToken, `{"name":"Ana","email":"ana@example.org"}`); rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), "details were removed") {
		t.Errorf("storing ana again = %d %s, want 400", rec.Code, rec.Body)
	}
	if rec := ts.serve(t, "POST", "/api/v1/members/nobody/forget", "", testToken, ""); rec.Code != http.StatusNotFound {
		t.Errorf("forgetting nobody = %d, want 404", rec.Code)
	}
}
