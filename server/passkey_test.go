package server

import (
	"encoding/base64"
	"encoding/json"
	"github.com/accolade-badges/accolade"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/i18n"
)

const passkeyBase = "https://badges.example.org"

// creationOptions is what the tests read of POST /account/passkeys/begin.
type creationOptions struct {
	PublicKey struct {
		Challenge string `json:"challenge"`
		RP        struct {
			ID   string `json:"id"`
			Name string `json:"name"`
		} `json:"rp"`
		User struct {
			ID          string `json:"id"`
			Name        string `json:"name"`
			DisplayName string `json:"displayName"`
		} `json:"user"`
		AuthenticatorSelection struct {
			ResidentKey      string `json:"residentKey"`
			UserVerification string `json:"userVerification"`
		} `json:"authenticatorSelection"`
		ExcludeCredentials []struct {
			ID string `json:"id"`
		} `json:"excludeCredentials"`
	} `json:"publicKey"`
}

// assertionOptions is what the tests read of POST /signin/passkey/begin.
type assertionOptions struct {
	PublicKey struct {
		Challenge        string `json:"challenge"`
		RPID             string `json:"rpId"`
		UserVerification string `json:"userVerification"`
		AllowCredentials []any  `json:"allowCredentials"`
	} `json:"publicKey"`
}

type passkeyReply struct {
	Next  string `json:"next"`
	Error string `json:"error"`
}

// addPasskey registers key for the signed-in b under name.
func addPasskey(t *testing.T, b *browser, key *softKey, name string) creationOptions {
	t.Helper()
	opts := answer[creationOptions](t, b.postJSON("/account/passkeys/begin", nil), http.StatusOK)
	handle, err := base64.RawURLEncoding.DecodeString(opts.PublicKey.User.ID)
	mustOK(t, err)
	reply := answer[passkeyReply](t, b.postJSON("/account/passkeys/finish",
		map[string]any{"name": name, "credential": key.create(opts.PublicKey.Challenge, handle)}), http.StatusOK)
	if reply.Next != "/account/settings" {
		t.Fatalf("finish next = %q, want /account/settings", reply.Next)
	}
	return opts
}

func TestPasskeyOptions(t *testing.T) {
	ts, _ := newSignInServer(t, passkeyBase)
	b := newBrowser(t, ts)
	b.signIn("bob@example.org", "bob")
	opts := answer[creationOptions](t, b.postJSON("/account/passkeys/begin", nil), http.StatusOK)
	pk := opts.PublicKey
	if pk.RP.ID != "badges.example.org" || pk.RP.Name != "Riverside Skill Exchange" {
		t.Errorf("rp = %+v, want id badges.example.org, the community's name", pk.RP)
	}
	if pk.User.ID != b64([]byte("bob")) || pk.User.Name != "bob" || pk.User.DisplayName != "Bob Mensah" {
		t.Errorf("user = %+v, want the member id as handle and name, their name as display name", pk.User)
	}
	if pk.AuthenticatorSelection.ResidentKey != "required" || pk.AuthenticatorSelection.UserVerification != "required" {
		t.Errorf("authenticatorSelection = %+v, want a discoverable, verified credential", pk.AuthenticatorSelection)
	}
	if len(pk.Challenge) < 22 {
		t.Errorf("challenge %q is too short", pk.Challenge)
	}
	addPasskey(t, b, newSoftKey(t, "badges.example.org", passkeyBase), "Phone")
	again := answer[creationOptions](t, b.postJSON("/account/passkeys/begin", nil), http.StatusOK)
	if len(again.PublicKey.ExcludeCredentials) != 1 {
		t.Errorf("excludeCredentials = %v, want bob's passkey", again.PublicKey.ExcludeCredentials)
	}
	if again.PublicKey.Challenge == pk.Challenge {
		t.Error("two ceremonies got the same challenge")
	}

	anon := newBrowser(t, ts)
	as := answer[assertionOptions](t, anon.postJSON("/signin/passkey/begin", nil), http.StatusOK)
	if as.PublicKey.RPID != "badges.example.org" || as.PublicKey.UserVerification != "required" || len(as.PublicKey.AllowCredentials) != 0 {
		t.Errorf("sign-in options = %+v, want rpId badges.example.org, verification required, no allowCredentials", as.PublicKey)
	}
}

