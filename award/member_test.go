package award_test

import (
	"context"
	"regexp"
	"slices"
	"testing"
	"time"

	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/issuer"
	"github.com/accolade-badges/accolade/ledger"
)

const fiveWorkshops = `id: trainer
name: Trainer
description: Ran five confirmed workshops.
criteria:
  rule:
    exchanges: {role: teacher, kind: [workshop], confirmed: true, count: 5}
`

func logged(teacher string, learners ...string) *ledger.Exchange {
	return &ledger.Exchange{Kind: ledger.Workshop, Skills: []string{"training"}, Hours: 2,
		OccurredAt: now.Add(-time.Hour), Teachers: []string{teacher}, Learners: learners}
}

func TestMemberLogConfirmDispute(t *testing.T) {
	svc, db := newService(t, fiveWorkshops)
	ctx := context.Background()
	current := func() float64 {
		t.Helper()
		res, err := svc.Progress("ana")
		if err != nil || len(res) != 1 {
			t.Fatalf("Progress(ana) = %v, %v", res, err)
		}
		return res[0].Requirements[0].Current
	}
	e, err := svc.LogExchange(ctx, "ana", logged("ana", "ben", "cai"))
	if err != nil {
		t.Fatalf("LogExchange = %v", err)
	}
	if !regexp.MustCompile(`^x-[a-z2-7]{12}$`).MatchString(e.ID) || e.LoggedBy != "ana" || !slices.Equal(e.ConfirmedBy, []string{"ana"}) {
		t.Errorf("logged exchange = %+v, want a random x- id, loggedBy and confirmedBy ana", e)
	}
	if got := current(); got != 0 {
		t.Errorf("before a learner confirms: current = %v, want 0 (the logger's own confirmation is not a counterpart's)", got)
	}
	if _, _, err := svc.MemberConfirm(ctx, e.ID, "ben"); err != nil {
		t.Fatalf("MemberConfirm(ben) = %v", err)
	}
	if got := current(); got != 1 {
		t.Errorf("after ben confirms: current = %v, want 1", got)
	}
	if _, _, err := svc.MemberConfirm(ctx, e.ID, "dee"); errs.KindOf(err) != errs.Forbidden {
		t.Errorf("MemberConfirm(outsider) kind = %v, want Forbidden", errs.KindOf(err))
	}
	if _, err := svc.Dispute(ctx, e.ID, "dee", ""); errs.KindOf(err) != errs.Forbidden {
		t.Errorf("Dispute(outsider) kind = %v, want Forbidden", errs.KindOf(err))
	}
	if _, err := svc.Dispute(ctx, e.ID, "ana", ""); errs.KindOf(err) != errs.Invalid {
		t.Errorf("Dispute(logger) kind = %v, want Invalid", errs.KindOf(err))
	}
	stored, _ := db.Exchange(e.ID)
	if !slices.Equal(stored.ConfirmedBy, []string{"ana", "ben"}) || len(stored.DisputedBy) != 0 {
		t.Errorf("refused calls changed the exchange: %+v", stored)
	}
	if _, err := svc.Dispute(ctx, e.ID, "cai", ""); err != nil {
		t.Fatalf("Dispute(cai) = %v", err)
	}
	if got := current(); got != 0 {
		t.Errorf("after cai disputes: current = %v, want 0", got)
	}
	list, err := svc.MemberExchanges("cai")
	if err != nil || len(list) != 1 || list[0].ConfirmationOf("cai") != ledger.Disputed {
		t.Errorf("MemberExchanges(cai) = %v, %v", list, err)
	}
	if _, err := svc.MemberExchange("dee", e.ID); errs.KindOf(err) != errs.NotFound {
		t.Errorf("MemberExchange(outsider) kind = %v, want NotFound", errs.KindOf(err))
	}
	if _, err := svc.LogExchange(ctx, "dee", logged("ana", "ben")); errs.FieldOf(err) != "learners" {
		t.Errorf("LogExchange by a non-participant: %v, want a learners error", err)
	}
}

func TestMemberExchangesPendingFirst(t *testing.T) {
	svc, _ := newService(t)
	ctx := context.Background()
	old := logged("ben", "ana")
	old.OccurredAt = now.Add(-48 * time.Hour)
	pending, err := svc.LogExchange(ctx, "ben", old)
	if err != nil {
		t.Fatal(err)
	}
	mine, err := svc.LogExchange(ctx, "ana", logged("ana", "cai"))
	if err != nil {
		t.Fatal(err)
	}
	list, err := svc.MemberExchanges("ana")
	if err != nil || len(list) != 2 || list[0].ID != pending.ID || list[1].ID != mine.ID {
		t.Errorf("MemberExchanges(ana) = %v, %v; want the one awaiting her confirmation first", list, err)
	}
}

