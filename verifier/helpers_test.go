package verifier_test

import (
	"bytes"
	"compress/zlib"
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"hash/crc32"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"

	"github.com/accolade-badges/accolade/keys"
	"github.com/accolade-badges/accolade/verifier"
)

// Fixed test identities. The base URL is never contacted: credential pages
// under it are answered by the fake Local.
const (
	baseURL    = "http://127.0.0.1:8080"
	issuerID   = baseURL + "/issuers/default"
	issuerName = "Example Time Bank"
	otherID    = baseURL + "/issuers/other"
	subjectID  = "did:example:ebfeb1f712ebc6f1c276e12ec21"
)

// t0 is the issue time of test credentials; now is when they are verified.
var (
	t0  = time.Date(2026, 1, 2, 10, 0, 0, 0, time.UTC)
	now = t0.Add(24 * time.Hour)
)

// testKey is a key pair of the test issuer.
type testKey struct {
	priv crypto.Signer
	pub  keys.PublicKey
	kid  string
}

var (
	keyOnce sync.Once
	rsaKey  testKey
	edKey   testKey
	ecKey   testKey
	otherEd testKey
)

// testKeys returns the issuer's RS256, EdDSA and ES256 keys and another
// issuer's EdDSA key, generated once per test binary.
func testKeys(tb testing.TB) (rs, ed, es, other testKey) {
	tb.Helper()
	keyOnce.Do(func() {
		r, err := rsa.GenerateKey(rand.Reader, 2048)
		if err != nil {
			panic(err)
		}
		_, e, _ := ed25519.GenerateKey(rand.Reader)
		_, o, _ := ed25519.GenerateKey(rand.Reader)
		ec, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		rsaKey = newTestKey(r, keys.RS256, "default")
		edKey = newTestKey(e, keys.EdDSA, "default")
		ecKey = newTestKey(ec, keys.ES256, "default")
		otherEd = newTestKey(o, keys.EdDSA, "other")
	})
	return rsaKey, edKey, ecKey, otherEd
}

func newTestKey(priv crypto.Signer, alg keys.Algorithm, slug string) testKey {
	id, err := keys.Thumbprint(priv.Public())
	if err != nil {
		panic(err)
	}
	return testKey{
		priv: priv,
		pub:  keys.PublicKey{ID: id, Issuer: slug, Alg: alg, Created: t0.Add(-48 * time.Hour), Key: priv.Public()},
		kid:  baseURL + "/.well-known/jwks.json#" + id,
	}
}

// fakeLocal is a Local with the test issuers and keys, counting lookups.
type fakeLocal struct {
	keys        map[string][]testKey // issuer id -> keys
	credentials map[string][]byte
	statuses    map[string]verifier.CredentialStatus // credential id -> status; absent means active
	kidLookups  atomic.Int64
}

func newLocal(tb testing.TB) *fakeLocal {
	rs, ed, es, other := testKeys(tb)
	return &fakeLocal{
		keys:        map[string][]testKey{issuerID: {rs, ed, es}, otherID: {other}},
		credentials: map[string][]byte{},
	}
}

func (l *fakeLocal) IssuerKnown(id string) bool { _, ok := l.keys[id]; return ok }

func (l *fakeLocal) IssuerKeys(id string) []keys.PublicKey {
	var out []keys.PublicKey
	for _, k := range l.keys[id] {
		out = append(out, k.pub)
	}
	return out
}

func (l *fakeLocal) KeyByKID(kid string) (keys.PublicKey, string, bool) {
	l.kidLookups.Add(1)
	for iss, ks := range l.keys {
		for _, k := range ks {
			if k.kid == kid {
				return k.pub, iss, true
			}
		}
	}
	return keys.PublicKey{}, "", false
}

func (l *fakeLocal) Credential(_ context.Context, id string) ([]byte, bool) {
	b, ok := l.credentials[id]
	return b, ok
}

func (l *fakeLocal) CredentialStatus(_ context.Context, issuer, id string) (verifier.CredentialStatus, bool) {
	if !l.IssuerKnown(issuer) {
		return verifier.CredentialStatus{}, false
	}
	return l.statuses[id], true
}

func (l *fakeLocal) IssuerNamed(name string) bool {
	return strings.EqualFold(strings.TrimSpace(name), issuerName)
}

// offline is an HTTP transport that serves fixed documents by URL and
// refuses everything else, so that tests never touch the network.
type offline struct {
	docs     map[string]string
	header   http.Header // extra response header fields, for every document
	requests atomic.Int64
}

func (o *offline) RoundTrip(req *http.Request) (*http.Response, error) {
	o.requests.Add(1)
	body, ok := o.docs[req.URL.String()]
	if !ok {
		return nil, fmt.Errorf("no network in tests: %s", req.URL)
	}
	h := http.Header{"Content-Type": {"application/json"}}
	for k, v := range o.header {
		h[k] = v
	}
	return &http.Response{StatusCode: 200, Status: "200 OK", Body: io.NopCloser(strings.NewReader(body)),
		Header: h, Request: req}, nil
}

// newVerifier returns a verifier with the fake Local, fixed clock and an
// offline HTTP client.
func newVerifier(tb testing.TB, local verifier.Local, tr http.RoundTripper) *verifier.Verifier {
	tb.Helper()
	if tr == nil {
		tr = &offline{}
	}
	v, err := verifier.New(verifier.Config{Local: local, BaseURL: baseURL, Now: func() time.Time { return now },
		HTTPClient: &http.Client{Transport: tr}})
	if err != nil {
		tb.Fatalf("New: %v", err)
	}
	return v
}

