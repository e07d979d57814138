package main

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"

	"github.com/accolade-badges/accolade/internal/testutil"
	"github.com/accolade-badges/accolade/keys"
)

// browserCase is one page for webtest/pages.mjs (see its header): opened at
// 1366 and 390 px, checked for reflow, labels, lang and axe-core rules, and
// screenshotted as <Name>-<width>.png.
type browserCase struct {
	Name   string            `json:"name"`
	Path   string            `json:"path"`
	Status int               `json:"status,omitempty"`
	Text   []string          `json:"text,omitempty"`
	Fill   map[string]string `json:"fill,omitempty"`
	Submit string            `json:"submit,omitempty"`
	// ColorScheme is "light" (the default) or "dark".
	ColorScheme string `json:"colorScheme,omitempty"`
	// Downloads are the extensions of the page's download links, in order:
	// each is clicked and must save a non-empty file.
	Downloads []string `json:"downloads,omitempty"`
	// LinkedIn are query parameters the "Add to LinkedIn profile" link
	// must carry ("": must not).
	LinkedIn map[string]string `json:"linkedIn,omitempty"`
	// Burst sends requests before the page opens (to reach the rate limit).
	Burst *browserBurst `json:"burst,omitempty"`
	// Upload chooses a file in a file input, then submits; Chosen is text
	// the page must show once it is chosen.
	Upload *browserUpload `json:"upload,omitempty"`
	Chosen string         `json:"chosen,omitempty"`
}

type browserUpload struct {
	Selector string `json:"selector"`
	Path     string `json:"path"`
}

// uploaded is a case that chooses the file at path (skipped when path is
// empty) in the verify form and submits it.
func uploaded(name, path, file string, want ...string) browserCase {
	return browserCase{Name: name, Path: "/verify", Upload: &browserUpload{Selector: "#file", Path: path},
		Chosen: "Chosen: " + file, Submit: "form.verify-form button[type=submit]", Text: want}
}

// uploadFiles writes files to a temporary directory and returns their
// paths by name.
func uploadFiles(t *testing.T, files map[string][]byte) map[string]string {
	t.Helper()
	dir, paths := t.TempDir(), map[string]string{}
	for name, b := range files {
		paths[name] = filepath.Join(dir, name)
		writeFile(t, paths[name], b)
	}
	return paths
}

type browserBurst struct {
	Method string `json:"method"`
	Path   string `json:"path"`
	Body   string `json:"body"`
	Times  int    `json:"times"`
	Until  int    `json:"until,omitempty"` // stop at the first answer with this status
}

// pasted is a case that pastes text into the verify form and submits it.
func pasted(name, text string, want ...string) browserCase {
	return browserCase{Name: name, Path: "/verify", Fill: map[string]string{"#input": text}, Submit: "form.verify-form button[type=submit]", Text: want}
}

// dark is c in the dark colour scheme.
func dark(c browserCase) browserCase {
	c.ColorScheme = "dark"
	return c
}

