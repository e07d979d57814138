package verifier_test

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/hmac"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"strings"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"

	"github.com/accolade-badges/accolade/verifier"
)

var ctx = context.Background()

func TestVerifyOwnJWT(t *testing.T) {
	rs, ed, es, _ := testKeys(t)
	for _, k := range []testKey{rs, ed, es} {
		t.Run(string(k.pub.Alg), func(t *testing.T) {
			local := newLocal(t)
			v := newVerifier(t, local, nil)
			got := v.Verify(ctx, []byte(ownJWT(t, k)), "")
			wantVerdict(t, "own "+string(k.pub.Alg), got, verifier.OutcomeValid,
				map[string]verifier.Status{"format": verifier.Pass, "structure": verifier.Pass, "signature": verifier.Pass,
					"claims": verifier.Pass, "dates": verifier.Pass, "issuer": verifier.Pass, "status": verifier.Pass},
				map[string]string{"signature": "Signed with a key of Example Time Bank on this service, created 2025-12-31",
					"issuer": "Issued by Example Time Bank, an issuer on this service"})
			if got.Format != "jwt" {
				t.Errorf("Verify format = %q, want jwt", got.Format)
			}
			var c map[string]any
			if err := json.Unmarshal(got.Credential, &c); err != nil || c["iss"] != nil || c["id"] == nil {
				t.Errorf("Verify credential = %s, want the credential without JWT claims", got.Credential)
			}
		})
	}
}

// flip changes one character in the middle of the token's payload.
func flip(token string) string {
	parts := strings.Split(token, ".")
	p := []byte(parts[1])
	i := len(p) / 2
	if p[i] == 'A' {
		p[i] = 'B'
	} else {
		p[i] = 'A'
	}
	parts[1] = string(p)
	return strings.Join(parts, ".")
}

func TestVerifyTamperedJWT(t *testing.T) {
	rs, ed, _, _ := testKeys(t)
	for _, k := range []testKey{rs, ed} {
		t.Run(string(k.pub.Alg), func(t *testing.T) {
			v := newVerifier(t, newLocal(t), nil)
			got := v.Verify(ctx, []byte(flip(ownJWT(t, k))), "text/plain")
			wantVerdict(t, "flipped character", got, verifier.OutcomeInvalid, map[string]verifier.Status{"signature": verifier.Fail}, nil)
			// A forged validUntil, re-encoded under the old signature:
			// nothing it claims may read as a passed check.
			got = v.Verify(ctx, []byte(forge(t, ownJWT(t, k), func(p map[string]any) {
				p["validUntil"], p["exp"] = "2099-11-30T00:00:00Z", 4099766400
			})), "")
			wantVerdict(t, "forged validUntil", got, verifier.OutcomeInvalid,
				map[string]verifier.Status{"signature": verifier.Fail, "claims": verifier.Skip, "dates": verifier.Skip, "issuer": verifier.Skip, "status": verifier.Skip},
				map[string]string{"signature": "changed after it was signed", "dates": "contents cannot be trusted"})
			for _, c := range got.Checks {
				if strings.Contains(c.Message, "2099") || (c.Status == verifier.Pass && c.Check != "format" && c.Check != "structure") {
					t.Errorf("Verify(forged) check %s = %s %q, want no claimed value shown as passed", c.Check, c.Status, c.Message)
				}
			}
			if strings.Contains(got.Summary, "2099") || !strings.HasPrefix(got.Summary, "Not valid") {
				t.Errorf("Verify(forged) summary = %q, want a failure that repeats nothing the credential claims", got.Summary)
			}
		})
	}
}

// forge decodes a token's payload, edits it and re-encodes it under the
// token's old header and signature.
func forge(t *testing.T, token string, edit func(map[string]any)) string {
	t.Helper()
	parts := strings.Split(token, ".")
	b, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		t.Fatal(err)
	}
	var p map[string]any
	if err := json.Unmarshal(b, &p); err != nil {
		t.Fatal(err)
	}
	edit(p)
	b, _ = json.Marshal(p)
	parts[1] = base64.RawURLEncoding.EncodeToString(b)
	return strings.Join(parts, ".")
}

// craft builds a compact JWS from a raw header and payload and a signature.
func craft(header, payload map[string]any, sig func(input []byte) []byte) string {
	h, _ := json.Marshal(header)
	p, _ := json.Marshal(payload)
	input := base64.RawURLEncoding.EncodeToString(h) + "." + base64.RawURLEncoding.EncodeToString(p)
	return input + "." + base64.RawURLEncoding.EncodeToString(sig([]byte(input)))
}

