package server

import (
	"context"
	"crypto/rand"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/ledger"
)

// addToken stores a token and returns its secret.
func (ts *testServer) addToken(t *testing.T, name, issuer string, revoked bool, scopes ...accolade.Scope) (secret, id string) {
	t.Helper()
	secret, hash, id, err := accolade.NewTokenSecret(rand.Reader)
	mustOK(t, err)
	tok := &accolade.Token{ID: id, Hash: hash, Name: name, Issuer: issuer, Scopes: scopes,
		Created: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), CreatedBy: "test"}
	mustOK(t, ts.db.PutToken(tok))
	if revoked {
		_, err := ts.db.RevokeToken(id, tok.Created)
		mustOK(t, err)
	}
	return secret, id
}

// allBut is every scope except those given.
func allBut(except ...accolade.Scope) []accolade.Scope {
	var out []accolade.Scope
	for _, s := range accolade.AllScopes {
		if !slices.Contains(except, s) {
			out = append(out, s)
		}
	}
	return out
}

// matrixRequest is a concrete request for a route of the admin API; the
// placeholders ${cred} and ${token} stand for an issued credential's id
// and a token of the default issuer. Each names a resource of the default
// community (matrixFixtures adds the exchange x1 and application a1), or
// names the community (?community=, "community" in a body), so that the
// other community's token is refused.
type matrixRequest struct {
	path, ctype, body string
}

// ownerRoutes lists the admin routes that concern the install rather than
// one issuer (such as creating an issuer): their right token is
// install-wide, and an issuer's token with the scope gets 403.
var ownerRoutes = map[string]bool{"POST /api/v1/issuers": true, "GET /api/v1/issuers": true, routeBackup: true, "GET /api/v1/metrics": true}

const circleHost = "id: circle-host\nname: Circle Host\ndescription: Hosts circles.\nachievementType: Badge\ncriteria:\n  narrative: Hosted 2 circles.\n"

