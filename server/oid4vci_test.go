package server

import (
	"context"
	"crypto/ed25519"
	"encoding/base64"
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
	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/internal/wallettest"
	"github.com/accolade-badges/accolade/issuer"
	"github.com/accolade-badges/accolade/oid4vci"
)

// handlerTransport serves a client's requests with a handler, in process,
// so that a wallet follows the real URLs of https://badges.example.org.
type handlerTransport struct{ h http.Handler }

func (t handlerTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	rec := httptest.NewRecorder()
	r.RemoteAddr = "192.0.2.7:4000"
	r.RequestURI = r.URL.RequestURI()
	t.h.ServeHTTP(rec, r)
	return rec.Result(), nil
}

// walletFixture is a server with a credential to offer, its clock in the
// test's hands, and an HTTP client that reaches it.
type walletFixture struct {
	ts     *testServer
	now    time.Time
	client *http.Client
	cur    string // the credential the next offer offers
}

func newWalletFixture(t *testing.T) *walletFixture {
	t.Helper()
	f := &walletFixture{ts: newTestServer(t, "https://badges.example.org"), now: time.Date(2026, 3, 4, 10, 0, 0, 0, time.UTC)}
	f.cur = f.ts.rec.ID
	f.ts.s.now = func() time.Time { return f.now }
	f.ts.s.verifyLimit = nil // many requests from one address
	f.client = &http.Client{Transport: handlerTransport{f.ts.s}}
	return f
}

func (f *walletFixture) wallet(w *wallettest.Wallet) *wallettest.Wallet {
	w.Now = func() time.Time { return f.now }
	return w
}

// offer makes an offer of the current credential through the admin API.
func (f *walletFixture) offer(t *testing.T, tx string) api.Offer {
	t.Helper()
	rec := f.ts.serve(t, "POST", "/api/v1/credentials/"+f.cur+"/offers", "application/json", testToken, `{"tx_code":"`+tx+`"}`)
	var o api.Offer
	if rec.Code != http.StatusCreated || json.Unmarshal(rec.Body.Bytes(), &o) != nil {
		t.Fatalf("POST offers = %d %s", rec.Code, rec.Body)
	}
	return o
}

// count is the number of credentials issued so far.
func (f *walletFixture) count(t *testing.T) int {
	t.Helper()
	recs, err := f.ts.db.Credentials(accolade.CredentialFilter{})
	mustOK(t, err)
	return len(recs)
}

// advance moves on to the copy that replaced the current credential.
func (f *walletFixture) advance(t *testing.T) *accolade.Record {
	t.Helper()
	old, err := f.ts.db.Credential(f.cur)
	mustOK(t, err)
	if old.SupersededBy == "" {
		t.Fatalf("credential %s was not replaced by a bound copy", f.cur)
	}
	f.cur = old.SupersededBy
	rec, err := f.ts.db.Credential(f.cur)
	mustOK(t, err)
	return rec
}

// keyringResolver resolves the issuer's Data Integrity keys from the
// keyring: <did:web>#<key id>.
type keyringResolver struct{ ts *testServer }

func (k keyringResolver) ResolveKey(_ context.Context, vm, _ string) (ed25519.PublicKey, string, error) {
	did, id, _ := strings.Cut(vm, "#")
	p, ok := k.ts.keys.Key(id)
	if !ok {
		return nil, "", errs.E(errs.NotFound, "no key %s", vm)
	}
	pub, _ := p.Key.(ed25519.PublicKey)
	return pub, did, nil
}