// TestBrowser runs the demo server's public pages through headless
// Chromium (webtest/pages.mjs). Screenshots go to $ACCOLADE_SCREENSHOTS, or
// a temporary directory. Add a verify-page case to the table below.
func TestBrowser(t *testing.T) {
	node, chromium, script := browserTools(t)
	// One verification a minute after the first 30: the rate-limited case
	// stays limited however slowly the machine runs.
	a := startAppWith(t, func(m *Main) { m.VerifyPerSecond = 1.0 / 60 }, "--demo")
	creds := demoCredentials(t, a)
	first := creds["kwame"]
	jwt := credentialJWT(t, a, first)

	cases := publicPageCases(t, a, creds)
	cases = append(cases, []browserCase{
		{Name: "verify-empty", Path: "/verify", Text: []string{"Verify a credential"}},
		{Name: "signin", Path: "/signin", Text: []string{"Email me a sign-in link"}},
		{Name: "signin-sent", Path: "/signin", Fill: map[string]string{"#email": "olga@example.org"}, Submit: "form.signin-form button[type=submit]",
			Text: []string{"If olga@example.org belongs to a member, a sign-in link is on its way."}},
		{Name: "demo-mail", Path: "/demo/mail", Text: []string{"Demo mailbox", "Your sign-in link for"}},
		{Name: "verify-link-valid", Path: "/verify?url=" + url.QueryEscape(a.base+"/credentials/"+first), Text: []string{"Valid — issued by"}},
		pasted("verify-pasted-tampered", testutil.Tamper(jwt), "Not valid"),
		pasted("verify-pasted-unknown-didkey", foreignJWT(t), "Community Helper"),
		dark(pasted("verify-pasted-tampered-dark", testutil.Tamper(jwt), "Not valid")),
		// The verdict table: one case per outcome the page colours.
		{Name: "verify-link-arabic", Path: "/verify?url=" + url.QueryEscape(a.base+"/credentials/"+creds["layla"]),
			Text: []string{"Valid — issued by", "ليلى حداد", "Is this credential theirs?"}},
		pasted("verify-impostor", impostorJWT(t, "Riverside Skill Exchange"), "Signed correctly, but by an issuer this service does not know",
			"Beware: “Riverside Skill Exchange” is the name of an issuer on this service", "Says it is from"),
		pasted("verify-forged-valid-until", forgedJSON(t, a, first), "Not valid", "contents cannot be trusted"),
		pasted("verify-unreadable", "hello, this is not a credential", "Not a credential we can read"),
		pasted("verify-cannot-check", unreachableIssuerJSON(t, a, first), "Cannot check"),
		{Name: "verify-revoked", Path: "/verify?url=" + url.QueryEscape(a.base+"/credentials/"+revoked(t, a)),
			Text: []string{"Revoked on "}},
		{Name: "verify-recipient-matches", Path: "/verify?url=" + url.QueryEscape(a.base+"/credentials/"+first),
			Fill: map[string]string{"#email": "kwame@example.org"}, Submit: "form.recipient-form button[type=submit]",
			Text: []string{"The address matches the recipient of this credential."}},
		{Name: "not-found", Path: "/no/such/page/" + strings.Repeat("did:key:z6Mk", 6), Status: 404, Text: []string{"Page not found", "There is no page at /no/such/page/did:key:z6Mk"}},
		// Last: it uses up this address's verification limit.
		{Name: "rate-limited", Path: "/verify?url=" + url.QueryEscape(a.base+"/credentials/"+first), Status: 429,
			Text:  []string{"Too many verifications from your network; try again in "},
			Burst: &browserBurst{Method: "POST", Path: "/api/v1/verify", Body: "not a credential", Times: 300, Until: 429}},
	}...)
	runPages(t, node, chromium, script, a.base, cases)

	// Verify page uploads (issue 11): a file chosen in the form, in every
	// form a partner is handed a credential, on a server of their own so
	// that the rate-limited case above keeps its budget. Keep this block
	// together.
	u := startAppWith(t, func(m *Main) {}, "--demo")
	files := uploadFiles(t, certificateFiles(t, u, demoCredentials(t, u)["layla"]))
	uploads := []browserCase{
		uploaded("verify-upload-png", files["badge-served.png"], "badge-served.png", "Valid — issued by", "ليلى حداد"),
		uploaded("verify-upload-png-tampered", files["badge-tampered.png"], "badge-tampered.png", "Not valid — the content was changed after signing"),
		uploaded("verify-upload-pdf", files["certificate-served.pdf"], "certificate-served.pdf", "Valid — issued by", "JSON embedded in a PDF"),
		uploaded("verify-upload-pdfattach", files["certificate.pdf"], "certificate.pdf", "Valid — issued by", "JSON embedded in a PDF"),
		uploaded("verify-upload-photo", files["certificate-photo.jpg"], "certificate-photo.jpg", "Valid — issued by", "found through the QR code in a JPEG image"),
	}
	uploads = slices.DeleteFunc(uploads, func(c browserCase) bool { return c.Upload.Path == "" })
	runPages(t, node, chromium, script, u.base, uploads)
	// End of the verify page uploads.
}

