package criteria

import (
	"maps"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Trial is what evaluating every member would award for an achievement
// tried with Engine.Try, and who is close to it.
type Trial struct {
	Members int // members evaluated: every member the index knows
	// Earners are the members EvaluateAll(now, nil) would award it to,
	// by id.
	Earners []Standing
	Holders int // members who hold a valid credential for it at now
	// Nearly are the members, by id, who neither hold it nor would be
	// awarded it, and are one requirement short: one more threshold met
	// (for a rule of all, all but one met) would earn it, and something
	// counted toward it already. Awards of other achievements in the run
	// count as held.
	Nearly []Standing
}

// Standing is how far a member of a Trial's lists got on each of the
// rule's requirements.
type Standing struct {
	Member  string
	plan    *plan
	met     []bool
	tallies []tally
}

// Requirements returns the member's progress on every requirement, without
// evidence.
func (n Standing) Requirements() []RequirementResult {
	var out []RequirementResult
	for i, s := range n.plan.leaves {
		out = append(out, requirementResults(s, n.tallies[i], n.met[i], nil)...)
	}
	return out
}

// Try evaluates every member as EvaluateAll would if a were set
// (SetAchievement, replacing the achievement with its id), and reports what
// it would award for a, who holds it and who is one requirement short.
// The engine and its index are not changed: a is evaluated over a view of
// the index that shares its facts and has a table of achievement ids of its
// own, read under the engine's and the index's read locks, so that the
// answer is one consistent state. Awards of other achievements in the run
// count, as in EvaluateAll: a rule requiring another achievement sees it
// awarded to the members who earn it now. a is validated (errs.Invalid);
// the achievements it refers to are not checked (CheckReferences).
func (en *Engine) Try(a *Achievement, now time.Time) (*Trial, error) {
	if err := a.Validate(); err != nil {
		return nil, err
	}
	en.mu.RLock()
	defer en.mu.RUnlock()
	en.ix.mu.RLock()
	defer en.ix.mu.RUnlock()
	ov := en.ix.overlay()
	holds, from := a.References()
	for _, id := range slices.Concat([]string{a.ID}, holds, from) {
		ov.achievements.add(id)
	}
	trial := &Engine{ix: ov, achievements: maps.Clone(en.achievements), decideOnly: true}
	trial.achievements[a.ID] = a
	trial.refresh()
	t := &Trial{Members: len(ov.members.names)}
	awarded := map[string]bool{}
	tentative := map[uint64]bool{} // every award of the run, as EvaluateAll counts them
	if a.automatic() {
		for _, aw := range trial.EvaluateAll(now, nil) {
			tentative[holdingKey(ov.members.lookup(aw.Member), ov.achievements.lookup(aw.Achievement))] = true
			if aw.Achievement == a.ID {
				awarded[aw.Member] = true
			}
		}
	}
	t.Holders, t.Earners, t.Nearly = ov.standings(newPlan(ov, a, now), now, tentative, awarded)
	return t, nil
}

// standings counts the members who hold p's achievement at now, and
// returns the standing of those awarded it (awarded) and of those one
// requirement short of it, by id; tentative are the run's awards. Workers
// take chunks of members, as EvaluateAll's rounds do. The caller holds
// ix.mu.
func (ix *Index) standings(p *plan, now time.Time, tentative map[uint64]bool, awarded map[string]bool) (int, []Standing, []Standing) {
	n := len(ix.members.names)
	workers := max(1, min(runtime.GOMAXPROCS(0), (n+evalChunk-1)/evalChunk))
	type found struct {
		holders        int
		earners, nears []Standing
	}
	results := make([]found, workers)
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			ev := newEvaluator(ix, now, tentative)
			defer ev.release()
			var buf standingBuf
			r := &results[w]
			for {
				lo := int(next.Add(evalChunk)) - evalChunk
				if lo >= n {
					return
				}
				for m := int32(lo); m < int32(min(lo+evalChunk, n)); m++ {
					switch _, held := ix.holdsAt(m, p.ach, ev.now); {
					case awarded[ix.members.names[m]]:
						r.earners = append(r.earners, ev.standing(p, m, &buf).clone())
					case held:
						r.holders++
					default:
						if st := ev.standing(p, m, &buf); st.nearly() {
							r.nears = append(r.nears, st.clone())
						}
					}
				}
			}
		})
	}
	wg.Wait()
	holders := 0
	var earners, nears []Standing
	for _, r := range results {
		holders += r.holders
		earners, nears = append(earners, r.earners...), append(nears, r.nears...)
	}
	byMember := func(x, y Standing) int { return strings.Compare(x.Member, y.Member) }
	slices.SortFunc(earners, byMember)
	slices.SortFunc(nears, byMember)
	return holders, earners, nears
}