// credential returns a test credential of issuer, as a JSON object.
func credential(issuer, name string) map[string]any {
	return map[string]any{
		"@context":  []any{"https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"},
		"id":        "urn:uuid:8c5e0e58-4c1a-4b53-9f0a-5f4a1f0d6a11",
		"type":      []any{"VerifiableCredential", "OpenBadgeCredential"},
		"issuer":    map[string]any{"id": issuer, "type": []any{"Profile"}, "name": name},
		"validFrom": t0.Format(time.RFC3339),
		"name":      "Project Trainer",
		"credentialSubject": map[string]any{
			"id":   subjectID,
			"type": []any{"AchievementSubject"},
			"achievement": map[string]any{
				"id": baseURL + "/achievements/project-trainer", "type": []any{"Achievement"},
				"name": "Project Trainer", "description": "Trains others.",
				"criteria": map[string]any{"narrative": "Ran three workshops."},
			},
		},
	}
}

// payload returns the VC-JWT payload of credential c: the credential plus
// the claims OB 3.0 requires.
func payload(c map[string]any) map[string]any {
	p := map[string]any{}
	for k, v := range c {
		p[k] = v
	}
	p["iss"] = c["issuer"].(map[string]any)["id"]
	p["jti"] = c["id"]
	p["sub"] = c["credentialSubject"].(map[string]any)["id"]
	from, _ := time.Parse(time.RFC3339, c["validFrom"].(string))
	p["nbf"] = from.Unix()
	return p
}

// sign signs claims with go-jose: header alg, typ JWT and the extra header
// fields (kid, jwk) given.
func sign(tb testing.TB, k crypto.Signer, alg jose.SignatureAlgorithm, claims any, header map[string]any) string {
	tb.Helper()
	opts := (&jose.SignerOptions{}).WithType("JWT")
	for name, v := range header {
		if name == "jwk" {
			opts.EmbedJWK = true
			continue
		}
		opts = opts.WithHeader(jose.HeaderKey(name), v)
	}
	s, err := jose.NewSigner(jose.SigningKey{Algorithm: alg, Key: k}, opts)
	if err != nil {
		tb.Fatalf("NewSigner: %v", err)
	}
	b, err := json.Marshal(claims)
	if err != nil {
		tb.Fatal(err)
	}
	jws, err := s.Sign(b)
	if err != nil {
		tb.Fatalf("Sign: %v", err)
	}
	out, err := jws.CompactSerialize()
	if err != nil {
		tb.Fatal(err)
	}
	return out
}

// algOf is the go-jose algorithm of a test key.
func algOf(k testKey) jose.SignatureAlgorithm { return jose.SignatureAlgorithm(k.pub.Alg) }

// ownJWT is a VC-JWT of the test issuer signed with k and its kid.
func ownJWT(tb testing.TB, k testKey) string {
	return sign(tb, k.priv, algOf(k), payload(credential(issuerID, issuerName)), map[string]any{"kid": k.kid})
}

// status returns the status of the named check, or "" when absent.
func status(v verifier.Verdict, name string) verifier.Status {
	c, _ := v.Check(name)
	return c.Status
}

// wantVerdict fails tb unless v has the outcome (and verified is true just
// for OutcomeValid), and the named checks have the given statuses and
// contain the given message fragments.
func wantVerdict(tb testing.TB, what string, v verifier.Verdict, outcome verifier.Outcome, want map[string]verifier.Status, fragments map[string]string) {
	tb.Helper()
	if v.Outcome != outcome || v.Verified != (outcome == verifier.OutcomeValid) {
		tb.Errorf("Verify(%s) outcome = %q (verified %v), want %q; summary %q; checks: %+v", what, v.Outcome, v.Verified, outcome, v.Summary, v.Checks)
	}
	for name, s := range want {
		if got := status(v, name); got != s {
			tb.Errorf("Verify(%s) check %s = %q, want %q; checks: %+v", what, name, got, s, v.Checks)
		}
	}
	for name, frag := range fragments {
		c, _ := v.Check(name)
		if !strings.Contains(c.Message, frag) {
			tb.Errorf("Verify(%s) check %s message = %q, want it to contain %q", what, name, c.Message, frag)
		}
	}
}

// pngWith returns a minimal PNG image with the given extra chunks before
// IEND.
func pngWith(chunks ...[]byte) []byte {
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	b.Write(chunk("IHDR", []byte{0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0}))
	for _, c := range chunks {
		b.Write(c)
	}
	b.Write(chunk("IEND", nil))
	return b.Bytes()
}

// chunk encodes one PNG chunk with its CRC.
func chunk(typ string, data []byte) []byte {
	var b bytes.Buffer
	binary.Write(&b, binary.BigEndian, uint32(len(data)))
	b.WriteString(typ)
	b.Write(data)
	binary.Write(&b, binary.BigEndian, crc32.Update(crc32.ChecksumIEEE([]byte(typ)), crc32.IEEETable, data))
	return b.Bytes()
}

// itxt is an openbadgecredential iTXt chunk holding text, zlib-compressed
// when compressed is set.
func itxt(text []byte, compressed bool) []byte {
	data := []byte("openbadgecredential\x00")
	if !compressed {
		data = append(data, 0, 0, 0, 0)
		return chunk("iTXt", append(data, text...))
	}
	var z bytes.Buffer
	w := zlib.NewWriter(&z)
	w.Write(text)
	w.Close()
	data = append(data, 1, 0, 0, 0)
	return chunk("iTXt", append(data, z.Bytes()...))
}