func TestVerifyRejectsAlgorithmsBeforeKeyLookup(t *testing.T) {
	rs, _, _, _ := testKeys(t)
	pemKey := pemPublic(t, rs)
	hmacWith := func(secret []byte) func([]byte) []byte {
		return func(in []byte) []byte { m := hmac.New(sha256.New, secret); m.Write(in); return m.Sum(nil) }
	}
	p := payload(credential(issuerID, issuerName))
	tests := []struct {
		name, alg string
		sig       func([]byte) []byte
		fragment  string
	}{
		{"none", "none", func([]byte) []byte { return nil }, "not signed"},
		{"HS256 with public key as secret", "HS256", hmacWith(pemKey), `"HS256", which is not accepted`},
		{"HS512", "HS512", hmacWith([]byte("secret")), "not accepted"},
		{"PS256", "PS256", func([]byte) []byte { return []byte("x") }, "not accepted"},
		{"RS512", "RS512", func([]byte) []byte { return []byte("x") }, "not accepted"},
		{"empty", "", func([]byte) []byte { return []byte("x") }, "not signed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			local := newLocal(t)
			v := newVerifier(t, local, nil)
			tok := craft(map[string]any{"alg": tt.alg, "typ": "JWT", "kid": rs.kid}, p, tt.sig)
			got := v.Verify(ctx, []byte(tok), "")
			wantVerdict(t, tt.name, got, verifier.OutcomeInvalid, map[string]verifier.Status{"signature": verifier.Fail},
				map[string]string{"signature": tt.fragment})
			if n := local.kidLookups.Load(); n != 0 {
				t.Errorf("Verify(%s) looked up %d keys, want none before rejecting the algorithm", tt.name, n)
			}
		})
	}
}

func pemPublic(t *testing.T, k testKey) []byte {
	der, err := x509.MarshalPKIXPublicKey(k.pub.Key)
	if err != nil {
		t.Fatal(err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der})
}

func TestVerifyJWTKeySelection(t *testing.T) {
	rs, ed, es, other := testKeys(t)
	attacker, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	weak, _ := rsa.GenerateKey(rand.Reader, 1024)
	ours := payload(credential(issuerID, issuerName))
	foreign := payload(credential("https://issuer.example/profile", "Another Org"))
	const invalid = verifier.OutcomeInvalid
	tests := []struct {
		name     string
		token    string
		outcome  verifier.Outcome
		sig      verifier.Status
		issuer   verifier.Status
		fragment string
	}{
		{"kid of another of our issuers", sign(t, other.priv, jose.EdDSA, ours, map[string]any{"kid": other.kid}),
			invalid, verifier.Fail, verifier.Skip, "signed with a key of " + otherID},
		{"our issuer, unknown kid", sign(t, attacker, jose.ES256, ours, map[string]any{"kid": "https://evil.example/jwks.json#k"}),
			invalid, verifier.Fail, verifier.Skip, "claims to be from Example Time Bank but is not signed by any of its keys"},
		{"our issuer, attacker's embedded jwk", sign(t, attacker, jose.ES256, ours, map[string]any{"jwk": true}),
			invalid, verifier.Fail, verifier.Skip, "the key embedded in it is not one of them"},
		{"our issuer, our key embedded", sign(t, es.priv, jose.ES256, ours, map[string]any{"jwk": true}),
			verifier.OutcomeValid, verifier.Pass, verifier.Pass, "Signed with a key of Example Time Bank on this service"},
		{"our issuer, no kid", sign(t, rs.priv, jose.RS256, ours, nil),
			verifier.OutcomeValid, verifier.Pass, verifier.Pass, "Signed with a key of Example Time Bank on this service"},
		{"our issuer, no kid, wrong key", sign(t, attacker, jose.ES256, ours, nil),
			invalid, verifier.Fail, verifier.Skip, "does not match"},
		{"unknown issuer, embedded jwk", sign(t, attacker, jose.ES256, foreign, map[string]any{"jwk": true}),
			verifier.OutcomeUnconfirmedIssuer, verifier.Pass, verifier.Warn, "key embedded in the credential itself"},
		{"unknown issuer, no key", sign(t, attacker, jose.ES256, foreign, nil),
			invalid, verifier.Fail, verifier.Skip, "neither kid nor jwk"},
		{"unknown issuer signed with our key", sign(t, ed.priv, jose.EdDSA, foreign, map[string]any{"kid": ed.kid}),
			invalid, verifier.Fail, verifier.Skip, "another issuer on this service"},
		{"alg does not fit key", resign(t, ownJWT(t, rs), "ES256"),
			invalid, verifier.Fail, verifier.Skip, "declared for RS256, but the VC-JWT says ES256"},
		{"weak RSA key", craft(map[string]any{"alg": "RS256", "jwk": jose.JSONWebKey{Key: &weak.PublicKey}}, foreign, rsaSigner(weak)),
			invalid, verifier.Fail, verifier.Skip, "too weak"},
		{"private key in header", craft(map[string]any{"alg": "ES256", "jwk": jose.JSONWebKey{Key: attacker}}, foreign, func([]byte) []byte { return make([]byte, 64) }),
			invalid, verifier.Fail, verifier.Skip, "private or secret key material"},
		{"kid neither URL nor DID", sign(t, attacker, jose.ES256, foreign, map[string]any{"kid": "key-1"}),
			invalid, verifier.Fail, verifier.Skip, "neither a web address nor a DID"},
		{"remote kid unreachable", sign(t, attacker, jose.ES256, foreign, map[string]any{"kid": "https://issuer.example/jwks.json#k"}),
			verifier.OutcomeUnverifiable, verifier.Skip, verifier.Skip, "could not be found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := newVerifier(t, newLocal(t), nil)
			got := v.Verify(ctx, []byte(tt.token), "")
			wantVerdict(t, tt.name, got, tt.outcome,
				map[string]verifier.Status{"signature": tt.sig, "issuer": tt.issuer},
				map[string]string{"signature": tt.fragment})
		})
	}
}

