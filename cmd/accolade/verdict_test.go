package main

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"net/url"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"

	"github.com/accolade-badges/accolade/keys"
)

// apiVerdict is the part of a POST /api/v1/verify answer these tests read.
type apiVerdict struct {
	Verified        bool
	Outcome         string
	Summary         string
	IssuerConfirmed bool
	Checks          []struct{ Check, Label, Status, Message string }
}

func (v apiVerdict) status(check string) string {
	for _, c := range v.Checks {
		if c.Check == check {
			return c.Status
		}
	}
	return ""
}

func postVerify(t *testing.T, a *app, contentType string, body []byte) apiVerdict {
	t.Helper()
	code, _, out := a.do("POST", "/api/v1/verify", "", contentType, string(body))
	if code != 200 {
		t.Fatalf("POST /api/v1/verify = %d %s", code, out)
	}
	var v apiVerdict
	mustJSON(t, out, &v)
	return v
}

// impostorJWT is a VC-JWT signed by a throw-away did:key whose issuer
// object borrows the name given.
func impostorJWT(t *testing.T, name string) string {
	t.Helper()
	pub, priv, _ := ed25519.GenerateKey(rand.Reader)
	did, err := keys.DIDKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	c := map[string]any{
		"@context": []string{"https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"},
		"id":       "urn:uuid:0d3b7a1e-3c55-4d6c-9d1f-6c1f0b0e5a11", "type": []string{"VerifiableCredential", "OpenBadgeCredential"},
		"issuer":    map[string]any{"id": did, "type": []string{"Profile"}, "name": name},
		"validFrom": "2026-01-01T00:00:00Z", "name": "Project Trainer",
		"credentialSubject": map[string]any{"type": []string{"AchievementSubject"}, "name": "Mallory",
			"achievement": map[string]any{"id": "https://evil.example/a", "type": []string{"Achievement"}, "name": "Project Trainer",
				"description": "Forged.", "criteria": map[string]any{"narrative": "None."}}},
		"iss": did, "jti": "urn:uuid:0d3b7a1e-3c55-4d6c-9d1f-6c1f0b0e5a11", "nbf": 1767225600,
	}
	b, _ := json.Marshal(c)
	signer, _ := jose.NewSigner(jose.SigningKey{Algorithm: jose.EdDSA, Key: priv},
		(&jose.SignerOptions{}).WithType("JWT").WithHeader("kid", did+"#"+strings.TrimPrefix(did, "did:key:")))
	jws, _ := signer.Sign(b)
	tok, _ := jws.CompactSerialize()
	return tok
}