// overlay returns a view of ix for a trial: it shares ix's facts, which the
// caller reads under ix.mu, and has its own copy of the table of
// achievement ids, so that interning a tried achievement leaves ix as it is.
// Nothing but the trial may hold the view.
func (ix *Index) overlay() *Index {
	return &Index{
		members: ix.members, skills: ix.skills, levels: ix.levels,
		achievements: intern{ids: maps.Clone(ix.achievements.ids), names: slices.Clone(ix.achievements.names)},
		facts:        ix.facts,
		exByID:       ix.exByID, ex: ix.ex, exIDs: ix.exIDs, exTitles: ix.exTitles, parts: ix.parts, skillIDs: ix.skillIDs,
		attByID: ix.attByID, att: ix.att, attIDs: ix.attIDs, attSays: ix.attSays, otherIDs: ix.otherIDs,
	}
}

// standingBuf is scratch space for standing, reused from member to member.
type standingBuf struct {
	met     []bool
	tallies []tally
}

// standing evaluates every leaf of p for m, into buf: clone it to keep it.
func (e *evaluator) standing(p *plan, m int32, buf *standingBuf) Standing {
	n := len(p.leaves)
	buf.met, buf.tallies = slices.Grow(buf.met[:0], n)[:n], slices.Grow(buf.tallies[:0], n)[:n]
	for i, s := range p.leaves {
		buf.met[i], buf.tallies[i] = e.leaf(s, p, m, false)
	}
	return Standing{Member: e.ix.members.names[m], plan: p, met: buf.met, tallies: buf.tallies}
}

func (st Standing) clone() Standing {
	st.met, st.tallies = slices.Clone(st.met), slices.Clone(st.tallies)
	return st
}

// nearly reports whether a member who does not meet the rule is one
// requirement short of it: something counted toward the rule already (a
// member with no progress at all is not "nearly" there, even on a rule of
// one requirement), and some leaf misses exactly one threshold and, met,
// would make the rule met.
func (st Standing) nearly() bool {
	p, met := st.plan, st.met
	if p.root == nil || p.root.met(met) || !slices.ContainsFunc(st.tallies, counted) {
		return false
	}
	for i, s := range p.leaves {
		if met[i] || unmetThresholds(s, st.tallies[i]) != 1 {
			continue
		}
		met[i] = true
		near := p.root.met(met)
		met[i] = false
		if near {
			return true
		}
	}
	return false
}

// counted reports whether a tally counted anything.
func counted(t tally) bool { return t.count > 0 || t.hours > 0 || t.partners > 0 }

// unmetThresholds counts the thresholds of leaf s that t does not reach:
// an exchanges requirement has up to three (count, hours, partners), the
// others one.
func unmetThresholds(s *step, t tally) int {
	switch s.kind {
	case stepExchanges:
		q := s.rule.Exchanges
		return b2i(t.count < q.Count) + b2i(t.hours < q.Hours-hoursSlack) + b2i(t.partners < q.DistinctPartners)
	case stepAttestations:
		return b2i(t.count < s.rule.Attestations.Count)
	}
	return b2i(t.count == 0)
}
