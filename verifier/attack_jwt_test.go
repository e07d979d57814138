package verifier_test

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/sha512"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"hash"
	"net"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"

	"github.com/accolade-badges/accolade/verifier"
)

// rawJWS builds a compact JWS from raw header and payload bytes, signed by
// sig over the signing input.
func rawJWS(header, payload string, sig func(input []byte) []byte) string {
	input := base64.RawURLEncoding.EncodeToString([]byte(header)) + "." + base64.RawURLEncoding.EncodeToString([]byte(payload))
	return input + "." + base64.RawURLEncoding.EncodeToString(sig([]byte(input)))
}

// TestJWTAttacks runs forged VC-JWTs that claim this service's issuer
// against the verifier: each must be refused with the exact outcome and a
// message naming what is wrong, fast, and never read as "valid".
func TestJWTAttacks(t *testing.T) {
	rs, ed, _, _ := testKeys(t)
	attacker, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	_, attackerEd, _ := ed25519.GenerateKey(rand.Reader)
	der, err := x509.MarshalPKIXPublicKey(rs.pub.Key)
	if err != nil {
		t.Fatal(err)
	}
	hmacWith := func(h func() hash.Hash, secret []byte) func([]byte) []byte {
		return func(in []byte) []byte { m := hmac.New(h, secret); m.Write(in); return m.Sum(nil) }
	}
	edSig := func(in []byte) []byte { return ed25519.Sign(ed.priv.(ed25519.PrivateKey), in) }
	ours := payload(credential(issuerID, issuerName))
	with := func(changes map[string]any) map[string]any {
		p := payload(credential(issuerID, issuerName))
		for k, v := range changes {
			p[k] = v
		}
		return p
	}
	body, _ := json.Marshal(ours)
	// A payload whose second "iss" names another issuer: a parser keeping
	// the first and one keeping the last would disagree on the issuer.
	dupPayload := strings.Replace(string(body), `{`, `{"iss":"https://evil.example/issuer",`, 1)
	hdr := func(extra string) string { return `{"alg":"EdDSA","typ":"JWT","kid":"` + ed.kid + `"` + extra + `}` }
	sigStatus := map[string]verifier.Status{"signature": verifier.Fail}
	tests := []struct {
		name    string
		token   string
		outcome verifier.Outcome
		want    map[string]verifier.Status
		msgs    map[string]string
	}{
		{"alg none", craft(map[string]any{"alg": "none", "typ": "JWT"}, ours, func([]byte) []byte { return nil }),
			verifier.OutcomeInvalid, sigStatus, map[string]string{"signature": `its algorithm is "none"`}},
		{"alg None (case)", craft(map[string]any{"alg": "None", "kid": rs.kid}, ours, func([]byte) []byte { return nil }),
			verifier.OutcomeInvalid, sigStatus, map[string]string{"signature": `"None", which is not accepted`}},
		{"HS256 keyed with our RSA public key (PEM)", craft(map[string]any{"alg": "HS256", "kid": rs.kid}, ours, hmacWith(sha256.New, pemPublic(t, rs))),
			verifier.OutcomeInvalid, sigStatus, map[string]string{"signature": `"HS256", which is not accepted`}},
		{"HS256 keyed with our RSA public key (DER)", craft(map[string]any{"alg": "HS256", "kid": rs.kid}, ours, hmacWith(sha256.New, der)),
			verifier.OutcomeInvalid, sigStatus, map[string]string{"signature": `"HS256", which is not accepted`}},
		{"HS384", craft(map[string]any{"alg": "HS384", "kid": rs.kid}, ours, hmacWith(sha512.New384, der)),
			verifier.OutcomeInvalid, sigStatus, map[string]string{"signature": `"HS384", which is not accepted`}},
		{"HS512", craft(map[string]any{"alg": "HS512"}, ours, hmacWith(sha512.New, der)),
			verifier.OutcomeInvalid, sigStatus, map[string]string{"signature": `"HS512", which is not accepted`}},
		{"ES256 header over our RSA kid", craft(map[string]any{"alg": "ES256", "kid": rs.kid}, ours, func([]byte) []byte { return make([]byte, 64) }),
			verifier.OutcomeInvalid, sigStatus, map[string]string{"signature": "declared for RS256, but the VC-JWT says ES256"}},
		{"RS256 header over our Ed25519 kid", craft(map[string]any{"alg": "RS256", "kid": ed.kid}, ours, edSig),
			verifier.OutcomeInvalid, sigStatus, map[string]string{"signature": "declared for EdDSA, but the VC-JWT says RS256"}},
		{"attacker's jwk in the header", sign(t, attacker, jose.ES256, ours, map[string]any{"jwk": true}),
			verifier.OutcomeInvalid, sigStatus, map[string]string{"signature": "the key embedded in it is not one of them"}},
		{"attacker's kid", sign(t, attacker, jose.ES256, ours, map[string]any{"kid": "https://evil.example/jwks.json#k"}),
			verifier.OutcomeInvalid, sigStatus, map[string]string{"signature": `the key "https://evil.example/jwks.json#k" is not one of them`}},
		{"attacker's did:key kid", sign(t, attackerEd, jose.EdDSA, ours, map[string]any{"kid": "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK#z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"}),
			verifier.OutcomeInvalid, sigStatus, map[string]string{"signature": "claims to be from Example Time Bank but is not signed by any of its keys"}},
		{"crit header", rawJWS(hdr(`,"crit":["exp"]`), string(body), edSig),
			verifier.OutcomeInvalid, sigStatus, map[string]string{"signature": "critical extensions (crit)"}},
		{"duplicate alg in the header", rawJWS(`{"alg":"none","alg":"EdDSA","kid":"`+ed.kid+`"}`, string(body), edSig),
			verifier.OutcomeInvalid, map[string]verifier.Status{"structure": verifier.Fail}, map[string]string{"structure": `"alg" twice`}},
		{"duplicate kid in the header", rawJWS(hdr(`,"kid":"https://evil.example/k"`), string(body), edSig),
			verifier.OutcomeInvalid, map[string]verifier.Status{"structure": verifier.Fail}, map[string]string{"structure": `"kid" twice`}},
		{"duplicate iss in the payload", rawJWS(hdr(""), dupPayload, edSig),
			verifier.OutcomeInvalid, map[string]verifier.Status{"structure": verifier.Fail}, map[string]string{"structure": `"iss" twice`}},
		{"duplicate nested key in the payload", rawJWS(hdr(""), strings.Replace(string(body), `"name":"Project Trainer"`, `"name":"Project Trainer","name":"Chief Executive"`, 1), edSig),
			verifier.OutcomeInvalid, map[string]verifier.Status{"structure": verifier.Fail}, map[string]string{"structure": `"name" twice`}},
		{"iss disagrees", sign(t, ed.priv, jose.EdDSA, with(map[string]any{"iss": otherID}), map[string]any{"kid": ed.kid}),
			verifier.OutcomeInvalid, map[string]verifier.Status{"claims": verifier.Fail}, map[string]string{"claims": `iss is "` + otherID + `"`}},
		{"sub disagrees", sign(t, ed.priv, jose.EdDSA, with(map[string]any{"sub": "did:example:someone-else"}), map[string]any{"kid": ed.kid}),
			verifier.OutcomeInvalid, map[string]verifier.Status{"claims": verifier.Fail}, map[string]string{"claims": `sub is "did:example:someone-else"`}},
		{"jti disagrees", sign(t, ed.priv, jose.EdDSA, with(map[string]any{"jti": "urn:uuid:00000000-0000-4000-8000-000000000000"}), map[string]any{"kid": ed.kid}),
			verifier.OutcomeInvalid, map[string]verifier.Status{"claims": verifier.Fail}, map[string]string{"claims": "jti is"}},
		{"nbf disagrees", sign(t, ed.priv, jose.EdDSA, with(map[string]any{"nbf": t0.Add(-240 * time.Hour).Unix()}), map[string]any{"kid": ed.kid}),
			verifier.OutcomeInvalid, map[string]verifier.Status{"claims": verifier.Fail}, map[string]string{"claims": "nbf is"}},
		{"exp disagrees", sign(t, ed.priv, jose.EdDSA, with(map[string]any{"exp": now.Add(240 * time.Hour).Unix()}), map[string]any{"kid": ed.kid}),
			verifier.OutcomeInvalid, map[string]verifier.Status{"claims": verifier.Fail}, map[string]string{"claims": "exp is"}},
		{"nbf and validFrom in the future", sign(t, ed.priv, jose.EdDSA, func() map[string]any {
			c := credential(issuerID, issuerName)
			c["validFrom"] = now.Add(72 * time.Hour).Format(time.RFC3339)
			return payload(c)
		}(), map[string]any{"kid": ed.kid}),
			verifier.OutcomeInvalid, map[string]verifier.Status{"dates": verifier.Fail}, map[string]string{"dates": "not valid yet: it becomes valid on 6 January 2026"}},
		{"oversized token", ownJWT(t, ed) + strings.Repeat("A", int(verifier.DefaultMaxInputBytes)),
			verifier.OutcomeUnreadable, map[string]verifier.Status{"format": verifier.Fail}, map[string]string{"format": "more than the 2 MiB this service accepts"}},
	}
	v := newVerifier(t, newLocal(t), nil)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			got := v.Verify(ctx, []byte(tt.token), "")
			if d := time.Since(start); d > time.Second {
				t.Errorf("Verify(%s) took %v, want under a second", tt.name, d)
			}
			wantVerdict(t, tt.name, got, tt.outcome, tt.want, tt.msgs)
		})
	}
}

