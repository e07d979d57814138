package server

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/criteria"
	"github.com/accolade-badges/accolade/issuer"
	"github.com/accolade-badges/accolade/ledger"
	"github.com/accolade-badges/accolade/verifier"
)

// clrServer gives ana five credentials (circle-host precedes circle-mentor)
// and exchanges: 2 hours taught to bob (confirmed by him), 1.5 learned
// from cai (confirmed by her); one withdrawn and one unconfirmed that do
// not count.
func clrServer(t *testing.T) *testServer {
	t.Helper()
	ts := newMemberServer(t)
	ctx := context.Background()
	for _, y := range []string{
		"id: circle-mentor\nname: Circle Mentor\ndescription: Mentors hosts.\ncriteria:\n  narrative: Hosts.\n  rule:\n    all:\n      - holds: circle-host\n      - exchanges: {role: teacher, count: 1}\n",
		"id: cook\nname: Cook\ndescription: Cooks.\ncriteria:\n  narrative: Cooked.\n",
		"id: baker\nname: Baker\ndescription: Bakes.\ncriteria:\n  narrative: Baked.\n",
		"id: gardener\nname: Gardener\ndescription: Gardens.\ncriteria:\n  narrative: Gardened.\n",
	} {
		a, err := criteria.ParseAchievement("a.yaml", []byte(y))
		mustOK(t, err)
		mustOK(t, ts.s.awards.PutAchievement(a))
		_, err = ts.s.awards.Issue(ctx, issuer.Request{Achievement: a.ID, Member: "ana"})
		mustOK(t, err)
	}
	at := time.Date(2026, 2, 1, 10, 0, 0, 0, time.UTC)
	ex := func(id string, h float64, teacher, learner string, confirmed ...string) *ledger.Exchange {
		return &ledger.Exchange{ID: id, Kind: ledger.OneToOne, Hours: h, OccurredAt: at, Skills: []string{"cooking"},
			Teachers: []string{teacher}, Learners: []string{learner}, ConfirmedBy: confirmed}
	}
	_, err := ts.s.awards.AddExchanges(ctx, []*ledger.Exchange{ex("x1", 2, "ana", "bob", "bob"), ex("x2", 1.5, "cai", "ana", "cai"),
		ex("x3", 4, "ana", "bob", "bob"), ex("x4", 8, "ana", "cai")})
	mustOK(t, err)
	_, err = ts.s.awards.Withdraw(ctx, "x3")
	mustOK(t, err)
	return ts
}

func TestMemberCLRAPI(t *testing.T) {
	ts := clrServer(t)
	other, _ := ts.addToken(t, "other", "other", false, accolade.ScopeRead)
	for _, c := range []struct {
		name, token, path string
		want              int
	}{
		{"no token", "", "/api/v1/members/ana/clr", http.StatusUnauthorized},
		{"another community", other, "/api/v1/members/ana/clr", http.StatusForbidden},
		{"unknown member", testToken, "/api/v1/members/nobody/clr", http.StatusNotFound},
	} {
		if rec := ts.serve(t, "GET", c.path, "", c.token, ""); rec.Code != c.want {
			t.Errorf("%s: GET %s = %d, want %d\n%s", c.name, c.path, rec.Code, c.want, rec.Body)
		}
	}
	rec := ts.serve(t, "GET", "/api/v1/members/ana/clr", "", testToken, "")
	if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != "application/vc+jwt" {
		t.Fatalf("GET clr = %d %s\n%s", rec.Code, rec.Header().Get("Content-Type"), rec.Body)
	}
	v := ts.s.verifier.Verify(context.Background(), rec.Body.Bytes(), "application/jwt")
	if !v.Verified || len(v.Embedded) != 6 {
		t.Fatalf("record verdict: %s, %d embedded, want valid with 6\n%+v", v.Outcome, len(v.Embedded), v.Checks)
	}
	for _, e := range v.Embedded {
		if !e.Verdict.Verified {
			t.Errorf("embedded credential %d (%s): %s\n%+v", e.Index, e.ID, e.Verdict.Outcome, e.Verdict.Checks)
		}
	}
	// Tampered: one byte of the payload changed under the old signature.
	parts := strings.Split(rec.Body.String(), ".")
	p := []byte(parts[1])
	p[len(p)/2] ^= 1
	if v := ts.s.verifier.Verify(context.Background(), []byte(parts[0]+"."+string(p)+"."+parts[2]), "application/jwt"); v.Verified || len(v.Embedded) != 0 {
		t.Errorf("tampered record: %s with %d embedded checked, want not verified and none checked", v.Outcome, len(v.Embedded))
	}
	// The JSON form: the record, hours from confirmed exchanges only, no email.
	rec = ts.serve(t, "GET", "/api/v1/members/ana/clr?format=json", "", testToken, "")
	body := rec.Body.String()
	if rec.Code != http.StatusOK || strings.Contains(body, "@example.org") || !strings.Contains(body, `"ClrCredential"`) {
		t.Fatalf("GET clr?format=json = %d\n%s", rec.Code, body)
	}
	var doc struct {
		CredentialSubject struct {
			VerifiableCredential []json.RawMessage `json:"verifiableCredential"`
			Association          []struct{ AssociationType, SourceID, TargetID string }
		} `json:"credentialSubject"`
	}
	mustOK(t, json.Unmarshal(rec.Body.Bytes(), &doc))
	s := doc.CredentialSubject
	if len(s.Association) != 1 || s.Association[0].AssociationType != "precedes" || !strings.HasSuffix(s.Association[0].SourceID, "/circle-host") {
		t.Errorf("associations = %+v", s.Association)
	}
	var stmt struct {
		CredentialSubject struct {
			Result []struct{ ResultDescription, Value string }
		}
	}
	mustOK(t, json.Unmarshal(s.VerifiableCredential[len(s.VerifiableCredential)-1], &stmt))
	got := map[string]string{}
	for _, r := range stmt.CredentialSubject.Result {
		_, k, _ := strings.Cut(r.ResultDescription, "#")
		got[k] = r.Value
	}
	want := map[string]string{"given": "2", "given-2026": "2", "given-skill-cooking": "2",
		"received": "1.5", "received-2026": "1.5", "received-skill-cooking": "1.5"}
	if len(got) != len(want) {
		t.Errorf("hours = %v, want %v", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("hours %s = %q, want %q", k, got[k], v)
		}
	}
}

