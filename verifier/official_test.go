package verifier_test

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/accolade-badges/accolade/internal/spectest"
	"github.com/accolade-badges/accolade/verifier"
)

// officialVerifier verifies the official examples: no local issuers, the
// given clock, and no network (the examples' hosts are not reachable here).
func officialVerifier(t *testing.T, clock time.Time, tr http.RoundTripper) *verifier.Verifier {
	t.Helper()
	if tr == nil {
		tr = &offline{}
	}
	v, err := verifier.New(verifier.Config{Now: func() time.Time { return clock }, HTTPClient: &http.Client{Transport: tr}})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestVerifyOfficialRS256Examples(t *testing.T) {
	var vectors map[string]json.RawMessage
	if err := json.Unmarshal(spectest.Read(t, "test-vectors/vcjwt_rs256_jwk-header_examples.json"), &vectors); err != nil {
		t.Fatal(err)
	}
	tests := []struct{ name, id, structure string }{
		{"ob30_simple_jwt_from_baked_svg", "http://example.com/credentials/3527", "pass"},
		{"ob30_simple_jwt_from_baked_png", "http://example.com/credentials/3527", "pass"},
		{"clr20_simple_jwt", "http://example.edu/credentials/3732", "pass"}, // a ClrCredential (VCDM 1.1 vc claim): read as a CLR record, its credential checked on its own
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var vec struct {
				CompactJws string `json:"compactJws"`
			}
			if err := json.Unmarshal(vectors[tt.name], &vec); err != nil || vec.CompactJws == "" {
				t.Fatalf("vector %s: no compactJws (%v)", tt.name, err)
			}
			got := officialVerifier(t, time.Now(), nil).Verify(ctx, []byte(vec.CompactJws), "")
			wantVerdict(t, tt.name, got, verifier.OutcomeUnconfirmedIssuer, map[string]verifier.Status{
				"format": verifier.Pass, "structure": verifier.Status(tt.structure), "signature": verifier.Pass,
				"claims": verifier.Pass, "dates": verifier.Pass, "issuer": verifier.Warn,
			}, map[string]string{"signature": "key embedded in the credential itself", "issuer": "Nothing confirms who that is"})
			wantCredentialID(t, tt.name, got, tt.id)
		})
	}
}

// wantCredentialID checks the id of the verdict's credential.
func wantCredentialID(t *testing.T, what string, got verifier.Verdict, want string) {
	t.Helper()
	var c struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal(got.Credential, &c); err != nil || c.ID != want {
		t.Errorf("Verify(%s) credential id = %q (%v), want %q", what, c.ID, err, want)
	}
}

func TestVerifyOfficialBakedExamples(t *testing.T) {
	tests := []struct {
		file, format, id string
		outcome          verifier.Outcome
		check            string
		status           verifier.Status
		fragment         string
	}{
		{"validator_ob30_simple-jwt.png", "png+jwt", "http://example.com/credentials/3527", verifier.OutcomeUnconfirmedIssuer, "signature", verifier.Pass, "embedded"},
		{"validator_ob30_simple-jwt.svg", "svg+jwt", "http://example.com/credentials/3527", verifier.OutcomeUnconfirmedIssuer, "signature", verifier.Pass, "embedded"},
		{"validator_ob30_simple-jwt_v1.png", "png+jwt", "http://example.edu/credentials/3732", verifier.OutcomeUnconfirmedIssuer, "structure", verifier.Warn, "VC Data Model 1.1"},
		{"validator_ob30_simple-jwt_v1.svg", "svg+jwt", "http://example.edu/credentials/3732", verifier.OutcomeUnconfirmedIssuer, "structure", verifier.Warn, "VC Data Model 1.1"},
		// The JSON examples' key is at https://example.com/issuers/876543,
		// which cannot be fetched here: the proof is skipped, not crashed on.
		{"validator_ob30_simple-json.png", "png+json", "http://example.com/credentials/3527", verifier.OutcomeUnverifiable, "proof", verifier.Skip, "could not be fetched"},
		{"validator_ob30_simple-json.svg", "svg+json", "http://example.com/credentials/3527", verifier.OutcomeUnverifiable, "proof", verifier.Skip, "could not be fetched"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			img := spectest.Read(t, "examples/baked/"+tt.file)
			got := officialVerifier(t, time.Now(), nil).Verify(ctx, img, "")
			dates := verifier.Pass
			if tt.outcome == verifier.OutcomeUnverifiable {
				dates = verifier.Skip // without a checked proof, its dates are not facts
			}
			wantVerdict(t, tt.file, got, tt.outcome, map[string]verifier.Status{tt.check: tt.status, "dates": dates},
				map[string]string{tt.check: tt.fragment})
			if got.Format != tt.format {
				t.Errorf("Verify(%s) format = %q, want %q", tt.file, got.Format, tt.format)
			}
			wantCredentialID(t, tt.file, got, tt.id)
		})
	}
}

