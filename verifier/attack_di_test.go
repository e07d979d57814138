package verifier_test

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/accolade-badges/accolade/verifier"
)

// TestDataIntegrityAttacks runs forged Data Integrity credentials against
// the verifier: each must be refused with the exact outcome and a message
// naming what is wrong, fast, and never read as "valid".
func TestDataIntegrityAttacks(t *testing.T) {
	_, ed, _, other := testKeys(t)
	edPriv := ed.priv.(ed25519.PrivateKey)
	_, holderDID := didKey(t)
	attacker, attackerDID := didKey(t)
	vmOf := func(did string) string { return did + "#" + strings.TrimPrefix(did, "did:key:") }
	own := signDI(t, credential(issuerID, issuerName), edPriv, ed.kid)
	// Our key, retired the day before it signed.
	retired := ed
	retired.pub.Retired = t0.Add(-24 * time.Hour)
	retiredLocal := &fakeLocal{keys: map[string][]testKey{issuerID: {retired}}, credentials: map[string][]byte{}}
	ctxWith := func(extra any) func(m map[string]any) {
		return func(m map[string]any) { m["@context"] = append(m["@context"].([]any), extra) }
	}
	const invalid = verifier.OutcomeInvalid
	tests := []struct {
		name    string
		doc     []byte
		local   *fakeLocal
		outcome verifier.Outcome
		check   string
		status  verifier.Status
		msg     string
	}{
		{"our issuer, proof by another of our issuers' key", signDI(t, credential(issuerID, issuerName), other.priv.(ed25519.PrivateKey), other.kid), nil,
			invalid, "proof", verifier.Fail, otherID},
		{"our issuer, proof by an attacker's did:key", signDI(t, credential(issuerID, issuerName), attacker, vmOf(attackerDID)), nil,
			invalid, "proof", verifier.Fail, "claims to be from " + issuerID},
		{"did:key issuer, proof by another controller", signDI(t, credential(holderDID, "Holder"), attacker, vmOf(attackerDID)), nil,
			invalid, "proof", verifier.Fail, "controlled by " + attackerDID},
		{"proof created after our key was retired", own, retiredLocal,
			invalid, "proof", verifier.Fail, "retired"},
		{"unsigned top-level property beside a valid proof", edit(t, own, func(m map[string]any) {
			m["evidence"] = []any{map[string]any{"type": []any{"Evidence"}, "narrative": "Forged evidence."}}
		}), nil, invalid, "proof", verifier.Fail, "changed after it was signed"},
		{"unsigned subject property beside a valid proof", edit(t, own, func(m map[string]any) {
			m["credentialSubject"].(map[string]any)["name"] = "Somebody Else"
		}), nil, invalid, "proof", verifier.Fail, "changed after it was signed"},
		{"undefined term beside a valid proof", edit(t, own, func(m map[string]any) { m["grade"] = "A+" }), nil,
			invalid, "proof", verifier.Fail, "grade"},
		{"unsigned proof option", edit(t, own, func(m map[string]any) { proof0(m)["expires"] = "2099-01-01T00:00:00Z" }), nil,
			invalid, "proof", verifier.Fail, ""},
		{"protected term redefined", edit(t, own, ctxWith(map[string]any{"name": "https://evil.example/name"})), nil,
			invalid, "proof", verifier.Fail, "tried to redefine a protected term"},
		// @vocab turns an added undefined term into a real statement: the
		// signed graph no longer matches.
		{"@vocab injection with an added term", edit(t, edit(t, own, ctxWith(map[string]any{"@vocab": "https://evil.example/vocab#"})),
			func(m map[string]any) { m["grade"] = "A+" }), nil,
			invalid, "proof", verifier.Fail, "changed after it was signed"},
		{"remote unknown context", edit(t, own, ctxWith("https://evil.example/context.jsonld")), nil,
			invalid, "proof", verifier.Fail, "https://evil.example/context.jsonld"},
		{"duplicate name", []byte(strings.Replace(string(own), `"name":"Project Trainer"`, `"name":"Project Trainer","name":"Chief Executive"`, 1)), nil,
			invalid, "structure", verifier.Fail, `"name" twice`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			local := tt.local
			if local == nil {
				local = newLocal(t)
			}
			start := time.Now()
			got := newVerifier(t, local, nil).Verify(ctx, tt.doc, "application/vc+ld+json")
			if d := time.Since(start); d > time.Second {
				t.Errorf("Verify(%s) took %v, want under a second", tt.name, d)
			}
			wantVerdict(t, tt.name, got, tt.outcome, map[string]verifier.Status{tt.check: tt.status}, map[string]string{tt.check: tt.msg})
		})
	}
}

// TestStatusListOnInternalAddresses: a validly signed foreign credential
// whose status list is on loopback, private or metadata addresses gets no
// status fetch: nothing reaches a listener on 127.0.0.1, and the status is
// not reported as checked.
func TestStatusListOnInternalAddresses(t *testing.T) {
	port, accepted := acceptCounter(t)
	v, err := verifier.New(verifier.Config{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	for _, list := range []string{
		fmt.Sprintf("https://127.0.0.1:%d/status/1", port),
		fmt.Sprintf("https://localhost:%d/status/1", port),
		"https://169.254.169.254/latest/meta-data",
		"https://[fd00::1]/status/1",
		"https://10.1.2.3/status/1",
	} {
		st := map[string]any{"id": list + "#7", "type": "BitstringStatusListEntry", "statusPurpose": "revocation",
			"statusListIndex": "7", "statusListCredential": list}
		got := v.Verify(ctx, statusJWT(t, key, st), "")
		c, _ := got.Check("status")
		if got.Verified || c.Status == verifier.Pass || !strings.Contains(c.Message, "private or internal network") {
			t.Errorf("Verify(status at %s) outcome %q, status = %+v, want not checked, naming the internal address", list, got.Outcome, c)
		}
	}
	if n := accepted.Load(); n != 0 {
		t.Errorf("the listener on 127.0.0.1:%d accepted %d connections, want 0", port, n)
	}
}
