package verifier_test

import (
	"bytes"
	"compress/gzip"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"

	"github.com/accolade-badges/accolade/verifier"
)

// Another issuer's status lists, served by the offline transport.
const (
	foreignIssuer = "https://issuer.example/1"
	listURL       = "https://issuer.example/status/1"
	revListURL    = "https://issuer.example/revocations/1"
)

// encodeList returns the encodedList of a bitstring of n bytes with the
// given bits set (index 0 the most significant bit of byte 0).
func encodeList(tb testing.TB, n int, set ...int) string {
	tb.Helper()
	bits := make([]byte, n)
	for _, i := range set {
		bits[i/8] |= 1 << (7 - i%8)
	}
	var z bytes.Buffer
	w := gzip.NewWriter(&z)
	w.Write(bits)
	if err := w.Close(); err != nil {
		tb.Fatal(err)
	}
	return "u" + base64.RawURLEncoding.EncodeToString(z.Bytes())
}

// statusListCredential is an unsigned BitstringStatusListCredential.
func statusListCredential(issuer, purpose, encoded string) map[string]any {
	return map[string]any{
		"@context":  []any{"https://www.w3.org/ns/credentials/v2"},
		"id":        listURL,
		"type":      []any{"VerifiableCredential", "BitstringStatusListCredential"},
		"issuer":    issuer,
		"validFrom": t0.Add(-time.Hour).Format(time.RFC3339),
		"credentialSubject": map[string]any{
			"id": listURL + "#list", "type": "BitstringStatusList", "statusPurpose": purpose, "encodedList": encoded,
		},
	}
}

// listJWT is a status list credential as a VC-JWT signed by key with an
// embedded jwk.
func listJWT(tb testing.TB, key *ecdsa.PrivateKey, list map[string]any) string {
	tb.Helper()
	claims := map[string]any{}
	for k, v := range list {
		claims[k] = v
	}
	claims["iss"], claims["jti"], claims["sub"] = list["issuer"], list["id"], listURL+"#list"
	claims["nbf"] = t0.Add(-time.Hour).Unix()
	return sign(tb, key, jose.ES256, claims, map[string]any{"jwk": true})
}

// entry is a BitstringStatusListEntry at index (a string or a number).
func entry(purpose string, index any) map[string]any {
	return map[string]any{"id": listURL + "#x", "type": "BitstringStatusListEntry", "statusPurpose": purpose,
		"statusListIndex": index, "statusListCredential": listURL}
}

// statusJWT is a VC-JWT of foreignIssuer, signed by key with an embedded
// jwk, carrying the given credentialStatus.
func statusJWT(tb testing.TB, key *ecdsa.PrivateKey, status any) []byte {
	c := credential(foreignIssuer, "Somebody")
	c["credentialStatus"] = status
	return []byte(sign(tb, key, jose.ES256, payload(c), map[string]any{"jwk": true}))
}