var matrixRequests = map[string]matrixRequest{
	"PUT /api/v1/members/{id}":               {"/api/v1/members/ana", "application/json", `{"name":"Ana","email":"ana@example.org"}`},
	"GET /api/v1/members":                    {"/api/v1/members?community=default", "", ""},
	"POST /api/v1/members/{id}/forget":       {"/api/v1/members/ben/forget", "", ""},
	"GET /api/v1/members/{id}":               {"/api/v1/members/ana", "", ""},
	"GET /api/v1/members/{id}/progress":      {"/api/v1/members/ana/progress", "", ""},
	"GET /api/v1/members/{id}/clr":           {"/api/v1/members/ana/clr", "", ""},
	"POST /api/v1/credentials":               {"/api/v1/credentials", "application/json", `{"achievement":"circle-host","member":"ana"}`},
	"GET /api/v1/credentials":                {"/api/v1/credentials?community=default", "", ""},
	"POST /api/v1/credentials/{id}/{action}": {"/api/v1/credentials/${cred}/revoke", "application/json", `{"reason":"private matter"}`},
	"POST /credentials/issue": {"/credentials/issue", "application/json", `{"credential":{"@context":["https://www.w3.org/ns/credentials/v2"],"type":["VerifiableCredential"],` +
		`"issuer":"did:web:badges.example.org:issuers:default","credentialSubject":{"id":"did:example:1"}}}`},
	"POST /credentials/status":                  {"/credentials/status", "application/json", `{"credentialId":"urn:uuid:${cred}","credentialStatus":[{"type":"BitstringStatusListEntry","status":"revoked"}]}`},
	"POST /api/v1/credentials/{id}/offers":      {"/api/v1/credentials/${cred}/offers", "application/json", `{"tx_code":"answer"}`},
	"GET /api/v1/issuers/{slug}":                {"/api/v1/issuers/default", "", ""},
	"GET /api/v1/issuers":                       {"/api/v1/issuers", "", ""},
	"POST /api/v1/issuers":                      {"/api/v1/issuers", "application/json", `{"slug":"north","name":"North"}`},
	"POST /api/v1/achievements/dry-run":         {"/api/v1/achievements/dry-run", "application/yaml", circleHost},
	"PUT /api/v1/issuers/{slug}":                {"/api/v1/issuers/default", "application/json", `{"name":"Riverside"}`},
	"GET /api/v1/issuers/{slug}/keys":           {"/api/v1/issuers/default/keys", "", ""},
	"POST /api/v1/issuers/{slug}/keys/rotate":   {"/api/v1/issuers/default/keys/rotate", "", ""},
	"DELETE /api/v1/issuers/{slug}/keys/{id}":   {"/api/v1/issuers/default/keys/nokey", "", ""},
	"PUT /api/v1/issuers/{slug}/logo":           {"/api/v1/issuers/default/logo", "image/png", "not a png"},
	"DELETE /api/v1/issuers/{slug}/logo":        {"/api/v1/issuers/default/logo", "", ""},
	"POST /api/v1/exchanges":                    {"/api/v1/exchanges", "application/json", `{"community":"default"}`},
	"GET /api/v1/exchanges/{id}":                {"/api/v1/exchanges/x1", "", ""},
	"DELETE /api/v1/exchanges/{id}":             {"/api/v1/exchanges/x1", "", ""},
	"POST /api/v1/exchanges/{id}/confirmations": {"/api/v1/exchanges/x1/confirmations", "application/json", `{}`},
	"POST /api/v1/attestations":                 {"/api/v1/attestations", "application/json", `{"community":"default"}`},
	"POST /api/v1/applications":                 {"/api/v1/applications", "application/json", `{"achievement":"circle-host"}`},
	"GET /api/v1/applications":                  {"/api/v1/applications?community=default", "", ""},
	"GET /api/v1/applications/{id}":             {"/api/v1/applications/a1", "", ""},
	"POST /api/v1/applications/{id}/decision":   {"/api/v1/applications/a1/decision", "application/json", `{}`},
	"POST /api/v1/awards/evaluate":              {"/api/v1/awards/evaluate?community=default", "application/json", `{}`},
	"POST /api/v1/import/{kind}":                {"/api/v1/import/exchanges?community=default", "text/csv", "id,from\n"},
	"POST /api/v1/endorsements":                 {"/api/v1/endorsements", "application/json", `{"endorser":"default","subject":"https://elsewhere.example/a"}`},
	"POST /api/v1/endorsements/attach":          {"/api/v1/endorsements/attach", "application/json", `{"jwt":"eyJhbGciOiJFZERTQSJ9.eyJjcmVkZW50aWFsU3ViamVjdCI6eyJpZCI6Imh0dHBzOi8vYmFkZ2VzLmV4YW1wbGUub3JnL2FjaGlldmVtZW50cy9jaXJjbGUtaG9zdCJ9fQ.c2ln"}`},
	"GET /api/v1/endorsements":                  {"/api/v1/endorsements?subject=https://badges.example.org/achievements/circle-host", "", ""},
	"DELETE /api/v1/endorsements/{id}":          {"/api/v1/endorsements/" + matrixEndorsement, "", ""},
	"GET /api/v1/achievements":                  {"/api/v1/achievements", "", ""},
	"POST /api/v1/achievements":                 {"/api/v1/achievements", "application/json", `{"files":[{"name":"c.yaml","content":` + jsonString(circleHost) + `}]}`},
	"PUT /api/v1/achievements/{id}":             {"/api/v1/achievements/circle-host", "application/yaml", circleHost},
	"DELETE /api/v1/achievements/{id}":          {"/api/v1/achievements/circle-host", "", ""},
	"POST /api/v1/achievements/{id}/{action}":   {"/api/v1/achievements/circle-host/unpublish", "", ""},
	"PUT /api/v1/achievements/{id}/image":       {"/api/v1/achievements/circle-host/image", "image/png", "not a png"},
	"DELETE /api/v1/achievements/{id}/image":    {"/api/v1/achievements/circle-host/image", "", ""},
	"POST /api/v1/images":                       {"/api/v1/images", "image/png", "not a png"},
	"POST /api/v1/tokens":                       {"/api/v1/tokens", "application/json", `{"name":"new","issuer":"default","scopes":["tokens:admin"]}`},
	"GET /api/v1/tokens":                        {"/api/v1/tokens?issuer=default", "", ""},
	"DELETE /api/v1/tokens/{id}":                {"/api/v1/tokens/${token}", "", ""},
	"GET /api/v1/audit":                         {"/api/v1/audit?issuer=default", "", ""},
	routeBackup:                                 {"/api/v1/backup", "", ""},
	"GET /api/v1/metrics":                       {"/api/v1/metrics", "", ""},
	"POST /workflows/{workflow}/exchanges":      {"/workflows/claim/exchanges", "application/json", `{"variables":{"credentialId":"${cred}"}}`},
	"GET /workflows/claim/exchanges/{exchange}": {"/workflows/claim/exchanges/" + matrixExchange, "", ""},
}

// matrixExchange is the wallet exchange of matrixFixtures.
const matrixExchange = "000000000000000000000000000000e1"

// vcAPIAdmin lists the admin routes outside /api/: the VC API's, whose
// paths its specification gives.
var vcAPIAdmin = []string{"POST /workflows/{workflow}/exchanges", "GET /workflows/claim/exchanges/{exchange}",
	"POST /credentials/issue", "POST /credentials/status"}

