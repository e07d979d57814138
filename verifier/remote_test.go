package verifier_test

import (
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"

	"github.com/accolade-badges/accolade/keys"
	"github.com/accolade-badges/accolade/verifier"
)

// keyServer serves documents by path and counts requests.
type keyServer struct {
	docs map[string]string
	hits atomic.Int64
}

func (s *keyServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.hits.Add(1)
	doc, ok := s.docs[r.URL.Path]
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Write([]byte(doc))
}

func TestVerifyJWTWithRemoteJWKS(t *testing.T) {
	priv, _ := rsa.GenerateKey(rand.Reader, 2048)
	ks := &keyServer{docs: map[string]string{}}
	srv := httptest.NewServer(ks)
	defer srv.Close()
	jwks, _ := json.Marshal(jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{Key: &priv.PublicKey, KeyID: "k1", Algorithm: "RS256"}}})
	ks.docs["/jwks.json"] = string(jwks)
	single, _ := json.Marshal(jose.JSONWebKey{Key: &priv.PublicKey})
	ks.docs["/key.json"] = string(single)
	v, err := verifier.New(verifier.Config{BaseURL: baseURL, AllowPrivateNetworks: true, Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	sameOrigin := payload(credential(srv.URL+"/issuers/1", "Partner Museum"))
	elsewhere := payload(credential("https://elsewhere.example/issuers/1", "Elsewhere"))
	tests := []struct {
		name     string
		claims   map[string]any
		kid      string
		outcome  verifier.Outcome
		fragment string
	}{
		// Published at the issuer's own origin, but over plain http (the
		// test server): valid, with the warning.
		{"fragment kid", sameOrigin, srv.URL + "/jwks.json#k1", verifier.OutcomeValid, "Signed with the key " + srv.URL + "/jwks.json#k1, published at " + srv.URL + "/jwks.json. The key was fetched over plain http"},
		{"single JWK", sameOrigin, srv.URL + "/key.json", verifier.OutcomeValid, "published at " + srv.URL + "/key.json"},
		{"unknown kid", sameOrigin, srv.URL + "/jwks.json#k2", verifier.OutcomeInvalid, "has no key"},
		{"missing document", sameOrigin, srv.URL + "/nothing.json#k1", verifier.OutcomeUnverifiable, "404"},
		{"key of another origin", elsewhere, srv.URL + "/jwks.json#k1", verifier.OutcomeInvalid, "signed with a key controlled by " + srv.URL},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tok := sign(t, priv, jose.RS256, tt.claims, map[string]any{"kid": tt.kid})
			got := v.Verify(ctx, []byte(tok), "")
			wantVerdict(t, tt.name, got, tt.outcome, nil, map[string]string{"signature": tt.fragment})
		})
	}
	before := ks.hits.Load()
	tok := sign(t, priv, jose.RS256, sameOrigin, map[string]any{"kid": srv.URL + "/jwks.json#k1"})
	v.Verify(ctx, []byte(tok), "")
	if n := ks.hits.Load() - before; n != 0 {
		t.Errorf("verifying again fetched the JWKS %d times, want 0 (cached)", n)
	}
}

func TestVerifyJWTWithDIDKey(t *testing.T) {
	priv, did := didKey(t)
	vm := did + "#" + strings.TrimPrefix(did, "did:key:")
	tok := sign(t, priv, jose.EdDSA, payload(credential(did, "Self")), map[string]any{"kid": vm})
	got := newVerifier(t, nil, nil).Verify(ctx, []byte(tok), "")
	wantVerdict(t, "did:key kid", got, verifier.OutcomeUnconfirmedIssuer, map[string]verifier.Status{"issuer": verifier.Warn},
		map[string]string{"signature": "Signed correctly with the key " + vm, "issuer": "Signed correctly by " + did + ", which calls itself “Self”. Nothing confirms who that is."})
}

// didWebServer starts a TLS server for a did:web issuer whose DID document
// is built by doc from the issuer's DID; it returns the DID and a client
// that trusts the server.
func didWebServer(t *testing.T, doc func(did string) string) (string, *http.Client) {
	t.Helper()
	ks := &keyServer{docs: map[string]string{}}
	srv := httptest.NewTLSServer(ks)
	t.Cleanup(srv.Close)
	did := "did:web:" + strings.ReplaceAll(strings.TrimPrefix(srv.URL, "https://"), ":", "%3A")
	ks.docs["/.well-known/did.json"] = doc(did)
	return did, srv.Client()
}

