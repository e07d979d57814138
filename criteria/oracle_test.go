package criteria

import (
	"slices"
	"time"

	"github.com/accolade-badges/accolade/ledger"
)

// This file is the oracle of TestEvaluateProperty: the semantics of the
// package documentation read literally, scanning every fact for every
// requirement, sharing no code with the index or the evaluator.

func (c *community) valid(member, achievement string, now time.Time) bool {
	h, ok := c.holdings[[2]string{member, achievement}]
	return ok && h.Valid && (h.ValidUntil.IsZero() || now.Before(h.ValidUntil))
}

// due says whether member may be awarded a at now: no valid credential for
// it, or one that expires within a.RenewWithin.
func (c *community) due(member string, a *Achievement, now time.Time) bool {
	h, ok := c.holdings[[2]string{member, a.ID}]
	return !ok || !h.Valid || !h.ValidUntil.IsZero() && !now.Before(h.ValidUntil.Add(-a.RenewWithin))
}

// oracle says whether member earned a at now (held counts), and each
// requirement's current value in Evaluate's order.
func (c *community) oracle(a *Achievement, member string, now time.Time) (bool, []float64) {
	var current []float64
	met := c.oracleRule(a, a.Criteria.Rule, member, now, &current)
	return met || c.valid(member, a.ID, now), current
}

func (c *community) oracleRule(a *Achievement, r *Rule, member string, now time.Time, current *[]float64) bool {
	switch {
	case r.All != nil:
		all := true
		for _, k := range r.All {
			all = c.oracleRule(a, k, member, now, current) && all
		}
		return all
	case r.Any != nil:
		some := false
		for _, k := range r.Any {
			some = c.oracleRule(a, k, member, now, current) || some
		}
		return some
	case r.Exchanges != nil:
		return c.oracleExchanges(r.Exchanges, member, now, current)
	case r.Attestations != nil:
		n := c.oracleAttesters(a, r.Attestations, member, now)
		*current = append(*current, float64(n))
		return n >= r.Attestations.Count
	case r.Holds != "":
		ok := c.valid(member, r.Holds, now)
		*current = append(*current, float64(b2i(ok)))
		return ok
	}
	ok := c.oracleExpr(r.Expr, member, now)
	*current = append(*current, float64(b2i(ok)))
	return ok
}

func inWindow(t, now time.Time, within time.Duration) bool {
	return !t.After(now) && (within == 0 || !t.Before(now.Add(-within)))
}

func (c *community) oracleExchanges(q *ExchangeRequirement, member string, now time.Time, current *[]float64) bool {
	count, hours := 0, 0.0
	partners := map[string]bool{}
	for _, e := range c.exchanges {
		teacher, learner := slices.Contains(e.Teachers, member), slices.Contains(e.Learners, member)
		if e.Withdrawn || !inWindow(e.OccurredAt, now, q.Within) ||
			!(q.Role == Teacher && teacher || q.Role == Learner && learner || q.Role == AnyRole && (teacher || learner)) ||
			len(q.Kind) > 0 && !slices.Contains(q.Kind, e.Kind) ||
			len(q.Skill) > 0 && !slices.ContainsFunc(q.Skill, func(s string) bool { return slices.Contains(e.Skills, s) }) {
			continue
		}
		counterparts := oracleCounterparts(e, member)
		if q.Confirmed {
			counterparts = slices.DeleteFunc(counterparts, func(p string) bool { return !slices.Contains(e.ConfirmedBy, p) })
			if len(counterparts) == 0 {
				continue
			}
		}
		count++
		hours += e.Hours
		for _, p := range counterparts {
			partners[p] = true
		}
	}
	met := true
	if q.Count > 0 {
		*current = append(*current, float64(count))
		met = met && count >= q.Count
	}
	if q.Hours > 0 {
		*current = append(*current, hours)
		met = met && hours >= q.Hours
	}
	if q.DistinctPartners > 0 {
		*current = append(*current, float64(len(partners)))
		met = met && len(partners) >= q.DistinctPartners
	}
	return met
}

