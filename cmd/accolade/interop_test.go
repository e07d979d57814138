package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/accolade-badges/accolade/internal/spectest"
)

// TestInterop issues credentials with the real server in each
// configuration, fetches them and the key documents the way an outside
// verifier does (by following links), and verifies them with independent
// libraries (interop/check.mjs: jose, @digitalbazaar/vc, ajv,
// @digitalcredentials/verifier-core). Our own verifier is not involved.
func TestInterop(t *testing.T) {
	node, checker := interopTools(t)
	schema := filepath.Join(spectest.Dir(t), "schemas", "ob_v3p0_achievementcredential_schema.json")
	configs := []struct {
		name, idMode, alg string
		tls               bool
	}{
		{"did-web-RS256", "did:web", "RS256", true},
		{"did-web-EdDSA", "did:web", "EdDSA", true},
		{"did-web-ES256", "did:web", "ES256", true},
		{"url-http-RS256", "url", "RS256", false},
		{"url-https-RS256", "url", "RS256", true},
		{"url-https-EdDSA", "url", "EdDSA", true},
		// A did:key issuer on the configuration a newcomer gets (http):
		// its keys do not rotate, and no document names its key, so there
		// is no swapped-key run.
		{"did-key-http-EdDSA", "did:key", "EdDSA", false},
	}
	for _, c := range configs {
		t.Run(c.name, func(t *testing.T) {
			f := newFront(t, c.tls)
			dir := t.TempDir()
			env := map[string]string{"ACCOLADE_DATA": dir, "ACCOLADE_BASE_URL": f.base}
			if code, out, errOut := cli(t, env, "init", "--issuer-name", "Interop Community", "--issuer-id", c.idMode, "--alg", c.alg); code != 0 {
				t.Fatalf("init = %d\n%s%s", code, out, errOut)
			}
			// The server's clock starts renewalLead in the past, so that a
			// credential issued then is due for renewal now.
			var shift atomic.Int64
			shift.Store(int64(-renewalLead))
			a := startMain(t, dir, f.base, func(m *Main) {
				m.Now = func() time.Time { return time.Now().Add(time.Duration(shift.Load())) }
			})
			f.proxyTo(a.base)
			didKey := c.idMode == "did:key"
			creds := issueInteropSet(t, a, f, func() { shift.Store(0) }, !didKey)
			if didKey {
				checkDIDKeyIssuer(t, a, creds)
			}
			for i := range creds {
				creds[i].ExpectStatus = "valid"
			}
			lists := statusListJobs(t, f, creds)

			docs, problems := f.fetchLinks(t, append(creds, lists...))
			for _, p := range problems {
				t.Logf("fetching key documents: %s", p)
			}
			job := interopJob{Schema: schema, Documents: docs, Credentials: append(append(creds, tampered(t, creds[0])...), lists...)}
			job.Credentials = append(job.Credentials, carriedForms(t, f, creds[:2])...)
			job.Credentials = append(job.Credentials, tamperedAwardedDate(t, creds[len(creds)-1]))
			clrInteropSet(t, a)                                                      // interop_clr_test.go
			job.Credentials = append(job.Credentials, clrJobs(t, a, "ananya", 5)...) // five credentials and her hours
			runChecker(t, c.name, node, checker, f.caFile, job)
			if didKey {
				return
			}

			// The same credentials against documents that carry other keys,
			// also served so to verifier-core.
			swapped := swapKeys(t, docs)
			byPath := map[string][]byte{}
			for u, d := range swapped {
				if rest, ok := strings.CutPrefix(u, f.base); ok {
					byPath[rest] = d
				}
			}
			f.override(byPath)
			neg := interopJob{Schema: schema, Documents: swapped, Libraries: []string{"jose", "vc", "verifier-core"}}
			for _, c := range append(creds, lists...) {
				c.Name += " (swapped key)"
				c.Expect = "invalid"
				neg.Credentials = append(neg.Credentials, c)
			}
			runChecker(t, c.name+"/swapped-key", node, checker, f.caFile, neg)
			f.override(nil)
		})
	}
}