func TestVerifyDIDWeb(t *testing.T) {
	rsPriv, _ := rsa.GenerateKey(rand.Reader, 2048)
	edPub, edPriv, _ := ed25519.GenerateKey(rand.Reader)
	rsPub := keys.PublicKey{ID: "rsa-1", Alg: keys.RS256, Key: &rsPriv.PublicKey}
	edKeyPub := keys.PublicKey{ID: "ed-1", Alg: keys.EdDSA, Key: edPub}
	good := func(did string) string {
		b, err := keys.DIDDocument(did, []keys.PublicKey{rsPub, edKeyPub})
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	unauthorised := func(did string) string {
		var m map[string]any
		json.Unmarshal([]byte(good(did)), &m)
		m["assertionMethod"] = []any{did + "#rsa-1"}
		b, _ := json.Marshal(m)
		return string(b)
	}
	wrongID := func(did string) string {
		return strings.Replace(good(did), `"id":"`+did+`"`, `"id":"did:web:evil.example"`, 1)
	}
	tests := []struct {
		name     string
		doc      func(string) string
		jwt      bool
		outcome  verifier.Outcome
		issuer   verifier.Status
		fragment string
	}{
		{"JWT, RSA JsonWebKey", good, true, verifier.OutcomeValid, verifier.Pass, "Signed with the key did:web:"},
		{"Data Integrity, Multikey", good, false, verifier.OutcomeValid, verifier.Pass, "Proven with the key did:web:"},
		{"Data Integrity, key not in assertionMethod", unauthorised, false, verifier.OutcomeInvalid, verifier.Skip, "does not authorise it to sign credentials"},
		{"Data Integrity, document of another DID", wrongID, false, verifier.OutcomeInvalid, verifier.Skip, `says it belongs to "did:web:evil.example"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			did, client := didWebServer(t, tt.doc)
			v, err := verifier.New(verifier.Config{HTTPClient: client, Now: func() time.Time { return now }})
			if err != nil {
				t.Fatal(err)
			}
			c := credential(did, "Web Issuer")
			var got verifier.Verdict
			check := "signature"
			if tt.jwt {
				tok := sign(t, rsPriv, jose.RS256, payload(c), map[string]any{"kid": did + "#rsa-1"})
				got = v.Verify(ctx, []byte(tok), "")
			} else {
				check = "proof"
				got = v.Verify(ctx, signDI(t, c, edPriv, did+"#ed-1"), "")
			}
			wantVerdict(t, tt.name, got, tt.outcome, map[string]verifier.Status{"issuer": tt.issuer},
				map[string]string{check: tt.fragment})
		})
	}
}

func TestVerifyHTTPSVerificationMethod(t *testing.T) {
	pub, priv, _ := ed25519.GenerateKey(rand.Reader)
	mk, _ := keys.EncodeMultikey(pub)
	const issuer = "https://issuer.example/issuers/1"
	vm := issuer + "#" + mk
	doc := func(controller string, purposes ...string) string {
		m := map[string]any{
			"@context": []string{"https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"},
			"id":       issuer,
			"verificationMethod": []any{map[string]any{"id": vm, "type": "Multikey", "controller": controller,
				"publicKeyMultibase": mk}},
		}
		for _, p := range purposes {
			m[p] = []string{"#" + mk}
		}
		b, _ := json.Marshal(m)
		return string(b)
	}
	tests := []struct {
		name     string
		doc      string
		status   verifier.Status
		fragment string
	}{
		{"authorised", doc(issuer, "assertionMethod"), verifier.Pass, "Proven with the key " + vm + ", published at " + issuer},
		{"authentication only", doc(issuer, "authentication"), verifier.Fail, "not under assertionMethod"},
		{"other controller", doc("https://evil.example/", "assertionMethod"), verifier.Fail, `controlled by "https://evil.example/"`},
		{"unreachable", "", verifier.Skip, "could not be fetched"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr := &offline{docs: map[string]string{}}
			if tt.doc != "" {
				tr.docs[issuer] = tt.doc
			}
			got := newVerifier(t, nil, tr).Verify(ctx, signDI(t, credential(issuer, "Museum"), priv, vm), "")
			outcome := map[verifier.Status]verifier.Outcome{verifier.Pass: verifier.OutcomeValid, verifier.Fail: verifier.OutcomeInvalid,
				verifier.Skip: verifier.OutcomeUnverifiable}[tt.status]
			wantVerdict(t, tt.name, got, outcome, map[string]verifier.Status{"proof": tt.status},
				map[string]string{"proof": tt.fragment})
		})
	}
}

func TestVerifyRefusesInternalKeyURLs(t *testing.T) {
	// The default client: nothing here may connect anywhere.
	v, err := verifier.New(verifier.Config{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	_, priv, _ := ed25519.GenerateKey(rand.Reader)
	foreign := payload(credential("https://issuer.example/1", "Somebody"))
	for _, kid := range []string{
		"https://169.254.169.254/latest/meta-data#k",
		"https://127.0.0.1/jwks.json#k",
		"https://[::1]/jwks.json#k",
		"https://10.0.0.1/jwks.json#k",
		"http://issuer.example/jwks.json#k",
	} {
		got := v.Verify(ctx, []byte(sign(t, priv, jose.EdDSA, foreign, map[string]any{"kid": kid})), "")
		c, _ := got.Check("signature")
		if got.Verified || c.Status != verifier.Fail ||
			!(strings.Contains(c.Message, "private or internal network") || strings.Contains(c.Message, "only https")) {
			t.Errorf("Verify(kid %s) signature = %+v, want a refusal", kid, c)
		}
	}
	for _, u := range []string{"https://10.0.0.1/cred.jwt", "https://[::ffff:127.0.0.1]/c", "http://93.184.215.14/c"} {
		got := v.VerifyURL(ctx, u)
		c, _ := got.Check("format")
		if got.Verified || !(strings.Contains(c.Message, "private or internal network") || strings.Contains(c.Message, "only https")) {
			t.Errorf("VerifyURL(%s) format = %+v, want a refusal", u, c)
		}
	}
}
