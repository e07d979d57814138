package criteria

import (
	"cmp"
	"math"
	"slices"
	"time"
)

// Special values of interned ids in a plan.
const (
	unset   = -1 // no filter
	nothing = -2 // a filter on something the index has never seen: nothing matches
)

// plan is an achievement's rule resolved against an index at one evaluation
// time: skills and achievements as interned ids, windows as start times.
type plan struct {
	a        *Achievement
	ach      int32
	root     *step // nil without a rule
	leaves   []*step
	approval bool // awardOnApproval
}

type stepKind uint8

const (
	stepAll stepKind = iota
	stepAny
	stepExchanges
	stepAttestations
	stepHolds
	stepExpr
)

// step is a node of a plan.
type step struct {
	kind  stepKind
	rule  *Rule
	kids  []*step // in file order
	cheap []*step // kids, cheapest to evaluate first
	leaf  int     // index in plan.leaves

	from    int64   // earliest time counted (within), or MinInt64
	role    Role    // exchanges
	kinds   uint32  // exchanges: bit per kind index; 0 = every kind
	skills  []int32 // exchanges: any of these skills
	skill   int32   // attestations: unset, nothing or a skill
	holders int32   // attestations fromHoldersOf: unset, nothing or an achievement
	holds   int32   // holds: nothing or an achievement
	descs   []string
}

// newPlan resolves a against ix at now. The caller holds ix.mu.
func newPlan(ix *Index, a *Achievement, now time.Time) *plan {
	p := &plan{a: a, ach: ix.achievements.lookup(a.ID), approval: a.AwardOnApproval}
	if p.ach < 0 {
		p.ach = nothing
	}
	if a.Criteria.Rule != nil {
		p.root = p.step(ix, a.Criteria.Rule, now)
	}
	return p
}

func (p *plan) step(ix *Index, r *Rule, now time.Time) *step {
	s := &step{rule: r, leaf: -1, from: math.MinInt64}
	switch {
	case r.All != nil || r.Any != nil:
		s.kind = stepAll
		kids := r.All
		if r.Any != nil {
			s.kind, kids = stepAny, r.Any
		}
		for _, k := range kids {
			s.kids = append(s.kids, p.step(ix, k, now))
		}
		s.cheap = slices.Clone(s.kids)
		slices.SortStableFunc(s.cheap, func(a, b *step) int { return cmp.Compare(a.kind.cost(), b.kind.cost()) })
		return s
	case r.Exchanges != nil:
		s.exchanges(ix, r.Exchanges, now)
	case r.Attestations != nil:
		s.attestations(ix, r.Attestations, now)
	case r.Holds != "":
		s.kind, s.holds = stepHolds, resolve(&ix.achievements, r.Holds)
		s.descs = []string{"Holds " + r.Holds}
	default:
		s.kind = stepExpr
		s.descs = []string{"Condition " + r.Expr}
	}
	s.leaf = len(p.leaves)
	p.leaves = append(p.leaves, s)
	return s
}

// cost orders requirements for short-circuit evaluation: cheap lookups
// before scans of the member's exchanges, groups last.
func (k stepKind) cost() int {
	switch k {
	case stepHolds:
		return 0
	case stepAttestations:
		return 1
	case stepExpr:
		return 2
	case stepExchanges:
		return 3
	}
	return 4
}

func (s *step) exchanges(ix *Index, q *ExchangeRequirement, now time.Time) {
	s.kind, s.role = stepExchanges, q.Role
	for _, k := range q.Kind {
		s.kinds |= 1 << kindIndex(k)
	}
	if len(q.Kind) > 0 && s.kinds == 0 {
		s.kinds = 1 << 31 // only unknown kinds: nothing matches
	}
	for _, name := range q.Skill {
		if id := ix.skills.lookup(name); id >= 0 {
			s.skills = append(s.skills, id)
		}
	}
	if len(q.Skill) > 0 && len(s.skills) == 0 {
		s.skills = []int32{nothing}
	}
	s.from = windowStart(now, q.Within)
	s.descs = exchangeDescriptions(q)
}

func (s *step) attestations(ix *Index, q *AttestationRequirement, now time.Time) {
	s.kind, s.skill, s.holders = stepAttestations, unset, unset
	if q.Skill != "" {
		s.skill = resolve(&ix.skills, q.Skill)
	}
	if q.FromHoldersOf != "" {
		s.holders = resolve(&ix.achievements, q.FromHoldersOf)
	}
	s.from = windowStart(now, q.Within)
	s.descs = []string{attestationDescription(q)}
}

func resolve(t *intern, name string) int32 {
	if id := t.lookup(name); id >= 0 {
		return id
	}
	return nothing
}

func windowStart(now time.Time, within time.Duration) int64 {
	if within <= 0 {
		return math.MinInt64
	}
	return nanos(now.Add(-within))
}

// met combines the leaves' outcomes, as the rule's all and any say.
func (s *step) met(leafMet []bool) bool {
	switch s.kind {
	case stepAll:
		for _, k := range s.kids {
			if !k.met(leafMet) {
				return false
			}
		}
		return true
	case stepAny:
		for _, k := range s.kids {
			if k.met(leafMet) {
				return true
			}
		}
		return false
	}
	return leafMet[s.leaf]
}