// TestWalletCollects: wallets with an Ed25519 did:key and a P-256 did:jwk
// collect both configurations in both shapes; each credential is bound to
// the wallet's DID and verifies.
func TestWalletCollects(t *testing.T) {
	f := newWalletFixture(t)
	ctx := context.Background()
	for _, w := range []struct {
		name   string
		wallet *wallettest.Wallet
	}{{"ed25519 did:key", wallettest.Ed25519()}, {"p-256 did:jwk", wallettest.P256()}} {
		for _, config := range oid4vci.Configurations {
			for _, draft := range []bool{false, true} {
				name := w.name + " " + config
				if draft {
					name += " draft 13"
				}
				t.Run(name, func(t *testing.T) {
					wallet := f.wallet(w.wallet)
					before := f.count(t)
					o := f.offer(t, "answer")
					cred, _, err := wallet.Collect(f.client, o.Link, config, draft, o.TxCode)
					if err != nil {
						t.Fatal(err)
					}
					if got := f.count(t); got != before+1 {
						t.Errorf("credentials %d, want %d", got, before+1)
					}
					rec := f.advance(t)
					if rec.Holder != wallet.DID {
						t.Errorf("bound copy holder %q, want %s", rec.Holder, wallet.DID)
					}
					var doc []byte
					if config == oid4vci.ConfigJWT {
						if cred.JWT() != rec.JWT {
							t.Fatalf("collected JWT is not the record's")
						}
						v := f.ts.s.Verify(ctx, []byte(cred.JWT()), "application/jwt")
						if !v.Verified {
							t.Errorf("Verify(collected JWT) = %s %v", v.Outcome, v.Checks)
						}
						doc = rec.JSON
					} else {
						doc = cred.Raw
						v := f.ts.s.Verify(ctx, doc, "application/vc+ld+json")
						if !v.Verified {
							t.Errorf("Verify(collected ldp_vc) = %s %v", v.Outcome, v.Checks)
						}
					}
					var c struct {
						CredentialSubject struct{ ID string } `json:"credentialSubject"`
					}
					if err := json.Unmarshal(doc, &c); err != nil || c.CredentialSubject.ID != wallet.DID {
						t.Errorf("credentialSubject.id = %q (%v), want %s", c.CredentialSubject.ID, err, wallet.DID)
					}
					res, err := dataintegrity.Verify(ctx, doc, keyringResolver{f.ts})
					if err != nil || len(res) != 1 || res[0].Err != nil {
						t.Errorf("dataintegrity.Verify = %+v, %v; want one verified proof", res, err)
					}
				})
			}
		}
	}
}

// TestWalletMetadata checks the two metadata documents and the offer.
func TestWalletMetadata(t *testing.T) {
	f := newWalletFixture(t)
	o := f.offer(t, "answer")
	if !strings.HasPrefix(o.Link, "openid-credential-offer://?credential_offer_uri=https%3A%2F%2Fbadges.example.org%2Fopenid4vci%2Foffers%2F") || o.TxCode == "" {
		t.Errorf("offer = %+v", o)
	}
	s, err := wallettest.Open(f.client, o.Link)
	if err != nil {
		t.Fatal(err)
	}
	g := s.Offer.Grants[oid4vci.GrantPreAuthorized]
	if g == nil || g.TxCode == nil || g.TxCode.Length != 6 || g.TxCode.InputMode != "numeric" || len(s.Offer.CredentialConfigurationIDs) != 2 {
		t.Errorf("offer JSON = %+v, grant %+v", s.Offer, g)
	}
	b, _ := json.Marshal(s.Issuer)
	contexts, _ := json.Marshal(issuer.Contexts)
	for _, want := range []string{`"credential_issuer":"https://badges.example.org"`, `"credential_endpoint":"https://badges.example.org/credential"`,
		`"nonce_endpoint":"https://badges.example.org/nonce"`, `"name":"Riverside Skill Exchange"`, `"format":"ldp_vc"`, `"format":"jwt_vc_json"`,
		`"credential_signing_alg_values_supported":["eddsa-rdfc-2022"]`, `"credential_signing_alg_values_supported":["RS256"]`,
		`"cryptographic_binding_methods_supported":["did:key","did:jwk"]`, `"proof_signing_alg_values_supported":["EdDSA","ES256"]`,
		`"@context":` + string(contexts)} {
		if !strings.Contains(string(b), want) {
			t.Errorf("issuer metadata lacks %s:\n%s", want, b)
		}
	}
	if s.AS.TokenEndpoint != "https://badges.example.org/token" {
		t.Errorf("token_endpoint = %q", s.AS.TokenEndpoint)
	}
	if a := s.Answers[0]; a.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("offer Cache-Control = %q, want no-store", a.Header.Get("Cache-Control"))
	}
	if _, err := s.Redeem(o.TxCode); err != nil || s.Token.AccessToken == "" {
		t.Fatalf("Redeem: %v", err)
	}
	if _, err := wallettest.Open(f.client, o.Link); err == nil || !strings.Contains(err.Error(), "404") {
		t.Errorf("the offer after its code was redeemed: %v, want 404", err)
	}
}