// TestPasskeyRegisterAndSignIn registers a passkey and signs in with it in
// another browser: a session starts as with a mailed link.
func TestPasskeyRegisterAndSignIn(t *testing.T) {
	ts, clk := newSignInServer(t, passkeyBase)
	b := newBrowser(t, ts)
	b.signIn("bob@example.org", "bob")
	key := newSoftKey(t, "badges.example.org", passkeyBase)
	addPasskey(t, b, key, "  Bob’s phone ")
	list, err := ts.db.Passkeys("bob")
	mustOK(t, err)
	if len(list) != 1 || list[0].Name != "Bob’s phone" || !list[0].Created.Equal(clk.now) || !list[0].LastUsed.IsZero() {
		t.Fatalf("passkeys = %+v, want one named Bob’s phone, created now, never used", list)
	}
	if page := b.do("GET", "/account/settings", nil).Body.String(); !strings.Contains(page, "Bob’s phone") || !strings.Contains(page, "passkey.js") {
		t.Errorf("the settings page does not list the passkey:\n%s", page)
	}

	clk.now = clk.now.Add(time.Hour)
	evil := newBrowser(t, ts)
	as := answer[assertionOptions](t, evil.postJSON("/signin/passkey/begin", nil), http.StatusOK)
	key.origin = "https://badges.example.org.evil.example"
	reply := answer[passkeyReply](t, evil.postJSON("/signin/passkey/finish", map[string]any{"credential": key.get(as.PublicKey.Challenge)}), http.StatusBadRequest)
	if reply.Error != i18n.Default().Match("en").T("account.passkeys.error.signIn") || len(evil.cookies) != 0 {
		t.Errorf("an assertion made for another origin: error %q, cookies %v", reply.Error, evil.cookies)
	}
	key.origin = passkeyBase
	other := newBrowser(t, ts)
	as = answer[assertionOptions](t, other.postJSON("/signin/passkey/begin", nil), http.StatusOK)
	reply = answer[passkeyReply](t, other.postJSON("/signin/passkey/finish", map[string]any{"credential": key.get(as.PublicKey.Challenge)}), http.StatusOK)
	if reply.Next != "/account" {
		t.Errorf("next = %q, want /account", reply.Next)
	}
	if rec := other.do("GET", "/account/settings", nil); rec.Code != http.StatusOK {
		t.Fatalf("signed in with a passkey, GET /account/settings = %d", rec.Code)
	}
	p, err := ts.db.Passkey(list[0].ID)
	mustOK(t, err)
	if p.SignCount != key.count || !p.LastUsed.Equal(clk.now) {
		t.Errorf("after signing in: sign count %d, last used %v; want %d, %v", p.SignCount, p.LastUsed, key.count, clk.now)
	}
}

// TestPasskeyChallengeSingleUse replays a registration and a sign-in: the
// second time the challenge is gone, and nothing changes.
func TestPasskeyChallengeSingleUse(t *testing.T) {
	ts, _ := newSignInServer(t, passkeyBase)
	b := newBrowser(t, ts)
	b.signIn("bob@example.org", "bob")
	key := newSoftKey(t, "badges.example.org", passkeyBase)
	opts := answer[creationOptions](t, b.postJSON("/account/passkeys/begin", nil), http.StatusOK)
	body := map[string]any{"name": "Phone", "credential": key.create(opts.PublicKey.Challenge, []byte("bob"))}
	answer[passkeyReply](t, b.postJSON("/account/passkeys/finish", body), http.StatusOK)
	key.id = append([]byte{}, key.id...)
	key.id[0] ^= 1 // another credential on the same challenge
	body["credential"] = key.create(opts.PublicKey.Challenge, []byte("bob"))
	reply := answer[passkeyReply](t, b.postJSON("/account/passkeys/finish", body), http.StatusBadRequest)
	en := i18n.Default().Match("en")
	if reply.Error != en.T("account.passkeys.error.expired") {
		t.Errorf("replayed registration: error %q", reply.Error)
	}
	if list, _ := ts.db.Passkeys("bob"); len(list) != 1 {
		t.Errorf("after a replayed registration bob has %d passkeys, want 1", len(list))
	}

	key.id[0] ^= 1
	other := newBrowser(t, ts)
	as := answer[assertionOptions](t, other.postJSON("/signin/passkey/begin", nil), http.StatusOK)
	assertion := key.get(as.PublicKey.Challenge)
	answer[passkeyReply](t, other.postJSON("/signin/passkey/finish", map[string]any{"credential": assertion}), http.StatusOK)
	third := newBrowser(t, ts)
	rec := third.postJSON("/signin/passkey/finish", map[string]any{"credential": assertion})
	if reply := answer[passkeyReply](t, rec, http.StatusBadRequest); reply.Error != en.T("account.passkeys.error.expired") || len(third.cookies) != 0 {
		t.Errorf("replayed sign-in: error %q, cookies %v", reply.Error, third.cookies)
	}
	if _, err := ts.db.TakeCeremony(as.PublicKey.Challenge, time.Date(2026, 3, 4, 10, 0, 0, 0, time.UTC)); err != accolade.ErrCeremonyUnknown {
		t.Errorf("TakeCeremony of a used challenge: %v, want ErrCeremonyUnknown", err)
	}
}

