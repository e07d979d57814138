package criteria

import (
	"sync"
	"time"

	"github.com/expr-lang/expr"
)

// Evaluate reports how member stands on achievement a at now, from the facts
// in ix: whether it is earned, each requirement's progress and the evidence.
// A member who holds a valid credential for a is reported earned.
func Evaluate(ix *Index, a *Achievement, member string, now time.Time) Result {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	ev := newEvaluator(ix, now, nil)
	defer ev.release()
	return ev.result(newPlan(ix, a, now), ix.members.lookup(member))
}

// evaluator evaluates plans for one member at a time. It is not safe for
// concurrent use; EvaluateAll gives each worker its own.
type evaluator struct {
	ix        *Index
	now       int64
	tentative map[uint64]bool // holdings awarded earlier in this run
	*marks
}

// marks are which members a tally counted already: seen[member] == epoch.
// They take 4 bytes per member, so evaluators recycle them.
type marks struct {
	seen  []uint32
	epoch uint32
}

var marksPool = sync.Pool{New: func() any { return new(marks) }}

func newEvaluator(ix *Index, now time.Time, tentative map[uint64]bool) *evaluator {
	return &evaluator{ix: ix, now: nanos(now), tentative: tentative, marks: marksPool.Get().(*marks)}
}

// release recycles e's marks; e must not be used afterwards.
func (e *evaluator) release() {
	marksPool.Put(e.marks)
	e.marks = nil
}

func holdingKey(m, a int32) uint64 { return uint64(uint32(m))<<32 | uint64(uint32(a)) }

// fresh starts a new set of counted members.
func (e *evaluator) fresh() {
	if n := len(e.ix.members.names); len(e.seen) < n {
		e.seen = make([]uint32, n+n/4)
		e.epoch = 0
	}
	e.epoch++
	if e.epoch == 0 {
		clear(e.seen)
		e.epoch = 1
	}
}

// first reports whether m is counted for the first time since fresh.
func (e *evaluator) first(m int32) bool {
	if e.seen[m] == e.epoch {
		return false
	}
	e.seen[m] = e.epoch
	return true
}

// holds reports whether member m holds achievement a, valid now, or was
// awarded it earlier in this run; h is the stored holding, if any.
func (e *evaluator) holds(m, a int32) (h *holding, ok bool) {
	if m < 0 || a < 0 {
		return nil, false
	}
	if h, ok := e.ix.holdsAt(m, a, e.now); ok {
		return h, true
	}
	return nil, e.tentative[holdingKey(m, a)]
}

// due reports whether m may be awarded p's achievement now: m holds no
// valid credential for it, or holds one that expires within the
// achievement's RenewWithin (a renewal).
func (e *evaluator) due(p *plan, m int32) bool {
	if m < 0 || e.tentative[holdingKey(m, p.ach)] {
		return false
	}
	for _, h := range e.ix.facts[m].holdings {
		if h.ach == p.ach {
			return !h.valid || h.validUntil != 0 && e.now >= h.validUntil-int64(p.a.RenewWithin)
		}
	}
	return true
}

// earned reports whether m earns p now (not counting a credential held),
// skipping what cannot change the answer.
func (e *evaluator) earned(p *plan, m int32) bool {
	if m < 0 {
		return false
	}
	if p.approval && e.approvals(p, m, false).count > 0 {
		return true
	}
	return p.root != nil && e.met(p.root, p, m)
}

func (e *evaluator) met(s *step, p *plan, m int32) bool {
	switch s.kind {
	case stepAll:
		for _, k := range s.cheap {
			if !e.met(k, p, m) {
				return false
			}
		}
		return true
	case stepAny:
		for _, k := range s.cheap {
			if e.met(k, p, m) {
				return true
			}
		}
		return false
	}
	met, _ := e.leaf(s, p, m, false)
	return met
}

// tally is what a requirement counted.
type tally struct {
	count    int // exchanges, or different attesters
	hours    float64
	partners int
	items    []int32 // exchanges or attestations counted, when collecting
}

// leaf evaluates a requirement; with collect, t.items lists what it counted.
func (e *evaluator) leaf(s *step, p *plan, m int32, collect bool) (bool, tally) {
	switch s.kind {
	case stepExchanges:
		t := e.exchanges(s, m, collect)
		return exchangesMet(s.rule.Exchanges, t), t
	case stepAttestations:
		t := e.attestations(s, p.ach, m, collect)
		return t.count >= s.rule.Attestations.Count, t
	case stepHolds:
		_, ok := e.holds(m, s.holds)
		return ok, tally{count: b2i(ok)}
	default:
		ok := e.expr(s.rule, m)
		return ok, tally{count: b2i(ok)}
	}
}

// hoursSlack absorbs floating-point error in sums of hours.
const hoursSlack = 1e-9

func exchangesMet(q *ExchangeRequirement, t tally) bool {
	return t.count >= q.Count && t.hours >= q.Hours-hoursSlack && t.partners >= q.DistinctPartners
}