// TestVerdictTableOverHTTP drives each outcome through the public API and
// the page of a real server in the configuration `make run` gives (an http
// base URL, the profile URL as issuer id).
func TestVerdictTableOverHTTP(t *testing.T) {
	a := startApp(t)
	id, jwt, doc := issueOne(t, a, "ana")

	t.Run("valid", func(t *testing.T) {
		for _, form := range []struct {
			ct   string
			body []byte
		}{{"text/plain", jwt}, {"application/vc+ld+json", doc}} {
			v := postVerify(t, a, form.ct, form.body)
			if v.Outcome != "valid" || !v.Verified || !v.IssuerConfirmed || !strings.HasPrefix(v.Summary, "Valid — issued by “Accolade issuer”") {
				t.Errorf("verify %s = %+v, want valid", form.ct, v)
			}
		}
	})

	t.Run("impostor with our issuer's name", func(t *testing.T) {
		tok := impostorJWT(t, "Accolade issuer")
		v := postVerify(t, a, "text/plain", []byte(tok))
		if v.Outcome != "unconfirmed-issuer" || v.Verified || v.IssuerConfirmed || !strings.Contains(v.Summary, "Beware: “Accolade issuer” is the name of an issuer on this service") {
			t.Errorf("verify impostor = %+v, want unconfirmed-issuer with a loud warning", v)
		}
		code, page := postForm(t, a, "application/x-www-form-urlencoded", strings.NewReader(url.Values{"input": {tok}}.Encode()))
		if code != 200 || !strings.Contains(page, `verdict-warn`) || !strings.Contains(page, "Signed correctly, but by an issuer this service does not know") ||
			!strings.Contains(page, "<dt>Says it is from</dt>") || strings.Contains(page, "<dt>Issued by</dt>") || strings.Contains(page, "✓ Valid") {
			t.Errorf("verify page (impostor) = %d\n%s", code, verdictSection(page))
		}
	})

	t.Run("tampered validUntil", func(t *testing.T) {
		var m map[string]any
		mustJSON(t, doc, &m)
		m["validUntil"] = "2099-11-30T00:00:00Z"
		forged, _ := json.Marshal(m)
		v := postVerify(t, a, "application/json", forged)
		if v.Outcome != "invalid" || v.Verified {
			t.Errorf("verify forged = %+v, want invalid", v)
		}
		for _, c := range v.Checks {
			if c.Check != "format" && c.Check != "structure" && c.Status == "pass" {
				t.Errorf("verify forged: check %s passed (%q), want nothing the forgery claims passed", c.Check, c.Message)
			}
		}
		code, page := postForm(t, a, "application/x-www-form-urlencoded", strings.NewReader(url.Values{"input": {string(forged)}}.Encode()))
		section := verdictSection(page)
		if code != 200 || !strings.Contains(section, "verdict-fail") || strings.Contains(section, "2099") || strings.Contains(section, "Awarded to") ||
			strings.Contains(section, "Member ana") || !strings.Contains(section, "contents cannot be trusted") {
			t.Errorf("verify page (forged) = %d\n%s", code, section)
		}
		if strings.Contains(page, string(forged[:40])) {
			t.Errorf("verify page (forged): the verify-another form is not empty")
		}
	})

	t.Run("unreadable", func(t *testing.T) {
		v := postVerify(t, a, "text/plain", []byte("hello"))
		if v.Outcome != "unreadable" || !strings.HasPrefix(v.Summary, "This is not a credential we can read.") {
			t.Errorf("verify junk = %+v", v)
		}
	})

	t.Run("unverifiable", func(t *testing.T) {
		var m map[string]any
		mustJSON(t, doc, &m)
		m["issuer"].(map[string]any)["id"] = "did:web:issuer.invalid"
		m["proof"].([]any)[0].(map[string]any)["verificationMethod"] = "did:web:issuer.invalid#key-1"
		b, _ := json.Marshal(m)
		v := postVerify(t, a, "application/json", b)
		if v.Outcome != "unverifiable" || !strings.HasPrefix(v.Summary, "Cannot check.") {
			t.Errorf("verify (key unreachable) = %+v, want unverifiable", v)
		}
	})

	t.Run("revoked, reason private", func(t *testing.T) {
		const reason = "a very private reason"
		if code, _, body := a.do("POST", "/api/v1/credentials/"+id+"/revoke", adminToken, "application/json", `{"reason":"`+reason+`"}`); code != 200 {
			t.Fatalf("revoke = %d %s", code, body)
		}
		v := postVerify(t, a, "text/plain", jwt)
		if v.Outcome != "revoked" || v.Verified || !strings.HasPrefix(v.Summary, "Revoked on ") || v.status("status") != "fail" {
			t.Errorf("verify revoked = %+v", v)
		}
		code, page := getHTML(t, a, "/verify?url="+url.QueryEscape(a.base+"/credentials/"+id))
		if code != 200 || !strings.Contains(page, "verdict-warn") || !strings.Contains(page, `<span class="answer">Revoked on <time`) || strings.Contains(page, reason) {
			t.Errorf("verify page (revoked) = %d\n%s", code, verdictSection(page))
		}
		_, _, raw := a.do("POST", "/api/v1/verify", "", "text/plain", string(jwt))
		if strings.Contains(string(raw), reason) {
			t.Errorf("verify API shows the revocation reason: %s", raw)
		}
	})
}

