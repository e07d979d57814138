package server

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/api"
	"github.com/accolade-badges/accolade/dataintegrity"
)

// walletKey is a wallet's did:key and its private key.
type walletKey struct {
	did, vm string
	priv    ed25519.PrivateKey
}

func newWalletKey(t *testing.T) walletKey {
	t.Helper()
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	mustOK(t, err)
	mk := dataintegrity.EncodeMultikey(pub)
	return walletKey{did: "did:key:" + mk, vm: "did:key:" + mk + "#" + mk, priv: priv}
}

func (k walletKey) Sign(msg []byte) ([]byte, error) { return ed25519.Sign(k.priv, msg), nil }

// didAuth is a DIDAuth presentation with holder, signed by k as a
// DataIntegrityProof (eddsa-rdfc-2022) for purpose with challenge and
// domain.
func didAuth(t *testing.T, k walletKey, holder, purpose, challenge, domain string) string {
	t.Helper()
	doc := `{"@context":["https://www.w3.org/ns/credentials/v2"],"type":["VerifiablePresentation"],"holder":"` + holder + `"}`
	b, err := dataintegrity.Sign([]byte(doc), k, dataintegrity.Options{VerificationMethod: k.vm,
		Created: time.Date(2026, 3, 4, 10, 0, 0, 0, time.UTC), ProofPurpose: purpose, Challenge: challenge, Domain: domain})
	mustOK(t, err)
	return string(b)
}

// startWalletExchange creates an exchange for credential id with the admin
// token and returns it.
func startWalletExchange(t *testing.T, ts *testServer, id string) api.Exchange {
	t.Helper()
	rec := ts.serve(t, "POST", "/workflows/claim/exchanges", "application/json", testToken, `{"variables":{"credentialId":"urn:uuid:`+id+`"}}`)
	var ex api.Exchange
	if err := json.Unmarshal(rec.Body.Bytes(), &ex); err != nil || rec.Code != http.StatusCreated {
		t.Fatalf("POST /workflows/claim/exchanges = %d %s", rec.Code, rec.Body)
	}
	if loc := rec.Header().Get("Location"); loc != ex.Exchange || !strings.HasPrefix(loc, "https://badges.example.org/workflows/claim/exchanges/") {
		t.Fatalf("Location = %q, want the exchange URL %q", loc, ex.Exchange)
	}
	return ex
}

// exchangePath is the path of an exchange URL.
func exchangePath(t *testing.T, u string) string {
	t.Helper()
	p, err := url.Parse(u)
	mustOK(t, err)
	return p.Path
}