// acceptCounter is a TCP listener on 127.0.0.1 that counts the connections
// it accepts and closes them.
func acceptCounter(t *testing.T) (port int, accepted *atomic.Int64) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	accepted = new(atomic.Int64)
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			accepted.Add(1)
			c.Close()
		}
	}()
	return ln.Addr().(*net.TCPAddr).Port, accepted
}

// TestJWTAttacksOnInternalAddresses: a foreign credential whose kid,
// issuer DID or status list points at loopback, private, link-local or
// metadata addresses (literal, IPv6, or a hostname resolving there) is
// refused without any connection reaching a listener on 127.0.0.1. The
// verifier is the production one: default client, no private networks.
func TestJWTAttacksOnInternalAddresses(t *testing.T) {
	port, accepted := acceptCounter(t)
	v, err := verifier.New(verifier.Config{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	_, priv, _ := ed25519.GenerateKey(rand.Reader)
	loop := fmt.Sprintf("127.0.0.1:%d", port)
	foreign := func(issuer string) map[string]any { return payload(credential(issuer, "Somebody")) }
	tests := []struct {
		name   string
		claims map[string]any
		kid    string
		check  string
	}{
		{"kid on loopback", foreign("https://issuer.example/1"), "https://" + loop + "/jwks.json#k", "signature"},
		{"kid on localhost (resolves to loopback)", foreign("https://issuer.example/1"), fmt.Sprintf("https://localhost:%d/jwks.json#k", port), "signature"},
		{"kid on IPv4-mapped loopback", foreign("https://issuer.example/1"), fmt.Sprintf("https://[::ffff:127.0.0.1]:%d/jwks.json#k", port), "signature"},
		{"kid on IPv6 loopback", foreign("https://issuer.example/1"), "https://[::1]/jwks.json#k", "signature"},
		{"kid on RFC 1918", foreign("https://issuer.example/1"), "https://192.168.1.1/jwks.json#k", "signature"},
		{"kid on metadata", foreign("https://issuer.example/1"), "https://169.254.169.254/latest/meta-data#k", "signature"},
		{"kid on IPv6 link-local", foreign("https://issuer.example/1"), "https://[fe80::1]/jwks.json#k", "signature"},
		{"kid on IPv6 unique-local", foreign("https://issuer.example/1"), "https://[fd00::1]/jwks.json#k", "signature"},
		{"kid on NAT64 metadata", foreign("https://issuer.example/1"), "https://[64:ff9b::a9fe:a9fe]/jwks.json#k", "signature"},
		{"did:web on loopback", foreign(fmt.Sprintf("did:web:127.0.0.1%%3A%d", port)), fmt.Sprintf("did:web:127.0.0.1%%3A%d#k", port), "signature"},
		{"did:web on localhost", foreign(fmt.Sprintf("did:web:localhost%%3A%d", port)), fmt.Sprintf("did:web:localhost%%3A%d#k", port), "signature"},
		{"http kid", foreign("https://issuer.example/1"), "http://" + loop + "/jwks.json#k", "signature"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			got := v.Verify(ctx, []byte(sign(t, priv, jose.EdDSA, tt.claims, map[string]any{"kid": tt.kid})), "")
			if d := time.Since(start); d > time.Second {
				t.Errorf("Verify(%s) took %v, want under a second", tt.name, d)
			}
			c, _ := got.Check(tt.check)
			if got.Outcome != verifier.OutcomeInvalid || c.Status != verifier.Fail ||
				!(strings.Contains(c.Message, "private or internal network") || strings.Contains(c.Message, "only https")) {
				t.Errorf("Verify(%s) outcome %q, %s = %+v, want invalid with a refusal naming the internal address", tt.name, got.Outcome, tt.check, c)
			}
		})
	}
	if n := accepted.Load(); n != 0 {
		t.Errorf("the listener on %s accepted %d connections, want 0", loop, n)
	}
}
