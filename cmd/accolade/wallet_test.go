package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/accolade-badges/accolade/internal/spectest"
)

// TestWalletExchange collects a credential into a simulated Learner
// Credential Wallet (interop/wallet.mjs, Digital Bazaar's libraries) from
// the real server behind a TLS front, along each way LCW opens an exchange:
// its wallet API link (VC API exchange, Ed25519Signature2020 DIDAuth, as
// LCW signs), its older credential request link (a bare presentation
// POSTed to vc_request_url) and the interaction URL of the QR code (with a
// DataIntegrityProof eddsa-rdfc-2022 DIDAuth). Each collected credential
// must be bound to the wallet's DID and verify in the interop checker
// (@digitalbazaar/vc with eddsa-rdfc-2022, and the official schema).
func TestWalletExchange(t *testing.T) {
	node, checker := interopTools(t)
	wallet := filepath.Join(filepath.Dir(checker), "wallet.mjs")
	schema := filepath.Join(spectest.Dir(t), "schemas", "ob_v3p0_achievementcredential_schema.json")
	f := newFront(t, true)
	dir := t.TempDir()
	env := map[string]string{"ACCOLADE_DATA": dir, "ACCOLADE_BASE_URL": f.base}
	if code, out, errOut := cli(t, env, "init", "--issuer-name", "Wallet Community", "--issuer-id", "did:web"); code != 0 {
		t.Fatalf("init = %d\n%s%s", code, out, errOut)
	}
	a := startMain(t, dir, f.base, func(*Main) {})
	f.proxyTo(a.base)
	if code, _, body := a.do("PUT", "/api/v1/achievements/interop-trainer", adminToken, "application/yaml", interopBadgeYAML); code >= 300 {
		t.Fatalf("PUT achievement = %d %s", code, body)
	}
	if code, _, body := a.do("PUT", "/api/v1/members/layla", adminToken, "application/json", `{"name":"ليلى حداد","email":"layla@example.org","lang":"ar"}`); code >= 300 {
		t.Fatalf("PUT member = %d %s", code, body)
	}
	code, _, body := a.do("POST", "/api/v1/credentials", adminToken, "application/json", `{"achievement":"interop-trainer","member":"layla"}`)
	var issued struct{ ID string }
	mustJSON(t, body, &issued)
	if code != http.StatusCreated {
		t.Fatalf("issue = %d %s", code, body)
	}
	current := issued.ID
	var creds []jobCredential
	for _, flow := range []struct{ name, link, suite string }{
		{"lcw.app/request (VC API), Ed25519Signature2020", "lcwRequest", "Ed25519Signature2020"},
		{"lcw.app/request.html (direct), Ed25519Signature2020", "lcwLegacy", "Ed25519Signature2020"},
		{"interaction URL (VC API), eddsa-rdfc-2022", "interaction", "eddsa-rdfc-2022"},
	} {
		code, _, body := a.do("POST", "/workflows/claim/exchanges", adminToken, "application/json", `{"variables":{"credentialId":"`+current+`"}}`)
		var links map[string]string
		mustJSON(t, body, &links)
		if code != http.StatusCreated || links[flow.link] == "" {
			t.Fatalf("%s: create exchange = %d %s", flow.name, code, body)
		}
		got := runWallet(t, node, wallet, f.caFile, links[flow.link], flow.suite)
		t.Logf("%s: %d steps, holder %s", flow.name, len(got.Steps), got.DID)
		if got.Error != "" {
			t.Fatalf("%s: the wallet failed: %s (steps %v)", flow.name, got.Error, got.Steps)
		}
		var c struct {
			ID                string `json:"id"`
			CredentialSubject struct {
				ID string `json:"id"`
			} `json:"credentialSubject"`
		}
		mustJSON(t, got.Credential, &c)
		if c.CredentialSubject.ID != got.DID {
			t.Errorf("%s: credentialSubject.id = %q, want the wallet's DID %q", flow.name, c.CredentialSubject.ID, got.DID)
		}
		if c.ID == "urn:uuid:"+current || len(c.ID) != len("urn:uuid:")+36 {
			t.Fatalf("%s: collected credential id %q, want a new copy of %s", flow.name, c.ID, current)
		}
		current = c.ID[len("urn:uuid:"):]
		creds = append(creds, jobCredential{Name: flow.name, Expect: "valid", JSON: got.Credential})
	}
	docs, problems := f.fetchLinks(t, creds)
	for _, p := range problems {
		t.Logf("fetching key documents: %s", p)
	}
	runChecker(t, "wallet", node, checker, f.caFile, interopJob{Schema: schema, Documents: docs, Libraries: []string{"vc", "ajv"}, Credentials: creds})
}

// walletResult is what interop/wallet.mjs prints.
type walletResult struct {
	DID        string           `json:"did"`
	Credential json.RawMessage  `json:"credential"`
	Error      string           `json:"error"`
	Steps      []map[string]any `json:"steps"`
}

// runWallet runs the wallet simulator on one link.
func runWallet(t *testing.T, node, wallet, caFile, link, suite string) walletResult {
	t.Helper()
	job := filepath.Join(t.TempDir(), "wallet.json")
	b, _ := json.Marshal(map[string]string{"link": link, "suite": suite})
	if err := os.WriteFile(job, b, 0o600); err != nil {
		t.Fatal(err)
	}
	const timeout = time.Minute
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := scriptCommand(ctx, []string{"NODE_EXTRA_CA_CERTS=" + caFile}, node, wallet, job)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := scriptError(ctx, cmd, timeout, cmd.Run())
	var out walletResult
	if jerr := json.Unmarshal(stdout.Bytes(), &out); jerr != nil {
		t.Fatalf("wallet.mjs (%v): no JSON result: %v\n%s\n%s", err, jerr, stdout.Bytes(), stderr.Bytes())
	}
	if err != nil && out.Error == "" {
		t.Fatalf("wallet.mjs: %v\n%s", err, stderr.Bytes())
	}
	return out
}