// challengeOf asks the exchange for its presentation request and returns
// the challenge, checking the request's shape.
func challengeOf(t *testing.T, ts *testServer, ex api.Exchange) string {
	t.Helper()
	rec := ts.serve(t, "POST", exchangePath(t, ex.Exchange), "application/json", "", `{}`)
	var got struct {
		VPR struct {
			Query []struct {
				Type            string              `json:"type"`
				AcceptedMethods []map[string]string `json:"acceptedMethods"`
			} `json:"query"`
			Challenge, Domain string
			Interact          struct {
				Service []struct{ Type, ServiceEndpoint string } `json:"service"`
			} `json:"interact"`
		} `json:"verifiablePresentationRequest"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil || rec.Code != http.StatusOK {
		t.Fatalf("POST {} to the exchange = %d %s", rec.Code, rec.Body)
	}
	v := got.VPR
	if len(v.Query) != 1 || v.Query[0].Type != "DIDAuthentication" || len(v.Query[0].AcceptedMethods) != 2 ||
		v.Domain != "https://badges.example.org" || len(v.Challenge) != 32 || len(v.Interact.Service) != 1 ||
		v.Interact.Service[0].Type != "UnmediatedPresentationService2021" || v.Interact.Service[0].ServiceEndpoint != ex.Exchange {
		t.Fatalf("presentation request = %s", rec.Body)
	}
	return v.Challenge
}

// credentialCount is the number of issued credentials.
func credentialCount(t *testing.T, ts *testServer) int {
	t.Helper()
	recs, err := ts.db.Credentials(accolade.CredentialFilter{})
	mustOK(t, err)
	return len(recs)
}

// subjectID is the credentialSubject.id of a credential's JSON.
func subjectID(t *testing.T, vc json.RawMessage) string {
	t.Helper()
	var c struct {
		CredentialSubject struct {
			ID string `json:"id"`
		} `json:"credentialSubject"`
		ID string `json:"id"`
	}
	mustOK(t, json.Unmarshal(vc, &c))
	return c.CredentialSubject.ID
}

// TestWalletExchange runs the VC API exchange as the Learner Credential
// Wallet does: {} for the request, the signed DIDAuth wrapped in
// {"verifiablePresentation": …}, and the credential bound to the wallet's
// DID back in a presentation; a retry gets the same credential; then the
// direct flow on a new exchange of the copy, with a bare presentation.
func TestWalletExchange(t *testing.T) {
	ts, _ := newSignInServer(t, "https://badges.example.org")
	k := newWalletKey(t)
	ex := startWalletExchange(t, ts, ts.rec.ID)
	if ex.State != "pending" || ex.CredentialID != ts.rec.ID || !strings.HasSuffix(ex.Interaction, "/interact?iuv=1") ||
		!strings.HasPrefix(ex.LCWRequest, "https://lcw.app/request?request=") || !strings.HasPrefix(ex.LCWLegacy, "https://lcw.app/request.html?") {
		t.Fatalf("exchange = %+v", ex)
	}
	req, _ := url.Parse(ex.LCWRequest)
	var msg struct {
		Origin    string            `json:"credentialRequestOrigin"`
		Protocols map[string]string `json:"protocols"`
	}
	if err := json.Unmarshal([]byte(req.Query().Get("request")), &msg); err != nil || msg.Origin != "https://badges.example.org" || msg.Protocols["vcapi"] != ex.Exchange {
		t.Errorf("lcw.app/request message = %+v (%v)", msg, err)
	}
	challenge := challengeOf(t, ts, ex)
	legacy, _ := url.Parse(ex.LCWLegacy)
	if q := legacy.Query(); q.Get("issuer") != "badges.example.org" || q.Get("auth_type") != "bearer" || q.Get("challenge") != challenge || q.Get("vc_request_url") != ex.Exchange {
		t.Errorf("legacy link query = %v", q)
	}
	before := credentialCount(t, ts)
	vp := didAuth(t, k, k.did, "authentication", challenge, "https://badges.example.org")
	var answers []string
	for range 2 { // the second is a retry: the same credential, never a second one
		rec := ts.serve(t, "POST", exchangePath(t, ex.Exchange), "application/json", "", `{"verifiablePresentation":`+vp+`}`)
		var out struct {
			VP struct {
				Context []string          `json:"@context"`
				Type    []string          `json:"type"`
				VCs     []json.RawMessage `json:"verifiableCredential"`
			} `json:"verifiablePresentation"`
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil || rec.Code != http.StatusOK || len(out.VP.VCs) != 1 ||
			out.VP.Context[0] != "https://www.w3.org/ns/credentials/v2" || out.VP.Type[0] != "VerifiablePresentation" {
			t.Fatalf("POST the presentation = %d %s", rec.Code, rec.Body)
		}
		if got := subjectID(t, out.VP.VCs[0]); got != k.did {
			t.Errorf("credentialSubject.id = %q, want the wallet's DID %q", got, k.did)
		}
		answers = append(answers, string(out.VP.VCs[0]))
	}
	if answers[0] != answers[1] {
		t.Errorf("a retried POST got another credential")
	}
	if got := credentialCount(t, ts); got != before+1 {
		t.Errorf("credentials: %d after the exchange, want %d (one bound copy)", got, before+1)
	}
	old, err := ts.db.Credential(ts.rec.ID)
	mustOK(t, err)
	bound, err := ts.db.Credential(old.SupersededBy)
	if err != nil || bound.Holder != k.did || bound.Renews != ts.rec.ID {
		t.Fatalf("the copy: %+v, %v; want it bound to %s, renewing %s", bound, err, k.did, ts.rec.ID)
	}
	rec := ts.serve(t, "GET", exchangePath(t, ex.Exchange), "", testToken, "")
	var state api.Exchange
	if err := json.Unmarshal(rec.Body.Bytes(), &state); err != nil || state.State != "complete" || state.Issued != bound.ID || state.Holder != k.did {
		t.Errorf("GET the exchange = %d %s, want complete with %s", rec.Code, rec.Body, bound.ID)
	}
	// The old credential cannot start another exchange; its copy can, and
	// the direct flow (a bare presentation, no {} first) collects it.
	rec = ts.serve(t, "POST", "/workflows/claim/exchanges", "application/json", testToken, `{"variables":{"credentialId":"`+ts.rec.ID+`"}}`)
	wantProblem(t, "exchange for a replaced credential", rec, http.StatusConflict)
	ex2 := startWalletExchange(t, ts, bound.ID)
	legacy, _ = url.Parse(ex2.LCWLegacy)
	k2 := newWalletKey(t)
	rec = ts.serve(t, "POST", exchangePath(t, legacy.Query().Get("vc_request_url")), "application/json", "",
		didAuth(t, k2, k2.did, "authentication", legacy.Query().Get("challenge"), ""))
	if rec.Code != http.StatusOK || subjectID(t, rec.Body.Bytes()) != k2.did {
		t.Fatalf("direct flow: %d %s, want the credential bound to %s", rec.Code, rec.Body, k2.did)
	}
}

// TestWalletInteraction: the interaction URL answers a wallet with the
// protocols and a browser with a page of the wallet links.
func TestWalletInteraction(t *testing.T) {
	ts, _ := newSignInServer(t, "https://badges.example.org")
	ex := startWalletExchange(t, ts, ts.rec.ID)
	u, _ := url.Parse(ex.Interaction)
	rec := ts.get(t, u.RequestURI(), "Accept", "application/json")
	var got struct {
		Protocols map[string]string `json:"protocols"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil || rec.Code != http.StatusOK || len(got.Protocols) != 1 || got.Protocols["vcapi"] != ex.Exchange {
		t.Errorf("GET the interaction URL as a wallet = %d %s", rec.Code, rec.Body)
	}
	// A web wallet posts from another origin: the exchange takes no
	// cookie, so cross-origin protection does not apply to it.
	req := httptest.NewRequest("POST", exchangePath(t, ex.Exchange), strings.NewReader(`{}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	req.Header.Set("Origin", "https://wallet.example")
	cross := httptest.NewRecorder()
	ts.s.ServeHTTP(cross, req)
	if cross.Code != http.StatusOK || !strings.Contains(cross.Body.String(), "verifiablePresentationRequest") {
		t.Errorf("cross-origin POST {} to the exchange = %d %s, want the presentation request", cross.Code, cross.Body)
	}
	rec = ts.get(t, u.RequestURI(), "Accept", "text/html")
	body := rec.Body.String()
	if rec.Code != http.StatusOK || !strings.Contains(body, "Open in the Learner Credential Wallet") ||
		!strings.Contains(body, `href="https://lcw.app/request?request=`) || !strings.Contains(body, "Circle Host") {
		t.Errorf("GET the interaction URL as a browser = %d\n%s", rec.Code, body)
	}
}

// TestWalletExchangeRefusals: each refusal answers with its status and
// names what was wrong, and issues nothing.
func TestWalletExchangeRefusals(t *testing.T) {
	const domain = "https://badges.example.org"
	k, other := newWalletKey(t), newWalletKey(t)
	for _, tc := range []struct {
		name   string
		body   func(t *testing.T, ts *testServer, c *clock, ex api.Exchange, challenge string) string
		status int
		want   string // in the problem's detail or field
	}{
		{"challenge of another exchange", func(t *testing.T, ts *testServer, _ *clock, _ api.Exchange, _ string) string {
			another := startWalletExchange(t, ts, ts.rec.ID)
			return `{"verifiablePresentation":` + didAuth(t, k, k.did, "authentication", challengeOf(t, ts, another), domain) + `}`
		}, http.StatusBadRequest, "is not this exchange's challenge"},
		{"no challenge", func(t *testing.T, _ *testServer, _ *clock, _ api.Exchange, _ string) string {
			return `{"verifiablePresentation":` + didAuth(t, k, k.did, "authentication", "", domain) + `}`
		}, http.StatusBadRequest, "verifiablePresentation.proof[0].challenge"},
		{"expired", func(t *testing.T, _ *testServer, c *clock, _ api.Exchange, ch string) string {
			c.now = c.now.Add(accolade.WalletExchangeTTL + time.Second)
			return `{"verifiablePresentation":` + didAuth(t, k, k.did, "authentication", ch, domain) + `}`
		}, http.StatusGone, "expired"},
		{"signed by another key than the holder's", func(t *testing.T, _ *testServer, _ *clock, _ api.Exchange, ch string) string {
			return `{"verifiablePresentation":` + didAuth(t, other, k.did, "authentication", ch, domain) + `}`
		}, http.StatusBadRequest, "not of the presentation's holder"},
		{"holder changed after signing", func(t *testing.T, _ *testServer, _ *clock, _ api.Exchange, ch string) string {
			vp := strings.Replace(didAuth(t, k, k.did, "authentication", ch, domain), k.did, other.did, 1)
			return `{"verifiablePresentation":` + vp + `}`
		}, http.StatusBadRequest, "the signature does not match"},
		{"wrong proof purpose", func(t *testing.T, _ *testServer, _ *clock, _ api.Exchange, ch string) string {
			return `{"verifiablePresentation":` + didAuth(t, k, k.did, "assertionMethod", ch, domain) + `}`
		}, http.StatusBadRequest, "proofPurpose"},
		{"missing proof", func(t *testing.T, _ *testServer, _ *clock, _ api.Exchange, _ string) string {
			return `{"verifiablePresentation":{"@context":["https://www.w3.org/ns/credentials/v2"],"type":["VerifiablePresentation"],"holder":"` + k.did + `"}}`
		}, http.StatusBadRequest, "verifiablePresentation.proof: is missing"},
		{"domain mismatch", func(t *testing.T, _ *testServer, _ *clock, _ api.Exchange, ch string) string {
			return `{"verifiablePresentation":` + didAuth(t, k, k.did, "authentication", ch, "https://evil.example") + `}`
		}, http.StatusBadRequest, "is not this service's domain"},
		{"holder not a DID", func(t *testing.T, _ *testServer, _ *clock, _ api.Exchange, _ string) string {
			return `{"verifiablePresentation":{"type":["VerifiablePresentation"],"holder":"mailto:ana@example.org","proof":{}}}`
		}, http.StatusBadRequest, "verifiablePresentation.holder"},
		{"not JSON", func(*testing.T, *testServer, *clock, api.Exchange, string) string {
			return `{"verifiablePresentation":`
		},
			http.StatusBadRequest, "not a JSON object"},
		{"an array", func(*testing.T, *testServer, *clock, api.Exchange, string) string { return `[]` },
			http.StatusBadRequest, "not a JSON object"},
		{"unknown members", func(*testing.T, *testServer, *clock, api.Exchange, string) string { return `{"presentation":{}}` },
			http.StatusBadRequest, "none of the members an exchange reads"},
		{"presentation not an object", func(*testing.T, *testServer, *clock, api.Exchange, string) string {
			return `{"verifiablePresentation":5}`
		},
			http.StatusBadRequest, "must be a verifiable presentation"},
		{"extra member", func(t *testing.T, _ *testServer, _ *clock, _ api.Exchange, ch string) string {
			return `{"verifiablePresentation":` + didAuth(t, k, k.did, "authentication", ch, domain) + `,"zcap":[]}`
		}, http.StatusBadRequest, "zcap"},
		{"not a presentation", func(*testing.T, *testServer, *clock, api.Exchange, string) string {
			return `{"verifiablePresentation":{"type":["VerifiableCredential"]}}`
		}, http.StatusBadRequest, "VerifiablePresentation"},
		{"revoked credential", func(t *testing.T, ts *testServer, _ *clock, _ api.Exchange, ch string) string {
			if rec := ts.serve(t, "POST", "/api/v1/credentials/"+ts.rec.ID+"/revoke", "application/json", testToken, `{"reason":"test"}`); rec.Code != http.StatusOK {
				t.Fatalf("revoke = %d %s", rec.Code, rec.Body)
			}
			return `{"verifiablePresentation":` + didAuth(t, k, k.did, "authentication", ch, domain) + `}`
		}, http.StatusConflict, "not valid now (revoked)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ts, c := newSignInServer(t, "https://badges.example.org")
			ex := startWalletExchange(t, ts, ts.rec.ID)
			ch := challengeOf(t, ts, ex)
			body := tc.body(t, ts, c, ex, ch)
			before := credentialCount(t, ts)
			rec := ts.serve(t, "POST", exchangePath(t, ex.Exchange), "application/json", "", body)
			p := wantProblem(t, tc.name, rec, tc.status)
			t.Logf("%d %s", rec.Code, p.Detail)
			if !strings.Contains(p.Detail+" "+p.Field, tc.want) {
				t.Errorf("problem = %+v, want it to say %q", p, tc.want)
			}
			if got := credentialCount(t, ts); got != before {
				t.Errorf("credentials: %d after the refusal, want %d", got, before)
			}
			if old, _ := ts.db.Credential(ts.rec.ID); old.SupersededBy != "" {
				t.Errorf("the credential was replaced by %s", old.SupersededBy)
			}
		})
	}
}

// TestWalletReplay: a presentation that collected one exchange is refused
// by a new exchange (its challenge is not the new one's), and a collected
// exchange refuses another wallet.
func TestWalletReplay(t *testing.T) {
	ts, _ := newSignInServer(t, "https://badges.example.org")
	k, other := newWalletKey(t), newWalletKey(t)
	ex := startWalletExchange(t, ts, ts.rec.ID)
	ch := challengeOf(t, ts, ex)
	vp := `{"verifiablePresentation":` + didAuth(t, k, k.did, "authentication", ch, "https://badges.example.org") + `}`
	if rec := ts.serve(t, "POST", exchangePath(t, ex.Exchange), "application/json", "", vp); rec.Code != http.StatusOK {
		t.Fatalf("collect = %d %s", rec.Code, rec.Body)
	}
	old, _ := ts.db.Credential(ts.rec.ID)
	before := credentialCount(t, ts)
	fresh := startWalletExchange(t, ts, old.SupersededBy)
	rec := ts.serve(t, "POST", exchangePath(t, fresh.Exchange), "application/json", "", vp)
	if p := wantProblem(t, "replayed presentation", rec, http.StatusBadRequest); !strings.Contains(p.Detail, "is not this exchange's challenge") {
		t.Errorf("replayed presentation: %+v", p)
	}
	rec = ts.serve(t, "POST", exchangePath(t, ex.Exchange), "application/json", "",
		`{"verifiablePresentation":`+didAuth(t, other, other.did, "authentication", ch, "https://badges.example.org")+`}`)
	wantProblem(t, "another wallet on a collected exchange", rec, http.StatusConflict)
	if got := credentialCount(t, ts); got != before {
		t.Errorf("credentials: %d after the refusals, want %d", got, before)
	}
}

// TestWalletExchangeAdminRefusals: the admin endpoint names what is wrong.
func TestWalletExchangeAdminRefusals(t *testing.T) {
	ts, _ := newSignInServer(t, "https://badges.example.org")
	otherToken, _ := ts.addToken(t, "other community", "other", false, accolade.ScopeCredentialsIssue)
	readOnly, _ := ts.addToken(t, "reader", "", false, accolade.ScopeRead)
	for _, tc := range []struct {
		name, path, token, body string
		status                  int
		want                    string
	}{
		{"unknown workflow", "/workflows/issue/exchanges", testToken, `{"variables":{"credentialId":"` + ts.rec.ID + `"}}`, http.StatusNotFound, "no workflow"},
		{"no credential id", "/workflows/claim/exchanges", testToken, `{"variables":{}}`, http.StatusBadRequest, "variables.credentialId"},
		{"not a uuid", "/workflows/claim/exchanges", testToken, `{"variables":{"credentialId":"abc"}}`, http.StatusBadRequest, "not a credential id"},
		{"unknown credential", "/workflows/claim/exchanges", testToken, `{"variables":{"credentialId":"00000000-0000-4000-8000-000000000000"}}`, http.StatusBadRequest, "there is no credential"},
		{"unknown field", "/workflows/claim/exchanges", testToken, `{"variables":{"credentialId":"` + ts.rec.ID + `"},"ttl":60}`, http.StatusBadRequest, "ttl"},
		{"no token", "/workflows/claim/exchanges", "", `{"variables":{"credentialId":"` + ts.rec.ID + `"}}`, http.StatusUnauthorized, ""},
		{"without the scope", "/workflows/claim/exchanges", readOnly, `{"variables":{"credentialId":"` + ts.rec.ID + `"}}`, http.StatusForbidden, "credentials:issue"},
		{"another community's token", "/workflows/claim/exchanges", otherToken, `{"variables":{"credentialId":"` + ts.rec.ID + `"}}`, http.StatusForbidden, "community"},
		{"unknown exchange", "/workflows/claim/exchanges/0123456789abcdef0123456789abcdef", "", `{}`, http.StatusNotFound, "no wallet exchange"},
		{"malformed exchange id", "/workflows/claim/exchanges/xyz", "", `{}`, http.StatusNotFound, "no wallet exchange"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := credentialCount(t, ts)
			rec := ts.serve(t, "POST", tc.path, "application/json", tc.token, tc.body)
			p := wantProblem(t, tc.name, rec, tc.status)
			t.Logf("%d %s", rec.Code, p.Detail)
			if !strings.Contains(p.Detail+" "+p.Field, tc.want) {
				t.Errorf("problem = %+v, want it to say %q", p, tc.want)
			}
			if got := credentialCount(t, ts); got != before {
				t.Errorf("credentials: %d, want %d", got, before)
			}
		})
	}
	rec := ts.serve(t, "POST", "/api/v1/credentials/"+ts.rec.ID+"/revoke", "application/json", testToken, `{"reason":"test"}`)
	mustOK(t, func() error {
		if rec.Code != http.StatusOK {
			t.Fatalf("revoke = %d", rec.Code)
		}
		return nil
	}())
	rec = ts.serve(t, "POST", "/workflows/claim/exchanges", "application/json", testToken, `{"variables":{"credentialId":"`+ts.rec.ID+`"}}`)
	if p := wantProblem(t, "revoked", rec, http.StatusConflict); !strings.Contains(p.Detail, "is revoked") {
		t.Errorf("exchange for a revoked credential: %+v", p)
	}
}

