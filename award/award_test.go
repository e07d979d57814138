package award_test

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/award"
	"github.com/accolade-badges/accolade/criteria"
	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/internal/testutil"
	"github.com/accolade-badges/accolade/issuer"
	"github.com/accolade-badges/accolade/keys"
	"github.com/accolade-badges/accolade/ledger"
	"github.com/accolade-badges/accolade/store"
)

var now = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)

// newService is a real store, keyring and issuer with a fixed clock.
func newService(t *testing.T, achievementFiles ...string) (*award.Service, *store.DB) {
	t.Helper()
	return newServiceAt(t, func() time.Time { return now }, achievementFiles...)
}

// newServiceAt is newService with the clock given.
func newServiceAt(t *testing.T, clock func() time.Time, achievementFiles ...string) (*award.Service, *store.DB) {
	t.Helper()
	return newServiceIn(t, clock, nil, achievementFiles...)
}

// newServiceIn is newServiceAt with more communities (issuers with their
// keys) beside the default one, created before the service starts.
func newServiceIn(t *testing.T, clock func() time.Time, communities []string, achievementFiles ...string) (*award.Service, *store.DB) {
	t.Helper()
	db := testutil.MustOpen(t)
	iss := newIssuer(t, db, clock, communities)
	svc, err := award.New(award.Config{Store: db, Issuer: iss, Now: clock})
	if err != nil {
		t.Fatal(err)
	}
	for i, f := range achievementFiles {
		a, err := criteria.ParseAchievement(fmt.Sprintf("a%d.yaml", i), []byte(f))
		if err != nil {
			t.Fatal(err)
		}
		if err := svc.PutAchievement(a); err != nil {
			t.Fatal(err)
		}
	}
	for _, id := range []string{"ana", "ben", "cai", "dee", "eva", "fay"} {
		if _, err := svc.PutMember(&accolade.Member{ID: id, Name: "Member " + id, Email: id + "@example.org"}); err != nil {
			t.Fatal(err)
		}
	}
	return svc, db
}

// newIssuer is a real keyring and issuer over db, for the default issuer
// (EdDSA) and the communities given.
func newIssuer(tb testing.TB, db *store.DB, clock func() time.Time, communities []string) *issuer.Service {
	tb.Helper()
	rnd := testutil.Rand(7)
	sealer, err := keys.LoadOrCreateKeyFile(filepath.Join(tb.TempDir(), "k"), rnd)
	if err != nil {
		tb.Fatal(err)
	}
	kr, err := keys.Open(keys.Config{Store: db, Sealer: sealer, Rand: rnd, Now: clock})
	if err != nil {
		tb.Fatal(err)
	}
	for _, slug := range append([]string{"default"}, communities...) {
		name := "Community " + slug
		if slug == "default" {
			name = "Time Bank"
		}
		if err := db.PutIssuer(&accolade.Profile{Slug: slug, Name: name, Alg: keys.EdDSA}); err != nil {
			tb.Fatal(err)
		}
		if _, err := kr.EnsureIssuer(slug); err != nil {
			tb.Fatal(err)
		}
	}
	iss, err := issuer.New(issuer.Config{Store: db, Keys: kr, BaseURL: "https://badges.example.org", Now: clock, Rand: rnd})
	if err != nil {
		tb.Fatal(err)
	}
	return iss
}

const twoWorkshops = `id: trainer
name: Trainer
description: Ran two confirmed workshops.
criteria:
  rule:
    exchanges: {role: teacher, kind: [workshop], confirmed: true, count: 2}
`

const wikiEditor = `id: wiki-editor
name: Wiki Editor
description: Issued by hand.
`

const senior = `id: senior
name: Senior
description: A trainer who also edits the wiki.
criteria:
  rule:
    all:
      - holds: trainer
      - holds: wiki-editor
`

func workshop(id, teacher string, learners ...string) *ledger.Exchange {
	return &ledger.Exchange{ID: id, Kind: "workshop", Skills: []string{"training"}, Hours: 2,
		OccurredAt: now.Add(-24 * time.Hour), Teachers: []string{teacher}, Learners: learners, ConfirmedBy: learners}
}

func held(t *testing.T, db *store.DB, member string) map[string]int {
	t.Helper()
	recs, err := db.Credentials(accolade.CredentialFilter{Member: member})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int{}
	for _, r := range recs {
		out[r.Achievement]++
	}
	return out
}

