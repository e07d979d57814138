package main

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mr-tron/base58"
)

// front is the public face of a test server, as a verifier sees it: a
// reverse proxy (TLS with a throw-away CA, or plain HTTP) whose address is
// known before the app starts, so that it can be the app's base URL. It can
// be told to answer some paths with other bodies (a swapped key).
type front struct {
	srv    *httptest.Server
	base   string
	client *http.Client
	caFile string // PEM of the CA, for NODE_EXTRA_CA_CERTS; "" on plain HTTP

	mu        sync.Mutex
	target    *url.URL
	overrides map[string][]byte // path → body served instead of the app's
}

func newFront(t *testing.T, useTLS bool) *front {
	t.Helper()
	f := &front{}
	f.srv = httptest.NewUnstartedServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	port := f.srv.Listener.Addr().(*net.TCPAddr).Port
	if !useTLS {
		f.srv.Start()
		f.base = fmt.Sprintf("http://127.0.0.1:%d", port)
		f.client = &http.Client{Timeout: 10 * time.Second}
		return f
	}
	caPEM, leaf, pool := testCA(t)
	f.caFile = filepath.Join(t.TempDir(), "ca.pem")
	writeFile(t, f.caFile, caPEM)
	f.srv.TLS = &tls.Config{Certificates: []tls.Certificate{leaf}}
	f.srv.StartTLS()
	f.base = fmt.Sprintf("https://localhost:%d", port)
	f.client = &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	return f
}

// proxyTo points the front at the app.
func (f *front) proxyTo(appBase string) {
	u, _ := url.Parse(appBase)
	f.mu.Lock()
	f.target = u
	f.mu.Unlock()
}

func (f *front) override(m map[string][]byte) {
	f.mu.Lock()
	f.overrides = m
	f.mu.Unlock()
}

func (f *front) serve(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	target, body, ok := f.target, f.overrides[r.URL.Path], f.overrides != nil
	f.mu.Unlock()
	if ok && body != nil {
		w.Header().Set("Content-Type", "application/json")
		w.Write(body)
		return
	}
	if target == nil {
		http.Error(w, "app not started", http.StatusServiceUnavailable)
		return
	}
	httputil.NewSingleHostReverseProxy(target).ServeHTTP(w, r)
}