// publicPageCases are the public pages people share: home, credential
// pages in Latin, Arabic, Han and Hebrew names (both widths: 1366 and 390
// px), a revoked credential, an issuer and an achievement. The links of a
// credential page are checked in TestPagesCredentialLinks.
func publicPageCases(t *testing.T, a *app, creds map[string]string) []browserCase {
	t.Helper()
	cases := []browserCase{
		{Name: "home", Path: "/", Text: []string{"Riverside Skill Exchange", "Recently awarded", "Verify a credential", "Kwame Mensah", "Powered by Accolade"}},
		{Name: "credential", Path: "/credentials/" + creds["kwame"], Text: []string{"Kwame Mensah", "Valid", "Add to LinkedIn profile", "Copy link", "Credential (JSON)"},
			Downloads: []string{"pdf", "png", "svg", "json", "jwt"}, LinkedIn: linkedInWant(t, a, creds["kwame"])},
		{Name: "credential-arabic", Path: "/credentials/" + creds["layla"], Text: []string{"ليلى حداد", "Add to LinkedIn profile"}},
		{Name: "credential-han", Path: "/credentials/" + creds["xiaoming"], Text: []string{"王小明"}},
		{Name: "credential-revoked", Path: "/credentials/" + revokedOther(t, a, "ana", creds["ana"]), Text: []string{"Revoked", "Revoked on", "Verify this credential"}},
		{Name: "issuer", Path: "/issuers/default", Text: []string{"Riverside Skill Exchange", "For developers", "How to check a credential"}},
		{Name: "achievement", Path: "/achievements/project-trainer", Text: []string{"Project Trainer", "Valid for", "Holders"}},
		dark(browserCase{Name: "credential-dark", Path: "/credentials/" + creds["kwame"], Text: []string{"Kwame Mensah"}}),
	}
	if noa, ok := creds["noa"]; ok {
		cases = append(cases, browserCase{Name: "credential-hebrew", Path: "/credentials/" + noa, Text: []string{"נועה לוי"}})
	}
	return cases
}

// linkedInWant is what the "Add to LinkedIn profile" link of credential id
// must say, from the signed credential: the demo issuer has no LinkedIn
// organisation id, so the organisation goes by name.
func linkedInWant(t *testing.T, a *app, id string) map[string]string {
	t.Helper()
	_, _, doc := a.do("GET", "/credentials/"+id+".json", "", "", "")
	var c struct {
		Issuer                struct{ Name string }
		ValidFrom, ValidUntil time.Time
		CredentialSubject     struct{ Achievement struct{ Name string } }
	}
	mustJSON(t, doc, &c)
	want := map[string]string{
		"startTask": "CERTIFICATION_NAME", "name": c.CredentialSubject.Achievement.Name,
		"organizationName": c.Issuer.Name, "organizationId": "",
		"issueYear": strconv.Itoa(c.ValidFrom.UTC().Year()), "issueMonth": strconv.Itoa(int(c.ValidFrom.UTC().Month())),
		"certUrl": a.base + "/credentials/" + id, "certId": id,
	}
	if !c.ValidUntil.IsZero() {
		want["expirationYear"] = strconv.Itoa(c.ValidUntil.UTC().Year())
		want["expirationMonth"] = strconv.Itoa(int(c.ValidUntil.UTC().Month()))
	} else {
		want["expirationYear"], want["expirationMonth"] = "", ""
	}
	return want
}

