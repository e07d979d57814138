package ledger

import (
	"cmp"
	"slices"
	"strings"
)

// HourRole is the side of an exchange a member's hours are counted on.
type HourRole string

// The two sides of an hours statement.
const (
	HoursGiven    HourRole = "given"    // the member taught
	HoursReceived HourRole = "received" // the member learned
)

// HoursLine is one line of a member's hours statement: the confirmed hours
// on one side (given or received), in total (Skill "" and Year 0), for one
// skill (all years) or for one calendar year (UTC; all skills).
type HoursLine struct {
	Role      HourRole
	Skill     string  // "" unless the line is one skill's
	Year      int     // 0 unless the line is one year's
	Hours     float64 // the exchanges' hours, each counted in full
	Exchanges int     // how many exchanges the hours come from
}

// ConfirmedFor reports whether the exchange counts for member in an hours
// statement: it counts at all (neither withdrawn nor disputed), member
// took part, and a counterpart (a participant in the other role) confirmed
// it, as criteria's "confirmed: true" reads it.
func (e *Exchange) ConfirmedFor(member string) bool {
	if !e.Counts() {
		return false
	}
	others := e.Learners
	if !slices.Contains(e.Teachers, member) {
		if !slices.Contains(e.Learners, member) {
			return false
		}
		others = e.Teachers
	}
	for _, c := range e.ConfirmedBy {
		if c != member && slices.Contains(others, c) {
			return true
		}
	}
	return false
}

// Hours returns member's hours statement from list: for each role with any
// confirmed exchange (given first), the total, then one line per year
// (oldest first), then one line per skill (sorted). Only exchanges
// ConfirmedFor member count, each once (by id) and in full on each of its
// skills; an exchange's skill lines therefore may add up to more than the
// total. It returns nil when no exchange counts.
func Hours(member string, list []*Exchange) []HoursLine {
	type key struct {
		role  HourRole
		skill string
		year  int
	}
	sum := map[key]*HoursLine{}
	add := func(k key, h float64) {
		l := sum[k]
		if l == nil {
			l = &HoursLine{Role: k.role, Skill: k.skill, Year: k.year}
			sum[k] = l
		}
		l.Hours += h
		l.Exchanges++
	}
	seen := map[string]bool{}
	for _, e := range list {
		if seen[e.ID] || !e.ConfirmedFor(member) {
			continue
		}
		seen[e.ID] = true
		role := HoursReceived
		if slices.Contains(e.Teachers, member) {
			role = HoursGiven
		}
		add(key{role: role}, e.Hours)
		add(key{role: role, year: e.OccurredAt.UTC().Year()}, e.Hours)
		for _, s := range e.Skills {
			add(key{role: role, skill: s}, e.Hours)
		}
	}
	out := make([]HoursLine, 0, len(sum))
	for _, l := range sum {
		out = append(out, *l)
	}
	slices.SortFunc(out, func(a, b HoursLine) int {
		return cmp.Or(
			cmp.Compare(roleOrder(a.Role), roleOrder(b.Role)),
			cmp.Compare(lineOrder(a), lineOrder(b)),
			cmp.Compare(a.Year, b.Year),
			strings.Compare(a.Skill, b.Skill))
	})
	if len(out) == 0 {
		return nil
	}
	return out
}

func roleOrder(r HourRole) int {
	if r == HoursGiven {
		return 0
	}
	return 1
}

// lineOrder puts the total first, then years, then skills.
func lineOrder(l HoursLine) int {
	switch {
	case l.Skill == "" && l.Year == 0:
		return 0
	case l.Skill == "":
		return 1
	}
	return 2
}