func TestVerifyBitstringStatusList(t *testing.T) {
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	other, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	signed := func(purpose, encoded string) string {
		return listJWT(t, key, statusListCredential(foreignIssuer, purpose, encoded))
	}
	forged := func() string { // a valid list whose payload was changed after signing
		tok := []byte(signed("revocation", encodeList(t, 16384)))
		parts := bytes.Split(tok, []byte("."))
		p, _ := base64.RawURLEncoding.DecodeString(string(parts[1]))
		p = bytes.Replace(p, []byte(`"revocation"`), []byte(`"revocatioN"`), 1)
		parts[1] = []byte(base64.RawURLEncoding.EncodeToString(p))
		return string(bytes.Join(parts, []byte(".")))
	}
	bomb := func() string { // 8 MiB of zeros: a few KiB compressed
		var z bytes.Buffer
		w := gzip.NewWriter(&z)
		w.Write(make([]byte, 8<<20))
		w.Close()
		return signed("revocation", "u"+base64.RawURLEncoding.EncodeToString(z.Bytes()))
	}
	tests := []struct {
		name     string
		status   any
		list     string // served at listURL; "" for none
		outcome  verifier.Outcome
		want     verifier.Status
		fragment string
	}{
		{"revoked", entry("revocation", "42"), signed("revocation", encodeList(t, 16384, 42)),
			verifier.OutcomeRevoked, verifier.Fail, "Revoked by the issuer: its status list at issuer.example marks this credential as revoked"},
		{"clear bit", entry("revocation", "42"), signed("revocation", encodeList(t, 16384, 41, 43)),
			verifier.OutcomeUnconfirmedIssuer, verifier.Pass, "Not revoked: the issuer's status list at issuer.example does not mark this credential"},
		{"index as number", entry("revocation", 5), signed("revocation", encodeList(t, 16384, 5)),
			verifier.OutcomeRevoked, verifier.Fail, "Revoked by the issuer"},
		{"suspended", entry("suspension", "7"), signed("suspension", encodeList(t, 16384, 7)),
			verifier.OutcomeSuspended, verifier.Fail, "Suspended by the issuer: its status list at issuer.example marks this credential as suspended"},
		{"entries in an array", []any{entry("revocation", "1"), entry("suspension", "2")}, signed("revocation", encodeList(t, 16384, 2)),
			verifier.OutcomeUnverifiable, verifier.Skip, "is for revocation, not suspension"},
		{"refresh ignored", entry("refresh", "3"), "",
			verifier.OutcomeUnconfirmedIssuer, verifier.Warn, `A status entry for "refresh" was ignored`},
		{"refresh ignored beside revocation", []any{entry("revocation", "3"), entry("message", "4")}, signed("revocation", encodeList(t, 16384)),
			verifier.OutcomeUnconfirmedIssuer, verifier.Pass, `does not mark this credential. A status entry for "message" was ignored`},
		{"too short", entry("revocation", "3"), signed("revocation", encodeList(t, 1024, 3)),
			verifier.OutcomeUnverifiable, verifier.Skip, "too short: it has 8192 entries, fewer than the 131072"},
		{"GZIP bomb", entry("revocation", "3"), bomb(),
			verifier.OutcomeUnverifiable, verifier.Skip, "larger than 4 MiB once decompressed"},
		{"wrong purpose", entry("revocation", "3"), signed("suspension", encodeList(t, 16384, 3)),
			verifier.OutcomeUnverifiable, verifier.Skip, "is for suspension, not revocation"},
		{"index out of range", entry("revocation", "131072"), signed("revocation", encodeList(t, 16384)),
			verifier.OutcomeUnverifiable, verifier.Skip, "(131072) is beyond the end of the list at issuer.example (131072 entries)"},
		{"bad index", entry("revocation", "-1"), "",
			verifier.OutcomeUnverifiable, verifier.Skip, `index (statusListIndex) is "-1", not a whole number`},
		{"unreachable list", entry("revocation", "3"), "",
			verifier.OutcomeUnverifiable, verifier.Skip, "its status list could not be fetched: issuer.example could not be reached"},
		{"another issuer's list", entry("revocation", "3"), listJWT(t, key, statusListCredential("https://elsewhere.example", "revocation", encodeList(t, 16384))),
			verifier.OutcomeInvalid, verifier.Fail, "was issued by https://elsewhere.example, not by the credential's issuer " + foreignIssuer},
		{"list signed by another key", entry("revocation", "3"), listJWT(t, other, statusListCredential(foreignIssuer, "revocation", encodeList(t, 16384))),
			verifier.OutcomeInvalid, verifier.Fail, "a key that nothing ties to that issuer"},
		{"forged list proof", entry("revocation", "3"), forged(),
			verifier.OutcomeInvalid, verifier.Fail, "The status list at issuer.example is forged"},
		{"not a status list", entry("revocation", "3"), sign(t, key, jose.ES256, payload(credential(foreignIssuer, "Somebody")), map[string]any{"jwk": true}),
			verifier.OutcomeUnverifiable, verifier.Skip, "is not a Bitstring Status List: its type is not BitstringStatusListCredential"},
		{"unknown status type", map[string]any{"id": listURL, "type": "SomeStatus2099"}, "",
			verifier.OutcomeUnverifiable, verifier.Skip, "this verifier does not read SomeStatus2099 status entries"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr := &offline{docs: map[string]string{}}
			if tt.list != "" {
				tr.docs[listURL] = tt.list
			}
			got := newVerifier(t, nil, tr).Verify(ctx, statusJWT(t, key, tt.status), "")
			wantVerdict(t, tt.name, got, tt.outcome, map[string]verifier.Status{"signature": verifier.Pass, "status": tt.want},
				map[string]string{"status": tt.fragment})
		})
	}
}

// TestVerifyStatusListDataIntegrity: a list with a Data Integrity proof
// by the key that signed the credential is read; one changed after
// signing is forged.
func TestVerifyStatusListDataIntegrity(t *testing.T) {
	priv, did := didKey(t)
	vm := did + "#" + did[len("did:key:"):]
	c := credential(did, "Somebody")
	// An array of entries, which ob3 does not model: read here all the same.
	c["credentialStatus"] = []any{entry("revocation", "9"), entry("refresh", "10")}
	cred := signDI(t, c, priv, vm)
	list := signDI(t, statusListCredential(did, "revocation", encodeList(t, 16384, 9)), priv, vm)
	tests := []struct {
		name     string
		list     []byte
		outcome  verifier.Outcome
		fragment string
	}{
		{"revoked", list, verifier.OutcomeRevoked, "Revoked by the issuer"},
		{"forged", edit(t, list, func(m map[string]any) {
			m["credentialSubject"].(map[string]any)["encodedList"] = encodeList(t, 16384)
		}), verifier.OutcomeInvalid, "The status list at issuer.example is forged: The proof does not match"},
		{"unsigned", edit(t, list, func(m map[string]any) { delete(m, "proof") }), verifier.OutcomeUnverifiable, "could not be verified"},
		{"empty proof", edit(t, list, func(m map[string]any) { m["proof"] = []any{} }), verifier.OutcomeUnverifiable, "could not be verified"},
		{"not revoked", signDI(t, statusListCredential(did, "revocation", encodeList(t, 16384)), priv, vm),
			verifier.OutcomeUnconfirmedIssuer, `does not mark this credential. A status entry for "refresh" was ignored`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr := &offline{docs: map[string]string{listURL: string(tt.list)}}
			got := newVerifier(t, nil, tr).Verify(ctx, cred, "")
			wantVerdict(t, tt.name, got, tt.outcome, map[string]verifier.Status{"proof": verifier.Pass}, map[string]string{"status": tt.fragment})
		})
	}
}