// testCA makes a CA and a leaf certificate for localhost and 127.0.0.1.
func testCA(t *testing.T) (caPEM []byte, leaf tls.Certificate, pool *x509.CertPool) {
	t.Helper()
	caKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	now := time.Now()
	caTmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "Accolade interop test CA"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(24 * time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	ca, _ := x509.ParseCertificate(caDER)
	leafKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	leafTmpl := &x509.Certificate{
		SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "localhost"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(24 * time.Hour),
		DNSNames: []string{"localhost"}, IPAddresses: []net.IP{net.ParseIP("127.0.0.1")},
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	leafDER, err := x509.CreateCertificate(rand.Reader, leafTmpl, ca, &leafKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	pool = x509.NewCertPool()
	pool.AddCert(ca)
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: caDER}),
		tls.Certificate{Certificate: [][]byte{leafDER}, PrivateKey: leafKey}, pool
}

// fetchLinks fetches, as a verifier would, the documents the credentials
// link to: each proof's verificationMethod (did:web through its did.json),
// each JWT kid, and the controller of every document fetched, to a bounded
// depth. It returns them by URL (without fragment) and what went wrong.
func (f *front) fetchLinks(t *testing.T, creds []jobCredential) (map[string]json.RawMessage, []string) {
	t.Helper()
	var queue []string
	for _, c := range creds {
		var doc struct {
			Proof []struct{ VerificationMethod string } `json:"proof"`
		}
		json.Unmarshal(c.JSON, &doc)
		for _, p := range doc.Proof {
			queue = append(queue, p.VerificationMethod)
		}
		queue = append(queue, statusLinks(c.JSON)...) // the lists, as a status check fetches them
		if c.JWT != "" {
			var h struct{ Kid string }
			json.Unmarshal(b64(t, strings.Split(c.JWT, ".")[0]), &h)
			queue = append(queue, h.Kid)
		}
	}
	docs := map[string]json.RawMessage{}
	var problems []string
	for depth := 0; depth < 4 && len(queue) > 0; depth++ {
		var next []string
		for _, link := range queue {
			u := documentURL(link)
			if _, seen := docs[u]; seen || u == "" || len(docs) > 50 {
				continue
			}
			body, err := f.getJSON(u)
			if err != nil {
				problems = append(problems, err.Error())
				docs[u] = nil
				continue
			}
			docs[u] = body
			next = append(next, controllers(body)...)
		}
		queue = next
	}
	for u, d := range docs {
		if d == nil {
			delete(docs, u)
		}
	}
	return docs, problems
}

// documentURL is where the document of a link is fetched: a did:web's
// did.json, or the URL without its fragment.
func documentURL(link string) string {
	link, _, _ = strings.Cut(link, "#")
	if rest, ok := strings.CutPrefix(link, "did:web:"); ok {
		parts := strings.Split(rest, ":")
		host, _ := url.PathUnescape(parts[0])
		if len(parts) == 1 {
			return "https://" + host + "/.well-known/did.json"
		}
		return "https://" + host + "/" + strings.Join(parts[1:], "/") + "/did.json"
	}
	if strings.HasPrefix(link, "http://") || strings.HasPrefix(link, "https://") {
		return link
	}
	return ""
}

func (f *front) getJSON(u string) (json.RawMessage, error) {
	req, _ := http.NewRequest("GET", u, nil)
	req.Header.Set("Accept", "application/ld+json, application/json")
	resp, err := f.client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("GET %s: %v", u, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if resp.StatusCode != 200 {
		return nil, fmt.Errorf("GET %s: %d %s %.200s", u, resp.StatusCode, resp.Header.Get("Content-Type"), b)
	}
	if !json.Valid(b) {
		return nil, fmt.Errorf("GET %s: %s, not JSON: %.100s", u, resp.Header.Get("Content-Type"), b)
	}
	return b, nil
}

// controllers lists every "controller" string anywhere in a document.
func controllers(doc json.RawMessage) []string {
	var v any
	json.Unmarshal(doc, &v)
	var out []string
	var walk func(any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, x := range v {
				if s, ok := x.(string); ok && k == "controller" {
					out = append(out, s)
				}
				walk(x)
			}
		case []any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	walk(v)
	return out
}

// swapKeys returns the documents with every public key replaced by a fresh
// one of the same kind: publicKeyMultibase values and JWKs (objects with a
// "kty"). A verifier given these must reject every credential.
func swapKeys(t *testing.T, docs map[string]json.RawMessage) map[string]json.RawMessage {
	t.Helper()
	ed, _, _ := ed25519.GenerateKey(rand.Reader)
	otherMultibase := "z" + base58.Encode(append([]byte{0xed, 0x01}, ed...))
	rsaKey, _ := rsa.GenerateKey(rand.Reader, 2048)
	ecKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	enc := base64.RawURLEncoding.EncodeToString
	otherJWK := func(kty string) map[string]any {
		switch kty {
		case "RSA":
			return map[string]any{"kty": "RSA", "n": enc(rsaKey.N.Bytes()), "e": "AQAB"}
		case "EC":
			b, _ := ecKey.PublicKey.Bytes() // uncompressed: 0x04 || X || Y
			return map[string]any{"kty": "EC", "crv": "P-256", "x": enc(b[1:33]), "y": enc(b[33:])}
		}
		return map[string]any{"kty": "OKP", "crv": "Ed25519", "x": enc(ed)}
	}
	var swap func(any) any
	swap = func(v any) any {
		switch v := v.(type) {
		case map[string]any:
			if kty, ok := v["kty"].(string); ok {
				k := otherJWK(kty)
				for _, keep := range []string{"kid", "alg", "use"} {
					if x, ok := v[keep]; ok {
						k[keep] = x
					}
				}
				return k
			}
			for k, x := range v {
				if _, ok := x.(string); ok && k == "publicKeyMultibase" {
					v[k] = otherMultibase
				} else {
					v[k] = swap(x)
				}
			}
		case []any:
			for i, x := range v {
				v[i] = swap(x)
			}
		}
		return v
	}
	out := map[string]json.RawMessage{}
	for u, d := range docs {
		var v any
		json.Unmarshal(d, &v)
		b, _ := json.Marshal(swap(v))
		out[u] = b
	}
	return out
}