// TestVerdictExpiredAndSuspendedOverHTTP: a genuine credential past
// validUntil is "genuine, but expired", and a suspended one "genuine, but
// suspended" (amber), not a forgery's red.
func TestVerdictExpiredAndSuspendedOverHTTP(t *testing.T) {
	var clock atomic.Int64
	clock.Store(time.Now().Unix())
	a := startAppWith(t, func(m *Main) { m.Now = func() time.Time { return time.Unix(clock.Load(), 0) } })
	_, jwt, _ := issueOne(t, a, "ana")
	a.do("PUT", "/api/v1/achievements/helper", adminToken, "application/yaml",
		"id: helper\nname: Helper\ndescription: Helps.\nachievementType: Badge\nsuspendable: true\ncriteria:\n  narrative: Helped.\n")
	code, _, body := a.do("POST", "/api/v1/credentials", adminToken, "application/json", `{"achievement":"helper","member":"ana"}`)
	if code != 201 {
		t.Fatalf("issue helper = %d %s", code, body)
	}
	var helper struct{ ID, JWT string }
	mustJSON(t, body, &helper)
	if code, _, body := a.do("POST", "/api/v1/credentials/"+helper.ID+"/suspend", adminToken, "application/json", `{"reason":"under review"}`); code != 200 {
		t.Fatalf("suspend = %d %s", code, body)
	}
	v := postVerify(t, a, "text/plain", []byte(helper.JWT))
	if v.Outcome != "suspended" || v.Verified || !strings.HasPrefix(v.Summary, "Suspended on ") || strings.Contains(v.Summary, "under review") {
		t.Errorf("verify suspended = %+v", v)
	}
	clock.Add(800 * 24 * 3600) // past Project Trainer's validFor of 730d
	v = postVerify(t, a, "text/plain", jwt)
	if v.Outcome != "expired" || v.Verified || !strings.HasPrefix(v.Summary, "Expired on ") {
		t.Errorf("verify after validUntil = %+v", v)
	}
	_, page := postForm(t, a, "application/x-www-form-urlencoded", strings.NewReader(url.Values{"input": {string(jwt)}}.Encode()))
	if !strings.Contains(page, "verdict-warn") || !strings.Contains(page, `<span class="answer">Expired on <time`) {
		t.Errorf("verify page (expired):\n%s", verdictSection(page))
	}
}

// TestRecipientCheck: the verify page answers "is this theirs?" against the
// salted hash, without the address being kept.
func TestRecipientCheck(t *testing.T) {
	a := startApp(t)
	id, _, _ := issueOne(t, a, "ana")
	link := a.base + "/credentials/" + id
	_, page := getHTML(t, a, "/verify?url="+url.QueryEscape(link))
	if !strings.Contains(page, `<label for="email">Enter the email address you were given</label>`) {
		t.Fatalf("verify page has no recipient check:\n%s", page)
	}
	for email, want := range map[string]string{
		"ana@example.org":   "The address matches the recipient of this credential.",
		" ANA@example.org ": "The address matches the recipient of this credential.",
		"bob@example.org":   "The address does not match the recipient of this credential.",
	} {
		code, page := postForm(t, a, "application/x-www-form-urlencoded", strings.NewReader(url.Values{"url": {link}, "email": {email}}.Encode()))
		if code != 200 || !strings.Contains(page, want) || strings.Contains(page, strings.TrimSpace(email)) {
			t.Errorf("recipient check %q = %d, want %q and the address not echoed", email, code, want)
		}
	}
}

// TestVerifyCLIFollowsHTTP is fault 8 of issue 7: `accolade verify
// badge.jwt` on the demo's own credential works on the machine running it,
// with a warning; --strict refuses, as the server always does.
func TestVerifyCLIFollowsHTTP(t *testing.T) {
	a := startApp(t)
	_, jwt, doc := issueOne(t, a, "ana")
	env := map[string]string{"ACCOLADE_DATA": a.dir} // held by the running server
	for name, body := range map[string][]byte{"badge.jwt": jwt, "badge.json": doc} {
		f := filepath.Join(t.TempDir(), name)
		writeFile(t, f, body)
		code, out, errOut := cli(t, env, "verify", f)
		if code != 0 || !strings.HasPrefix(out, "VALID (valid)") || !strings.Contains(out, "fetched over plain http: anyone on the network path could have changed it") {
			t.Errorf("verify %s = %d\n%s%s", name, code, out, errOut)
		}
		code, out, _ = cli(t, env, "verify", "--strict", f)
		if code != exitFailure || strings.HasPrefix(out, "VALID") {
			t.Errorf("verify --strict %s = %d\n%s", name, code, out)
		}
	}
}

// verdictSection returns the verdict part of a verify page.
func verdictSection(page string) string {
	i := strings.Index(page, `<section class="verdict`)
	j := strings.Index(page, `<form class="verify-form`)
	if i < 0 || j < i {
		return page
	}
	return page[i:j]
}
