package criteria

import (
	"maps"
	"slices"
	"strings"
	"time"
)

// Trial is what evaluating every member would award for an achievement
// tried with Engine.Try, and who is close to it.
type Trial struct {
	Members int     // members evaluated: every member the index knows
	Awards  []Award // what EvaluateAll(now, nil) would award for it, by member id
	Holders int     // members who hold a valid credential for it at now
	// Nearly are the members, by id, who neither hold it nor would be
	// awarded it, and are one requirement short: one more threshold met
	// (for a rule of all, all but one met) would earn it, and something
	// counted toward it already. Awards of other achievements in the run
	// count as held.
	Nearly []Near
}

// Near is a member one requirement short of an achievement, with every
// requirement's progress (without evidence).
type Near struct {
	Member       string
	Requirements []RequirementResult
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
	trial := &Engine{ix: ov, achievements: maps.Clone(en.achievements)}
	trial.achievements[a.ID] = a
	trial.refresh()
	t := &Trial{Members: len(ov.members.names)}
	awarded := map[string]bool{}
	tentative := map[uint64]bool{} // every award of the run, as EvaluateAll counts them
	if a.automatic() {
		for _, aw := range trial.EvaluateAll(now, nil) {
			tentative[holdingKey(ov.members.lookup(aw.Member), ov.achievements.lookup(aw.Achievement))] = true
			if aw.Achievement == a.ID {
				t.Awards = append(t.Awards, aw)
				awarded[aw.Member] = true
			}
		}
	}
	slices.SortFunc(t.Awards, func(x, y Award) int { return strings.Compare(x.Member, y.Member) })
	p := newPlan(ov, a, now)
	ev := newEvaluator(ov, now, tentative)
	defer ev.release()
	var buf nearBuf
	for m := range int32(len(ov.members.names)) {
		if _, ok := ov.holdsAt(m, p.ach, ev.now); ok {
			t.Holders++
			continue
		}
		if awarded[ov.members.names[m]] {
			continue
		}
		if reqs, ok := ev.nearly(p, m, &buf); ok {
			t.Nearly = append(t.Nearly, Near{Member: ov.members.names[m], Requirements: reqs})
		}
	}
	slices.SortFunc(t.Nearly, func(x, y Near) int { return strings.Compare(x.Member, y.Member) })
	return t, nil
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
		attByID: ix.attByID, att: ix.att, attIDs: ix.attIDs, attSays: ix.attSays,
	}
}

// nearBuf is scratch space for nearly, reused from member to member.
type nearBuf struct {
	met     []bool
	tallies []tally
}

// nearly reports whether m, who does not meet p's rule, is one requirement
// short of it: something counted toward the rule already (a member with no
// progress at all is not "nearly" there, even on a rule of one
// requirement), and some leaf misses exactly one threshold and, met, would
// make the rule met. It returns every requirement's progress when so.
func (e *evaluator) nearly(p *plan, m int32, buf *nearBuf) ([]RequirementResult, bool) {
	if p.root == nil {
		return nil, false
	}
	n := len(p.leaves)
	buf.met, buf.tallies = slices.Grow(buf.met[:0], n)[:n], slices.Grow(buf.tallies[:0], n)[:n]
	met, tallies := buf.met, buf.tallies
	for i, s := range p.leaves {
		met[i], tallies[i] = e.leaf(s, p, m, false)
	}
	if p.root.met(met) || !slices.ContainsFunc(tallies, counted) {
		return nil, false
	}
	near := false
	for i, s := range p.leaves {
		if met[i] || unmetThresholds(s, tallies[i]) != 1 {
			continue
		}
		met[i] = true
		near = p.root.met(met)
		met[i] = false
		if near {
			break
		}
	}
	if !near {
		return nil, false
	}
	var out []RequirementResult
	for i, s := range p.leaves {
		out = append(out, requirementResults(s, tallies[i], met[i], nil)...)
	}
	return out, true
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