// TestMemberWallet: the signed-in holder gets the button on the
// credential's page and on my badges; the button starts an exchange and
// answers with its links and QR code; no one else can.
func TestMemberWallet(t *testing.T) {
	ts, _ := newSignInServer(t, "https://badges.example.org")
	ana, bob, anon := signedIn(t, ts, "ana"), signedIn(t, ts, "bob"), newBrowser(t, ts)
	path := walletPath(ts.rec.ID)
	for _, p := range []string{"/credentials/" + ts.rec.ID, "/account"} {
		if body := ana.do("GET", p, nil).Body.String(); !strings.Contains(body, path+`"`) {
			t.Errorf("GET %s as the holder: no wallet button\n%s", p, body)
		}
		if body := anon.do("GET", p, nil).Body.String(); strings.Contains(body, path) {
			t.Errorf("GET %s anonymously shows the holder's wallet button", p)
		}
	}
	if rec := ana.do("GET", path, nil); rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), path+`"`) || strings.Contains(rec.Body.String(), "lcw.app/request") {
		t.Errorf("GET %s = %d: want the start button and no exchange yet", path, rec.Code)
	}
	if rec := anon.do("GET", path, nil); rec.Code != http.StatusSeeOther || !strings.Contains(rec.Header().Get("Location"), "/signin?next=") {
		t.Errorf("GET %s signed out = %d %s, want a redirect to sign in", path, rec.Code, rec.Header().Get("Location"))
	}
	rec := ana.do("POST", path, url.Values{})
	body := rec.Body.String()
	if rec.Code != http.StatusOK || !strings.Contains(body, `href="https://lcw.app/request?request=`) || !strings.Contains(body, `href="https://lcw.app/request.html?`) ||
		!strings.Contains(body, `<svg class="qr"`) || !strings.Contains(body, "/interact?iuv=1") {
		t.Fatalf("POST %s = %d\n%s", path, rec.Code, body)
	}
	if rec := bob.do("POST", path, url.Values{}); rec.Code != http.StatusNotFound {
		t.Errorf("another member POST %s = %d, want 404", path, rec.Code)
	}
	req := httptest.NewRequest("POST", path, strings.NewReader(""))
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	if rec := ana.send(req); rec.Code != http.StatusForbidden {
		t.Errorf("cross-site POST %s = %d, want 403", path, rec.Code)
	}
	arabic := signedIn(t, ts, "ana")
	arabic.header.Set("Cookie", "lang=ar")
	if rec := arabic.do("POST", path, url.Values{}); rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `dir="rtl"`) {
		t.Errorf("POST %s in Arabic = %d, want a right-to-left page", path, rec.Code)
	}
}

// TestWalletExchangeRateLimited: the public exchange endpoints share the
// verification endpoints' limit per client.
func TestWalletExchangeRateLimited(t *testing.T) {
	ts, _ := newSignInServer(t, "https://badges.example.org")
	ex := startWalletExchange(t, ts, ts.rec.ID)
	for i := range 100 {
		rec := ts.serve(t, "POST", exchangePath(t, ex.Exchange), "application/json", "", `{}`)
		if rec.Code == http.StatusTooManyRequests {
			if rec.Header().Get("Retry-After") == "" {
				t.Errorf("429 without Retry-After")
			}
			return
		}
		if rec.Code != http.StatusOK {
			t.Fatalf("request %d = %d %s", i, rec.Code, rec.Body)
		}
	}
	t.Errorf("100 requests in a row from one client were all answered: want the verification limit (burst 30)")
}
