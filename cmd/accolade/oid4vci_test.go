package main

import (
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/accolade-badges/accolade/dataintegrity"
	"github.com/accolade-badges/accolade/internal/mailtest"
	"github.com/accolade-badges/accolade/internal/wallettest"
	"github.com/accolade-badges/accolade/oid4vci"
)

var (
	walletForm = regexp.MustCompile(`action="[^"]*(/account/credentials/[0-9a-f-]{36}/openid4vci)"`)
	offerLink  = regexp.MustCompile(`value="(openid-credential-offer://[^"]+)"`)
	txCodeMail = regexp.MustCompile(`(?m)^\s*(\d{6})\s*$`)
)

// walletApp is the demo community serving over real HTTP, with a member
// signed in and the server's clock shifted by shift.
type walletApp struct {
	a      *app
	smtp   *mailtest.Server
	member *http.Client
	shift  *atomic.Int64
	mails  int // code mails read so far
}

func startWalletApp(t *testing.T) *walletApp {
	t.Helper()
	w := &walletApp{smtp: mailtest.Start(t), shift: new(atomic.Int64)}
	w.a = startAppWith(t, func(m *Main) {
		m.Config.SMTPURL, m.Config.MailFrom = w.smtp.URL(), "Riverside Badges <badges@example.org>"
		m.VerifyPerSecond, m.SignInPerMinute, m.PagesPerSecond = -1, -1, -1 // one client address: the limits are not under test
		m.Now = func() time.Time { return time.Now().Add(time.Duration(w.shift.Load())) }
	}, "--demo")
	w.member = signInHTTP(t, w.a, w.smtp, "olga@example.org")
	return w
}

// offer asks for an offer as the member does, on their badges page, and
// returns the link the page shows and the code mailed to them.
func (w *walletApp) offer(t *testing.T) (link, code string) {
	t.Helper()
	page := w.get(t, "/account")
	m := walletForm.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no Add to a wallet button on /account:\n%s", page)
	}
	req, _ := http.NewRequest("POST", w.a.base+m[1], nil)
	req.Header.Set("Origin", w.a.base)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	resp, err := w.member.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	l := offerLink.FindStringSubmatch(string(b))
	if resp.StatusCode != http.StatusOK || l == nil || !strings.Contains(string(b), "<svg class=\"qr\"") {
		t.Fatalf("POST %s = %d, want the offer page with a QR code and the link:\n%s", m[1], resp.StatusCode, b)
	}
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if codes := w.codes(); len(codes) > w.mails {
			w.mails = len(codes)
			return html.UnescapeString(l[1]), codes[len(codes)-1]
		}
		if time.Now().After(deadline) {
			t.Fatalf("no new wallet code mail (%d read before)", w.mails)
		}
	}
}

// codes are the transaction codes mailed so far, oldest first.
func (w *walletApp) codes() []string {
	var codes []string
	for _, msg := range w.smtp.Wait(time.Second, nil) {
		if c := txCodeMail.FindStringSubmatch(msg.Text); c != nil && strings.Contains(msg.Subject, "wallet code") {
			codes = append(codes, c[1])
		}
	}
	return codes
}