func TestExactlyOnceUnderConcurrency(t *testing.T) {
	svc, db := newService(t, twoWorkshops)
	ctx := context.Background()
	var wg sync.WaitGroup
	for i := range 12 { // every pair of these completes the rule for ana
		wg.Add(1)
		go func() {
			defer wg.Done()
			ex := workshop(fmt.Sprintf("ws-%d", i), "ana", "ben")
			if i%2 == 0 { // and some retries of the same exchange
				ex = workshop("ws-0", "ana", "ben")
			}
			if res, err := svc.AddExchanges(ctx, []*ledger.Exchange{ex}); err != nil || res.Errors[0] != nil {
				t.Errorf("AddExchanges: %v %v", err, res.Errors)
			}
		}()
	}
	wg.Wait()
	if got := held(t, db, "ana")["trainer"]; got != 1 {
		t.Fatalf("ana holds %d trainer credentials, want exactly 1", got)
	}
	if res, _ := svc.Evaluate(ctx, nil); len(res) != 0 {
		t.Errorf("Evaluate after awarding issued %d more", len(res))
	}
}

func TestDirectIssueUnlocksDependents(t *testing.T) {
	svc, db := newService(t, twoWorkshops, wikiEditor, senior)
	ctx := context.Background()
	res, err := svc.AddExchanges(ctx, []*ledger.Exchange{workshop("w1", "ana", "ben"), workshop("w2", "ana", "cai")})
	if err != nil || len(res.Issued) != 1 {
		t.Fatalf("AddExchanges issued %d (%v), want trainer", len(res.Issued), err)
	}
	if _, err := svc.Issue(ctx, issuer.Request{Achievement: "wiki-editor", Member: "ana"}); err != nil {
		t.Fatal(err)
	}
	if got := held(t, db, "ana"); got["senior"] != 1 {
		t.Errorf("after a direct wiki-editor issue, ana holds %v; want senior awarded (holds trainer and wiki-editor)", got)
	}
}

