package verifier_test

import (
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"

	"github.com/accolade-badges/accolade/keys"
	"github.com/accolade-badges/accolade/verifier"
)

// TestVerdictOutcomes covers the verdict table case by case: one outcome
// first, in words, then the checks.
func TestVerdictOutcomes(t *testing.T) {
	_, ed, _, _ := testKeys(t)
	impostor, impostorDID := didKey(t)
	vmOf := func(did string) string { return did + "#" + strings.TrimPrefix(did, "did:key:") }
	expiring := payload(credential(issuerID, issuerName))
	expiring["validUntil"], expiring["exp"] = now.Add(-time.Hour).Format(time.RFC3339), now.Add(-time.Hour).Unix()
	revokedAt := t0.Add(3 * time.Hour)
	tests := []struct {
		name    string
		input   []byte
		status  verifier.CredentialStatus
		outcome verifier.Outcome
		summary string
	}{
		{"valid", []byte(ownJWT(t, ed)), verifier.CredentialStatus{}, verifier.OutcomeValid,
			"Valid — issued by “Example Time Bank” on 2 January 2026 10:00 UTC. Unchanged since it was signed"},
		{"expired", []byte(sign(t, ed.priv, jose.EdDSA, expiring, map[string]any{"kid": ed.kid})), verifier.CredentialStatus{},
			verifier.OutcomeExpired, "Expired on 3 January 2026 09:00 UTC. The credential is genuine (issued by “Example Time Bank” on "},
		{"revoked", []byte(ownJWT(t, ed)), verifier.CredentialStatus{Revoked: true, Since: revokedAt},
			verifier.OutcomeRevoked, "Revoked on 2 January 2026 13:00 UTC. The credential is genuine, but its issuer has withdrawn it."},
		{"suspended", []byte(ownJWT(t, ed)), verifier.CredentialStatus{Suspended: true},
			verifier.OutcomeSuspended, "Suspended by its issuer, for now. The credential is genuine, but its issuer has put it on hold."},
		{"impostor with our issuer's name", signDI(t, credential(impostorDID, issuerName), impostor, vmOf(impostorDID)),
			verifier.CredentialStatus{}, verifier.OutcomeUnconfirmedIssuer,
			"Signed correctly, but by an issuer this service does not know. It was signed by " + impostorDID + ", which calls itself “Example Time Bank”. Nothing confirms who that is. " +
				"Beware: “Example Time Bank” is the name of an issuer on this service, and this credential was not issued by it."},
		{"tampered", []byte(flip(ownJWT(t, ed))), verifier.CredentialStatus{}, verifier.OutcomeInvalid,
			"Not valid — the content was changed after signing. The signature does not match"},
		{"not a credential", []byte(`{"hello": "world"}`), verifier.CredentialStatus{}, verifier.OutcomeUnreadable,
			"This is not a credential we can read."},
		{"junk", []byte("hello"), verifier.CredentialStatus{}, verifier.OutcomeUnreadable,
			"This is not a credential we can read. This is not a credential"},
		{"key unreachable", signDI(t, credential("https://issuer.example/1", "Somebody"), impostor, "https://issuer.example/1/keys/1"),
			verifier.CredentialStatus{}, verifier.OutcomeUnverifiable, "Cannot check. The proof could not be checked: the key document could not be fetched"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			local := newLocal(t)
			local.statuses = map[string]verifier.CredentialStatus{"urn:uuid:8c5e0e58-4c1a-4b53-9f0a-5f4a1f0d6a11": tt.status}
			got := newVerifier(t, local, nil).Verify(ctx, tt.input, "")
			if got.Outcome != tt.outcome || got.Verified != (tt.outcome == verifier.OutcomeValid) {
				t.Errorf("Verify(%s) outcome = %q (verified %v), want %q; checks %+v", tt.name, got.Outcome, got.Verified, tt.outcome, got.Checks)
			}
			if !strings.HasPrefix(got.Summary, tt.summary) {
				t.Errorf("Verify(%s) summary = %q, want it to start %q", tt.name, got.Summary, tt.summary)
			}
			for _, c := range got.Checks {
				if c.Label == "" || c.Label == c.Check {
					t.Errorf("Verify(%s) check %s has label %q, want words", tt.name, c.Check, c.Label)
				}
			}
			b, _ := json.Marshal(got)
			if !strings.Contains(string(b), `"outcome":"`+string(tt.outcome)+`"`) {
				t.Errorf("Verify(%s) JSON = %s, want an outcome field", tt.name, b)
			}
		})
	}
}

// TestVerifyImpostorNeverReadsAsIssuer is fault 1 of issue 7: a did:key
// calling itself by one of our issuers' names is never "issued by" it.
func TestVerifyImpostorNeverReadsAsIssuer(t *testing.T) {
	impostor, did := didKey(t)
	priv := impostor
	tok := sign(t, priv, jose.EdDSA, payload(credential(did, issuerName)), map[string]any{"kid": did + "#" + strings.TrimPrefix(did, "did:key:")})
	got := newVerifier(t, newLocal(t), nil).Verify(ctx, []byte(tok), "")
	wantVerdict(t, "impostor", got, verifier.OutcomeUnconfirmedIssuer,
		map[string]verifier.Status{"signature": verifier.Pass, "issuer": verifier.Warn},
		map[string]string{"issuer": "Beware: “Example Time Bank” is the name of an issuer on this service"})
	for _, c := range got.Checks {
		if strings.Contains(c.Message, "Example Time Bank's key") || strings.Contains(c.Message, "Issued by Example Time Bank") {
			t.Errorf("Verify(impostor) check %s = %q, want the claimed name never stated as the signer", c.Check, c.Message)
		}
	}
}

