package criteria

import (
	"fmt"
	"slices"
	"sync"
	"testing"

	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/ledger"
)

func newTestEngine(t *testing.T, f facts, achievements ...*Achievement) *Engine {
	t.Helper()
	en := NewEngine(f.index())
	for _, a := range achievements {
		if err := en.SetAchievement(a); err != nil {
			t.Fatalf("SetAchievement(%q) = %v", a.ID, err)
		}
	}
	return en
}

type award struct{ member, achievement string }

func awardsOf(list []Award) []award {
	var out []award
	for _, a := range list {
		out = append(out, award{a.Member, a.Achievement})
	}
	return out
}

// chain is a community where one award unlocks the next: grace mentored, so
// she earns mentor; her attestation then counts for ada's project-trainer
// (fromHoldersOf), which senior-trainer requires (holds).
func chain(t *testing.T) *Engine {
	return newTestEngine(t, facts{
		exchanges:    []*ledger.Exchange{exchange("m1", "grace", "bob", kind(ledger.Mentoring))},
		attestations: []*ledger.Attestation{attest("a1", "grace", "ada")},
	},
		achievement(t, "mentor", `{exchanges: {role: teacher, kind: [mentoring], count: 1}}`),
		achievement(t, "project-trainer", `{attestations: {fromHoldersOf: mentor, count: 1}}`),
		achievement(t, "senior-trainer", `{all: [{holds: project-trainer}, {expr: 'holds("mentor") == false'}]}`),
	)
}

func TestEvaluateAllFixedPoint(t *testing.T) {
	for _, members := range [][]string{nil, {"grace"}} {
		t.Run(fmt.Sprint(members), func(t *testing.T) {
			en := chain(t)
			got := en.EvaluateAll(now, members)
			want := []award{{"grace", "mentor"}, {"ada", "project-trainer"}, {"ada", "senior-trainer"}}
			if !slices.Equal(awardsOf(got), want) {
				t.Fatalf("EvaluateAll(%v) = %v, want %v", members, awardsOf(got), want)
			}
			ev := got[2].Result.Evidence
			if len(ev) != 1 || ev[0].Kind != EvidenceCredential || ev[0].Achievement != "project-trainer" || ev[0].ID != "" {
				t.Errorf("senior-trainer evidence = %+v, want the same-run project-trainer credential", ev)
			}
			for i, a := range got {
				en.Index().SetHolding(a.Member, a.Achievement, Holding{Credential: fmt.Sprint("c", i), Valid: true})
			}
			if again := en.EvaluateAll(now, nil); len(again) != 0 {
				t.Errorf("EvaluateAll() after issuing = %v, want no awards", awardsOf(again))
			}
		})
	}
}

func TestEvaluateAllHeld(t *testing.T) {
	rule := achievement(t, "trainer", `{exchanges: {role: teacher, count: 1}}`)
	en := newTestEngine(t, facts{
		exchanges: []*ledger.Exchange{exchange("e1", "ada", "bob"), exchange("e2", "cy", "bob"), exchange("e3", "dee", "bob")},
		holdings: []holdingFact{
			{"ada", "trainer", valid},
			{"cy", "trainer", Holding{Valid: true, ValidUntil: daysAgo(1)}}, // expired: may earn again
			{"dee", "trainer", Holding{Valid: false}},                       // revoked: may earn again
		},
	}, rule)
	got := awardsOf(en.EvaluateAll(now, nil))
	want := []award{{"cy", "trainer"}, {"dee", "trainer"}}
	if !slices.Equal(got, want) {
		t.Errorf("EvaluateAll() = %v, want %v", got, want)
	}
	if got := awardsOf(en.EvaluateAll(now, []string{"cy", "nobody", "cy"})); !slices.Equal(got, want[:1]) {
		t.Errorf("EvaluateAll(cy, nobody, cy) = %v, want %v", got, want[:1])
	}
	for _, r := range en.Progress("ada", now) {
		if r.Achievement == "trainer" && (!r.Earned || !r.Held) {
			t.Errorf("Progress(ada) = %+v, want earned and held", r)
		}
	}
}