// publicAPI lists the routes under /api/ that need no token.
var publicAPI = []string{"POST /api/v1/verify"}

func jsonString(s string) string {
	r := strings.NewReplacer("\\", `\\`, `"`, `\"`, "\n", `\n`)
	return `"` + r.Replace(s) + `"`
}

// TestAdminRoutesDeclareScopes fails for an admin route without a scope,
// an API route that is neither admin nor known to be public, and a route
// the matrix does not cover.
func TestAdminRoutesDeclareScopes(t *testing.T) {
	ts := newTestServer(t, "https://badges.example.org")
	seen := map[string]bool{}
	for _, rt := range ts.s.mux.routes {
		seen[rt.pattern] = true
		api := strings.Contains(rt.pattern, " /api/")
		switch {
		case rt.admin && !slices.Contains(accolade.AllScopes, rt.scope):
			t.Errorf("route %s declares scope %q, not one of accolade.AllScopes", rt.pattern, rt.scope)
		case api && !rt.admin && !slices.Contains(publicAPI, rt.pattern):
			t.Errorf("route %s is under /api/ but not registered with s.allow(scope, h)", rt.pattern)
		case rt.admin && !api && !slices.Contains(vcAPIAdmin, rt.pattern):
			t.Errorf("admin route %s is outside /api/", rt.pattern)
		}
		if _, ok := matrixRequests[rt.pattern]; rt.admin && !ok {
			t.Errorf("admin route %s has no request in matrixRequests: add one", rt.pattern)
		}
	}
	for p := range matrixRequests {
		if !seen[p] {
			t.Errorf("matrixRequests has %s, which is not a route", p)
		}
	}
}

// TestScopeMatrix sends every admin route a request with no token, a
// wrong token, a revoked token, a token without the route's scope, a
// token of another community, and the right token: 401, 401, 401, 403,
// 403 and neither. A refusal changes nothing in the store but the audit
// log, where it appears (for routes that change data).
func TestScopeMatrix(t *testing.T) {
	routes := newTestServer(t, "https://badges.example.org").s.mux.routes
	for _, rt := range routes {
		if !rt.admin {
			continue
		}
		t.Run(rt.pattern, func(t *testing.T) {
			ts := newTestServer(t, "https://badges.example.org")
			matrixFixtures(t, ts)
			req := matrixRequests[rt.pattern]
			rightIssuer := "default"
			if ownerRoutes[rt.pattern] {
				rightIssuer = ""
			}
			right, _ := ts.addToken(t, "right", rightIssuer, false, rt.scope)
			revoked, _ := ts.addToken(t, "revoked", "default", true, accolade.AllScopes...)
			wrongScope, _ := ts.addToken(t, "wrong scope", "default", false, allBut(rt.scope)...)
			other, _ := ts.addToken(t, "other", "other", false, accolade.AllScopes...)
			_, target := ts.addToken(t, "target", "default", false, accolade.ScopeRead)
			fill := strings.NewReplacer("${cred}", ts.rec.ID, "${token}", target)
			path, body := fill.Replace(req.path), fill.Replace(req.body)
			method, _, _ := strings.Cut(rt.pattern, " ")
			for _, c := range []struct {
				name, token string
				status      int
			}{
				{"no token", "", http.StatusUnauthorized},
				{"wrong token", "acc_not-a-token", http.StatusUnauthorized},
				{"revoked token", revoked, http.StatusUnauthorized},
				{"wrong scope", wrongScope, http.StatusForbidden},
				{"other community", other, http.StatusForbidden},
			} {
				before, err := ts.db.Dump("audit")
				mustOK(t, err)
				rec := ts.serve(t, method, path, req.ctype, c.token, body)
				p := wantProblem(t, c.name, rec, c.status)
				if c.status == http.StatusUnauthorized && rec.Header().Get("WWW-Authenticate") == "" {
					t.Errorf("%s: 401 without WWW-Authenticate", c.name)
				}
				if c.name == "wrong scope" && !strings.Contains(p.Detail, string(rt.scope)) {
					t.Errorf("%s: detail %q does not name the scope %s", c.name, p.Detail, rt.scope)
				}
				if c.name == "other community" && strings.Contains(p.Detail, "default") {
					t.Errorf("%s: detail %q names the other community", c.name, p.Detail)
				}
				after, err := ts.db.Dump("audit")
				mustOK(t, err)
				if !reflect.DeepEqual(before, after) {
					t.Errorf("%s: the refused request changed the store", c.name)
				}
				if method != http.MethodGet || rt.pattern == routeBackup {
					wantLastAudit(t, ts, rt.pattern, c.status)
				}
			}
			rec := ts.serve(t, method, path, req.ctype, right, body)
			if rec.Code == http.StatusUnauthorized || rec.Code == http.StatusForbidden {
				t.Errorf("right token: %s %s = %d %s", method, path, rec.Code, rec.Body)
			}
			t.Logf("right token: %s %s = %d", method, path, rec.Code)
			if method != http.MethodGet || rt.pattern == routeBackup {
				wantLastAudit(t, ts, rt.pattern, rec.Code)
			}
		})
	}
}

