package verifier_test

import (
	"encoding/json"
	"testing"

	"github.com/accolade-badges/accolade/verifier"
)

func TestVerifyStructure(t *testing.T) {
	tests := []struct {
		name     string
		edit     func(c map[string]any)
		want     verifier.Status
		fragment string
		outcome  verifier.Outcome // unsigned: invalid unless unreadable
	}{
		{"complete", func(map[string]any) {}, verifier.Pass, `An Open Badges 3.0 credential with all required properties`, ""},
		{"no issuer", func(c map[string]any) { delete(c, "issuer") }, verifier.Fail, "it names no issuer", ""},
		{"no start date", func(c map[string]any) { delete(c, "validFrom") }, verifier.Fail, "no start date", ""},
		{"no id, not a VC", func(c map[string]any) { delete(c, "id"); c["type"] = []any{"OpenBadgeCredential"} },
			verifier.Fail, "it has no id and its type does not include VerifiableCredential", ""},
		{"no subject", func(c map[string]any) { delete(c, "credentialSubject") }, verifier.Fail, "names no recipient", ""},
		{"no achievement", func(c map[string]any) {
			c["credentialSubject"] = map[string]any{"id": subjectID, "type": []any{"AchievementSubject"}}
		}, verifier.Fail, "does not say what was achieved", ""},
		{"no context", func(c map[string]any) { c["@context"] = []any{"https://example.org/ctx"} }, verifier.Fail, "@context", ""},
		{"breaks an OB rule", func(c map[string]any) {
			c["credentialSubject"].(map[string]any)["achievement"].(map[string]any)["description"] = ""
		}, verifier.Warn, "does not follow every Open Badges 3.0 rule: credentialSubject.achievement.description", ""},
		{"VCDM 1.1", func(c map[string]any) {
			c["@context"] = []any{"https://www.w3.org/2018/credentials/v1", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"}
			c["issuanceDate"] = c["validFrom"]
			delete(c, "validFrom")
		}, verifier.Warn, "VC Data Model 1.1", ""},
		{"another credential type", func(c map[string]any) {
			c["type"] = []any{"VerifiableCredential", "EndorsementCredential"}
		}, verifier.Warn, "This is an EndorsementCredential, not an Open Badge", ""},
		{"wrong JSON type", func(c map[string]any) { c["validFrom"] = 2026 }, verifier.Fail, "cannot be read", verifier.OutcomeUnreadable},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := credential("https://issuer.example/1", "Somebody")
			tt.edit(c)
			doc, _ := json.Marshal(c)
			got := newVerifier(t, nil, nil).Verify(ctx, doc, "")
			if tt.outcome == "" {
				tt.outcome = verifier.OutcomeInvalid
			}
			wantVerdict(t, tt.name, got, tt.outcome, map[string]verifier.Status{"structure": tt.want},
				map[string]string{"structure": tt.fragment})
		})
	}
}
