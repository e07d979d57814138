package criteria

import (
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/accolade-badges/accolade/ledger"
)

var seed = flag.Uint64("seed", 1, "seed of the random communities of TestEvaluateProperty")

// community is the facts of a random community, as an oracle sees them: the
// last version posted of each exchange and attestation, and holdings.
type community struct {
	members      []string
	exchanges    map[string]*ledger.Exchange
	attestations map[string]*ledger.Attestation
	holdings     map[[2]string]Holding
}

// TestEvaluateProperty checks Evaluate and EvaluateAll against oracle, a
// brute-force reading of the semantics, on random communities and rules.
func TestEvaluateProperty(t *testing.T) {
	rng := rand.New(rand.NewPCG(*seed, 2026))
	rounds := 300
	if testing.Short() {
		rounds = 50
	}
	for round := range rounds {
		c, ix := randomCommunity(rng)
		en := NewEngine(ix)
		for k := range 3 {
			a := &Achievement{ID: "prop", Name: "Prop", Description: "Random.", Criteria: Criteria{Rule: randomRule(rng, 0)}}
			if rng.IntN(2) == 0 {
				a.ValidFor, a.RenewWithin = 365*Day, 30*Day
			}
			if err := en.SetAchievement(a); err != nil {
				t.Fatalf("round %d: random rule is invalid: %v", round, err)
			}
			var want []string
			for _, m := range c.members {
				earned, current := c.oracle(a, m, now)
				r := Evaluate(ix, a, m, now)
				if r.Earned != earned || !slices.Equal(currents(r), current) {
					t.Fatalf("seed %d round %d rule %d: Evaluate(%q) = earned %v %v, oracle says %v %v\nrule: %s",
						*seed, round, k, m, r.Earned, currents(r), earned, current, mustJSON(a.Criteria.Rule))
				}
				if c.due(m, a, now) && c.oracleRule(a, a.Criteria.Rule, m, now, new([]float64)) {
					want = append(want, m)
				}
			}
			var got []string
			for _, aw := range en.EvaluateAll(now, nil) {
				got = append(got, aw.Member)
			}
			slices.Sort(got)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Fatalf("seed %d round %d rule %d: EvaluateAll() = %v, oracle says %v", *seed, round, k, got, want)
			}
		}
	}
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

var (
	propSkills = []string{"training", "editing", "photos", "wikidata"}
	propAchs   = []string{"mentor", "editor", "prop"} // prop is the one evaluated
)

func pick[T any](rng *rand.Rand, s []T) T { return s[rng.IntN(len(s))] }

// randomCommunity makes about 25 members, 120 exchanges (some posted twice,
// some confirmed later, some withdrawn, a few after now), 50 attestations
// and holdings in every state, and the index of them.
func randomCommunity(rng *rand.Rand) (*community, *Index) {
	c := &community{exchanges: map[string]*ledger.Exchange{}, attestations: map[string]*ledger.Attestation{}, holdings: map[[2]string]Holding{}}
	n := 5 + rng.IntN(25)
	for i := range n {
		c.members = append(c.members, fmt.Sprintf("m%d", i))
	}
	ix := NewIndex()
	for _, m := range c.members {
		ix.AddMember(m)
	}
	for i := range rng.IntN(150) {
		e := randomExchange(rng, c.members, fmt.Sprintf("e%d", rng.IntN(i+1))) // ids repeat: reposts
		if old := c.exchanges[e.ID]; old != nil && rng.IntN(2) == 0 {
			e = old.Clone() // the same exchange, confirmed or withdrawn later
			for _, p := range e.Participants() {
				if rng.IntN(3) == 0 && !slices.Contains(e.ConfirmedBy, p) {
					e.ConfirmedBy = append(e.ConfirmedBy, p)
				}
			}
			e.Withdrawn = rng.IntN(8) == 0
		}
		c.exchanges[e.ID] = e
		ix.PutExchange(e)
	}
	for i := range rng.IntN(60) {
		a := &ledger.Attestation{ID: fmt.Sprintf("a%d", rng.IntN(i+1)), Attester: pick(rng, c.members), Member: pick(rng, c.members),
			Statement: "x", CreatedAt: now.Add(-time.Duration(rng.IntN(400*24)-24) * time.Hour)}
		if rng.IntN(6) == 0 {
			a.Achievement = pick(rng, propAchs[1:]) // an approved application
		} else {
			a.Skill = pick(rng, propSkills)
		}
		c.attestations[a.ID] = a
		ix.PutAttestation(a)
	}
	for range rng.IntN(20) {
		h := Holding{Credential: "c", Valid: rng.IntN(4) > 0}
		switch rng.IntN(3) {
		case 0:
			h.ValidUntil = now.Add(time.Duration(rng.IntN(48)-24) * time.Hour)
		case 1: // in or beyond a 30-day renewal window
			h.ValidUntil = now.Add(time.Duration(rng.IntN(60)) * Day)
		}
		k := [2]string{pick(rng, c.members), pick(rng, propAchs)}
		c.holdings[k] = h
		ix.SetHolding(k[0], k[1], h)
	}
	return c, ix
}