// revokedOther revokes a credential of member other than keep, one no
// other case uses, and returns its id.
func revokedOther(t *testing.T, a *app, member, keep string) string {
	t.Helper()
	_, _, body := a.do("GET", "/api/v1/credentials?member="+member, adminToken, "", "")
	var list struct {
		Credentials []struct{ ID, Achievement string }
	}
	mustJSON(t, body, &list)
	for _, c := range list.Credentials {
		if c.ID == keep || c.Achievement == "project-trainer" { // the achievement case lists its holders
			continue
		}
		if code, _, body := a.do("POST", "/api/v1/credentials/"+c.ID+"/revoke", adminToken, "application/json", `{"reason":"private"}`); code != 200 {
			t.Fatalf("revoke = %d %s", code, body)
		}
		return c.ID
	}
	t.Fatalf("demo member %s has one credential only", member)
	return ""
}

// forgedJSON is a demo credential's JSON with validUntil moved to 2099.
func forgedJSON(t *testing.T, a *app, id string) string {
	t.Helper()
	_, _, doc := a.do("GET", "/credentials/"+id+".json", "", "", "")
	var m map[string]any
	mustJSON(t, doc, &m)
	m["validUntil"] = "2099-11-30T00:00:00Z"
	b, _ := json.Marshal(m)
	return string(b)
}

// unreachableIssuerJSON is a demo credential whose issuer and proof name a
// did:web that cannot be resolved.
func unreachableIssuerJSON(t *testing.T, a *app, id string) string {
	t.Helper()
	_, _, doc := a.do("GET", "/credentials/"+id+".json", "", "", "")
	var m map[string]any
	mustJSON(t, doc, &m)
	m["issuer"].(map[string]any)["id"] = "did:web:issuer.invalid"
	m["proof"].([]any)[0].(map[string]any)["verificationMethod"] = "did:web:issuer.invalid#key-1"
	b, _ := json.Marshal(m)
	return string(b)
}

// revoked revokes a credential of a demo member no other case shows, not a
// Project Trainer one (the achievement case lists its holders), and
// returns its id. The choice is the same on every run.
func revoked(t *testing.T, a *app) string {
	t.Helper()
	_, _, body := a.do("GET", "/api/v1/credentials", adminToken, "", "")
	var list struct {
		Credentials []struct{ ID, Member, Achievement string }
	}
	mustJSON(t, body, &list)
	sort.Slice(list.Credentials, func(i, j int) bool { return list.Credentials[i].ID < list.Credentials[j].ID })
	for _, c := range list.Credentials {
		switch {
		case c.Member == "kwame", c.Member == "layla", c.Member == "xiaoming", c.Member == "noa", c.Member == "ana", c.Achievement == "project-trainer":
			continue
		}
		if code, _, body := a.do("POST", "/api/v1/credentials/"+c.ID+"/revoke", adminToken, "application/json", `{"reason":"test"}`); code != 200 {
			t.Fatalf("revoke = %d %s", code, body)
		}
		return c.ID
	}
	t.Fatal("the demo has no credential to revoke")
	return ""
}

// startAppWith is startApp with a change to Main before it runs.
func startAppWith(t *testing.T, change func(*Main), extraArgs ...string) *app {
	t.Helper()
	return startMain(t, t.TempDir(), "", change, extraArgs...)
}

// browserTools finds node, Chromium and the harness, or skips the test.
func browserTools(t *testing.T) (node, chromium, script string) {
	t.Helper()
	chromium = "/usr/bin/chromium"
	if c := os.Getenv("CHROMIUM"); c != "" {
		chromium = c
	}
	if _, err := os.Stat(chromium); err != nil {
		t.Skipf("skipping the browser test: no Chromium at %s (apt-get install chromium)", chromium)
	}
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("skipping the browser test: node is not installed (apt-get install nodejs npm)")
	}
	dir, _ := filepath.Abs(filepath.Join("..", "..", "webtest"))
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "playwright-core")); err != nil {
		t.Skipf("skipping the browser test: %s/node_modules is missing (npm ci --prefix webtest)", dir)
	}
	return node, chromium, filepath.Join(dir, "pages.mjs")
}

