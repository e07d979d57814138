package verifier_test

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"strings"
	"testing"

	"github.com/accolade-badges/accolade/dataintegrity"
	"github.com/accolade-badges/accolade/keys"
	"github.com/accolade-badges/accolade/verifier"
)

// edSigner signs Data Integrity proofs with an Ed25519 key.
type edSigner struct{ priv ed25519.PrivateKey }

func (s edSigner) Sign(msg []byte) ([]byte, error) { return ed25519.Sign(s.priv, msg), nil }

// signDI returns credential c with an eddsa-rdfc-2022 proof by priv for vm.
func signDI(tb testing.TB, c map[string]any, priv ed25519.PrivateKey, vm string) []byte {
	tb.Helper()
	doc, err := json.Marshal(c)
	if err != nil {
		tb.Fatal(err)
	}
	out, err := dataintegrity.Sign(doc, edSigner{priv}, dataintegrity.Options{VerificationMethod: vm, Created: t0})
	if err != nil {
		tb.Fatalf("dataintegrity.Sign: %v", err)
	}
	return out
}

// edit decodes a signed document, applies f and encodes it again.
func edit(tb testing.TB, doc []byte, f func(m map[string]any)) []byte {
	var m map[string]any
	if err := json.Unmarshal(doc, &m); err != nil {
		tb.Fatal(err)
	}
	f(m)
	b, _ := json.Marshal(m)
	return b
}

func proof0(m map[string]any) map[string]any { return m["proof"].([]any)[0].(map[string]any) }

// didKey returns a fresh Ed25519 key and its did:key.
func didKey(tb testing.TB) (ed25519.PrivateKey, string) {
	pub, priv, _ := ed25519.GenerateKey(rand.Reader)
	did, err := keys.DIDKey(pub)
	if err != nil {
		tb.Fatal(err)
	}
	return priv, did
}

func TestVerifyDataIntegrity(t *testing.T) {
	_, ed, _, _ := testKeys(t)
	edPriv := ed.priv.(ed25519.PrivateKey)
	attacker, attackerDID := didKey(t)
	holder, holderDID := didKey(t)
	_, otherDID := didKey(t)
	vmOf := func(did string) string { return did + "#" + strings.TrimPrefix(did, "did:key:") }
	const invalid = verifier.OutcomeInvalid
	own := signDI(t, credential(issuerID, issuerName), edPriv, ed.kid)
	tests := []struct {
		name     string
		doc      []byte
		outcome  verifier.Outcome
		proof    verifier.Status
		issuer   verifier.Status
		fragment string
	}{
		{"ours by kid", own, verifier.OutcomeValid, verifier.Pass, verifier.Pass, "Proven with a key of Example Time Bank on this service, created 2025-12-31"},
		{"ours by fragment", signDI(t, credential(issuerID, issuerName), edPriv, issuerID+"#"+ed.pub.ID),
			verifier.OutcomeValid, verifier.Pass, verifier.Pass, "Proven with a key of Example Time Bank on this service"},
		{"ours by multikey fragment", signDI(t, credential(issuerID, issuerName), edPriv, issuerID+"#"+mustMultikey(t, ed)),
			verifier.OutcomeValid, verifier.Pass, verifier.Pass, "Proven with a key of Example Time Bank on this service"},
		{"ours, foreign key", signDI(t, credential(issuerID, issuerName), attacker, vmOf(attackerDID)),
			invalid, verifier.Fail, verifier.Skip, "claims to be from " + issuerID},
		{"did:key issuer", signDI(t, credential(holderDID, "Holder"), holder, vmOf(holderDID)),
			verifier.OutcomeUnconfirmedIssuer, verifier.Pass, verifier.Warn, "Proven correctly with the key " + vmOf(holderDID)},
		{"urn issuer, did:key", signDI(t, credential("urn:uuid:6f2e33e5-7a29-4155-840a-59483ba10164", "Andy"), holder, vmOf(holderDID)),
			verifier.OutcomeUnconfirmedIssuer, verifier.Pass, verifier.Warn, "nothing links that key to the issuer the credential names"},
		{"issuer controls another key", signDI(t, credential(otherDID, "Other"), holder, vmOf(holderDID)),
			invalid, verifier.Fail, verifier.Skip, "controlled by " + holderDID},
		{"changed name", edit(t, own, func(m map[string]any) { m["name"] = "Chief Trainer" }),
			invalid, verifier.Fail, verifier.Skip, "changed after it was signed"},
		{"changed nested field", edit(t, own, func(m map[string]any) {
			m["credentialSubject"].(map[string]any)["achievement"].(map[string]any)["name"] = "Chief Trainer"
		}), invalid, verifier.Fail, verifier.Skip, "changed after it was signed"},
		{"changed proof value", edit(t, own, func(m map[string]any) {
			pv := proof0(m)["proofValue"].(string)
			c := "2"
			if pv[10] == '2' {
				c = "3"
			}
			proof0(m)["proofValue"] = pv[:10] + c + pv[11:]
		}), invalid, verifier.Fail, verifier.Skip, ""},
		{"changed verification method", edit(t, signDI(t, credential(holderDID, "Holder"), holder, vmOf(holderDID)), func(m map[string]any) {
			proof0(m)["verificationMethod"] = vmOf(attackerDID)
		}), invalid, verifier.Fail, verifier.Skip, ""},
		{"changed purpose", edit(t, own, func(m map[string]any) { proof0(m)["proofPurpose"] = "authentication" }),
			invalid, verifier.Fail, verifier.Skip, `made for "authentication"`},
		// A context this verifier does not embed: our issuers never use
		// one, so in a credential of theirs it is a change; in another's,
		// it only means this verifier cannot canonicalize it.
		{"changed context", edit(t, own, func(m map[string]any) {
			m["@context"] = append(m["@context"].([]any), "https://example.org/unknown-context")
		}), invalid, verifier.Fail, verifier.Skip, "this service's issuers never use it"},
		{"another issuer's unknown context", edit(t, signDI(t, credential(holderDID, "Holder"), holder, vmOf(holderDID)), func(m map[string]any) {
			m["@context"] = append(m["@context"].([]any), "https://example.org/unknown-context")
		}), verifier.OutcomeUnverifiable, verifier.Skip, verifier.Skip, "context this verifier does not know"},
		{"no proof", edit(t, own, func(m map[string]any) { delete(m, "proof") }),
			invalid, verifier.Fail, verifier.Skip, "carries no proof"},
		{"unsupported proof", edit(t, own, func(m map[string]any) { proof0(m)["type"] = "JsonWebSignature2020" }),
			verifier.OutcomeUnverifiable, verifier.Skip, verifier.Skip, "not supported"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := newVerifier(t, newLocal(t), nil).Verify(ctx, tt.doc, "application/vc+ld+json")
			wantVerdict(t, tt.name, got, tt.outcome,
				map[string]verifier.Status{"proof": tt.proof, "issuer": tt.issuer, "format": verifier.Pass},
				map[string]string{"proof": tt.fragment})
			if got.Format != "json" {
				t.Errorf("Verify(%s) format = %q, want json", tt.name, got.Format)
			}
		})
	}
}

func mustMultikey(t *testing.T, k testKey) string {
	mk, err := k.pub.Multikey()
	if err != nil {
		t.Fatal(err)
	}
	return mk
}