func randomExchange(rng *rand.Rand, members []string, id string) *ledger.Exchange {
	people := slices.Clone(members)
	rng.Shuffle(len(people), func(i, j int) { people[i], people[j] = people[j], people[i] })
	nt := 1 + rng.IntN(2)
	nl := 1 + rng.IntN(min(5, len(people)-nt))
	e := &ledger.Exchange{ID: id, Kind: pick(rng, ledger.ExchangeKinds), Hours: float64(1+rng.IntN(8)) / 2,
		OccurredAt: now.Add(-time.Duration(rng.IntN(400*24)-24) * time.Hour),
		Teachers:   people[:nt], Learners: people[nt : nt+nl]}
	for _, s := range propSkills {
		if rng.IntN(3) == 0 || len(e.Skills) == 0 && s == propSkills[len(propSkills)-1] {
			e.Skills = append(e.Skills, s)
		}
	}
	for _, p := range e.Participants() {
		if rng.IntN(4) == 0 {
			e.ConfirmedBy = append(e.ConfirmedBy, p)
		}
	}
	return e
}

func randomRule(rng *rand.Rand, depth int) *Rule {
	switch k := rng.IntN(10); {
	case k < 2 && depth < 2:
		kids := make([]*Rule, 1+rng.IntN(3))
		for i := range kids {
			kids[i] = randomRule(rng, depth+1)
		}
		if k == 0 {
			return &Rule{All: kids}
		}
		return &Rule{Any: kids}
	case k < 6:
		return &Rule{Exchanges: randomExchangeRequirement(rng)}
	case k < 8:
		q := &AttestationRequirement{Count: 1 + rng.IntN(3), Within: pick(rng, []time.Duration{0, 90 * Day})}
		if rng.IntN(2) == 0 {
			q.Skill = pick(rng, propSkills)
		}
		if rng.IntN(2) == 0 {
			q.FromHoldersOf = pick(rng, propAchs[:2])
		}
		return &Rule{Attestations: q}
	case k < 9:
		return &Rule{Holds: pick(rng, propAchs[:2])}
	}
	return &Rule{Expr: pick(rng, []string{
		"hoursTaught >= 4", "distinctLearners >= 3 or holds(\"mentor\")", "attestations >= 2",
		"confirmedTaught + confirmedLearned >= 2", "distinctTeachers >= 2 and skillsLearned >= 2",
		"exchangesTaught > exchangesLearned and skillsTaught >= 2", "hoursLearned >= 3"})}
}

func randomExchangeRequirement(rng *rand.Rand) *ExchangeRequirement {
	q := &ExchangeRequirement{Role: pick(rng, []Role{Teacher, Learner, AnyRole}), Confirmed: rng.IntN(2) == 0,
		Within: pick(rng, []time.Duration{0, 30 * Day, 365 * Day})}
	if rng.IntN(2) == 0 {
		q.Kind = []ledger.ExchangeKind{pick(rng, ledger.ExchangeKinds), pick(rng, ledger.ExchangeKinds)}
		q.Kind = slices.Compact(q.Kind)
	}
	if rng.IntN(2) == 0 {
		q.Skill = []string{pick(rng, propSkills)}
	}
	for q.Count == 0 && q.Hours == 0 && q.DistinctPartners == 0 {
		if rng.IntN(2) == 0 {
			q.Count = 1 + rng.IntN(4)
		}
		if rng.IntN(2) == 0 {
			q.Hours = float64(1 + rng.IntN(8))
		}
		if rng.IntN(2) == 0 {
			q.DistinctPartners = 1 + rng.IntN(5)
		}
	}
	return q
}
