package ob3_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/internal/spectest"
	"github.com/accolade-badges/accolade/ob3"
)

// sample returns a credential shaped as Accolade issues them.
func sample() *ob3.OpenBadgeCredential {
	return &ob3.OpenBadgeCredential{
		Context: ob3.Contexts{
			{URL: "https://www.w3.org/ns/credentials/v2"},
			{URL: "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"},
			{URL: "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json"},
		},
		ID:   "urn:uuid:8f1d2b9e-6a57-4c63-9a0e-3b1f4c2d5e6f",
		Type: ob3.Types{ob3.TypeVerifiableCredential, ob3.TypeOpenBadgeCredential},
		Name: "Project Trainer",
		Issuer: ob3.Profile{
			ID: "https://badges.example.org/issuers/default", Type: ob3.Types{ob3.TypeProfile},
			Name: "Example Time Bank", URL: "https://badges.example.org",
		},
		ValidFrom:  ob3.NewDateTime(time.Date(2026, 3, 4, 10, 0, 0, 123, time.UTC)),
		ValidUntil: ob3.NewDateTime(time.Date(2028, 3, 3, 10, 0, 0, 0, time.UTC)),
		CredentialSubject: ob3.AchievementSubject{
			Type:       ob3.Types{ob3.TypeAchievementSubject},
			Identifier: []ob3.IdentityObject{ob3.EmailIdentity("Ana@Example.org", "c2FsdA")},
			Achievement: ob3.Achievement{
				ID: "https://badges.example.org/achievements/project-trainer", Type: ob3.Types{ob3.TypeAchievement},
				Name: "Project Trainer", Description: "Trains others.",
				Criteria:        ob3.Criteria{ID: "https://badges.example.org/achievements/project-trainer#criteria", Narrative: "Ran 3 workshops."},
				AchievementType: "Certificate",
				Image:           &ob3.Image{ID: "https://badges.example.org/achievements/project-trainer.png", Type: ob3.TypeImage},
			},
		},
		Evidence:         []ob3.Evidence{{ID: "https://badges.example.org/exchanges/ws-1", Type: ob3.Types{ob3.TypeEvidence}, Narrative: "Workshop"}},
		CredentialSchema: []ob3.CredentialSchema{{ID: ob3.SchemaURL, Type: ob3.SchemaValidatorType}},
	}
}

func TestIssuedShapeValidatesAgainstOfficialSchema(t *testing.T) {
	b, err := json.Marshal(sample())
	if err != nil {
		t.Fatal(err)
	}
	spectest.ValidateCredential(t, b)
	for _, bad := range []string{"null", "[]", "Ana@Example.org", "ana@example.org"} {
		if strings.Contains(string(b), bad) {
			t.Errorf("issued JSON contains %q: %s", bad, b)
		}
	}
	if !strings.Contains(string(b), `"validFrom":"2026-03-04T10:00:00Z"`) {
		t.Errorf("validFrom not in whole seconds with Z: %s", b)
	}
}

func TestCompleteExampleRoundTrips(t *testing.T) {
	for _, f := range []string{
		"examples/ob3_spec_complete_openbadgecredential_unsigned.json",
		"examples/validator_ob30_complete.json",
		"examples/validator_ob30_simple-did-web-method.json",
		"examples/validator_ob30_bitstring-credential-status-revoked.json",
	} {
		t.Run(f, func(t *testing.T) {
			in := spectest.Read(t, f)
			c, err := ob3.ParseCredential(in)
			if err != nil {
				t.Fatalf("ParseCredential: %v", err)
			}
			out, err := json.Marshal(c)
			if err != nil {
				t.Fatal(err)
			}
			if !spectest.JSONEqual(t, normalize(t, in), out) {
				t.Errorf("round trip changed the credential:\n in: %s\nout: %s", in, out)
			}
		})
	}
}

