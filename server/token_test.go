package server

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/api"
)

// TestTokenAPI creates, lists and revokes tokens through the API: an
// issuer's token creates tokens only for its issuer and with its own
// scopes; the secret is shown once; a revoked token is refused.
func TestTokenAPI(t *testing.T) {
	ts := newTestServer(t, "https://badges.example.org")
	admin, _ := ts.addToken(t, "other admin", "other", false, accolade.ScopeTokensAdmin, accolade.ScopeRead)
	for _, c := range []struct {
		name, body string
		status     int
	}{
		{"another issuer", `{"name":"x","issuer":"default","scopes":["read"]}`, http.StatusForbidden},
		{"install-wide", `{"name":"x","scopes":["read"]}`, http.StatusForbidden},
		{"a scope it lacks", `{"name":"x","issuer":"other","scopes":["keys:admin"]}`, http.StatusForbidden},
		{"unknown scope", `{"name":"x","issuer":"other","scopes":["everything"]}`, http.StatusBadRequest},
		{"no name", `{"issuer":"other","scopes":["read"]}`, http.StatusBadRequest},
	} {
		before, _ := ts.db.Tokens()
		rec := ts.serve(t, "POST", "/api/v1/tokens", "application/json", admin, c.body)
		wantProblem(t, c.name, rec, c.status)
		if after, _ := ts.db.Tokens(); len(after) != len(before) {
			t.Errorf("%s: refused, but %d tokens became %d", c.name, len(before), len(after))
		}
	}
	rec := ts.serve(t, "POST", "/api/v1/tokens", "application/json", testToken, `{"name":"owner","scopes":["read","tokens:admin"]}`)
	if rec.Code != http.StatusCreated || !strings.Contains(rec.Body.String(), `"createdBy": "bootstrap"`) || strings.Contains(rec.Body.String(), `"issuer"`) {
		t.Errorf("the bootstrap creates an install-wide token: %d %s", rec.Code, rec.Body)
	}
	rec = ts.serve(t, "POST", "/api/v1/tokens", "application/json", admin, `{"name":"reader","issuer":"other","scopes":["read"]}`)
	var created api.TokenCreated
	if err := json.Unmarshal(rec.Body.Bytes(), &created); rec.Code != http.StatusCreated || err != nil {
		t.Fatalf("POST /api/v1/tokens = %d %s", rec.Code, rec.Body)
	}
	if !strings.HasPrefix(created.Secret, accolade.TokenPrefix) || created.Issuer != "other" || created.CreatedBy != "token other admin ("+mustTokenID(t, ts, admin)+")" {
		t.Errorf("created = %+v", created)
	}
	if log, _ := ts.db.AuditLog(accolade.AuditFilter{}); len(log) == 0 || log[len(log)-1].Target != "token="+created.ID {
		t.Errorf("the creation's audit entry does not name the new token %s: %+v", created.ID, log)
	}
	if rec := ts.serve(t, "GET", "/api/v1/audit", "", created.Secret, ""); rec.Code != http.StatusOK {
		t.Errorf("the new token: GET /api/v1/audit = %d %s", rec.Code, rec.Body)
	}
	if got, _ := ts.db.Token(created.ID); got.LastUsed.IsZero() {
		t.Errorf("the new token's use was not recorded")
	}
	rec = ts.serve(t, "GET", "/api/v1/tokens", "", admin, "")
	if strings.Contains(rec.Body.String(), created.Secret) || strings.Contains(rec.Body.String(), `"secret"`) {
		t.Errorf("GET /api/v1/tokens shows a secret: %s", rec.Body)
	}
	var list api.TokenList
	_ = json.Unmarshal(rec.Body.Bytes(), &list)
	if len(list.Tokens) != 2 {
		t.Errorf("other's admin lists %d tokens, want its issuer's 2: %s", len(list.Tokens), rec.Body)
	}
	for _, tok := range list.Tokens {
		if tok.Issuer != "other" {
			t.Errorf("other's admin sees token %+v of another issuer", tok)
		}
	}
	if rec := ts.serve(t, "DELETE", "/api/v1/tokens/"+created.ID, "", admin, ""); rec.Code != http.StatusNoContent {
		t.Fatalf("DELETE /api/v1/tokens/%s = %d %s", created.ID, rec.Code, rec.Body)
	}
	wantProblem(t, "revoked token", ts.serve(t, "GET", "/api/v1/audit", "", created.Secret, ""), http.StatusUnauthorized)
	if got, _ := ts.db.Token(created.ID); got.Revoked.IsZero() {
		t.Errorf("the revoked token is not kept marked revoked: %+v", got)
	}
}