// interopTools finds node and the checker, or skips.
func interopTools(t *testing.T) (node, checker string) {
	t.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node not installed: the interoperability suite needs Node.js 20 and `npm ci --prefix interop` (CI has both)")
	}
	checker, _ = filepath.Abs(filepath.Join("..", "..", "interop", "check.mjs"))
	if _, err := os.Stat(filepath.Join(filepath.Dir(checker), "node_modules")); err != nil {
		t.Skip("interop/node_modules absent: run `npm ci --prefix interop` first (CI does)")
	}
	return node, checker
}

type interopJob struct {
	Schema      string                     `json:"schema"`
	Documents   map[string]json.RawMessage `json:"documents"`
	Libraries   []string                   `json:"libraries,omitempty"`
	Credentials []jobCredential            `json:"credentials"`
}

type jobCredential struct {
	Name          string          `json:"name"`
	JSON          json.RawMessage `json:"json,omitempty"`
	JWT           string          `json:"jwt,omitempty"`
	Expect        string          `json:"expect"`
	ExpectSchema  string          `json:"expectSchema,omitempty"`
	ExpectStatus  string          `json:"expectStatus,omitempty"`  // read the status lists
	ExpectSubject string          `json:"expectSubject,omitempty"` // the holder DID it must be bound to
	OpenBadge     *bool           `json:"openBadge,omitempty"`     // false: a status list credential
	Schema        string          `json:"schema,omitempty"`        // ajv with this schema instead of the job's
	PNG           string          `json:"png,omitempty"`           // a baked PNG, base64
	SVG           string          `json:"svg,omitempty"`           // a baked SVG
}

// statusListJobs follows the credentials' credentialStatus entries and
// returns each status list credential once, JSON and VC-JWT, for jose and
// @digitalbazaar/vc to verify (not an Open Badge: no schema, no
// verifier-core).
func statusListJobs(t *testing.T, f *front, creds []jobCredential) []jobCredential {
	t.Helper()
	notOB := false
	seen := map[string]bool{}
	var out []jobCredential
	for _, c := range creds {
		for _, link := range statusLinks(c.JSON) {
			if seen[link] {
				continue
			}
			seen[link] = true
			path, ok := strings.CutPrefix(link, f.base)
			if !ok {
				t.Fatalf("status list %s is not on %s", link, f.base)
			}
			out = append(out, jobCredential{Name: "status list " + path, Expect: "valid", OpenBadge: &notOB,
				JSON: fetchBody(t, f, path), JWT: strings.TrimSpace(string(fetchBody(t, f, path+".jwt")))})
		}
	}
	if len(out) == 0 {
		t.Fatalf("no credential names a status list")
	}
	return out
}

// statusLinks returns the statusListCredential of each credentialStatus
// entry of a JSON credential (one object or an array).
func statusLinks(credJSON []byte) []string {
	var doc struct{ CredentialStatus json.RawMessage }
	json.Unmarshal(credJSON, &doc)
	var all []struct{ StatusListCredential string }
	if json.Unmarshal(doc.CredentialStatus, &all) != nil {
		var one struct{ StatusListCredential string }
		json.Unmarshal(doc.CredentialStatus, &one)
		all = append(all, one)
	}
	var out []string
	for _, e := range all {
		if e.StatusListCredential != "" {
			out = append(out, e.StatusListCredential)
		}
	}
	return out
}

const interopBadgeYAML = `id: interop-trainer
name: Interop Trainer
description: Trains other volunteers.
achievementType: Certificate
validFor: 365d
criteria:
  narrative: Ran a workshop reviewed by a coordinator.
`

// renewalLead is how long before now the suite's credentials are issued:
// within interop-exchange's renewWithin of its validFor.
const renewalLead = 300 * 24 * time.Hour

const interopExchangeYAML = `id: interop-exchange
name: First Exchange
description: Taught in a confirmed skill exchange.
achievementType: Badge
validFor: 365d
renewWithin: 90d
criteria:
  narrative: Taught in one skill exchange that a learner confirmed.
  rule:
    exchanges:
      role: teacher
      confirmed: true
      count: 1
`