// rsaSigner signs RS256 with k, whatever its size.
func rsaSigner(k *rsa.PrivateKey) func([]byte) []byte {
	return func(in []byte) []byte {
		h := sha256.Sum256(in)
		sig, err := rsa.SignPKCS1v15(rand.Reader, k, crypto.SHA256, h[:])
		if err != nil {
			panic(err)
		}
		return sig
	}
}

// resign replaces the header's alg of a token, keeping its signature.
func resign(t *testing.T, token, alg string) string {
	parts := strings.Split(token, ".")
	var h map[string]any
	b, _ := base64.RawURLEncoding.DecodeString(parts[0])
	json.Unmarshal(b, &h)
	h["alg"] = alg
	b, _ = json.Marshal(h)
	parts[0] = base64.RawURLEncoding.EncodeToString(b)
	return strings.Join(parts, ".")
}

func TestVerifyRetiredKey(t *testing.T) {
	_, ed, _, _ := testKeys(t)
	tests := []struct {
		name     string
		retired  time.Time
		outcome  verifier.Outcome
		fragment string
	}{
		{"retired after issue", t0.Add(time.Hour), verifier.OutcomeValid, "retired on 2026-01-02"},
		{"retired before issue", t0.Add(-time.Hour), verifier.OutcomeInvalid, "retired on 2 January 2026 09:00 UTC, before the credential was issued"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			local := newLocal(t)
			k := ed
			k.pub.Retired = tt.retired
			local.keys[issuerID] = []testKey{k}
			got := newVerifier(t, local, nil).Verify(ctx, []byte(ownJWT(t, k)), "")
			wantVerdict(t, tt.name, got, tt.outcome, nil, map[string]string{"signature": tt.fragment})
		})
	}
}