func mustTokenID(t *testing.T, ts *testServer, secret string) string {
	t.Helper()
	tok, err := ts.db.TokenByHash(accolade.TokenHash(secret))
	mustOK(t, err)
	return tok.ID
}

// TestAuditLog checks what the log keeps of changes: actors, targets, no
// member's email, and a revocation's private reason shown only to those
// who may read the issuer's log.
func TestAuditLog(t *testing.T) {
	ts := newTestServer(t, "https://badges.example.org")
	revoker, _ := ts.addToken(t, "revoker", "default", false, accolade.ScopeCredentialsRevoke, accolade.ScopeMembersWrite, accolade.ScopeActivityWrite)
	defReader, _ := ts.addToken(t, "default reader", "default", false, accolade.ScopeRead)
	otherReader, _ := ts.addToken(t, "other reader", "other", false, accolade.ScopeRead)
	steps := []struct {
		method, path, ctype, token, body string
	}{
		{"PUT", "/api/v1/members/bo", "application/json", revoker, `{"name":"Bo","email":"bo@example.org"}`},
		{"PUT", "/api/v1/members/cy", "application/json", revoker, `{"name":"Cy","email":"not an email@example.org"}`},
		{"POST", "/api/v1/import/members", "text/csv", testToken, "id,name,email\ndee,Dee,dee@example.org\n"},
		{"POST", "/api/v1/import/members", "text/csv", revoker, "id,name,email\neve,Eve,eve@example.org\n"},
		{"POST", "/api/v1/credentials/" + ts.rec.ID + "/revoke", "application/json", revoker, `{"reason":"a private matter"}`},
	}
	for _, st := range steps {
		ts.serve(t, st.method, st.path, st.ctype, st.token, st.body)
	}
	all, err := ts.db.AuditLog(accolade.AuditFilter{})
	mustOK(t, err)
	if len(all) != len(steps) {
		t.Fatalf("audit log has %d entries, want %d", len(all), len(steps))
	}
	b, _ := json.Marshal(all)
	if strings.Contains(string(b), "@example.org") {
		t.Errorf("the audit log holds an email: %s", b)
	}
	wantOutcomes := []int{http.StatusCreated, http.StatusBadRequest, http.StatusOK, http.StatusOK, http.StatusOK}
	for i, e := range all {
		if e.Outcome != wantOutcomes[i] {
			t.Errorf("entry %d (%s %s) outcome %d, want %d", i, e.Action, e.Target, e.Outcome, wantOutcomes[i])
		}
	}
	if e := all[0]; e.Actor != "token revoker ("+mustTokenID(t, ts, revoker)+")" || e.Target != "id=bo" || e.Issuer != "default" {
		t.Errorf("member entry = %+v", e)
	}
	if e := all[2]; e.Actor != "bootstrap" || e.Target != "kind=members" {
		t.Errorf("import entry = %+v", e)
	}
	if e := all[4]; e.Reason != "a private matter" || e.Target != "id="+ts.rec.ID+" action=revoke" {
		t.Errorf("revocation entry = %+v", e)
	}

	read := func(token, query, accept string) (*http.Response, string) {
		t.Helper()
		req, _ := http.NewRequest("GET", "/api/v1/audit"+query, nil)
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Accept", accept)
		rec := serveReq(ts, req)
		return rec.Result(), rec.Body.String()
	}
	if _, body := read(defReader, "", "application/json"); !strings.Contains(body, "a private matter") {
		t.Errorf("default's reader does not see the reason: %s", body)
	}
	if resp, body := read(otherReader, "", "application/json"); resp.StatusCode != http.StatusOK || strings.Contains(body, "private") || strings.Contains(body, `"default"`) {
		t.Errorf("other's reader = %d %s: want none of default's entries", resp.StatusCode, body)
	}
	if resp, body := read(otherReader, "?issuer=default", "application/json"); resp.StatusCode != http.StatusForbidden || strings.Contains(body, "private") {
		t.Errorf("other's reader, ?issuer=default = %d %s, want 403", resp.StatusCode, body)
	}
	resp, body := read(testToken, "?limit=2", "application/x-ndjson")
	lines := strings.Split(strings.TrimSpace(body), "\n")
	if resp.Header.Get("Content-Type") != "application/x-ndjson" || len(lines) != 2 {
		t.Fatalf("JSON lines = %s %q", resp.Header.Get("Content-Type"), body)
	}
	var first api.AuditEntry
	if err := json.Unmarshal([]byte(lines[0]), &first); err != nil || first.ID != all[0].ID {
		t.Errorf("first line = %+v, %v", first, err)
	}
	_, body = read(testToken, "?limit=2", "application/json")
	var page api.AuditLog
	_ = json.Unmarshal([]byte(body), &page)
	if page.Next != all[1].ID || len(page.Entries) != 2 {
		t.Errorf("page = %d entries, next %q, want 2 and %q", len(page.Entries), page.Next, all[1].ID)
	}
}