func (w *walletApp) get(t *testing.T, path string) string {
	t.Helper()
	resp, err := w.member.Get(w.a.base + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}

// issued is the number of credentials the service has issued.
func (w *walletApp) issued(t *testing.T) int {
	t.Helper()
	code, _, body := w.a.do("GET", "/api/v1/credentials", adminToken, "", "")
	var l struct{ Credentials []json.RawMessage }
	if code != http.StatusOK || json.Unmarshal(body, &l) != nil {
		t.Fatalf("GET /api/v1/credentials = %d %s", code, body)
	}
	return len(l.Credentials)
}

// keyringResolver resolves the issuer's Multikey URLs from the keyring.
type keyringResolver struct{ a *app }

func (k keyringResolver) ResolveKey(_ context.Context, vm, _ string) (ed25519.PublicKey, string, error) {
	path := strings.TrimSuffix(vm, "/multikey")
	p, ok := k.a.m.Keys.Key(path[strings.LastIndex(path, "/")+1:])
	if !ok {
		return nil, "", errors.New("no key " + vm)
	}
	pub, _ := p.Key.(ed25519.PublicKey)
	return pub, path[:strings.Index(path, "/keys/")], nil
}

// TestWalletOID4VCI: a member asks for an offer on their badges page, the
// code comes by mail, and wallets with a did:key and a did:jwk collect the
// credential over HTTP in every configuration and shape; what they collect
// is bound to them and verifies, with our verifier and with the independent
// libraries of interop/check.mjs (the subtest "interop", skipped without
// Node.js). Then a reused code and an expired offer are refused, and
// nothing more is issued.
func TestWalletOID4VCI(t *testing.T) {
	w := startWalletApp(t)
	ctx := context.Background()
	client := &http.Client{Timeout: 10 * time.Second}
	var collected []jobCredential
	for _, wallet := range []*wallettest.Wallet{wallettest.Ed25519(), wallettest.P256()} {
		for _, config := range oid4vci.Configurations {
			for _, draft := range []bool{false, true} {
				before := w.issued(t)
				link, code := w.offer(t)
				cred, s, err := wallet.Collect(client, link, config, draft, code)
				if err != nil {
					t.Fatalf("%s %s draft %v: %v", wallet.DID[:12], config, draft, err)
				}
				if got := w.issued(t); got != before+1 {
					t.Errorf("%d credentials issued, want %d", got, before+1)
				}
				if s.Offer.CredentialIssuer != w.a.base {
					t.Errorf("offer credential_issuer %q, want %s", s.Offer.CredentialIssuer, w.a.base)
				}
				doc := []byte(cred.Raw)
				input, ct := doc, "application/vc+ld+json"
				shape := map[bool]string{false: "1.0", true: "draft 13"}[draft]
				method := wallet.DID[:strings.Index(wallet.DID[len("did:"):], ":")+len("did:")]
				got := jobCredential{Name: fmt.Sprintf("%s %s %s", method, config, shape), JSON: doc, Expect: "valid", ExpectSubject: wallet.DID}
				if config == oid4vci.ConfigJWT {
					input, ct = []byte(cred.JWT()), "application/jwt"
					got.JSON, got.JWT = nil, cred.JWT()
					checkJWTSubject(t, cred.JWT(), wallet.DID)
					var id string
					_ = json.Unmarshal(mustPayload(t, cred.JWT())["jti"], &id)
					code, _, body := w.a.do("GET", "/credentials/"+strings.TrimPrefix(id, "urn:uuid:")+".json", "", "", "")
					if code != http.StatusOK {
						t.Fatalf("GET the collected JWT's credential %s = %d", id, code)
					}
					doc = body
				}
				if v := w.a.m.Server.Verify(ctx, input, ct); !v.Verified {
					t.Errorf("%s: Verify = %s %+v", config, v.Outcome, v.Checks)
				}
				var c struct {
					CredentialSubject struct{ ID string } `json:"credentialSubject"`
				}
				if json.Unmarshal(doc, &c); c.CredentialSubject.ID != wallet.DID {
					t.Errorf("credentialSubject.id = %q, want %s", c.CredentialSubject.ID, wallet.DID)
				}
				if res, err := dataintegrity.Verify(ctx, doc, keyringResolver{w.a}); err != nil || len(res) != 1 || res[0].Err != nil {
					t.Errorf("dataintegrity.Verify = %+v, %v", res, err)
				}
				collected = append(collected, got)
			}
		}
	}
	checkCollected(t, w.a.base, collected)

	// A wallet that redeems the code twice, and one that comes too late.
	wallet := wallettest.Ed25519()
	link, code := w.offer(t)
	_, s, err := wallet.Collect(client, link, oid4vci.ConfigLDP, false, code)
	if err != nil {
		t.Fatal(err)
	}
	before := w.issued(t)
	a, err := s.RedeemForm(url.Values{"grant_type": {oid4vci.GrantPreAuthorized}, "pre-authorized_code": {s.Code()}, "tx_code": {code}})
	if err != nil || a.Status != 400 || a.Error() != "invalid_grant" {
		t.Errorf("reused code = %d %s (%v), want 400 invalid_grant", a.Status, a.Body, err)
	}
	link, code = w.offer(t)
	s, err = wallettest.Open(client, link)
	if err != nil {
		t.Fatal(err)
	}
	w.shift.Store(int64(11 * time.Minute))
	if a, err := s.Redeem(code); err != nil || a.Status != 400 || a.Error() != "invalid_grant" {
		t.Errorf("expired offer = %d %s (%v), want 400 invalid_grant", a.Status, a.Body, err)
	}
	if got := w.issued(t); got != before {
		t.Errorf("%d credentials after the refusals, want %d", got, before)
	}
}

// checkJWTSubject checks that a VC-JWT's sub and credentialSubject.id are
// both the holder's DID.
func checkJWTSubject(t *testing.T, jwt, did string) {
	t.Helper()
	p := mustPayload(t, jwt)
	var sub string
	var c struct{ ID string }
	_ = json.Unmarshal(p["sub"], &sub)
	_ = json.Unmarshal(p["credentialSubject"], &c)
	if sub != did || c.ID != did {
		t.Errorf("JWT sub %q, credentialSubject.id %q, want both %s", sub, c.ID, did)
	}
}

// mustPayload decodes a compact JWT's claims.
func mustPayload(t *testing.T, jwt string) map[string]json.RawMessage {
	t.Helper()
	parts := strings.Split(jwt, ".")
	if len(parts) != 3 {
		t.Fatalf("not a JWT: %q", jwt)
	}
	b, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}