// normalize applies the only rewrites writing makes on purpose: a single proof
// or identifier becomes an array, a numeric statusListIndex becomes a string.
func normalize(t *testing.T, in []byte) []byte {
	var m map[string]any
	if err := json.Unmarshal(in, &m); err != nil {
		t.Fatal(err)
	}
	if p, ok := m["proof"].(map[string]any); ok {
		m["proof"] = []any{p}
	}
	if s, ok := m["credentialStatus"].(map[string]any); ok {
		if n, ok := s["statusListIndex"].(float64); ok {
			s["statusListIndex"] = strings.TrimSuffix(strings.TrimRight(jsonNum(n), "0"), ".")
		}
	}
	b, _ := json.Marshal(m)
	return b
}

func jsonNum(f float64) string { b, _ := json.Marshal(f); return string(b) }

func TestTolerantReading(t *testing.T) {
	in := `{"@context":"https://www.w3.org/2018/credentials/v1","id":"urn:x","type":"VerifiableCredential",
	"issuer":"did:key:z6Mk","issuanceDate":"2020-01-01T00:00:00Z","expirationDate":"2030-01-01T00:00:00Z",
	"credentialSubject":{"type":"AchievementSubject","achievement":{"id":"urn:a","type":"Achievement","name":"n","description":"d","criteria":{"narrative":"x"},"image":"https://i.example/a.png"}},
	"proof":{"type":"Ed25519Signature2020","jws":"abc"},"credentialSchema":{"id":"https://s.example","type":"JsonSchema"},"custom":{"keep":[1,2]}}`
	c, err := ob3.ParseCredential([]byte(in))
	if err != nil {
		t.Fatalf("ParseCredential: %v", err)
	}
	if got := c.Issuer.ID; got != "did:key:z6Mk" || !c.Issuer.IsRef() {
		t.Errorf("issuer = %q (ref %v), want did:key:z6Mk as a ref", got, c.Issuer.IsRef())
	}
	if c.Start().Year() != 2020 || c.End().Year() != 2030 {
		t.Errorf("Start/End = %v/%v, want 2020/2030 from the VCDM 1.1 fields", c.Start(), c.End())
	}
	if len(c.Proof) != 1 || string(c.Proof[0].Extra["jws"]) != `"abc"` {
		t.Errorf("proof = %+v, want one proof keeping jws", c.Proof)
	}
	if c.CredentialSubject.Achievement.Image == nil || c.CredentialSubject.Achievement.Image.ID != "https://i.example/a.png" {
		t.Errorf("image = %+v, want the bare URL read as an Image", c.CredentialSubject.Achievement.Image)
	}
	out, _ := json.Marshal(c)
	for _, want := range []string{`"issuer":"did:key:z6Mk"`, `"custom":{"keep":[1,2]}`, `"type":["VerifiableCredential"]`, `"proof":[{`} {
		if !strings.Contains(string(out), want) {
			t.Errorf("written JSON lacks %s: %s", want, out)
		}
	}
}