const mentor = `id: mentor
name: Mentor
description: Issued by hand.
`

const reviewed = `id: reviewed
name: Reviewed
description: Approved by a mentor.
reviewers: mentor
awardOnApproval: true
`

const attested = `id: attested
name: Attested
description: Attested by a mentor.
criteria:
  rule:
    attestations: {fromHoldersOf: mentor, count: 1}
`

func TestMemberRoles(t *testing.T) {
	svc, _ := newService(t, mentor, reviewed, attested)
	ctx := context.Background()
	if r := svc.AttestRightOf("ana"); r.May || !slices.Equal(r.Needed, []string{"mentor"}) {
		t.Errorf("AttestRightOf(ana) before mentor = %+v, want not, needing mentor", r)
	}
	if _, err := svc.MemberAttest(ctx, "ana", &ledger.Attestation{Member: "ben", Skill: "training", Statement: "Good."}); errs.KindOf(err) != errs.Forbidden {
		t.Errorf("MemberAttest by non-holder kind = %v, want Forbidden", errs.KindOf(err))
	}
	rec, err := svc.Issue(ctx, issuer.Request{Achievement: "mentor", Member: "ana"})
	if err != nil {
		t.Fatal(err)
	}
	if r := svc.AttestRightOf("ana"); !r.May || !slices.Equal(r.Via, []string{"mentor"}) {
		t.Errorf("AttestRightOf(ana) as mentor = %+v", r)
	}
	if _, err := svc.MemberAttest(ctx, "ana", &ledger.Attestation{Member: "ana", Skill: "training", Statement: "Me."}); errs.KindOf(err) != errs.Invalid {
		t.Errorf("MemberAttest(self) kind = %v, want Invalid", errs.KindOf(err))
	}
	issued, err := svc.MemberAttest(ctx, "ana", &ledger.Attestation{Member: "ben", Skill: "training", Statement: "Good."})
	if err != nil || len(issued) != 1 || issued[0].Achievement != "attested" {
		t.Errorf("MemberAttest(ben) issued %v, %v; want attested", issued, err)
	}
	about, by, err := svc.MemberAttestations("ana")
	if err != nil || len(about) != 0 || len(by) != 1 || by[0].Member != "ben" {
		t.Errorf("MemberAttestations(ana) = %v, %v, %v", about, by, err)
	}
	for _, m := range []string{"ana", "ben"} {
		if _, err := svc.MemberApply(m, &ledger.Application{Achievement: "reviewed", Narrative: "I did it."}); err != nil {
			t.Fatalf("MemberApply(%s) = %v", m, err)
		}
	}
	if _, err := svc.MemberApply("ben", &ledger.Application{Achievement: "reviewed", Narrative: "Again."}); errs.KindOf(err) != errs.Conflict {
		t.Errorf("second pending application kind = %v, want Conflict", errs.KindOf(err))
	}
	if _, err := svc.MemberApply("ben", &ledger.Application{Achievement: "mentor", Narrative: "Me."}); errs.FieldOf(err) != "achievement" {
		t.Errorf("application for an achievement without reviewers: %v, want an achievement error", err)
	}
	apps, err := svc.Reviewable("ana")
	if err != nil || len(apps) != 1 || apps[0].Member != "ben" {
		t.Errorf("Reviewable(ana) = %v, %v; want ben's application only", apps, err)
	}
	if apps, _ := svc.Reviewable("cai"); len(apps) != 0 {
		t.Errorf("Reviewable(cai) = %v, want none", apps)
	}
	if mine, err := svc.MemberApplications("ben"); err != nil || len(mine) != 1 {
		t.Errorf("MemberApplications(ben) = %v, %v", mine, err)
	}
	if _, err := svc.SetHidden("ben", rec.ID, true); errs.KindOf(err) != errs.NotFound {
		t.Errorf("SetHidden(someone else's) kind = %v, want NotFound", errs.KindOf(err))
	}
	if r, err := svc.SetHidden("ana", rec.ID, true); err != nil || !r.Hidden {
		t.Errorf("SetHidden(ana) = %+v, %v", r, err)
	}
}