func serveReq(ts *testServer, req *http.Request) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	ts.s.ServeHTTP(rec, req)
	return rec
}

// TestCredentialListIsolation lists credentials with an issuer's token:
// another community's credentials are not in the list.
func TestCredentialListIsolation(t *testing.T) {
	ts := newTestServer(t, "https://badges.example.org")
	yaml := "id: river-guide\nissuer: other\nname: River Guide\ndescription: Guides.\nachievementType: Badge\ncriteria:\n  narrative: Guided.\n"
	if rec := ts.serve(t, "PUT", "/api/v1/achievements/river-guide", "application/yaml", testToken, yaml); rec.Code != http.StatusCreated {
		t.Fatalf("PUT other's achievement = %d %s", rec.Code, rec.Body)
	}
	if rec := ts.serve(t, "PUT", "/api/v1/members/ana", "application/json", testToken, `{"name":"अनन्या शर्मा","email":"ana@example.org","communities":["default","other"]}`); rec.Code != http.StatusOK {
		t.Fatalf("ana joins other = %d %s", rec.Code, rec.Body)
	}
	if rec := ts.serve(t, "POST", "/api/v1/credentials", "application/json", testToken, `{"achievement":"river-guide","member":"ana"}`); rec.Code != http.StatusCreated {
		t.Fatalf("issuing other's credential = %d %s", rec.Code, rec.Body)
	}
	reader, _ := ts.addToken(t, "reader", "default", false, accolade.ScopeRead)
	for _, c := range []struct {
		token string
		want  int
	}{{testToken, 2}, {reader, 1}} {
		rec := ts.serve(t, "GET", "/api/v1/credentials", "", c.token, "")
		var l api.CredentialList
		_ = json.Unmarshal(rec.Body.Bytes(), &l)
		if len(l.Credentials) != c.want || (c.want == 1 && l.Credentials[0].Achievement != "circle-host") {
			t.Errorf("GET /api/v1/credentials = %s, want %d credentials", rec.Body, c.want)
		}
	}
	other, _ := ts.addToken(t, "other", "other", false, accolade.ScopeAchievementsWrite)
	writer, _ := ts.addToken(t, "writer", "default", false, accolade.ScopeAchievementsWrite)
	if rec := ts.serve(t, "PUT", "/api/v1/achievements/river-guide", "application/yaml", writer, yaml); rec.Code != http.StatusForbidden {
		t.Errorf("default's writer replaces other's achievement: %d", rec.Code)
	}
	moved := strings.Replace(yaml, "issuer: other", "issuer: default", 1)
	if rec := ts.serve(t, "PUT", "/api/v1/achievements/river-guide", "application/yaml", other, moved); rec.Code != http.StatusForbidden {
		t.Errorf("other's token moves its achievement to default: %d %s, want 403", rec.Code, rec.Body)
	}
}