func TestRevokedHoldingStopsCounting(t *testing.T) {
	svc, db := newService(t, twoWorkshops, wikiEditor, senior)
	ctx := context.Background()
	rec, err := svc.Issue(ctx, issuer.Request{Achievement: "wiki-editor", Member: "ana"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.SetStatus(rec.ID, accolade.Revoked, "mistake"); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.AddExchanges(ctx, []*ledger.Exchange{workshop("w1", "ana", "ben"), workshop("w2", "ana", "cai")}); err != nil {
		t.Fatal(err)
	}
	if got := held(t, db, "ana"); got["trainer"] != 1 || got["senior"] != 0 {
		t.Errorf("ana holds %v; want trainer but not senior (wiki-editor was revoked)", got)
	}
	// A revoked credential no longer blocks a new one.
	if _, err := svc.Issue(ctx, issuer.Request{Achievement: "wiki-editor", Member: "ana"}); err != nil {
		t.Fatalf("re-issuing after revocation: %v", err)
	}
	if got := held(t, db, "ana"); got["senior"] != 1 {
		t.Errorf("ana holds %v; want senior once wiki-editor is valid again", got)
	}
}

func TestWithdrawalAndConfirmation(t *testing.T) {
	svc, db := newService(t, twoWorkshops)
	ctx := context.Background()
	w2 := workshop("w2", "ana", "cai")
	w2.ConfirmedBy = nil
	if _, err := svc.AddExchanges(ctx, []*ledger.Exchange{workshop("w1", "ana", "ben"), w2}); err != nil {
		t.Fatal(err)
	}
	if got := held(t, db, "ana")["trainer"]; got != 0 {
		t.Fatalf("awarded with one unconfirmed workshop")
	}
	if _, err := svc.Withdraw(ctx, "w1"); err != nil {
		t.Fatal(err)
	}
	if _, issued, err := svc.Confirm(ctx, "w2", "cai"); err != nil || len(issued) != 0 {
		t.Errorf("Confirm after withdrawal of w1 issued %d (%v), want none", len(issued), err)
	}
	if _, _, err := svc.Confirm(ctx, "w1", "ben"); errs.KindOf(err) != errs.Conflict {
		t.Errorf("confirming a withdrawn exchange: %v, want Conflict", err)
	}
	if _, _, err := svc.Confirm(ctx, "w2", "dee"); errs.FieldOf(err) != "member" {
		t.Errorf("confirmation by a non-participant: %v, want a member field error", err)
	}
	if _, _, err := svc.Confirm(ctx, "nope", "ben"); errs.KindOf(err) != errs.NotFound {
		t.Errorf("confirming an unknown exchange: %v, want NotFound", err)
	}
}

func TestInvalidItemsChangeNothing(t *testing.T) {
	svc, db := newService(t, twoWorkshops)
	ctx := context.Background()
	bad := workshop("w-bad", "ana", "ghost")
	selfAtt := &ledger.Attestation{ID: "a1", Attester: "ana", Member: "ana", Skill: "training", Statement: "me"}
	res, err := svc.AddExchanges(ctx, []*ledger.Exchange{bad, workshop("w-ok", "ana", "ben")})
	if err != nil || res.Errors[0] == nil || res.Errors[1] != nil {
		t.Fatalf("AddExchanges errors = %v, %v; want only the first refused", res.Errors, err)
	}
	if _, err := db.Exchange("w-bad"); errs.KindOf(err) != errs.NotFound {
		t.Errorf("refused exchange was stored")
	}
	ares, _ := svc.AddAttestations(ctx, []*ledger.Attestation{selfAtt})
	if ares.Errors[0] == nil {
		t.Errorf("self-attestation accepted")
	}
	if _, err := svc.Evaluate(ctx, []string{"ghost"}); errs.FieldOf(err) != "members" {
		t.Errorf("Evaluate(ghost): %v, want a members field error", err)
	}
	if _, err := svc.Progress("ghost"); errs.KindOf(err) != errs.NotFound {
		t.Errorf("Progress(ghost): %v, want NotFound", err)
	}
}

const helperBadge = `id: helper
name: Helper
description: Helps.
reviewers: trainer
awardOnApproval: true
`

func TestApplications(t *testing.T) {
	svc, db := newService(t, twoWorkshops, helperBadge)
	ctx := context.Background()
	if _, err := svc.AddExchanges(ctx, []*ledger.Exchange{workshop("w1", "ana", "ben"), workshop("w2", "ana", "cai")}); err != nil {
		t.Fatal(err)
	}
	app := &ledger.Application{ID: "app1", Member: "dee", Achievement: "helper", Narrative: "I helped."}
	if created, err := svc.Apply(app); err != nil || !created {
		t.Fatalf("Apply = %v, %v", created, err)
	}
	if _, err := svc.Apply(&ledger.Application{ID: "app2", Member: "dee", Achievement: "nope", Narrative: "x"}); errs.KindOf(err) != errs.Invalid {
		t.Errorf("applying for an unknown achievement: %v, want Invalid", err)
	}
	if _, _, err := svc.Decide(ctx, "app1", "eva", true, ""); errs.KindOf(err) != errs.Forbidden {
		t.Errorf("decision by a non-trainer: %v, want Forbidden", err)
	}
	if _, _, err := svc.Decide(ctx, "app1", "dee", true, ""); err == nil {
		t.Errorf("the applicant reviewed their own application")
	}
	a, issued, err := svc.Decide(ctx, "app1", "ana", true, "Well done")
	if err != nil || a.Status != ledger.Approved || len(issued) != 1 || issued[0].Achievement != "helper" {
		t.Fatalf("Decide = %+v, %d issued, %v; want approved and helper issued", a, len(issued), err)
	}
	if _, _, err := svc.Decide(ctx, "app1", award.AdminReviewer, false, ""); errs.KindOf(err) != errs.Conflict {
		t.Errorf("deciding twice: %v, want Conflict", err)
	}
	if got := held(t, db, "dee")["helper"]; got != 1 {
		t.Errorf("dee holds %d helper credentials, want 1", got)
	}
}

func TestReloadFromStore(t *testing.T) {
	svc, db := newService(t, twoWorkshops)
	ctx := context.Background()
	if _, err := svc.AddExchanges(ctx, []*ledger.Exchange{workshop("w1", "ana", "ben")}); err != nil {
		t.Fatal(err)
	}
	// A new service over the same store sees the same facts.
	again, err := award.New(award.Config{Store: db, Issuer: noIssuer{}, Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	p, err := again.Progress("ana")
	if err != nil || len(p) != 1 || p[0].Requirements[0].Current != 1 {
		t.Errorf("progress after reload = %+v, %v; want 1 workshop counted", p, err)
	}
}

type noIssuer struct{}

func (noIssuer) Issue(context.Context, issuer.Request) (*accolade.Record, error) {
	return nil, errs.E(errs.Internal, "not in this test")
}

func (noIssuer) Bind(context.Context, string, string) (*accolade.Record, error) {
	return nil, errs.E(errs.Internal, "not in this test")
}

const suspendableBadge = `id: first-aid
name: First Aid
description: Can be suspended while the certificate is renewed.
suspendable: true
`

func TestSuspendOnlySuspendable(t *testing.T) {
	svc, _ := newService(t, wikiEditor, suspendableBadge)
	ctx := context.Background()
	wiki, err := svc.Issue(ctx, issuer.Request{Achievement: "wiki-editor", Member: "ana"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.SetStatus(wiki.ID, accolade.Suspended, "check"); errs.KindOf(err) != errs.Conflict {
		t.Errorf("suspending a non-suspendable credential: %v, want Conflict", err)
	}
	aid, err := svc.Issue(ctx, issuer.Request{Achievement: "first-aid", Member: "ana"})
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range []accolade.Status{accolade.Suspended, accolade.Active, accolade.Revoked} {
		if rec, err := svc.SetStatus(aid.ID, st, ""); err != nil || rec.Status != st {
			t.Errorf("SetStatus(%s) = %v, %v", st, rec, err)
		}
	}
	if _, err := svc.SetStatus("nope", accolade.Suspended, ""); errs.KindOf(err) != errs.NotFound {
		t.Errorf("suspending an unknown credential: %v, want NotFound", err)
	}
}