// wantError checks a protocol error answer and that nothing was issued.
func (f *walletFixture) wantError(t *testing.T, what string, a wallettest.Answer, err error, status int, code string, before int) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	if a.Status != status || a.Error() != code {
		t.Errorf("%s = %d %s, want %d %s", what, a.Status, a.Body, status, code)
	}
	var e oid4vci.Error
	if json.Unmarshal(a.Body, &e); e.Description == "" || strings.ContainsAny(e.Description, "\"\\") {
		t.Errorf("%s: error_description %q: want plain words, no quotes", what, e.Description)
	}
	if a.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("%s: Cache-Control %q, want no-store", what, a.Header.Get("Cache-Control"))
	}
	if got := f.count(t); got != before {
		t.Errorf("%s: %d credentials, want %d: something was issued", what, got, before)
	}
}

// TestWalletTokenRefusals: the token endpoint refuses used, expired and
// unknown codes, wrong, missing and unexpected transaction codes, and bad
// forms; five wrong codes kill the offer.
func TestWalletTokenRefusals(t *testing.T) {
	f := newWalletFixture(t)
	before := f.count(t)
	open := func(tx string) (*wallettest.Session, api.Offer) {
		o := f.offer(t, tx)
		s, err := wallettest.Open(f.client, o.Link)
		if err != nil {
			t.Fatal(err)
		}
		return s, o
	}

	s, o := open("answer")
	a, err := s.Redeem("")
	f.wantError(t, "missing tx_code", a, err, 400, "invalid_request", before)
	a, err = s.Redeem("000000")
	if o.TxCode == "000000" {
		a, err = s.Redeem("111111")
	}
	f.wantError(t, "wrong tx_code", a, err, 400, "invalid_grant", before)
	if a, err = s.Redeem(o.TxCode); err != nil || a.Status != 200 {
		t.Fatalf("right tx_code after one wrong = %d %s", a.Status, a.Body)
	}
	a, err = s.Redeem(o.TxCode)
	f.wantError(t, "reused pre-authorized code", a, err, 400, "invalid_grant", before)

	s, o = open("answer")
	wrong := "999999"
	if o.TxCode == wrong {
		wrong = "999998"
	}
	for range accolade.OfferTxAttempts {
		a, err = s.Redeem(wrong)
		f.wantError(t, "wrong tx_code", a, err, 400, "invalid_grant", before)
	}
	a, err = s.Redeem(o.TxCode)
	f.wantError(t, "right tx_code after five wrong", a, err, 400, "invalid_grant", before)

	s, _ = open("none")
	a, err = s.Redeem("123456")
	f.wantError(t, "unexpected tx_code", a, err, 400, "invalid_request", before)
	f.now = f.now.Add(accolade.OfferTTL)
	a, err = s.Redeem("")
	f.wantError(t, "expired offer", a, err, 400, "invalid_grant", before)

	form := func(kv ...string) url.Values {
		v := url.Values{}
		for i := 0; i < len(kv); i += 2 {
			v.Add(kv[i], kv[i+1])
		}
		return v
	}
	s, _ = open("none")
	for _, c := range []struct {
		name string
		form url.Values
		code string
	}{
		{"no grant_type", form("pre-authorized_code", s.Code()), "invalid_request"},
		{"password grant", form("grant_type", "password", "username", "x"), "unsupported_grant_type"},
		{"no code", form("grant_type", oid4vci.GrantPreAuthorized), "invalid_request"},
		{"repeated code", form("grant_type", oid4vci.GrantPreAuthorized, "pre-authorized_code", s.Code(), "pre-authorized_code", s.Code()), "invalid_request"},
		{"unknown code", form("grant_type", oid4vci.GrantPreAuthorized, "pre-authorized_code", "nope"), "invalid_grant"},
	} {
		a, err := s.RedeemForm(c.form)
		f.wantError(t, c.name, a, err, 400, c.code, before)
	}
	rec := f.ts.serve(t, "POST", "/token", "application/json", "", `{"grant_type":"`+oid4vci.GrantPreAuthorized+`"}`)
	if rec.Code != 400 || !strings.Contains(rec.Body.String(), `"invalid_request"`) {
		t.Errorf("POST /token with JSON = %d %s, want 400 invalid_request", rec.Code, rec.Body)
	}
	if a, err := s.Redeem(""); err != nil || a.Status != 200 {
		t.Errorf("the offer after refused forms = %d %s, want it still redeemable", a.Status, a.Body)
	}
}

