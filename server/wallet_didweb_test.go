package server

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/accolade-badges/accolade/dataintegrity"
	"github.com/accolade-badges/accolade/verifier"
)

const walletDomain = "https://badges.example.org"

// didWebHolder is a wallet whose DID is a did:web served by a TLS test
// server on loopback: the key signs, doc (set by the test) is what the
// server answers at /.well-known/did.json.
type didWebHolder struct {
	walletKey
	srv  *httptest.Server
	hits atomic.Int64 // requests the DID server answered

	mu  sync.Mutex
	doc []byte
}

// newDIDWebHolder starts the holder's DID server on 127.0.0.1 (host
// "127.0.0.1" or "localhost" in the DID) with an Ed25519 key
// <did>#key-1, and serves the document doc builds from the DID and the
// key's multibase.
func newDIDWebHolder(t *testing.T, host string, doc func(did, multibase string) map[string]any) *didWebHolder {
	t.Helper()
	h := &didWebHolder{}
	h.srv = httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.hits.Add(1)
		h.mu.Lock()
		body := h.doc
		h.mu.Unlock()
		if r.URL.Path != "/.well-known/did.json" || body == nil {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/did+json")
		w.Write(body)
	}))
	t.Cleanup(h.srv.Close)
	port := h.srv.Listener.Addr().String()[strings.LastIndex(h.srv.Listener.Addr().String(), ":")+1:]
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	mustOK(t, err)
	did := "did:web:" + host + "%3A" + port
	h.walletKey = walletKey{did: did, vm: did + "#key-1", priv: priv}
	b, err := json.Marshal(doc(did, dataintegrity.EncodeMultikey(pub)))
	mustOK(t, err)
	h.doc = b
	return h
}

// trustHolder gives ts a verifier whose HTTP client is the holder server's
// own (it trusts the test certificate and connects to loopback): the
// verifier package's test hook, Config.HTTPClient. Without it the server
// keeps its safe default client.
func trustHolder(t *testing.T, ts *testServer, h *didWebHolder) {
	t.Helper()
	v, err := verifier.New(verifier.Config{Local: local{ts.s}, BaseURL: walletDomain, Now: ts.s.now, HTTPClient: h.srv.Client()})
	mustOK(t, err)
	ts.s.verifier = v
}

// didDoc is a DID document with one verification method: id, of type typ
// with publicKeyMultibase mb, listed by id under each of purposes.
func didDoc(did, id, typ, mb string, purposes ...string) map[string]any {
	ctx := "https://w3id.org/security/multikey/v1"
	if typ == "Ed25519VerificationKey2020" {
		ctx = "https://w3id.org/security/suites/ed25519-2020/v1"
	}
	doc := map[string]any{
		"@context": []any{"https://www.w3.org/ns/did/v1", ctx}, "id": did,
		"verificationMethod": []any{map[string]any{"id": id, "type": typ, "controller": did, "publicKeyMultibase": mb}},
	}
	for _, p := range purposes {
		doc[p] = []any{id}
	}
	return doc
}

// TestWalletExchangeDIDWeb: a wallet whose DID is a did:web (its document
// served over TLS by the test) collects the credential with a DIDAuth
// signed by its Ed25519 key, as a Multikey or an Ed25519VerificationKey2020
// method listed under authentication, and the credential is bound to the
// did:web.
func TestWalletExchangeDIDWeb(t *testing.T) {
	for _, typ := range []string{"Multikey", "Ed25519VerificationKey2020"} {
		t.Run(typ, func(t *testing.T) {
			ts, _ := newSignInServer(t, walletDomain)
			h := newDIDWebHolder(t, "127.0.0.1", func(did, mb string) map[string]any {
				return didDoc(did, did+"#key-1", typ, mb, "authentication", "assertionMethod")
			})
			trustHolder(t, ts, h)
			ex := startWalletExchange(t, ts, ts.rec.ID)
			before := credentialCount(t, ts)
			vp := didAuth(t, h.walletKey, h.did, "authentication", challengeOf(t, ts, ex), walletDomain)
			rec := ts.serve(t, "POST", exchangePath(t, ex.Exchange), "application/json", "", `{"verifiablePresentation":`+vp+`}`)
			var out struct {
				VP struct {
					VCs []json.RawMessage `json:"verifiableCredential"`
				} `json:"verifiablePresentation"`
			}
			if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil || rec.Code != http.StatusOK || len(out.VP.VCs) != 1 {
				t.Fatalf("POST the did:web presentation = %d %s", rec.Code, rec.Body)
			}
			if got := subjectID(t, out.VP.VCs[0]); got != h.did {
				t.Errorf("credentialSubject.id = %q, want the wallet's did:web %q", got, h.did)
			}
			if got := credentialCount(t, ts); got != before+1 {
				t.Errorf("credentials: %d after the exchange, want %d", got, before+1)
			}
			old, err := ts.db.Credential(ts.rec.ID)
			mustOK(t, err)
			if bound, err := ts.db.Credential(old.SupersededBy); err != nil || bound.Holder != h.did {
				t.Errorf("the copy: %+v, %v; want it bound to %s", bound, err, h.did)
			}
		})
	}
}