func runPages(t *testing.T, node, chromium, script, base string, cases []browserCase) {
	t.Helper()
	out := os.Getenv("ACCOLADE_SCREENSHOTS")
	if out == "" {
		out = t.TempDir()
	}
	spec := filepath.Join(t.TempDir(), "cases.json")
	b, _ := json.MarshalIndent(cases, "", "  ")
	writeFile(t, spec, b)
	// 22 pages at two widths take about 60 s on an idle 2-core machine and
	// over 90 s beside the rest of `make test -race`; 5 minutes leaves room,
	// and a hung browser still ends.
	res, err := runScript(5*time.Minute, []string{"CHROMIUM=" + chromium}, node, script, "--base", base, "--out", out, spec)
	for _, line := range strings.Split(strings.TrimSpace(string(res)), "\n") {
		if strings.HasPrefix(line, "FAIL") || strings.HasPrefix(line, "pages.mjs:") {
			t.Error(line)
		} else {
			t.Log(line)
		}
	}
	if err != nil && !t.Failed() {
		t.Errorf("pages.mjs: %v\n%s", err, res)
	}
	t.Logf("screenshots in %s", out)
}

// demoCredentials maps each demo member to the id of one of their
// credentials.
func demoCredentials(t *testing.T, a *app) map[string]string {
	t.Helper()
	code, _, body := a.do("GET", "/api/v1/credentials", adminToken, "", "")
	if code != 200 {
		t.Fatalf("GET /api/v1/credentials = %d %s", code, body)
	}
	var list struct {
		Credentials []struct{ ID, Member string }
	}
	mustJSON(t, body, &list)
	out := map[string]string{}
	for _, c := range list.Credentials {
		if _, ok := out[c.Member]; !ok {
			out[c.Member] = c.ID
		}
	}
	for _, m := range []string{"kwame", "layla", "xiaoming"} {
		if out[m] == "" {
			t.Fatalf("the demo issued %s no credential: %s", m, body)
		}
	}
	return out
}

func credentialJWT(t *testing.T, a *app, id string) string {
	t.Helper()
	code, _, jwt := a.do("GET", "/credentials/"+id+".jwt", "", "", "")
	if code != 200 {
		t.Fatalf("GET .jwt = %d", code)
	}
	return string(jwt)
}

// foreignJWT is a VC-JWT from an issuer this service does not know,
// identified by a fresh did:key.
func foreignJWT(t *testing.T) string {
	t.Helper()
	pub, priv, _ := ed25519.GenerateKey(rand.Reader)
	did, err := keys.DIDKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now().UTC().Truncate(time.Second)
	cred := map[string]any{
		"@context":  []string{"https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"},
		"id":        "urn:uuid:5b0f4c3e-8d53-4a59-9f0e-0d6f3a2b1c9d",
		"type":      []string{"VerifiableCredential", "OpenBadgeCredential"},
		"issuer":    map[string]any{"id": did, "type": []string{"Profile"}, "name": "Riverside Repair Café"},
		"validFrom": now.Format(time.RFC3339),
		"name":      "Community Helper",
		"credentialSubject": map[string]any{
			"type": []string{"AchievementSubject"},
			"achievement": map[string]any{
				"id": "https://repair.example/achievements/helper", "type": []string{"Achievement"},
				"name": "Community Helper", "description": "Helped at ten repair cafés.",
				"criteria": map[string]any{"narrative": "Helped at ten repair cafés."},
			},
		},
	}
	claims := map[string]any{"iss": did, "jti": cred["id"], "nbf": now.Unix()}
	for k, v := range cred {
		claims[k] = v
	}
	payload, _ := json.Marshal(claims)
	opts := (&jose.SignerOptions{}).WithType("JWT").WithHeader("kid", did+"#"+strings.TrimPrefix(did, "did:key:"))
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.EdDSA, Key: priv}, opts)
	if err != nil {
		t.Fatal(err)
	}
	jws, err := signer.Sign(payload)
	if err != nil {
		t.Fatal(err)
	}
	s, err := jws.CompactSerialize()
	if err != nil {
		t.Fatal(err)
	}
	return s
}
