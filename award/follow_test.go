package award_test

import (
	"context"
	"testing"
	"time"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/award"
	"github.com/accolade-badges/accolade/criteria"
	"github.com/accolade-badges/accolade/internal/pgtest"
	"github.com/accolade-badges/accolade/ledger"
	"github.com/accolade-badges/accolade/store"
)

// progressOf is member's result for achievement on svc, and whether there
// is one.
func progressOf(t *testing.T, svc *award.Service, member, achievement string) (criteria.Result, bool) {
	t.Helper()
	list, err := svc.Progress(member)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range list {
		if r.Achievement == achievement {
			return r, true
		}
	}
	return criteria.Result{}, false
}

// TestFollowOtherNode: two services on two handles of one database. What
// A writes (an achievement, members, exchanges, the credential they earn,
// its revocation) reaches B's index once B catches up; B issues nothing
// for it. On bbolt there is no feed, and CatchUp does nothing.
func TestFollowOtherNode(t *testing.T) {
	if !pgtest.Enabled() {
		svc, _ := newService(t)
		if err := svc.CatchUp(); err != nil {
			t.Fatalf("CatchUp on bbolt = %v", err)
		}
		t.Skipf("following another node needs a shared database: %s is not set", pgtest.EnvURL)
	}
	a, b := followPair(t)
	seedTrainer(t, a)
	ctx := context.Background()
	if _, err := a.AddExchanges(ctx, []*ledger.Exchange{workshop("w1", "ana", "ben")}); err != nil {
		t.Fatal(err)
	}
	if _, ok := progressOf(t, b, "ana", "trainer"); ok {
		t.Fatal("B knows trainer before catching up")
	}
	if err := b.CatchUp(); err != nil {
		t.Fatal(err)
	}
	r, ok := progressOf(t, b, "ana", "trainer")
	if !ok || r.Earned || len(r.Requirements) != 1 || r.Requirements[0].Current != 1 {
		t.Fatalf("B's progress of ana on trainer after one workshop on A = %+v (%v); want 1 of 2", r, ok)
	}
	res, err := a.AddExchanges(ctx, []*ledger.Exchange{workshop("w2", "ana", "ben")})
	if err != nil || len(res.Issued) != 1 {
		t.Fatalf("A's second workshop issued %d, %v; want trainer", len(res.Issued), err)
	}
	cred := res.Issued[0].ID
	if err := b.CatchUp(); err != nil {
		t.Fatal(err)
	}
	if r, _ := progressOf(t, b, "ana", "trainer"); !r.Held || r.Credential != cred {
		t.Fatalf("B's progress after A issued %s = %+v; want held", cred, r)
	}
	if got, err := b.Evaluate(ctx, nil); err != nil || len(got) != 0 {
		t.Fatalf("B's Evaluate after following = %d issued, %v; want nothing (ana holds trainer)", len(got), err)
	}
	if _, err := a.SetStatus(cred, accolade.Revoked, "test"); err != nil {
		t.Fatal(err)
	}
	if err := b.CatchUp(); err != nil {
		t.Fatal(err)
	}
	if r, _ := progressOf(t, b, "ana", "trainer"); r.Held {
		t.Fatalf("B's progress after A revoked %s = %+v; want not held", cred, r)
	}
	if _, err := a.SetPublished("trainer", false); err != nil {
		t.Fatal(err)
	}
	if err := b.CatchUp(); err != nil {
		t.Fatal(err)
	}
	if _, ok := progressOf(t, b, "ana", "trainer"); ok {
		t.Fatal("B still evaluates trainer after A unpublished it")
	}
	// A's own changes are skipped by A, and applying them again is harmless.
	if err := a.CatchUp(); err != nil {
		t.Fatal(err)
	}
}

// followPair returns two services on two handles of one new database: A
// issues, B must not (its issuer fails any issue).
func followPair(t *testing.T) (a, b *award.Service) {
	t.Helper()
	u := pgtest.URL(t)
	if _, err := store.Migrate(u); err != nil {
		t.Fatal(err)
	}
	var dbs [2]*store.DB
	for i := range dbs {
		db, err := store.OpenDatabase("", u)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		dbs[i] = db
	}
	clock := func() time.Time { return now }
	a, err := award.New(award.Config{Store: dbs[0], Issuer: newIssuer(t, dbs[0], clock, nil), Now: clock})
	if err != nil {
		t.Fatal(err)
	}
	b, err = award.New(award.Config{Store: dbs[1], Issuer: noIssuer{}, Now: clock})
	if err != nil {
		t.Fatal(err)
	}
	return a, b
}

// seedTrainer gives svc the achievement trainer (two workshops) and the
// members ana and ben.
func seedTrainer(t *testing.T, svc *award.Service) {
	t.Helper()
	ach, err := criteria.ParseAchievement("trainer.yaml", []byte(twoWorkshops))
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.PutAchievement(ach); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"ana", "ben"} {
		if _, err := svc.PutMember(&accolade.Member{ID: id, Name: "Member " + id, Email: id + "@example.org"}); err != nil {
			t.Fatal(err)
		}
	}
}

// TestFollowNotified: B follows with a timer of an hour, so only the
// database's notification can bring it A's writes; they reach B's index
// within seconds (in practice milliseconds).
func TestFollowNotified(t *testing.T) {
	if !pgtest.Enabled() {
		t.Skipf("notifications between nodes need a shared database: %s is not set", pgtest.EnvURL)
	}
	a, b := followPair(t)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { b.Follow(ctx, time.Hour); close(done) }()
	defer func() { cancel(); <-done }()
	time.Sleep(200 * time.Millisecond) // B's first catch-up, as it starts listening, is done
	seedTrainer(t, a)
	if _, err := a.AddExchanges(ctx, []*ledger.Exchange{workshop("w1", "ana", "ben")}); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	for {
		if r, ok := progressOf(t, b, "ana", "trainer"); ok && len(r.Requirements) == 1 && r.Requirements[0].Current == 1 {
			t.Logf("B saw A's workshop %s after it was committed", time.Since(start).Round(time.Millisecond))
			return
		}
		if time.Since(start) > 10*time.Second {
			t.Fatal("B's index has not seen A's workshop after 10 s; its timer is an hour, so the notification did not arrive")
		}
		time.Sleep(10 * time.Millisecond)
	}
}