func TestMemberRecordDownload(t *testing.T) {
	ts := clrServer(t)
	ana := signedIn(t, ts, "ana")
	page := ana.do("GET", "/account", nil)
	if page.Code != http.StatusOK || !strings.Contains(page.Body.String(), `/account/record" download>`) {
		t.Fatalf("/account = %d, want the record button\n%s", page.Code, page.Body)
	}
	rec := ana.do("GET", "/account/record", nil)
	if cd := rec.Header().Get("Content-Disposition"); rec.Code != http.StatusOK || !strings.Contains(cd, "attachment") || !strings.Contains(cd, "accolade-ana-record.jwt") {
		t.Fatalf("/account/record = %d, Content-Disposition %q", rec.Code, cd)
	}
	v := ts.s.verifier.Verify(context.Background(), rec.Body.Bytes(), "")
	if !v.Verified || len(v.Embedded) != 6 {
		t.Errorf("downloaded record: %s with %d embedded, want valid with 6", v.Outcome, len(v.Embedded))
	}
	if c, _ := v.Check(verifier.CheckStructure); c.Status != verifier.Pass {
		t.Errorf("structure check = %+v", c)
	}
}

// TestCLRTamperedEmbedded: a record correctly signed around a changed
// credential is not valid, and the verdict names that credential only.
func TestCLRTamperedEmbedded(t *testing.T) {
	ts := clrServer(t)
	m, err := ts.db.Member("ana")
	mustOK(t, err)
	prof, err := ts.db.Issuer("default")
	mustOK(t, err)
	recs, err := ts.db.Credentials(accolade.CredentialFilter{Member: "ana"})
	mustOK(t, err)
	changed := *recs[1]
	changed.JSON = []byte(strings.Replace(string(changed.JSON), `"name":"`, `"name":"X`, 1))
	recs[1] = &changed
	clr, err := ts.s.vcIssuer.(CLRIssuer).IssueCLR(context.Background(), issuer.CLRInput{Profile: prof, Member: m, Credentials: recs})
	mustOK(t, err)
	v := ts.s.verifier.Verify(context.Background(), []byte(clr.JWT), "application/jwt")
	if v.Verified || v.Outcome != verifier.OutcomeInvalid || len(v.Embedded) != len(recs)+1 {
		t.Fatalf("record around a changed credential: %s, %d embedded\n%+v", v.Outcome, len(v.Embedded), v.Checks)
	}
	if c, _ := v.Check(verifier.CheckSignature); c.Status != verifier.Pass {
		t.Errorf("the record's own signature = %+v, want pass", c)
	}
	for _, e := range v.Embedded {
		if want := e.Index != 1; e.Verdict.Verified != want {
			t.Errorf("embedded credential %d verified = %v, want %v (%s)", e.Index, e.Verdict.Verified, want, e.Verdict.Summary)
		}
	}
}