func TestParseCredentialErrors(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"array", `[1]`, "must be a JSON object, got an array"},
		{"empty", ``, "got nothing"},
		{"bad date", `{"validFrom":"yesterday"}`, `"yesterday" is not an RFC 3339 date-time`},
		{"bad type", `{"type":3}`, "type: want a string or an array of strings"},
		{"subject not object", `{"credentialSubject":"x"}`, "want a JSON object, got a string"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ob3.ParseCredential([]byte(tt.in))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("ParseCredential(%s) error = %v, want it to mention %q", tt.in, err, tt.want)
			}
			if k := errs.KindOf(err); k != errs.Invalid {
				t.Errorf("kind = %v, want Invalid", k)
			}
		})
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name, field string
		mutate      func(c *ob3.OpenBadgeCredential)
	}{
		{"ok", "", func(c *ob3.OpenBadgeCredential) {}},
		{"contexts out of order", "@context", func(c *ob3.OpenBadgeCredential) { c.Context[0], c.Context[1] = c.Context[1], c.Context[0] }},
		{"relative id", "id", func(c *ob3.OpenBadgeCredential) { c.ID = "/credentials/1" }},
		{"missing OB type", "type", func(c *ob3.OpenBadgeCredential) { c.Type = ob3.Types{"VerifiableCredential"} }},
		{"issuer type", "issuer.type", func(c *ob3.OpenBadgeCredential) { c.Issuer.Type = nil }},
		{"no validFrom", "validFrom", func(c *ob3.OpenBadgeCredential) { c.ValidFrom = ob3.DateTime{} }},
		{"validUntil before", "validUntil", func(c *ob3.OpenBadgeCredential) {
			c.ValidUntil = ob3.NewDateTime(time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC))
		}},
		{"no recipient", "credentialSubject", func(c *ob3.OpenBadgeCredential) { c.CredentialSubject.Identifier = nil }},
		{"achievement name", "credentialSubject.achievement.name", func(c *ob3.OpenBadgeCredential) { c.CredentialSubject.Achievement.Name = " " }},
		{"image type", "credentialSubject.achievement.image.type", func(c *ob3.OpenBadgeCredential) { c.CredentialSubject.Achievement.Image.Type = "" }},
		{"plain hash", "credentialSubject.identifier[0].identityHash", func(c *ob3.OpenBadgeCredential) { c.CredentialSubject.Identifier[0].IdentityHash = "ana@example.org" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := sample()
			tt.mutate(c)
			err := c.Validate()
			if got := errs.FieldOf(err); got != tt.field {
				t.Errorf("Validate() field = %q (err %v), want %q", got, err, tt.field)
			}
			if tt.field != "" && errs.KindOf(err) != errs.Invalid {
				t.Errorf("Validate() kind = %v, want Invalid", errs.KindOf(err))
			}
		})
	}
}

func TestIdentityHash(t *testing.T) {
	// The example given in the OB 3.0 specification (IdentityHash).
	if got, want := ob3.HashIdentity("a@example.com", "Kosher"), "sha256$b5809d8a92f8858436d7e6b87c12ebc0ae1eac4baecc2c0b913aee2c922ef399"; got != want {
		t.Errorf("HashIdentity(a@example.com, Kosher) = %s, want %s", got, want)
	}
	o := ob3.EmailIdentity(" Ana@Example.org", "salt1")
	if !o.Hashed || o.IdentityType != "emailAddress" || o.Salt != "salt1" {
		t.Errorf("EmailIdentity = %+v", o)
	}
	if !o.Matches("ana@example.org") || o.Matches("ana@example.com") {
		t.Errorf("Matches: want true for the same address, false for another")
	}
}

// TestCredentialStatusShapes: one entry reads and writes as an object,
// several as an array, each keeping its fields.
func TestCredentialStatusShapes(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		entries  int
	}{
		{"object", `{"id":"https://x.example/s/r-1#7","type":"BitstringStatusListEntry","statusPurpose":"revocation","statusListIndex":"7","statusListCredential":"https://x.example/s/r-1"}`, 1},
		{"array", `[{"id":"https://x.example/s/r-1#7","type":"BitstringStatusListEntry","statusPurpose":"revocation","statusListIndex":"7","statusListCredential":"https://x.example/s/r-1"},{"id":"https://x.example/s/s-1#9","type":"BitstringStatusListEntry","statusPurpose":"suspension","statusListIndex":"9","statusListCredential":"https://x.example/s/s-1"}]`, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var s ob3.CredentialStatus
			if err := json.Unmarshal([]byte(tc.in), &s); err != nil {
				t.Fatalf("Unmarshal: %v", err)
			}
			if got := len(s.Entries()); got != tc.entries {
				t.Fatalf("Entries() has %d, want %d", got, tc.entries)
			}
			if s.StatusListIndex != "7" || s.Entries()[tc.entries-1].StatusListIndex == "" {
				t.Errorf("entries = %+v", s.Entries())
			}
			out, err := json.Marshal(s)
			if err != nil || string(out) != tc.in {
				t.Errorf("Marshal = %s, %v, want %s", out, err, tc.in)
			}
		})
	}
}
