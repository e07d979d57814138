package ledger

import (
	"testing"
	"time"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/errs"
)

func validAttestation() *Attestation {
	return &Attestation{ID: "att-1", Attester: "grace", Member: "ada", Skill: "training",
		Statement: "Ada runs good workshops.", Level: "advanced", CreatedAt: now.Add(-time.Hour)}
}

func TestAttestationValidate(t *testing.T) {
	members := known("ada", "grace")
	tests := []struct {
		name   string
		change func(a *Attestation)
		field  string
	}{
		{"valid", func(a *Attestation) {}, ""},
		{"self", func(a *Attestation) { a.Attester = "ada" }, "member"},
		{"unknown attester", func(a *Attestation) { a.Attester = "nobody" }, "attester"},
		{"unknown member", func(a *Attestation) { a.Member = "nobody" }, "member"},
		{"no skill", func(a *Attestation) { a.Skill = "" }, "skill"},
		{"no skill but achievement", func(a *Attestation) { a.Skill, a.Achievement = "", "project-trainer" }, ""},
		{"bad achievement", func(a *Attestation) { a.Achievement = "Project Trainer" }, "achievement"},
		{"bad skill", func(a *Attestation) { a.Skill = "Training!" }, "skill"},
		{"no statement", func(a *Attestation) { a.Statement = "" }, "statement"},
		{"future", func(a *Attestation) { a.CreatedAt = now.Add(time.Hour) }, "createdAt"},
		{"no time", func(a *Attestation) { a.CreatedAt = time.Time{} }, "createdAt"},
		{"no id", func(a *Attestation) { a.ID = "" }, "id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := validAttestation()
			tt.change(a)
			err := a.Validate(now, members)
			if got := errs.FieldOf(err); got != tt.field || (tt.field == "") != (err == nil) {
				t.Errorf("Validate() = %v (field %q), want field %q", err, got, tt.field)
			}
		})
	}
}

func TestAttestationSameContent(t *testing.T) {
	a, b := validAttestation(), validAttestation()
	b.CreatedAt = now
	if !a.SameContent(b) {
		t.Errorf("SameContent(other createdAt) = false, want true")
	}
	b.Statement = "Something else."
	if a.SameContent(b) {
		t.Errorf("SameContent(other statement) = true, want false")
	}
}

func TestApplication(t *testing.T) {
	app := &Application{ID: "app-1", Member: "ada", Achievement: "project-trainer",
		Narrative: "I ran three workshops.", EvidenceURLs: []string{"https://example.org/report"},
		Status: Pending, CreatedAt: now.Add(-time.Hour)}
	if err := app.Validate(now, known("ada")); err != nil {
		t.Fatalf("Validate() = %v", err)
	}
	if _, err := app.Attestation(); errs.KindOf(err) != errs.Conflict {
		t.Errorf("Attestation(pending) kind = %v, want %v", errs.KindOf(err), errs.Conflict)
	}
	if err := app.Decide("ada", true, "", now); errs.FieldOf(err) != "reviewer" {
		t.Errorf("Decide(self) = %v, want a reviewer error", err)
	}
	if err := app.Decide("grace", true, "Well done.", now); err != nil {
		t.Fatalf("Decide() = %v", err)
	}
	if err := app.Validate(now, nil); err != nil {
		t.Fatalf("Validate(approved) = %v", err)
	}
	if err := app.Decide("grace", false, "", now); errs.KindOf(err) != errs.Conflict {
		t.Errorf("Decide(again) kind = %v, want %v", errs.KindOf(err), errs.Conflict)
	}
	att, err := app.Attestation()
	if err != nil {
		t.Fatalf("Attestation() = %v", err)
	}
	if err := att.Validate(now, nil); err != nil {
		t.Errorf("Attestation().Validate() = %v", err)
	}
	if att.Attester != "grace" || att.Member != "ada" || att.Achievement != "project-trainer" {
		t.Errorf("Attestation() = %+v, want grace attesting ada for project-trainer", att)
	}
	app.EvidenceURLs = []string{"javascript:alert(1)"}
	if err := app.Validate(now, nil); errs.FieldOf(err) != "evidenceUrls[0]" {
		t.Errorf("Validate(bad url) = %v, want field evidenceUrls[0]", err)
	}
}

func TestMemberValidate(t *testing.T) {
	tests := []struct {
		m     accolade.Member
		field string
	}{
		{accolade.Member{ID: "ada", Name: "Ada", Email: "ada@example.org", DID: "did:web:ada.example.org", Lang: "en-GB"}, ""},
		{accolade.Member{ID: "ada", Name: "Ada", Email: "Ada <ada@example.org>"}, "email"},
		{accolade.Member{ID: "ada", Name: "Ada", Email: "not-an-email"}, "email"},
		{accolade.Member{ID: "ada", Name: " ", Email: "ada@example.org"}, "name"},
		{accolade.Member{ID: "a da", Name: "Ada", Email: "ada@example.org"}, "id"},
		{accolade.Member{ID: "ada", Name: "Ada", Email: "ada@example.org", DID: "web:x"}, "did"},
		{accolade.Member{ID: "ada", Name: "Ada", Email: "ada@example.org", Lang: "english!"}, "lang"},
	}
	for _, tt := range tests {
		err := tt.m.Validate()
		if got := errs.FieldOf(err); got != tt.field || (tt.field == "") != (err == nil) {
			t.Errorf("Validate(%+v) = %v, want field %q", tt.m, err, tt.field)
		}
	}
}