// matrixEndorsement is the endorsement matrixFixtures keeps.
const matrixEndorsement = "urn:uuid:0d6f2c1e-matrix"

// matrixFixtures adds to the default community a member ben, an exchange
// x1 taught by ana to ben, ben's application a1 for circle-host, a
// wallet exchange for ana's credential, and an endorsement of circle-host.
func matrixFixtures(t *testing.T, ts *testServer) {
	t.Helper()
	ctx := context.Background()
	_, err := ts.s.awards.PutMember(&accolade.Member{ID: "ben", Name: "Ben", Email: "ben@example.org"})
	mustOK(t, err)
	res, err := ts.s.awards.AddExchanges(ctx, []*ledger.Exchange{{ID: "x1", Kind: "one_to_one", Skills: []string{"cooking"}, Hours: 1,
		OccurredAt: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), Teachers: []string{"ana"}, Learners: []string{"ben"}}})
	mustOK(t, err)
	mustOK(t, res.Errors[0])
	_, err = ts.s.awards.Apply(&ledger.Application{ID: "a1", Member: "ben", Achievement: "circle-host", Narrative: "I host circles."})
	mustOK(t, err)
	now := ts.s.now()
	mustOK(t, ts.db.PutWalletExchange(&accolade.WalletExchange{ID: matrixExchange, Credential: ts.rec.ID, Member: "ana",
		Challenge: "0123456789abcdef", Created: now, Expires: now.Add(accolade.WalletExchangeTTL), State: accolade.ExchangePending}, now))
	mustOK(t, ts.db.PutEndorsement(&accolade.Endorsement{ID: matrixEndorsement, Subject: "https://badges.example.org/achievements/circle-host",
		Endorser: "https://elsewhere.example/issuers/1", Created: now, JWT: "a.b.c"}))
}

// wantLastAudit checks the audit log's last entry.
func wantLastAudit(t *testing.T, ts *testServer, action string, outcome int) {
	t.Helper()
	list, err := ts.db.AuditLog(accolade.AuditFilter{})
	mustOK(t, err)
	if len(list) == 0 {
		t.Fatalf("audit log is empty, want %s %d", action, outcome)
	}
	e := list[len(list)-1]
	if e.Action != action || e.Outcome != outcome {
		t.Errorf("last audit entry = %s %d, want %s %d", e.Action, e.Outcome, action, outcome)
	}
	if outcome >= 400 && e.Refusal == "" {
		t.Errorf("refused audit entry %s %d has no reason", e.Action, e.Outcome)
	}
}

// TestAchievementListIsolated: an issuer's read token lists its own
// community's achievements, never another's; an install-wide token lists
// them all.
func TestAchievementListIsolated(t *testing.T) {
	ts := newTestServer(t, "https://badges.example.org")
	rec := ts.serve(t, "PUT", "/api/v1/achievements/far-away", "application/yaml", testToken,
		"id: far-away\nissuer: other\nname: Far Away\ndescription: Another community's.\nachievementType: Badge\ncriteria:\n  narrative: Elsewhere.\n")
	if rec.Code != http.StatusCreated {
		t.Fatalf("PUT other's achievement: %d %s", rec.Code, rec.Body)
	}
	mine, _ := ts.addToken(t, "default reader", "default", false, accolade.ScopeRead)
	owner, _ := ts.addToken(t, "owner reader", "", false, accolade.ScopeRead)
	for _, tc := range []struct {
		token    string
		want     []string
		wantNone []string
	}{
		{mine, []string{"circle-host"}, []string{"far-away"}},
		{owner, []string{"circle-host", "far-away"}, nil},
	} {
		body := ts.serve(t, "GET", "/api/v1/achievements", "", tc.token, "").Body.String()
		for _, id := range tc.want {
			if !strings.Contains(body, `"id": "`+id+`"`) {
				t.Errorf("list lacks %s:\n%s", id, body)
			}
		}
		for _, id := range tc.wantNone {
			if strings.Contains(body, id) {
				t.Errorf("a default-issuer token sees another community's %s:\n%s", id, body)
			}
		}
	}
}