func TestAffected(t *testing.T) {
	en := chain(t)
	ix := en.Index()
	ix.PutAttestation(attest("a2", "grace", "cy"))
	ix.PutAttestation(attest("a3", "bob", "dee"))
	tests := []struct {
		name   string
		change Change
		want   []string
	}{
		{"new exchange", Change{Exchange: exchange("x", "ada", "eve,bob")}, []string{"ada", "bob", "eve"}},
		{"exchange with new people", Change{Exchange: exchange("m1", "hal", "bob")}, []string{"bob", "grace", "hal"}},
		{"attestation", Change{Attestation: attest("a9", "bob", "eve")}, []string{"eve"}},
		{"attestation changed attestee", Change{Attestation: attest("a3", "bob", "eve")}, []string{"dee", "eve"}},
		{"holders of mentor: those grace attested, and grace (holds() in expr)", Change{Member: "grace", Achievement: "mentor"}, []string{"ada", "cy", "grace"}},
		{"project-trainer is held by senior-trainer", Change{Member: "ada", Achievement: "project-trainer"}, []string{"ada"}},
		{"expr holds()", Change{Member: "ada", Achievement: "mentor"}, []string{"ada"}},
		{"not referenced", Change{Member: "ada", Achievement: "senior-trainer"}, nil},
	}
	for _, tt := range tests {
		if got := en.Affected(tt.change); !slices.Equal(got, tt.want) {
			t.Errorf("Affected(%s) = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestIncremental checks that evaluating the affected members after a
// change awards what a full evaluation would.
func TestIncremental(t *testing.T) {
	en := chain(t)
	for _, a := range en.EvaluateAll(now, nil) {
		en.Index().SetHolding(a.Member, a.Achievement, valid)
	}
	trainer := achievement(t, "trainer", `{exchanges: {role: teacher, confirmed: true, count: 2}}`)
	if err := en.SetAchievement(trainer); err != nil {
		t.Fatal(err)
	}
	for i, e := range []*ledger.Exchange{exchange("e1", "eve", "bob", confirmed("bob")), exchange("e2", "eve", "cy")} {
		en.Index().PutExchange(e)
		if got := en.EvaluateAll(now, en.Affected(Change{Exchange: e})); len(got) != 0 {
			t.Fatalf("after exchange %d: awards %v, want none", i, awardsOf(got))
		}
	}
	e := exchange("e2", "eve", "cy", confirmed("cy"))
	en.Index().PutExchange(e)
	got := awardsOf(en.EvaluateAll(now, en.Affected(Change{Exchange: e})))
	if want := []award{{"eve", "trainer"}}; !slices.Equal(got, want) {
		t.Errorf("after confirmation: awards %v, want %v", got, want)
	}
}

func TestSetAchievementInvalid(t *testing.T) {
	en := NewEngine(NewIndex())
	err := en.SetAchievement(&Achievement{ID: "x", Name: "X", Description: "X.",
		Criteria: Criteria{Rule: &Rule{Exchanges: &ExchangeRequirement{Role: "teachr", Count: 1}}}})
	if errs.KindOf(err) != errs.Invalid || errs.FieldOf(err) != "criteria.rule.exchanges.role" {
		t.Errorf("SetAchievement(bad role) = %v, want an invalid criteria.rule.exchanges.role", err)
	}
	if len(en.Achievements()) != 0 {
		t.Errorf("Achievements() after a rejected SetAchievement = %d, want 0", len(en.Achievements()))
	}
}

// TestConcurrent runs evaluations while facts arrive; run with -race.
func TestConcurrent(t *testing.T) {
	en := newTestEngine(t, facts{}, achievement(t, "trainer", `{exchanges: {role: teacher, count: 3}}`))
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for i := range 200 {
				e := exchange(fmt.Sprintf("e%d-%d", w, i), fmt.Sprintf("t%d", i%7), fmt.Sprintf("l%d", i%11))
				en.Index().PutExchange(e)
				en.EvaluateAll(now, en.Affected(Change{Exchange: e}))
			}
		})
	}
	wg.Go(func() {
		for range 20 {
			en.EvaluateAll(now, nil)
			en.Progress("t1", now)
		}
	})
	wg.Wait()
	if got := len(en.EvaluateAll(now, nil)); got != 7 {
		t.Errorf("EvaluateAll() = %d awards, want 7", got)
	}
}

func TestEvaluateAllRenewWithin(t *testing.T) {
	rule := achievement(t, "trainer", `{exchanges: {role: teacher, count: 1}}`)
	rule.ValidFor, rule.RenewWithin = Year, 30*Day
	en := newTestEngine(t, facts{
		exchanges: []*ledger.Exchange{exchange("e1", "ada", "bob"), exchange("e2", "cy", "bob"), exchange("e3", "dee", "bob")},
		holdings: []holdingFact{
			{"ada", "trainer", Holding{Valid: true, ValidUntil: daysAgo(-31)}}, // outside the window
			{"cy", "trainer", Holding{Valid: true, ValidUntil: daysAgo(-30)}},  // at its start: renewed
			{"dee", "trainer", Holding{Valid: true, ValidUntil: daysAgo(-2)}},  // within it: renewed
			{"bob", "trainer", Holding{Valid: true, ValidUntil: daysAgo(-2)}},  // within it, criteria not met
		},
	}, rule)
	got := awardsOf(en.EvaluateAll(now, nil))
	want := []award{{"cy", "trainer"}, {"dee", "trainer"}}
	if !slices.Equal(got, want) {
		t.Errorf("EvaluateAll() with renewWithin 30d = %v, want %v", got, want)
	}
}
