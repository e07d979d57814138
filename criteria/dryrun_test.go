package criteria

import (
	"reflect"
	"slices"
	"testing"

	"github.com/accolade-badges/accolade/ledger"
)

// TestTryMatchesSetAndEvaluate: trying an achievement awards, for it, what
// setting it and evaluating everyone awards, for new achievements (one
// that refers to itself among them, whose id the index has never seen) and
// for replaced ones; the engine and its index are left as they were.
func TestTryMatchesSetAndEvaluate(t *testing.T) {
	vouched := achievement(t, "vouched", `{any: [{exchanges: {role: teacher, kind: [mentoring], count: 1}}, {attestations: {fromHoldersOf: vouched, count: 1}}]}`)
	stricter := achievement(t, "project-trainer", `{attestations: {fromHoldersOf: mentor, count: 2}}`)
	for _, tt := range []struct {
		name string
		a    *Achievement
		want []string
	}{
		{"new, refers to itself", vouched, []string{"ada", "grace"}},
		{"new, requires one awarded in the run", achievement(t, "senior", `{all: [{holds: senior-trainer}, {attestations: {count: 1}}]}`), []string{"ada"}},
		{"replaces one", stricter, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			en := chain(t)
			interned := slices.Clone(en.ix.achievements.names)
			loaded := en.Achievements()
			tr, err := en.Try(tt.a, now)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(en.ix.achievements.names, interned) || !slices.Equal(en.Achievements(), loaded) {
				t.Errorf("Try changed the engine: achievement ids %v, then %v", interned, en.ix.achievements.names)
			}
			var got []string
			for _, e := range tr.Earners {
				got = append(got, e.Member)
			}
			if !slices.Equal(got, tt.want) || tr.Members != 3 {
				t.Errorf("Try(%s) awards %v of %d members, want %v of 3", tt.a.ID, got, tr.Members, tt.want)
			}
			if err := en.SetAchievement(tt.a); err != nil {
				t.Fatal(err)
			}
			var real []string
			for _, aw := range en.EvaluateAll(now, nil) {
				if aw.Achievement == tt.a.ID {
					real = append(real, aw.Member)
				}
			}
			slices.Sort(real)
			if !slices.Equal(got, real) {
				t.Errorf("Try(%s) awards %v; SetAchievement and EvaluateAll award %v", tt.a.ID, got, real)
			}
		})
	}
}

// TestTryNearly: members one threshold short, with something counted.
func TestTryNearly(t *testing.T) {
	en := newTestEngine(t, facts{exchanges: []*ledger.Exchange{
		exchange("w1", "ana", "bob,cy"), exchange("w2", "ana", "bob"), exchange("w3", "bob", "cy"), exchange("w4", "bob", "cy", hours(1)),
	}, holdings: []holdingFact{{"dee", "trainer", valid}}})
	tr, err := en.Try(achievement(t, "trainer", `{all: [{exchanges: {role: teacher, count: 2, hours: 4}}, {exchanges: {role: learner, count: 1}}]}`), now)
	if err != nil {
		t.Fatal(err)
	}
	// bob taught twice (3 hours of 4) and learned: one short; ana taught
	// 4 hours but never learned: one short; cy learned only: two short.
	var near []string
	for _, n := range tr.Nearly {
		near = append(near, n.Member)
	}
	if len(tr.Earners) != 0 || tr.Holders != 1 || !slices.Equal(near, []string{"ana", "bob"}) {
		t.Errorf("Try = %d earners, %d holders, nearly %v; want 0, 1 (dee), [ana bob]", len(tr.Earners), tr.Holders, near)
	}
	if len(tr.Nearly) == 2 && len(tr.Nearly[1].Requirements()) != 3 {
		t.Errorf("bob's requirements = %+v, want count, hours and learned", tr.Nearly[1].Requirements())
	}
}

// TestOverlayShares: the trial's view of an index shares every table but
// its own achievement ids (a field added to Index must be added to overlay).
func TestOverlayShares(t *testing.T) {
	ix := chain(t).ix
	ov := reflect.ValueOf(ix.overlay()).Elem()
	orig := reflect.ValueOf(ix).Elem()
	for i := range orig.NumField() {
		name := orig.Type().Field(i).Name
		if name == "mu" || orig.Field(i).IsZero() {
			continue
		}
		if ov.Field(i).IsZero() {
			t.Errorf("overlay leaves Index.%s out", name)
		}
	}
}