// TestPasskeyFinishGarbage sends answers that are not a credential: 400
// with words in the page's language, nothing stored, nobody signed in.
func TestPasskeyFinishGarbage(t *testing.T) {
	ts, _ := newSignInServer(t, passkeyBase)
	b := newBrowser(t, ts)
	b.signIn("bob@example.org", "bob")
	b.header.Set("Accept-Language", "fr")
	fr := i18n.Default().Match("fr")
	long := map[string]any{"name": strings.Repeat("x", 61), "credential": json.RawMessage(`{"id":"AAAA"}`)}
	for _, c := range []struct {
		name string
		body any
		want string
	}{
		{"empty", "", "account.passkeys.error.invalid"},
		{"not JSON", "passkey please", "account.passkeys.error.invalid"},
		{"no credential", `{"name":"Phone"}`, "account.passkeys.error.invalid"},
		{"empty credential", `{"credential":{}}`, "account.passkeys.error.invalid"},
		{"credential a string", `{"credential":"AAAA"}`, "account.passkeys.error.invalid"},
		{"bad base64", `{"credential":{"id":"!!","rawId":"!!","type":"public-key","response":{"clientDataJSON":"!!","attestationObject":"!!"}}}`, "account.passkeys.error.invalid"},
		{"name too long", long, "account.passkeys.error.name"},
	} {
		t.Run(c.name, func(t *testing.T) {
			for _, path := range []string{"/account/passkeys/finish", "/signin/passkey/finish"} {
				if path == "/signin/passkey/finish" && c.want == "account.passkeys.error.name" {
					continue
				}
				anon := newBrowser(t, ts)
				anon.header.Set("Accept-Language", "fr")
				client := b
				if strings.HasPrefix(path, "/signin") {
					client = anon
				}
				reply := answer[passkeyReply](t, client.postJSON(path, c.body), http.StatusBadRequest)
				if reply.Error != fr.T(c.want) {
					t.Errorf("POST %s: error %q, want %q", path, reply.Error, fr.T(c.want))
				}
				if len(anon.cookies) != 0 {
					t.Errorf("POST %s set cookies %v", path, anon.cookies)
				}
			}
			if list, _ := ts.db.Passkeys("bob"); len(list) != 0 {
				t.Errorf("bob has %d passkeys, want none", len(list))
			}
		})
	}
}

// TestPasskeyDeleteOthers removes a passkey: another member's is not
// found and stays; one's own goes.
func TestPasskeyDeleteOthers(t *testing.T) {
	ts, clk := newSignInServer(t, passkeyBase)
	mustOK(t, ts.db.AddPasskey(accolade.Passkey{ID: "YW5hLWtleQ", Member: "ana", Credential: []byte(`{}`), Name: "Ana's", Created: clk.now}))
	b := newBrowser(t, ts)
	b.signIn("bob@example.org", "bob")
	if rec := b.do("POST", "/account/passkeys/YW5hLWtleQ/delete", url.Values{}); rec.Code != http.StatusNotFound {
		t.Errorf("deleting ana's passkey as bob: %d, want 404", rec.Code)
	}
	if list, _ := ts.db.Passkeys("ana"); len(list) != 1 {
		t.Errorf("ana has %d passkeys, want 1", len(list))
	}
	addPasskey(t, b, newSoftKey(t, "badges.example.org", passkeyBase), "Phone")
	list, _ := ts.db.Passkeys("bob")
	if rec := b.do("POST", "/account/passkeys/"+list[0].ID+"/delete", url.Values{}); rec.Code != http.StatusSeeOther {
		t.Fatalf("deleting bob's own passkey: %d, want 303", rec.Code)
	}
	if _, err := ts.db.Passkey(list[0].ID); errs.KindOf(err) != errs.NotFound {
		t.Errorf("bob's passkey after delete: %v, want not found", err)
	}
	if list, _ := ts.db.Passkeys("ana"); len(list) != 1 {
		t.Errorf("ana has %d passkeys, want 1", len(list))
	}
	anon := newBrowser(t, ts)
	if rec := anon.do("POST", "/account/passkeys/YW5hLWtleQ/delete", url.Values{}); rec.Code != http.StatusUnauthorized {
		t.Errorf("deleting signed out: %d, want 401", rec.Code)
	}
}