// oracleCounterparts: the participants in the other role than member's,
// whatever role the requirement selects.
func oracleCounterparts(e *ledger.Exchange, member string) []string {
	var out []string
	switch {
	case slices.Contains(e.Teachers, member):
		out = slices.Clone(e.Learners)
	default:
		out = slices.Clone(e.Teachers)
	}
	return slices.DeleteFunc(out, func(p string) bool { return p == member })
}

func (c *community) oracleAttesters(a *Achievement, q *AttestationRequirement, member string, now time.Time) int {
	attesters := map[string]bool{}
	for _, at := range c.attestations {
		if at.Member != member || at.Attester == member || !inWindow(at.CreatedAt, now, q.Within) {
			continue
		}
		if at.Achievement != "" && at.Achievement != a.ID ||
			at.Achievement == "" && q.Skill != "" && at.Skill != q.Skill ||
			q.FromHoldersOf != "" && !c.valid(at.Attester, q.FromHoldersOf, now) {
			continue
		}
		attesters[at.Attester] = true
	}
	return len(attesters)
}

// oracleExpr evaluates the expressions randomRule makes, by hand.
func (c *community) oracleExpr(src, member string, now time.Time) bool {
	f := c.oracleFacts(member, now)
	switch src {
	case "hoursTaught >= 4":
		return f.HoursTaught >= 4
	case `distinctLearners >= 3 or holds("mentor")`:
		return f.DistinctLearners >= 3 || c.valid(member, "mentor", now)
	case "attestations >= 2":
		return f.Attestations >= 2
	case "confirmedTaught + confirmedLearned >= 2":
		return f.ConfirmedTaught+f.ConfirmedLearned >= 2
	case "distinctTeachers >= 2 and skillsLearned >= 2":
		return f.DistinctTeachers >= 2 && f.SkillsLearned >= 2
	case "exchangesTaught > exchangesLearned and skillsTaught >= 2":
		return f.ExchangesTaught > f.ExchangesLearned && f.SkillsTaught >= 2
	case "hoursLearned >= 3":
		return f.HoursLearned >= 3
	}
	panic("oracle: unknown expression " + src)
}

func (c *community) oracleFacts(member string, now time.Time) Facts {
	var f Facts
	learners, teachers := map[string]bool{}, map[string]bool{}
	taught, learned := map[string]bool{}, map[string]bool{}
	for _, e := range c.exchanges {
		if e.Withdrawn || e.OccurredAt.After(now) {
			continue
		}
		if slices.Contains(e.Teachers, member) {
			f.ExchangesTaught++
			f.HoursTaught += e.Hours
			f.ConfirmedTaught += b2i(slices.ContainsFunc(e.Learners, func(l string) bool { return slices.Contains(e.ConfirmedBy, l) }))
			for _, l := range e.Learners {
				learners[l] = true
			}
			for _, s := range e.Skills {
				taught[s] = true
			}
		}
		if slices.Contains(e.Learners, member) {
			f.ExchangesLearned++
			f.HoursLearned += e.Hours
			f.ConfirmedLearned += b2i(slices.ContainsFunc(e.Teachers, func(t string) bool { return slices.Contains(e.ConfirmedBy, t) }))
			for _, t := range e.Teachers {
				teachers[t] = true
			}
			for _, s := range e.Skills {
				learned[s] = true
			}
		}
	}
	f.DistinctLearners, f.DistinctTeachers = len(learners), len(teachers)
	f.SkillsTaught, f.SkillsLearned = len(taught), len(learned)
	attesters := map[string]bool{}
	for _, at := range c.attestations {
		if at.Member == member && at.Attester != member && !at.CreatedAt.After(now) {
			attesters[at.Attester] = true
		}
	}
	f.Attestations = len(attesters)
	return f
}