// issueInteropSet issues, over the admin API, credentials that exercise
// what verifiers read: validUntil, a subject DID, names in Arabic,
// Devanagari and Han script, evidence from an exchange, credentials signed
// before and after a key rotation, and, once catchUp has brought the
// server's clock to now, a renewal of the exchange's credential, with
// awardedDate.
func issueInteropSet(t *testing.T, a *app, f *front, catchUp func(), rotate bool) []jobCredential {
	t.Helper()
	for id, y := range map[string]string{"interop-trainer": interopBadgeYAML, "interop-exchange": interopExchangeYAML} {
		if code, _, body := a.do("PUT", "/api/v1/achievements/"+id, adminToken, "application/yaml", y); code >= 300 {
			t.Fatalf("PUT achievement %s = %d %s", id, code, body)
		}
	}
	members := map[string]string{
		"layla":  `{"name":"ليلى حداد","email":"layla@example.org","lang":"ar","did":"did:example:layla"}`,
		"ananya": `{"name":"अनन्या शर्मा","email":"ananya@example.org","lang":"hi"}`,
		"wei":    `{"name":"王伟","email":"wei@example.org","lang":"zh"}`,
	}
	for id, m := range members {
		if code, _, body := a.do("PUT", "/api/v1/members/"+id, adminToken, "application/json", m); code >= 300 {
			t.Fatalf("PUT member %s = %d %s", id, code, body)
		}
	}
	var ids []string
	issue := func(label, member string) {
		code, _, body := a.do("POST", "/api/v1/credentials", adminToken, "application/json", `{"achievement":"interop-trainer","member":"`+member+`"}`)
		var out struct{ ID string }
		mustJSON(t, body, &out)
		if code != http.StatusCreated {
			t.Fatalf("issue to %s = %d %s", member, code, body)
		}
		ids = append(ids, label+"|"+out.ID)
	}
	issue("old key: validUntil, DID, Arabic", "layla")
	code, _, body := a.do("POST", "/api/v1/exchanges", adminToken, "application/json", `{"id":"ex-1","kind":"workshop",
		"title":"Sewing","skills":["training"],"hours":2,"occurredAt":"2026-01-10T10:00:00Z",
		"teachers":["ananya"],"learners":["wei"],"confirmedBy":["wei"]}`)
	var ex struct{ Issued []struct{ ID, Member string } }
	mustJSON(t, body, &ex)
	if code >= 300 || len(ex.Issued) == 0 {
		t.Fatalf("POST exchange = %d %s, want an issued credential", code, body)
	}
	ids = append(ids, "old key: evidence, Devanagari|"+ex.Issued[0].ID)

	if rotate {
		if code, _, body := a.do("POST", "/api/v1/issuers/default/keys/rotate", adminToken, "application/json", ""); code >= 300 {
			t.Fatalf("rotate = %d %s", code, body)
		}
		issue("new key: validUntil, Han", "wei")
	} else {
		issue("validUntil, Han", "wei")
	}

	catchUp()
	code, _, body = a.do("POST", "/api/v1/awards/evaluate", adminToken, "application/json", "")
	var ev struct{ Issued []struct{ ID, Renews string } }
	mustJSON(t, body, &ev)
	if code != http.StatusOK || len(ev.Issued) != 1 || ev.Issued[0].Renews != ex.Issued[0].ID {
		t.Fatalf("evaluate = %d %s, want a renewal of %s", code, body, ex.Issued[0].ID)
	}
	ids = append(ids, "renewal: awardedDate, evidence|"+ev.Issued[0].ID)

	var creds []jobCredential
	for _, nid := range ids {
		name, id, _ := strings.Cut(nid, "|")
		creds = append(creds, jobCredential{
			Name: name, Expect: "valid",
			JSON: fetchBody(t, f, "/credentials/"+id+".json"),
			JWT:  strings.TrimSpace(string(fetchBody(t, f, "/credentials/"+id+".jwt"))),
		})
	}
	return creds
}

