package award_test

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/award"
	"github.com/accolade-badges/accolade/criteria"
	"github.com/accolade-badges/accolade/ledger"
	"github.com/accolade-badges/accolade/store"
)

// oneWorkshop is loaded but nobody was evaluated against it: a real
// evaluation awards it first, then what requires it.
const oneWorkshop = `id: helper
name: Helper
description: Ran a workshop.
criteria:
  rule:
    exchanges: {role: teacher, kind: [workshop], count: 1}
`

// trainerHelper requires helper and two confirmed workshops.
const trainerHelper = `id: trainer
name: Trainer
description: A helper who ran two confirmed workshops.
criteria:
  rule:
    all:
      - holds: helper
      - exchanges: {role: teacher, kind: [workshop], confirmed: true, count: 2}
`

func mustParse(t *testing.T, name, src string) *criteria.Achievement {
	t.Helper()
	a, err := criteria.ParseAchievement(name, []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// snapshot is what a dry run must leave as it is.
type snapshot struct {
	achievements, credentials, outbox int
}

func snap(t *testing.T, db *store.DB) snapshot {
	t.Helper()
	achs, err1 := db.Achievements()
	recs, err2 := db.Credentials(accolade.CredentialFilter{})
	out, err3 := db.Outbox(1000)
	if err := errors.Join(err1, err2, err3); err != nil {
		t.Fatal(err)
	}
	return snapshot{len(achs), len(recs), len(out)}
}

func earnerIDs(list []award.Earner) []string {
	var out []string
	for _, e := range list {
		out = append(out, e.Member)
	}
	slices.Sort(out)
	return out
}

// TestDryRunMatchesEvaluate: a dry run reports exactly whom loading the
// achievement and evaluating everyone then awards, and changes nothing.
func TestDryRunMatchesEvaluate(t *testing.T) {
	svc, db := newService(t)
	ctx := context.Background()
	unconfirmed := workshop("w5", "cai", "dee")
	unconfirmed.ConfirmedBy = nil
	if _, err := svc.AddExchanges(ctx, []*ledger.Exchange{
		workshop("w1", "ana", "ben"), workshop("w2", "ana", "cai"), workshop("w3", "ana", "dee"),
		workshop("w4", "ben", "eva"), unconfirmed, workshop("w6", "eva", "fay"), workshop("w7", "eva", "ana"),
	}); err != nil {
		t.Fatal(err)
	}
	if err := svc.PutAchievement(mustParse(t, "helper.yaml", oneWorkshop)); err != nil { // not evaluated
		t.Fatal(err)
	}
	before := snap(t, db)
	tr := mustParse(t, "trainer.yaml", trainerHelper)
	d, err := svc.DryRun(tr)
	if err != nil {
		t.Fatal(err)
	}
	if after := snap(t, db); after != before {
		t.Errorf("the dry run changed the store: %+v, then %+v", before, after)
	}
	if d.Replaces || d.Members != 6 || d.WouldEarn != 2 || d.AlreadyHold != 0 || d.NearlyCount != 2 {
		t.Errorf("dry run = %+v, want 6 members, 2 would earn, 2 one short", d)
	}
	if got := earnerIDs(d.Nearly); !slices.Equal(got, []string{"ben", "cai"}) {
		t.Errorf("nearly = %v, want ben (one confirmed workshop) and cai (unconfirmed)", got)
	}
	if len(d.Earners) > 0 && (d.Earners[0].Name != "Member ana" || len(d.Earners[0].Requirements) != 2 || !d.Earners[0].Requirements[1].Met) {
		t.Errorf("first earner = %+v", d.Earners[0])
	}

	// Load it for real and evaluate everyone: the same members get it.
	if err := svc.LoadAchievements([]*criteria.Achievement{tr}); err != nil {
		t.Fatal(err)
	}
	recs, err := svc.Evaluate(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range recs {
		if r.Achievement == "trainer" {
			got = append(got, r.Member)
		}
	}
	slices.Sort(got)
	if want := earnerIDs(d.Earners); !slices.Equal(got, want) || len(got) != d.WouldEarn {
		t.Errorf("evaluating awarded trainer to %v; the dry run said %v (%d)", got, want, d.WouldEarn)
	}

	// A replace-style preview of the loaded one, asking for three.
	stricter := mustParse(t, "trainer.yaml", strings.Replace(trainerHelper, "count: 2", "count: 3", 1))
	before = snap(t, db)
	d, err = svc.DryRun(stricter)
	if err != nil {
		t.Fatal(err)
	}
	if !d.Replaces || d.WouldEarn != 0 || d.AlreadyHold != 2 {
		t.Errorf("preview of a stricter trainer = %+v, want it to replace, none to earn, 2 holding", d)
	}
	if after := snap(t, db); after != before {
		t.Errorf("the preview changed the store: %+v, then %+v", before, after)
	}
	if a, err := db.Achievement("trainer"); err != nil || a.Criteria.Rule.All[1].Exchanges.Count != 2 {
		t.Errorf("stored trainer after the preview = %+v, %v", a, err)
	}
}

// TestDryRunRefuses: a dry run refuses what loading refuses, with the same
// error.
func TestDryRunRefuses(t *testing.T) {
	svc, db := newService(t)
	for _, tt := range []struct{ name, src string }{
		{"unknown reference", "id: helper\nname: Helper\ndescription: Helps.\ncriteria:\n  rule:\n    holds: mentr\n"},
		{"unknown issuer", "id: helper\nissuer: nowhere\nname: Helper\ndescription: Helps.\n"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			a := mustParse(t, "helper.yaml", tt.src)
			_, dryErr := svc.DryRun(a)
			loadErr := svc.LoadAchievements([]*criteria.Achievement{a})
			if dryErr == nil || loadErr == nil || dryErr.Error() != loadErr.Error() {
				t.Errorf("DryRun = %v; LoadAchievements = %v; want the same error", dryErr, loadErr)
			}
			if !strings.Contains(dryErr.Error(), "helper.yaml:") {
				t.Errorf("DryRun error %q names no line", dryErr)
			}
			if achs, _ := db.Achievements(); len(achs) != 0 {
				t.Errorf("%d achievements stored", len(achs))
			}
		})
	}
}

// TestDryRunConcurrent runs dry runs while activity arrives (run with
// -race): each sees one consistent state, and none changes anything.
func TestDryRunConcurrent(t *testing.T) {
	svc, _ := newService(t, twoWorkshops)
	ctx := context.Background()
	tr := mustParse(t, "trainer.yaml", strings.Replace(twoWorkshops, "count: 2", "count: 3", 1))
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := range 20 {
			if _, err := svc.AddExchanges(ctx, []*ledger.Exchange{workshop("w"+strconv.Itoa(i), "ana", "ben")}); err != nil {
				t.Error(err)
			}
		}
	}()
	for {
		d, err := svc.DryRun(tr)
		if err != nil {
			t.Fatal(err)
		}
		if d.WouldEarn+d.AlreadyHold > 1 {
			t.Errorf("dry run = %+v: only ana can earn it", d)
		}
		select {
		case <-done:
			return
		default:
		}
	}
}