// exchanges counts m's exchanges that s accepts; see the package
// documentation for the semantics.
func (e *evaluator) exchanges(s *step, m int32, collect bool) (t tally) {
	if m < 0 {
		return t
	}
	ix, q := e.ix, s.rule.Exchanges
	partners := q.DistinctPartners > 0
	if partners {
		e.fresh()
	}
	for _, post := range ix.facts[m].exchanges {
		xi := post &^ teacherBit
		r := &ix.ex[xi]
		teacher := post&teacherBit != 0
		if r.withdrawn || r.at > e.now || r.at < s.from ||
			s.role == Teacher && !teacher || s.role == Learner && teacher ||
			s.kinds != 0 && s.kinds&(1<<r.kind) == 0 ||
			s.skills != nil && !ix.hasSkill(r, s.skills) {
			continue
		}
		if q.Confirmed || partners {
			ok, fresh := e.counterparts(ix.counterparts(r, teacher), m, q.Confirmed, partners)
			if q.Confirmed && !ok {
				continue
			}
			t.partners += fresh
		}
		t.count++
		t.hours += r.hours
		if collect {
			t.items = append(t.items, int32(xi))
		}
	}
	return t
}

// counterparts looks at the counterparts cp of m in an exchange, only
// confirming ones when confirmed: ok reports whether there is one, and, with
// partners, fresh counts those not counted before in this tally.
func (e *evaluator) counterparts(cp []uint32, m int32, confirmed, partners bool) (ok bool, fresh int) {
	for _, c := range cp {
		who := int32(c &^ confirmedBit)
		if who == m || confirmed && c&confirmedBit == 0 {
			continue
		}
		if !partners {
			return true, 0
		}
		ok = true
		if e.first(who) {
			fresh++
		}
	}
	return ok, fresh
}

// counterparts returns the participants of r who are counterparts of a
// member who is a teacher in r or not: the participants in the other role,
// whatever role the requirement selects (role any selects the exchanges, it
// does not widen who is the other side).
func (ix *Index) counterparts(r *exchangeRecord, teacher bool) []uint32 {
	p := ix.parts[r.partOff : r.partOff+uint32(r.teachers)+uint32(r.learners)]
	if teacher {
		return p[r.teachers:]
	}
	return p[:r.teachers]
}

// hasSkill reports whether r has any of skills.
func (ix *Index) hasSkill(r *exchangeRecord, skills []int32) bool {
	for _, id := range ix.skillIDs[r.skillOff : r.skillOff+uint32(r.nSkills)] {
		for _, s := range skills {
			if id == s {
				return true
			}
		}
	}
	return false
}

// attestations counts the different members who attested m as s accepts;
// ach is the achievement being evaluated, whose approvals count whatever the
// skill.
func (e *evaluator) attestations(s *step, ach int32, m int32, collect bool) (t tally) {
	if m < 0 {
		return t
	}
	e.fresh()
	for _, ai := range e.ix.facts[m].received {
		a := &e.ix.att[ai]
		if a.attester == m || a.at > e.now || a.at < s.from ||
			a.ach >= 0 && a.ach != ach ||
			a.ach < 0 && s.skill != unset && a.skill != s.skill {
			continue
		}
		if s.holders != unset {
			if _, ok := e.holds(a.attester, s.holders); !ok {
				continue
			}
		}
		if e.first(a.attester) {
			t.count++
			if collect {
				t.items = append(t.items, ai)
			}
		}
	}
	return t
}

// approvals counts the approved applications of m for p's achievement.
func (e *evaluator) approvals(p *plan, m int32, collect bool) (t tally) {
	for _, ai := range e.ix.facts[m].received {
		a := &e.ix.att[ai]
		if a.ach == p.ach && a.attester != m && a.at <= e.now {
			t.count++
			if collect {
				t.items = append(t.items, ai)
			}
		}
	}
	return t
}

// expr runs an expr requirement on m's facts. A run-time error (none is
// expected of a compiled expression) counts as not met.
func (e *evaluator) expr(r *Rule, m int32) bool {
	if r.program == nil {
		return false
	}
	out, err := expr.Run(r.program, e.facts(m))
	ok, _ := out.(bool)
	return err == nil && ok
}

// facts computes m's Facts.
func (e *evaluator) facts(m int32) Facts {
	ix := e.ix
	f := Facts{Holds: func(id string) bool {
		_, ok := e.holds(m, ix.achievements.lookup(id))
		return ok
	}}
	if m < 0 {
		return f
	}
	skills := map[uint64]bool{}
	for pass := range 2 { // learners taught, then teachers learned from
		e.fresh()
		for _, post := range ix.facts[m].exchanges {
			r := &ix.ex[post&^teacherBit]
			teacher := post&teacherBit != 0
			if r.withdrawn || r.at > e.now || teacher != (pass == 0) {
				continue
			}
			_, fresh := e.counterparts(ix.counterparts(r, teacher), m, false, true)
			confirmed, _ := e.counterparts(ix.counterparts(r, teacher), m, true, false)
			for _, s := range ix.skillIDs[r.skillOff : r.skillOff+uint32(r.nSkills)] {
				skills[uint64(pass)<<32|uint64(uint32(s))] = true
			}
			f.add(teacher, r.hours, fresh, confirmed)
		}
	}
	for k := range skills {
		if k>>32 == 0 {
			f.SkillsTaught++
		} else {
			f.SkillsLearned++
		}
	}
	e.fresh()
	for _, ai := range ix.facts[m].received {
		if a := &ix.att[ai]; a.attester != m && a.at <= e.now && e.first(a.attester) {
			f.Attestations++
		}
	}
	return f
}

func (f *Facts) add(teacher bool, hours float64, fresh int, confirmed bool) {
	if teacher {
		f.ExchangesTaught++
		f.HoursTaught += hours
		f.DistinctLearners += fresh
		f.ConfirmedTaught += b2i(confirmed)
	} else {
		f.ExchangesLearned++
		f.HoursLearned += hours
		f.DistinctTeachers += fresh
		f.ConfirmedLearned += b2i(confirmed)
	}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