func fetchBody(t *testing.T, f *front, path string) []byte {
	t.Helper()
	resp, err := f.client.Get(f.base + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var b bytes.Buffer
	b.ReadFrom(resp.Body)
	if resp.StatusCode != 200 {
		t.Fatalf("GET %s = %d %s", path, resp.StatusCode, b.Bytes())
	}
	return b.Bytes()
}

// tampered returns negative controls made from c: its JSON with a changed
// name, and its JWT with the payload's name changed and re-encoded under the
// old signature. Both still match the schema.
func tampered(t *testing.T, c jobCredential) []jobCredential {
	t.Helper()
	var doc map[string]any
	mustJSON(t, c.JSON, &doc)
	doc["name"] = fmt.Sprint(doc["name"], " (changed)")
	j, _ := json.Marshal(doc)
	parts := strings.Split(c.JWT, ".")
	var payload map[string]any
	mustJSON(t, b64(t, parts[1]), &payload)
	payload["name"] = fmt.Sprint(payload["name"], " (changed)")
	p, _ := json.Marshal(payload)
	jwt := parts[0] + "." + base64.RawURLEncoding.EncodeToString(p) + "." + parts[2]
	return []jobCredential{
		{Name: "tampered JSON", JSON: j, Expect: "invalid"},
		{Name: "tampered JWT payload", JWT: jwt, Expect: "invalid"},
	}
}

// tamperedAwardedDate is a negative control for a renewal: its JSON with
// awardedDate a day earlier, which the proof must cover.
func tamperedAwardedDate(t *testing.T, c jobCredential) jobCredential {
	t.Helper()
	var doc map[string]any
	mustJSON(t, c.JSON, &doc)
	at, err := time.Parse(time.RFC3339, fmt.Sprint(doc["awardedDate"]))
	if err != nil {
		t.Fatalf("renewal %s has no awardedDate: %v", c.Name, err)
	}
	doc["awardedDate"] = at.Add(-24 * time.Hour).Format(time.RFC3339)
	j, _ := json.Marshal(doc)
	return jobCredential{Name: "tampered awardedDate", JSON: j, Expect: "invalid"}
}

type checkResult struct {
	Credential, Library, Form, Expect, Verdict string
	Errors                                     []string
	Log                                        []struct {
		Check string
		Valid *bool
		Error string
	}
	Agree bool
}

// runChecker runs interop/check.mjs on a job and reports every result that
// disagrees with what the job expects.
func runChecker(t *testing.T, config, node, checker, caFile string, job interopJob) {
	t.Helper()
	jobFile := filepath.Join(t.TempDir(), "job.json")
	b, _ := json.Marshal(job)
	writeFile(t, jobFile, b)
	const timeout = 5 * time.Minute
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := scriptCommand(ctx, []string{"NODE_EXTRA_CA_CERTS=" + caFile}, node, checker, jobFile)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	err := scriptError(ctx, cmd, timeout, cmd.Run())
	var out struct{ Results []checkResult }
	if jerr := json.Unmarshal(stdout.Bytes(), &out); jerr != nil {
		t.Fatalf("checker (%v): no JSON result: %v\n%s\n%s", err, jerr, stdout.Bytes(), stderr.Bytes())
	}
	t.Logf("checker: %d results in %v", len(out.Results), time.Since(start).Round(time.Millisecond))
	for _, r := range out.Results {
		line := fmt.Sprintf("%-28s %-34s %-11s want %-7s got %-7s %s", r.Credential, r.Library, r.Form, r.Expect, r.Verdict, r.summary())
		switch {
		case r.Agree:
			t.Logf("ok    %s", line)
		default:
			t.Errorf("FAIL  %s", line)
		}
	}
}

func (r checkResult) summary() string {
	var s []string
	s = append(s, r.Errors...)
	for _, l := range r.Log {
		if l.Valid == nil || !*l.Valid {
			s = append(s, strings.TrimSpace(fmt.Sprintf("%s not valid %s", l.Check, l.Error)))
		}
	}
	return strings.Join(s, " | ")
}