// TestVerifyStatusListCache: a list is fetched once for many
// verifications, unless its server forbids caching.
func TestVerifyStatusListCache(t *testing.T) {
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	list := listJWT(t, key, statusListCredential(foreignIssuer, "revocation", encodeList(t, 16384)))
	cred := statusJWT(t, key, entry("revocation", "3"))
	for _, tt := range []struct {
		name   string
		header http.Header
		want   int64
	}{
		{"cached", nil, 1},
		{"max-age=60", http.Header{"Cache-Control": {"public, max-age=60"}}, 1},
		{"no-store", http.Header{"Cache-Control": {"no-store"}}, 3},
	} {
		t.Run(tt.name, func(t *testing.T) {
			tr := &offline{docs: map[string]string{listURL: list}, header: tt.header}
			v := newVerifier(t, nil, tr)
			for range 3 {
				if got := v.Verify(ctx, cred, ""); got.Outcome != verifier.OutcomeUnconfirmedIssuer {
					t.Fatalf("Verify outcome = %s, want %s; checks %+v", got.Outcome, verifier.OutcomeUnconfirmedIssuer, got.Checks)
				}
			}
			if got := tr.requests.Load(); got != tt.want {
				t.Errorf("3 verifications fetched the list %d times, want %d", got, tt.want)
			}
		})
	}
}

func TestVerify1EdTechRevocationList(t *testing.T) {
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	id := credential(foreignIssuer, "")["id"].(string)
	list := func(items ...any) string {
		b, _ := json.Marshal(map[string]any{"revokedCredential": items})
		return string(b)
	}
	tests := []struct {
		name     string
		list     string
		outcome  verifier.Outcome
		want     verifier.Status
		fragment string
	}{
		{"revoked", list(map[string]any{"id": "urn:uuid:other"}, map[string]any{"id": id}),
			verifier.OutcomeRevoked, verifier.Fail, "Revoked by the issuer: its revocation list at issuer.example lists this credential"},
		{"revoked true", list(map[string]any{"id": id, "revoked": true}), verifier.OutcomeRevoked, verifier.Fail, "Revoked by the issuer"},
		{"not revoked", list(map[string]any{"id": "urn:uuid:other"}, map[string]any{"id": id, "revoked": false}),
			verifier.OutcomeUnconfirmedIssuer, verifier.Pass, "Not revoked: the issuer's revocation list at issuer.example does not list this credential"},
		{"unreachable", "", verifier.OutcomeUnverifiable, verifier.Skip, "its revocation list could not be fetched"},
		{"unreadable", "[1,2]", verifier.OutcomeUnverifiable, verifier.Skip, "The revocation list at issuer.example cannot be read"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr := &offline{docs: map[string]string{}}
			if tt.list != "" {
				tr.docs[revListURL] = tt.list
			}
			cred := statusJWT(t, key, map[string]any{"id": revListURL, "type": "1EdTechRevocationList"})
			got := newVerifier(t, nil, tr).Verify(ctx, cred, "")
			wantVerdict(t, tt.name, got, tt.outcome, map[string]verifier.Status{"status": tt.want}, map[string]string{"status": tt.fragment})
		})
	}
}

// TestVerifyOwnStatusListIsLocal: a credential of another issuer that
// names a list on this service is not fetched (that list is about this
// service's own credentials, answered by Local).
func TestVerifyOwnStatusListIsLocal(t *testing.T) {
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	e := entry("revocation", "3")
	e["statusListCredential"] = baseURL + "/status/1"
	tr := &offline{}
	got := newVerifier(t, nil, tr).Verify(ctx, statusJWT(t, key, e), "")
	wantVerdict(t, "own list", got, verifier.OutcomeUnverifiable, map[string]verifier.Status{"status": verifier.Skip},
		map[string]string{"status": "links to a status list on this service"})
	if n := tr.requests.Load(); n != 0 {
		t.Errorf("Verify fetched %d documents, want none", n)
	}
}