func TestVerifyJWTClaims(t *testing.T) {
	_, ed, _, _ := testKeys(t)
	tests := []struct {
		name     string
		edit     func(p map[string]any)
		want     verifier.Status
		fragment string
	}{
		{"all agree", func(map[string]any) {}, verifier.Pass, "agree"},
		{"iss differs", func(p map[string]any) { p["iss"] = otherID }, verifier.Fail, "iss is"},
		{"jti differs", func(p map[string]any) { p["jti"] = "urn:uuid:other" }, verifier.Fail, "jti is"},
		{"nbf differs", func(p map[string]any) { p["nbf"] = t0.Unix() + 3600 }, verifier.Fail, "nbf is"},
		{"nbf within a second", func(p map[string]any) { p["nbf"] = float64(t0.Unix()) + 0.5 }, verifier.Pass, "agree"},
		{"sub differs", func(p map[string]any) { p["sub"] = "did:example:someone-else" }, verifier.Fail, "sub is"},
		{"subject in aud", func(p map[string]any) { delete(p, "sub"); p["aud"] = subjectID }, verifier.Pass, "agree"},
		{"exp without validUntil", func(p map[string]any) { p["exp"] = t0.Unix() + 86400*365 }, verifier.Fail, "exp is"},
		{"missing claims", func(p map[string]any) { delete(p, "iss"); delete(p, "jti") }, verifier.Warn, "iss and jti are missing"},
		{"exp matches validUntil", func(p map[string]any) {
			p["validUntil"] = t0.Add(48 * time.Hour).Format(time.RFC3339)
			p["exp"] = t0.Add(48 * time.Hour).Unix()
		}, verifier.Pass, "agree"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := payload(credential(issuerID, issuerName))
			tt.edit(p)
			tok := sign(t, ed.priv, jose.EdDSA, p, map[string]any{"kid": ed.kid})
			got := newVerifier(t, newLocal(t), nil).Verify(ctx, []byte(tok), "application/jwt")
			outcome := verifier.OutcomeValid
			if tt.want == verifier.Fail {
				outcome = verifier.OutcomeInvalid
			}
			wantVerdict(t, tt.name, got, outcome, map[string]verifier.Status{"claims": tt.want},
				map[string]string{"claims": tt.fragment})
		})
	}
}

func TestVerifyDates(t *testing.T) {
	_, ed, _, _ := testKeys(t)
	tests := []struct {
		name       string
		from, till time.Time
		want       verifier.Status
		outcome    verifier.Outcome
		fragment   string
	}{
		{"valid, no end", t0, time.Time{}, verifier.Pass, verifier.OutcomeValid, "Valid since 2 January 2026 10:00 UTC; it does not expire"},
		{"valid until", t0, now.Add(time.Hour), verifier.Pass, verifier.OutcomeValid, "until 3 January 2026 11:00 UTC"},
		{"not yet valid", now.Add(time.Hour), time.Time{}, verifier.Fail, verifier.OutcomeInvalid, "not valid yet: it becomes valid on 3 January 2026 11:00 UTC"},
		{"expired", t0, now.Add(-time.Hour), verifier.Fail, verifier.OutcomeExpired, "expired on 3 January 2026 09:00 UTC"},
		{"within clock skew", now.Add(30 * time.Second), time.Time{}, verifier.Pass, verifier.OutcomeValid, "Valid since"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := credential(issuerID, issuerName)
			c["validFrom"] = tt.from.Format(time.RFC3339)
			p := payload(c)
			if !tt.till.IsZero() {
				p["validUntil"] = tt.till.Format(time.RFC3339)
				p["exp"] = tt.till.Unix()
			}
			tok := sign(t, ed.priv, jose.EdDSA, p, map[string]any{"kid": ed.kid})
			got := newVerifier(t, newLocal(t), nil).Verify(ctx, []byte(tok), "")
			wantVerdict(t, tt.name, got, tt.outcome, map[string]verifier.Status{"dates": tt.want},
				map[string]string{"dates": tt.fragment})
		})
	}
}

func TestVerifyMalformedJWT(t *testing.T) {
	_, ed, _, _ := testKeys(t)
	good := ownJWT(t, ed)
	parts := strings.Split(good, ".")
	tests := []struct{ name, token, fragment string }{
		{"bad header", "e30x." + parts[1] + "." + parts[2], "header"},
		{"payload not JSON", parts[0] + "." + base64.RawURLEncoding.EncodeToString([]byte("hello")) + "." + parts[2], "not a JSON object"},
		{"padding", parts[0] + "=." + parts[1] + "." + parts[2], ""},
		{"crit header", craft(map[string]any{"alg": "EdDSA", "kid": ed.kid, "crit": []string{"b64"}, "b64": false},
			payload(credential(issuerID, issuerName)), func([]byte) []byte { return []byte("x") }), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := newVerifier(t, newLocal(t), nil).Verify(ctx, []byte(tt.token), "application/jwt")
			if got.Verified {
				t.Errorf("Verify(%s) verified = true, want false; checks: %+v", tt.name, got.Checks)
			}
			if tt.fragment != "" && !strings.Contains(got.Checks[1].Message, tt.fragment) {
				t.Errorf("Verify(%s) second check = %+v, want a message about %q", tt.name, got.Checks[1], tt.fragment)
			}
		})
	}
}
