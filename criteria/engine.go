package criteria

import (
	"cmp"
	"maps"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/accolade-badges/accolade/ledger"
)

// Award is a decision that a member earned an achievement, with the result
// that explains it; Result.Evidence goes into the credential.
type Award struct {
	Member      string
	Achievement string
	Result      Result
}

// Change is a new or changed fact, for Affected. Set one of Exchange,
// Attestation, or Member and Achievement (a member's credential for the
// achievement was issued, revoked, suspended or expired).
type Change struct {
	Exchange    *ledger.Exchange
	Attestation *ledger.Attestation
	Member      string
	Achievement string
}

// Engine holds the achievements and the Index of facts, awards what is
// earned and says whom a change affects. It is safe for concurrent use.
type Engine struct {
	ix *Index

	mu           sync.RWMutex
	achievements map[string]*Achievement
	holdsRefs    map[string]bool // achievements some rule requires holding
	fromRefs     map[string]bool // achievements some rule requires of attesters
	decideOnly   bool            // a trial's engine (Try): awards without their Result
}

// NewEngine returns an engine with no achievements over ix.
func NewEngine(ix *Index) *Engine {
	return &Engine{ix: ix, achievements: map[string]*Achievement{}}
}

// Index returns the engine's index, for adding facts.
func (en *Engine) Index() *Index { return en.ix }

// SetAchievement adds a, or replaces the achievement with its id, after
// validating it (errs.Invalid). The engine keeps a: do not change it
// afterwards. Members should then be evaluated again (EvaluateAll).
func (en *Engine) SetAchievement(a *Achievement) error {
	if err := a.Validate(); err != nil {
		return err
	}
	en.ix.internAchievements(a)
	en.mu.Lock()
	defer en.mu.Unlock()
	en.achievements[a.ID] = a
	en.refresh()
	return nil
}

// RemoveAchievement removes the achievement with id, if any.
func (en *Engine) RemoveAchievement(id string) {
	en.mu.Lock()
	defer en.mu.Unlock()
	delete(en.achievements, id)
	en.refresh()
}

// refresh recomputes which achievements rules refer to. The caller holds mu.
func (en *Engine) refresh() {
	en.holdsRefs, en.fromRefs = map[string]bool{}, map[string]bool{}
	for _, a := range en.achievements {
		holds, from := a.References()
		for _, id := range holds {
			en.holdsRefs[id] = true
		}
		for _, id := range from {
			en.fromRefs[id] = true
		}
	}
}

// Achievements returns every achievement, by id.
func (en *Engine) Achievements() []*Achievement {
	en.mu.RLock()
	defer en.mu.RUnlock()
	return en.sorted(false)
}

// sorted returns the achievements by id, only automatic ones when
// automatic. The caller holds mu.
func (en *Engine) sorted(automatic bool) []*Achievement {
	var out []*Achievement
	for _, id := range slices.Sorted(maps.Keys(en.achievements)) {
		if a := en.achievements[id]; !automatic || a.automatic() {
			out = append(out, a)
		}
	}
	return out
}

// Progress evaluates member on every achievement at now, by achievement id.
func (en *Engine) Progress(member string, now time.Time) []Result {
	en.mu.RLock()
	defer en.mu.RUnlock()
	ix := en.ix
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	ev := newEvaluator(ix, now, nil)
	defer ev.release()
	m := ix.members.lookup(member)
	var out []Result
	for _, a := range en.sorted(false) {
		out = append(out, ev.result(newPlan(ix, a, now), m))
	}
	return out
}