// TestWalletCredentialRefusals: the credential endpoint refuses bad tokens,
// bodies, key proofs and nonces with the codes the specification names,
// issuing nothing; a retry of an answered request gets the same credential.
func TestWalletCredentialRefusals(t *testing.T) {
	f := newWalletFixture(t)
	aud := "https://badges.example.org"
	wallet, other := f.wallet(wallettest.Ed25519()), f.wallet(wallettest.P256())
	o := f.offer(t, "none")
	s, err := wallettest.Open(f.client, o.Link)
	mustOK(t, err)
	if a, err := s.Redeem(""); err != nil || a.Status != 200 {
		t.Fatalf("Redeem = %d %s", a.Status, a.Body)
	}
	token := s.Token.AccessToken
	before := f.count(t)
	nonce := func() string {
		n, err := s.Nonce()
		mustOK(t, err)
		return n
	}
	typ := func(s string) *string { return &s }
	body := func(p string) []byte { return wallettest.Body(oid4vci.ConfigLDP, p, false) }
	for _, c := range []struct {
		name   string
		token  string
		body   []byte
		status int
		code   string
	}{
		{"no token", "", body(wallet.Proof(aud, nonce())), 401, "invalid_token"},
		{"unknown token", "not-a-token", body(wallet.Proof(aud, nonce())), 401, "invalid_token"},
		{"not JSON", token, []byte("proof=x"), 400, "invalid_credential_request"},
		{"unknown configuration", token, wallettest.Body("UniversityDegree", wallet.Proof(aud, nonce()), false), 400, "unknown_credential_configuration"},
		{"unsupported format", token, []byte(`{"format":"mso_mdoc","proof":{"proof_type":"jwt","jwt":"x.y.z"}}`), 400, "unsupported_credential_format"},
		{"no proof", token, []byte(`{"credential_configuration_id":"OpenBadgeCredential_ldp_vc"}`), 400, "invalid_proof"},
		{"two proofs", token, []byte(`{"credential_configuration_id":"OpenBadgeCredential_ldp_vc","proofs":{"jwt":["a.b.c","d.e.f"]}}`), 400, "invalid_credential_request"},
		{"proof and proofs", token, []byte(`{"credential_configuration_id":"OpenBadgeCredential_ldp_vc","proof":{"proof_type":"jwt","jwt":"a.b.c"},"proofs":{"jwt":["a.b.c"]}}`), 400, "invalid_proof"},
		{"wrong aud", token, body(wallet.ProofWith("https://evil.example", nonce(), wallettest.ProofOptions{})), 400, "invalid_proof"},
		{"alg none", token, body(wallet.ProofWith(aud, nonce(), wallettest.ProofOptions{Alg: "none"})), 400, "invalid_proof"},
		{"HS256", token, body(wallet.ProofWith(aud, nonce(), wallettest.ProofOptions{Alg: "HS256"})), 400, "invalid_proof"},
		{"signed by another key", token, body(wallet.ProofWith(aud, nonce(), wallettest.ProofOptions{SignWith: wallettest.Ed25519().Key})), 400, "invalid_proof"},
		{"missing typ", token, body(wallet.ProofWith(aud, nonce(), wallettest.ProofOptions{Typ: typ("")})), 400, "invalid_proof"},
		{"typ JWT", token, body(wallet.ProofWith(aud, nonce(), wallettest.ProofOptions{Typ: typ("JWT")})), 400, "invalid_proof"},
		{"x5c", token, body(wallet.ProofWith(aud, nonce(), wallettest.ProofOptions{Header: map[string]any{"x5c": []string{"MIIB"}}})), 400, "invalid_proof"},
		{"kid and jwk", token, body(wallet.ProofWith(aud, nonce(), wallettest.ProofOptions{Header: map[string]any{"jwk": map[string]any{"kty": "OKP"}}})), 400, "invalid_proof"},
		{"old iat", token, body(wallet.ProofWith(aud, nonce(), wallettest.ProofOptions{Iat: f.now.Add(-time.Hour)})), 400, "invalid_proof"},
		{"no nonce", token, body(wallet.ProofWith(aud, "", wallettest.ProofOptions{NoNonce: true})), 400, "invalid_proof"},
		{"unknown nonce", token, body(wallet.Proof(aud, "made-up")), 400, "invalid_nonce"},
		{"unknown nonce draft 13", token, wallettest.Body(oid4vci.ConfigLDP, wallet.Proof(aud, "made-up"), true), 400, "invalid_proof"},
	} {
		a, err := s.Request(c.token, c.body)
		f.wantError(t, c.name, a, err, c.status, c.code, before)
		if c.status == 401 && !strings.HasPrefix(a.Header.Get("WWW-Authenticate"), `Bearer error="invalid_token"`) {
			t.Errorf("%s: WWW-Authenticate %q", c.name, a.Header.Get("WWW-Authenticate"))
		}
		if strings.HasSuffix(c.name, "draft 13") && !strings.Contains(string(a.Body), `"c_nonce"`) {
			t.Errorf("%s: no fresh c_nonce in %s", c.name, a.Body)
		}
	}

	n := nonce()
	f.now = f.now.Add(accolade.NonceTTL)
	a, err := s.Request(token, body(wallet.Proof(aud, n)))
	f.wantError(t, "expired nonce", a, err, 400, "invalid_nonce", before)

	// The request that works, then its retry: the same credential, once.
	n = nonce()
	req := body(wallet.Proof(aud, n))
	a, err = s.Request(token, req)
	mustOK(t, err)
	first, err := wallettest.ReadCredential(a, false)
	mustOK(t, err)
	a, err = s.Request(token, req)
	mustOK(t, err)
	again, err := wallettest.ReadCredential(a, false)
	mustOK(t, err)
	if string(first.Raw) != string(again.Raw) || f.count(t) != before+1 {
		t.Errorf("retry: same credential %v, %d credentials; want the same one, %d", string(first.Raw) == string(again.Raw), f.count(t), before+1)
	}
	before++
	a, err = s.Request(token, body(other.Proof(aud, nonce())))
	f.wantError(t, "spent token, another key", a, err, 400, "invalid_proof", before)

	// A nonce used once does not work again, with another offer's token.
	f.advance(t)
	s2, err := wallettest.Open(f.client, f.offer(t, "none").Link)
	mustOK(t, err)
	if a, err := s2.Redeem(""); err != nil || a.Status != 200 {
		t.Fatalf("Redeem = %d %s", a.Status, a.Body)
	}
	a, err = s2.Request(s2.Token.AccessToken, body(other.Proof(aud, n)))
	f.wantError(t, "reused nonce", a, err, 400, "invalid_nonce", before)
}