// TestWalletExchangeDIDWebRefusals: a did:web whose document does not
// authorise the signing key is refused, and so is one on an internal
// address when the server has its safe client (no test hook), before any
// connection; nothing is issued, and the refusal names the key but not
// what the server found on its network (a resolved address, a dial or TLS
// error).
func TestWalletExchangeDIDWebRefusals(t *testing.T) {
	other, _, _ := ed25519.GenerateKey(rand.Reader)
	otherMB := dataintegrity.EncodeMultikey(other)
	for _, tc := range []struct {
		name, host string
		doc        func(did, mb string) map[string]any
		trusted    bool     // the server's verifier may reach the test server
		want       string   // in the problem's detail or field
		notSaid    []string // never in the problem
	}{
		{"signing key not in the document", "127.0.0.1", func(did, _ string) map[string]any {
			return didDoc(did, did+"#key-2", "Multikey", otherMB, "authentication")
		}, true, "does not list the key", nil},
		{"another key under the signing key's id", "127.0.0.1", func(did, _ string) map[string]any {
			return didDoc(did, did+"#key-1", "Multikey", otherMB, "authentication")
		}, true, "the signature does not match", nil},
		{"key not listed for authentication", "127.0.0.1", func(did, mb string) map[string]any {
			return didDoc(did, did+"#key-1", "Multikey", mb, "assertionMethod")
		}, true, "authentication", nil},
		{"internal address, no test hook", "127.0.0.1", func(did, mb string) map[string]any {
			return didDoc(did, did+"#key-1", "Multikey", mb, "authentication")
		}, false, "cannot be used", []string{"dial", "tcp", "connect", "x509", "certificate"}},
		{"name of an internal address, no test hook", "localhost", func(did, mb string) map[string]any {
			return didDoc(did, did+"#key-1", "Multikey", mb, "authentication")
		}, false, "cannot be used", []string{"127.0.0.1", "::1", "dial", "tcp", "connect", "x509", "certificate"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ts, _ := newSignInServer(t, walletDomain)
			h := newDIDWebHolder(t, tc.host, tc.doc)
			if tc.trusted {
				trustHolder(t, ts, h)
			}
			ex := startWalletExchange(t, ts, ts.rec.ID)
			before := credentialCount(t, ts)
			vp := didAuth(t, h.walletKey, h.did, "authentication", challengeOf(t, ts, ex), walletDomain)
			rec := ts.serve(t, "POST", exchangePath(t, ex.Exchange), "application/json", "", `{"verifiablePresentation":`+vp+`}`)
			p := wantProblem(t, tc.name, rec, http.StatusBadRequest)
			t.Logf("%d %s: %s", rec.Code, p.Field, p.Detail)
			if said := p.Detail + " " + p.Field; !strings.Contains(said, tc.want) {
				t.Errorf("problem = %+v, want it to say %q", p, tc.want)
			}
			for _, s := range tc.notSaid {
				if strings.Contains(rec.Body.String(), s) {
					t.Errorf("problem %s reveals %q", rec.Body, s)
				}
			}
			if got := credentialCount(t, ts); got != before {
				t.Errorf("credentials: %d after the refusal, want %d", got, before)
			}
			if n := h.hits.Load(); !tc.trusted && n != 0 {
				t.Errorf("the internal DID server was asked %d times, want never", n)
			}
			if old, _ := ts.db.Credential(ts.rec.ID); old.SupersededBy != "" {
				t.Errorf("the credential was replaced by %s", old.SupersededBy)
			}
		})
	}
}