func TestPasskeysOnWhere(t *testing.T) {
	for _, c := range []struct {
		base, origin string // origin "": off
	}{
		{"https://badges.example.org", "https://badges.example.org"},
		{"https://badges.example.org:8443/community", "https://badges.example.org:8443"},
		{"http://localhost:8080", "http://localhost:8080"},
		{"http://badges.example.org", ""},
		{"http://127.0.0.1:8080", ""},
		{"https://192.0.2.1", ""},
		{"https://[2001:db8::1]", ""},
	} {
		w := newPasskeys(c.base)
		switch {
		case c.origin == "" && w != nil:
			t.Errorf("newPasskeys(%q) is on, want off", c.base)
		case c.origin != "" && (w == nil || len(w.Config.RPOrigins) != 1 || w.Config.RPOrigins[0] != c.origin):
			t.Errorf("newPasskeys(%q) = %v, want origin %s", c.base, w, c.origin)
		}
	}
}

// TestPasskeysOff serves a plain-http site that is not localhost: no
// passkey anywhere, and the settings page says why.
func TestPasskeysOff(t *testing.T) {
	ts, _ := newSignInServer(t, "http://badges.example.org")
	b := newBrowser(t, ts)
	if page := b.do("GET", "/signin", nil).Body.String(); strings.Contains(page, "passkey") {
		t.Errorf("the sign-in page offers passkeys:\n%s", page)
	}
	b.signIn("bob@example.org", "bob")
	page := b.do("GET", "/account/settings", nil).Body.String()
	en := i18n.Default().Match("en")
	if strings.Contains(page, "passkey.js") || strings.Contains(page, "passkey-add") || !strings.Contains(page, en.T("account.passkeys.off")) {
		t.Errorf("the settings page of an http site:\n%s", page)
	}
	for _, path := range []string{"/account/passkeys/begin", "/account/passkeys/finish", "/signin/passkey/begin", "/signin/passkey/finish"} {
		if reply := answer[passkeyReply](t, b.postJSON(path, `{}`), http.StatusNotFound); reply.Error != en.T("account.passkeys.error.off") {
			t.Errorf("POST %s: error %q", path, reply.Error)
		}
	}
}

// TestPasskeyCrossSite posts from another site: refused before any
// handler, as every state-changing request is.
func TestPasskeyCrossSite(t *testing.T) {
	ts, _ := newSignInServer(t, passkeyBase)
	b := newBrowser(t, ts)
	b.header.Set("Sec-Fetch-Site", "cross-site")
	for _, path := range []string{"/signin/passkey/begin", "/signin/passkey/finish", "/account/passkeys/begin"} {
		if rec := b.postJSON(path, `{}`); rec.Code != http.StatusForbidden {
			t.Errorf("cross-site POST %s: %d, want 403", path, rec.Code)
		}
	}
}

func TestUserHandle(t *testing.T) {
	long := strings.Repeat("m", 100)
	for _, c := range []struct {
		id   string
		want int // length in bytes
	}{{"bob", 3}, {strings.Repeat("m", 64), 64}, {long, 32}} {
		h := userHandle(c.id)
		if len(h) != c.want || string(userHandle(c.id)) != string(h) {
			t.Errorf("userHandle(%d bytes) = %d bytes, want %d, the same each time", len(c.id), len(h), c.want)
		}
	}
	if string(userHandle("bob")) != "bob" {
		t.Error(`userHandle("bob") is not the id's bytes`)
	}
}