// Affected returns the members to evaluate again after c, sorted: the
// participants of an exchange (as posted and as indexed), the attestee of an
// attestation, and, when a member's credential for an achievement changes,
// that member if some rule requires holding it and the members they attested
// if some rule requires it of attesters (fromHoldersOf).
func (en *Engine) Affected(c Change) []string {
	en.mu.RLock()
	defer en.mu.RUnlock()
	ix := en.ix
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	var out []string
	switch {
	case c.Exchange != nil:
		out = append(c.Exchange.Participants(), ix.names(ix.exchangeParticipants(c.Exchange.ID))...)
	case c.Attestation != nil:
		out = append(out, c.Attestation.Member)
		if i, ok := ix.attByID[c.Attestation.ID]; ok {
			out = append(out, ix.members.names[ix.att[i].member])
		}
	case c.Member != "":
		if en.holdsRefs[c.Achievement] {
			out = append(out, c.Member)
		}
		if m := ix.members.lookup(c.Member); m >= 0 && en.fromRefs[c.Achievement] {
			out = append(out, ix.names(ix.attestees(m))...)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func (ix *Index) names(ms []int32) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = ix.members.names[m]
	}
	return out
}

// attestees returns the members m attested.
func (ix *Index) attestees(m int32) []int32 {
	var out []int32
	for _, ai := range ix.facts[m].given {
		out = append(out, ix.att[ai].member)
	}
	return out
}

// internAchievements gives a and the achievements it refers to interned ids,
// so that holdings awarded during an evaluation can be recorded by id.
func (ix *Index) internAchievements(a *Achievement) {
	holds, from := a.References()
	ix.mu.Lock()
	defer ix.mu.Unlock()
	for _, id := range slices.Concat([]string{a.ID}, holds, from) {
		ix.achievements.add(id)
	}
}

// EvaluateAll evaluates members (nil: every member the index knows) on every
// achievement with a rule or awardOnApproval at now, and returns what they
// newly earned. It runs to a fixed point: each award counts as a holding for
// the rest of the run, and the members it affects (see Affected) are
// evaluated again, also when they were not in members. Members who hold a
// valid credential for an achievement are not awarded it again, unless it
// expires within the achievement's RenewWithin: then, as once it has expired,
// the member is awarded it again (a renewal) when they still meet the
// criteria. Awards come
// in rounds, within a round by member order, then achievement id.
//
// The index is not changed: record issued credentials with SetHolding.
// Until then, another EvaluateAll returns the same awards, so issuing must
// be exactly-once on its own (one store transaction checks and records the
// credential), as concurrent requests and retries will repeat awards.
func (en *Engine) EvaluateAll(now time.Time, members []string) []Award {
	en.mu.RLock()
	defer en.mu.RUnlock()
	ix := en.ix
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	var plans []*plan
	for _, a := range en.sorted(true) {
		plans = append(plans, newPlan(ix, a, now))
	}
	if len(plans) == 0 {
		return nil
	}
	cands := ix.candidates(members)
	tentative := map[uint64]bool{}
	var awards []Award
	for len(cands) > 0 {
		found := en.round(plans, cands, now, tentative)
		for _, f := range found {
			tentative[holdingKey(f.m, plans[f.p].ach)] = true
			awards = append(awards, Award{Member: ix.members.names[f.m], Achievement: plans[f.p].a.ID, Result: f.res})
		}
		cands = en.dependents(found, plans)
	}
	return awards
}

// candidates interns members for EvaluateAll, dropping unknown and repeated
// ones; nil means every member.
func (ix *Index) candidates(members []string) []int32 {
	var out []int32
	if members == nil {
		out = make([]int32, len(ix.members.names))
		for i := range out {
			out[i] = int32(i)
		}
		return out
	}
	for _, id := range members {
		if m := ix.members.lookup(id); m >= 0 && !slices.Contains(out, m) {
			out = append(out, m)
		}
	}
	return out
}

// found is an award decided in a round: candidate index c, member m, plan p.
type found struct {
	c, p int
	m    int32
	res  Result
}

// evalChunk is how many members a worker takes at a time.
const evalChunk = 256

// round evaluates every plan not yet held for each candidate, in parallel.
func (en *Engine) round(plans []*plan, cands []int32, now time.Time, tentative map[uint64]bool) []found {
	workers := max(1, min(runtime.GOMAXPROCS(0), (len(cands)+evalChunk-1)/evalChunk))
	results := make([][]found, workers)
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			ev := newEvaluator(en.ix, now, tentative)
			defer ev.release()
			for {
				lo := int(next.Add(evalChunk)) - evalChunk
				if lo >= len(cands) {
					return
				}
				for c := lo; c < min(lo+evalChunk, len(cands)); c++ {
					m := cands[c]
					for p, pl := range plans {
						if ev.due(pl, m) && ev.earned(pl, m) {
							f := found{c: c, p: p, m: m}
							if !en.decideOnly {
								f.res = ev.result(pl, m)
							}
							results[w] = append(results[w], f)
						}
					}
				}
			}
		})
	}
	wg.Wait()
	all := slices.Concat(results...)
	slices.SortFunc(all, func(a, b found) int { return cmp.Or(cmp.Compare(a.c, b.c), cmp.Compare(a.p, b.p)) })
	return all
}

// dependents returns the members whose rules the awards in found may
// satisfy now.
func (en *Engine) dependents(found []found, plans []*plan) []int32 {
	var out []int32
	for _, f := range found {
		id := plans[f.p].a.ID
		if en.holdsRefs[id] {
			out = append(out, f.m)
		}
		if en.fromRefs[id] {
			out = append(out, en.ix.attestees(f.m)...)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}
