package award_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/internal/spectest"
	"github.com/accolade-badges/accolade/issuer"
	"github.com/accolade-badges/accolade/ledger"
)

const vouched = `id: vouched
name: Vouched Trainer
description: Two hours of workshops, vouched for by two people.
criteria:
  rule:
    all:
      - exchanges: {role: teacher, hours: 2}
      - attestations: {skill: training, count: 2}
`

func attestation(id, attester, member, statement string) *ledger.Attestation {
	return &ledger.Attestation{ID: id, Attester: attester, Member: member, Skill: "training",
		Statement: statement, CreatedAt: now.Add(-time.Hour)}
}

// TestEvidenceInCredential checks that an issued credential's evidence says
// who attested (by name, never email) and what they said, and the hours
// where the rule counts hours, and that it is schema-valid.
func TestEvidenceInCredential(t *testing.T) {
	svc, db := newService(t, vouched)
	ctx := context.Background()
	ex := workshop("w1", "ana", "ben", "cai")
	ex.Title = "Editing basics"
	if _, err := svc.AddExchanges(ctx, []*ledger.Exchange{ex}); err != nil {
		t.Fatal(err)
	}
	long := strings.Repeat("Ana explains patiently and checks everyone follows. ", 10)
	res, err := svc.AddAttestations(ctx, []*ledger.Attestation{
		attestation("a1", "ben", "ana", "  Ran a clear,\n friendly session. "),
		attestation("a2", "cai", "ana", long),
	})
	if err != nil || len(res.Issued) != 1 {
		t.Fatalf("AddAttestations() = %+v, %v; want one credential issued", res, err)
	}
	rec, err := db.Credential(res.Issued[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	spectest.ValidateCredential(t, rec.JSON)
	var c struct {
		Evidence []struct{ Name, Narrative, Description string } `json:"evidence"`
	}
	if err := json.Unmarshal(rec.JSON, &c); err != nil {
		t.Fatal(err)
	}
	day := now.Add(-time.Hour).Format(time.DateOnly)
	want := map[string]bool{
		"Workshop 'Editing basics', 2 h, 2 learners, " + now.Add(-24*time.Hour).Format(time.DateOnly): true,
		"Attestation of training by Member ben, " + day + ": “Ran a clear, friendly session.”":        true,
	}
	var trimmed bool
	for _, e := range c.Evidence {
		delete(want, e.Narrative)
		if strings.HasPrefix(e.Narrative, "Attestation of training by Member cai, "+day+": “Ana explains") {
			trimmed = strings.HasSuffix(e.Narrative, "…”") && len([]rune(e.Description)) <= 200 && e.Name == "Attestation of training by Member cai"
		}
	}
	if len(want) > 0 || !trimmed {
		t.Errorf("evidence = %+v\nmissing %v, long statement trimmed: %v", c.Evidence, want, trimmed)
	}
	if strings.Contains(string(rec.JSON), "@example.org") {
		t.Errorf("the credential contains an email address: %s", rec.JSON)
	}
}

// TestUnpublished checks that an unpublished achievement is not awarded by
// rule or issued directly, until published again, and that one with
// credentials cannot be deleted.
func TestUnpublished(t *testing.T) {
	svc, db := newService(t, twoWorkshops, wikiEditor)
	ctx := context.Background()
	if _, err := svc.SetPublished("trainer", false); err != nil {
		t.Fatal(err)
	}
	res, err := svc.AddExchanges(ctx, []*ledger.Exchange{workshop("w1", "ana", "ben"), workshop("w2", "ana", "cai")})
	if err != nil || len(res.Issued) != 0 {
		t.Fatalf("AddExchanges() issued %d, %v; want none while trainer is unpublished", len(res.Issued), err)
	}
	if _, err := svc.Issue(ctx, issuer.Request{Achievement: "trainer", Member: "ben"}); errs.KindOf(err) != errs.Conflict {
		t.Errorf("Issue(unpublished) = %v, want Conflict", err)
	}
	if _, err := svc.SetPublished("trainer", true); err != nil {
		t.Fatal(err)
	}
	if got, err := svc.Evaluate(ctx, nil); err != nil || len(got) != 1 || got[0].Member != "ana" {
		t.Fatalf("Evaluate() after publishing = %v, %v; want trainer for ana", got, err)
	}
	if err := svc.DeleteAchievement("trainer"); errs.KindOf(err) != errs.Conflict || !strings.Contains(err.Error(), "1 credential has been issued") {
		t.Errorf("DeleteAchievement(trainer) = %v, want Conflict saying 1 credential", err)
	}
	if err := svc.DeleteAchievement("wiki-editor"); err != nil {
		t.Errorf("DeleteAchievement(wiki-editor) = %v", err)
	}
	if _, err := db.Achievement("wiki-editor"); errs.KindOf(err) != errs.NotFound {
		t.Errorf("wiki-editor after delete: %v, want NotFound", err)
	}
}
