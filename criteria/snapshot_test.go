package criteria

import (
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/accolade-badges/accolade/errs"
)

// TestSnapshotRoundTrip checks, on random communities, that an index read
// back from its snapshot encodes to the same bytes, knows the same facts
// and evaluates every member to the same result, on random rules.
func TestSnapshotRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(*seed, 7))
	for round := range 100 {
		c, ix := randomCommunity(rng)
		// Credential ids as issued (UUIDs, kept as 16 bytes) and others.
		ix.SetHolding(pick(rng, c.members), "mentor", Holding{Credential: "0a27d962-0a69-4566-9353-07426d32d979", Valid: true})
		ix.SetHolding(pick(rng, c.members), "editor", Holding{Credential: "0A27D962-0A69-4566-9353-07426D32D979", Valid: true})
		snap := ix.AppendSnapshot([]byte("prefix"))
		got, rest, err := ReadSnapshot(append(snap[len("prefix"):len(snap):len(snap)], "tail"...))
		if err != nil {
			t.Fatalf("round %d: ReadSnapshot: %v", round, err)
		}
		if string(rest) != "tail" {
			t.Fatalf("round %d: ReadSnapshot left %q, want %q", round, rest, "tail")
		}
		if again := got.AppendSnapshot(nil); string(again) != string(snap[len("prefix"):]) {
			t.Fatalf("round %d: the snapshot of the index read back differs", round)
		}
		if m1, e1, a1 := ix.Len(); !slices.Equal([]int{m1, e1, a1}, ints(got.Len())) {
			t.Fatalf("round %d: Len() = %v, want %d %d %d", round, ints(got.Len()), m1, e1, a1)
		}
		a := &Achievement{ID: "prop", Name: "Prop", Description: "Random.", Criteria: Criteria{Rule: randomRule(rng, 0)}}
		for _, m := range c.members {
			if w, g := ix.MemberFacts(m), got.MemberFacts(m); !reflect.DeepEqual(w, g) {
				t.Fatalf("round %d: MemberFacts(%q) = %+v, want %+v", round, m, g, w)
			}
			for _, id := range propAchs {
				wh, wok := ix.Holding(m, id)
				gh, gok := got.Holding(m, id)
				if wh != gh || wok != gok {
					t.Fatalf("round %d: Holding(%q, %q) = %+v %v, want %+v %v", round, m, id, gh, gok, wh, wok)
				}
			}
			if w, g := Evaluate(ix, a, m, now), Evaluate(got, a, m, now); w.Earned != g.Earned || !slices.Equal(currents(w), currents(g)) {
				t.Fatalf("round %d: Evaluate(%q) = %v %v from the snapshot, %v %v from the facts\nrule: %s",
					round, m, g.Earned, currents(g), w.Earned, currents(w), mustJSON(a.Criteria.Rule))
			}
		}
		// The index read back takes new facts as the original does.
		e := randomExchange(rng, c.members, "e-new")
		ix.PutExchange(e)
		got.PutExchange(e)
		if string(ix.AppendSnapshot(nil)) != string(got.AppendSnapshot(nil)) {
			t.Fatalf("round %d: after one more exchange, the snapshots differ", round)
		}
	}
}

func ints(a, b, c int) []int { return []int{a, b, c} }

// TestSnapshotDamaged checks that a truncated or altered snapshot is an
// errs.Invalid error or an index that can be used, never a panic.
func TestSnapshotDamaged(t *testing.T) {
	rng := rand.New(rand.NewPCG(*seed, 8))
	c, ix := randomCommunity(rng)
	for len(c.members) < 10 {
		c, ix = randomCommunity(rng)
	}
	snap := ix.AppendSnapshot(nil)
	for n := range len(snap) {
		if _, _, err := ReadSnapshot(snap[:n]); errs.KindOf(err) != errs.Invalid {
			t.Fatalf("ReadSnapshot of the first %d of %d bytes: error %v, want an errs.Invalid error", n, len(snap), err)
		}
	}
	a := &Achievement{ID: "prop", Name: "Prop", Description: "Random.", Criteria: Criteria{Rule: randomRule(rng, 0)}}
	for range 2000 {
		b := slices.Clone(snap)
		b[rng.IntN(len(b))] ^= byte(1 + rng.IntN(255))
		got, _, err := ReadSnapshot(b)
		if err != nil {
			if errs.KindOf(err) != errs.Invalid || !strings.HasPrefix(err.Error(), "index snapshot") {
				t.Fatalf("ReadSnapshot of an altered snapshot: %v, want an errs.Invalid error about the snapshot", err)
			}
			continue
		}
		en := NewEngine(got)
		if err := en.SetAchievement(a); err != nil {
			t.Fatal(err)
		}
		en.EvaluateAll(now, nil)
		for _, m := range c.members {
			got.MemberFacts(m)
		}
	}
}

// FuzzReadSnapshot checks that ReadSnapshot never panics and that what it
// accepts encodes back to what it read.
func FuzzReadSnapshot(f *testing.F) {
	rng := rand.New(rand.NewPCG(1, 2))
	for range 4 {
		_, ix := randomCommunity(rng)
		f.Add(ix.AppendSnapshot(nil))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		ix, rest, err := ReadSnapshot(data)
		if err != nil {
			return
		}
		if got := string(ix.AppendSnapshot(nil)) + string(rest); got != string(data) {
			// Varints have one encoding each; booleans are 0 or 1: the
			// bytes read are the bytes written.
			t.Fatalf("ReadSnapshot accepted %q, which encodes back as %q", data, got)
		}
	})
}