// TestVerifyMethodAtItsOwnURL: a verification method published as its own
// document (what the 1EdTech validator and Digital Bazaar's libraries read)
// is confirmed through its controller's assertionMethod.
func TestVerifyMethodAtItsOwnURL(t *testing.T) {
	pub, priv, _ := ed25519.GenerateKey(rand.Reader)
	mk, _ := keys.EncodeMultikey(pub)
	const issuer = "https://issuer.example/issuers/1"
	const vm = issuer + "/keys/k1/multikey"
	keyDoc := func(controller string) string {
		b, _ := json.Marshal(map[string]any{"@context": []string{"https://w3id.org/security/multikey/v1"},
			"id": vm, "type": "Multikey", "controller": controller, "publicKeyMultibase": mk})
		return string(b)
	}
	profile := func(id string, methods ...string) string {
		b, _ := json.Marshal(map[string]any{"@context": []string{"https://www.w3.org/ns/did/v1"}, "id": id, "type": "Profile",
			"name": "Museum", "assertionMethod": methods})
		return string(b)
	}
	tests := []struct {
		name    string
		docs    map[string]string
		outcome verifier.Outcome
		proof   string
	}{
		{"listed by the issuer", map[string]string{vm: keyDoc(issuer), issuer: profile(issuer, vm)},
			verifier.OutcomeValid, "Proven with the key " + vm + ", published at " + vm},
		{"not listed", map[string]string{vm: keyDoc(issuer), issuer: profile(issuer)},
			verifier.OutcomeInvalid, "does not list the key"},
		{"controller unreachable", map[string]string{vm: keyDoc(issuer)},
			verifier.OutcomeUnverifiable, "could not be fetched"},
		{"controlled by another", map[string]string{vm: keyDoc("https://evil.example/x"), "https://evil.example/x": profile("https://evil.example/x", vm)},
			verifier.OutcomeInvalid, "controlled by https://evil.example/x"},
		{"controller document of another id", map[string]string{vm: keyDoc(issuer), issuer: profile("https://evil.example/x", vm)},
			verifier.OutcomeInvalid, "does not say it is"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := newVerifier(t, nil, &offline{docs: tt.docs}).Verify(ctx, signDI(t, credential(issuer, "Museum"), priv, vm), "")
			wantVerdict(t, tt.name, got, tt.outcome, nil, map[string]string{"proof": tt.proof})
		})
	}
}

// TestVerifyInsecureFetchWarns is fault 8 of issue 7: the command line may
// follow plain http keys (the demo's own), with a warning; the server's
// default refuses them.
func TestVerifyInsecureFetchWarns(t *testing.T) {
	_, priv, _ := ed25519.GenerateKey(rand.Reader)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/jwk+json")
		json.NewEncoder(w).Encode(jose.JSONWebKey{Key: priv.Public()})
	}))
	defer srv.Close()
	tok := sign(t, priv, jose.EdDSA, payload(credential(srv.URL+"/issuers/default", "Demo")), map[string]any{"kid": srv.URL + "/issuers/default/keys/k1"})
	cli, _ := verifier.New(verifier.Config{AllowInsecure: true, Now: func() time.Time { return now }})
	got := cli.Verify(ctx, []byte(tok), "")
	wantVerdict(t, "insecure allowed", got, verifier.OutcomeValid, map[string]verifier.Status{"signature": verifier.Warn},
		map[string]string{"signature": "fetched over plain http: anyone on the network path could have changed it"})
	strict, _ := verifier.New(verifier.Config{Now: func() time.Time { return now }})
	got = strict.Verify(ctx, []byte(tok), "")
	if got.Verified || got.Outcome == verifier.OutcomeValid {
		t.Errorf("Verify(http key, default client) = %q, want a refusal", got.Outcome)
	}
}

func TestMatchRecipient(t *testing.T) {
	_, ed, _, _ := testKeys(t)
	c := credential(issuerID, issuerName)
	c["credentialSubject"].(map[string]any)["identifier"] = []any{
		map[string]any{"type": "IdentityObject", "identityType": "emailAddress", "hashed": true, "salt": "s1",
			"identityHash": "sha256$" + sha256Hex("ana@example.org"+"s1")},
	}
	tok := sign(t, ed.priv, jose.EdDSA, payload(c), map[string]any{"kid": ed.kid})
	v := newVerifier(t, newLocal(t), nil)
	got := v.Verify(ctx, []byte(tok), "")
	if !verifier.EmailRecipient(got) {
		t.Fatalf("EmailRecipient = false, want true; checks %+v", got.Checks)
	}
	for email, want := range map[string]verifier.RecipientMatch{
		"ana@example.org": verifier.RecipientMatches, " Ana@Example.org ": verifier.RecipientMatches,
		"bob@example.org": verifier.RecipientDiffers, "": verifier.RecipientUnknown,
	} {
		if m := verifier.MatchRecipient(got, email); m != want {
			t.Errorf("MatchRecipient(%q) = %q, want %q", email, m, want)
		}
	}
	forged := v.Verify(ctx, []byte(flip(tok)), "")
	if m := verifier.MatchRecipient(forged, "ana@example.org"); m != verifier.RecipientUnknown {
		t.Errorf("MatchRecipient(forged) = %q, want unknown: a forgery names no one", m)
	}
}

func sha256Hex(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}