func TestVerifyOfficialDates(t *testing.T) {
	img := spectest.Read(t, "examples/baked/validator_ob30_simple-jwt.svg")
	tests := []struct {
		name     string
		clock    time.Time
		outcome  verifier.Outcome
		fragment string
	}{
		{"now", time.Now(), verifier.OutcomeUnconfirmedIssuer, "Valid since 1 January 2010; it does not expire"},
		{"before validFrom", time.Date(2009, 6, 1, 0, 0, 0, 0, time.UTC), verifier.OutcomeInvalid, "not valid yet: it becomes valid on 1 January 2010"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := officialVerifier(t, tt.clock, nil).Verify(ctx, img, "image/svg+xml")
			wantVerdict(t, tt.name, got, tt.outcome, nil, map[string]string{"dates": tt.fragment})
		})
	}
}

// officialKey is the OB 3.0 test vector key, which the official Data
// Integrity examples are signed with.
const officialKey = "z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi"

// controller is a controller document at id that publishes officialKey for
// assertionMethod, as the https verification methods of the examples need.
func controller(id string) string {
	b, _ := json.Marshal(map[string]any{
		"@context":           []string{"https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"},
		"id":                 id,
		"verificationMethod": []any{map[string]any{"id": id + "#" + officialKey, "type": "Multikey", "controller": id, "publicKeyMultibase": officialKey}},
		"assertionMethod":    []string{id + "#" + officialKey},
	})
	return string(b)
}

func TestVerifyOfficialDataIntegrityExamples(t *testing.T) {
	const mk = officialKey
	tr := &offline{docs: map[string]string{
		"https://example.com/issuers/876543": controller("https://example.com/issuers/876543"),
		"https://1edtech.edu/issuers/565049": controller("https://1edtech.edu/issuers/565049"),
	}}
	tests := []struct {
		file     string
		outcome  verifier.Outcome
		issuer   verifier.Status
		fragment string
	}{
		// The issuer id is a urn:uuid: nothing can tie the did:key to it.
		{"validator_ob30_simple-did-key-method.json", verifier.OutcomeUnconfirmedIssuer, verifier.Warn, "nothing links that key to the issuer"},
		// Published at the issuer's own address: confirmed.
		{"validator_ob30_simple.json", verifier.OutcomeValid, verifier.Pass, "Proven with the key https://example.com/issuers/876543#" + mk + ", published at https://example.com/issuers/876543"},
		{"validator_ob30_simple-did-web-method.json", verifier.OutcomeValid, verifier.Pass, "Proven with the key https://1edtech.edu/issuers/565049#" + mk},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			got := officialVerifier(t, time.Now(), tr).Verify(ctx, spectest.Read(t, "examples/"+tt.file), "")
			wantVerdict(t, tt.file, got, tt.outcome, map[string]verifier.Status{"issuer": tt.issuer},
				map[string]string{"proof": tt.fragment})
		})
	}
}

// TestVerifyOfficialBitstringRevoked runs the whole verification of the
// 1EdTech validator's revoked credential: its proof and its status list's
// proof are checked with the examples' key (served as the issuer's
// controller document, since 1edtech.edu cannot be reached), and the
// validator's test list, served at the address the credential names, has
// bit 23 set.
func TestVerifyOfficialBitstringRevoked(t *testing.T) {
	const issuer = "https://1edtech.edu/issuers/565049"
	const list = "https://raw.githubusercontent.com/1EdTech/digital-credentials-public-validator/refs/heads/main/inspector-vc/src/test/resources/ob30/bit-string-list/testlist"
	tr := &offline{docs: map[string]string{
		issuer: controller(issuer),
		list:   string(spectest.Read(t, "examples/validator_ob30_bitstring-testlist.json")),
	}}
	got := officialVerifier(t, time.Now(), tr).Verify(ctx, spectest.Read(t, "examples/validator_ob30_bitstring-credential-status-revoked.json"), "")
	wantVerdict(t, "bitstring-credential-status-revoked", got, verifier.OutcomeRevoked,
		map[string]verifier.Status{"proof": verifier.Pass, "issuer": verifier.Pass, "status": verifier.Fail},
		map[string]string{"status": "Revoked by the issuer: its status list at raw.githubusercontent.com marks this credential as revoked"})
	if got.Summary != "Revoked by its issuer. The credential is genuine, but its issuer has withdrawn it." {
		t.Errorf("Verify(bitstring-credential-status-revoked) summary = %q", got.Summary)
	}
}