// TestWalletOfferRefusals: offers are only made of valid credentials, and
// the admin API checks its body.
func TestWalletOfferRefusals(t *testing.T) {
	f := newWalletFixture(t)
	for _, c := range []struct {
		name, path, body string
		status           int
	}{
		{"bad tx_code", "/api/v1/credentials/" + f.cur + "/offers", `{"tx_code":"sms"}`, 400},
		{"unknown credential", "/api/v1/credentials/4d0a8a3e-0000-4000-8000-000000000000/offers", ``, 404},
	} {
		if rec := f.ts.serve(t, "POST", c.path, "application/json", testToken, c.body); rec.Code != c.status {
			t.Errorf("%s = %d %s, want %d", c.name, rec.Code, rec.Body, c.status)
		}
	}
	_, err := f.ts.s.awards.SetStatus(f.cur, accolade.Revoked, "test")
	mustOK(t, err)
	if rec := f.ts.serve(t, "POST", "/api/v1/credentials/"+f.cur+"/offers", "", testToken, ""); rec.Code != http.StatusConflict {
		t.Errorf("offer of a revoked credential = %d %s, want 409", rec.Code, rec.Body)
	}
}

// TestDIDJWKOfWallet: the did:jwk of a jwk header ignores kid and use.
func TestDIDJWKOfWallet(t *testing.T) {
	w := wallettest.P256()
	raw, err := base64.RawURLEncoding.DecodeString(strings.TrimPrefix(w.DID, "did:jwk:"))
	if err != nil || strings.Contains(string(raw), "kid") || !strings.HasPrefix(string(raw), `{"crv":"P-256","kty":"EC","x":`) {
		t.Errorf("did:jwk %s holds %s (%v)", w.DID, raw, err)
	}
}
