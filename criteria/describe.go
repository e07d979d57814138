package criteria

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/accolade-badges/accolade/ledger"
)

// kindLabels name each exchange kind, singular and plural, for people.
var kindLabels = map[ledger.ExchangeKind][2]string{
	ledger.OneToOne:  {"One-to-one exchange", "one-to-one exchanges"},
	ledger.Workshop:  {"Workshop", "workshops"},
	ledger.Circle:    {"Learning circle", "learning circles"},
	ledger.Mentoring: {"Mentoring session", "mentoring sessions"},
	ledger.Project:   {"Project", "projects"},
}

// exchangeDescriptions returns the plain-language description of each
// threshold of q that is set, in the order count, hours, distinctPartners,
// such as "Workshops taught, confirmed, skill training, last 365 days".
func exchangeDescriptions(q *ExchangeRequirement) []string {
	noun := "exchanges"
	if len(q.Kind) > 0 {
		names := make([]string, len(q.Kind))
		for i, k := range q.Kind {
			names[i] = kindLabels[k][1]
		}
		noun = strings.Join(names, " or ")
	}
	verb := map[Role]string{Teacher: "taught", Learner: "attended", AnyRole: "taken part in"}[q.Role]
	var quals []string
	if len(q.Skill) == 1 {
		quals = append(quals, "skill "+q.Skill[0])
	} else if len(q.Skill) > 1 {
		quals = append(quals, "skills "+strings.Join(q.Skill, " or "))
	}
	if q.Within > 0 {
		quals = append(quals, "last "+describeDuration(q.Within))
	}
	tail := ""
	if len(quals) > 0 {
		tail = ", " + strings.Join(quals, ", ")
	}
	confirmed := ""
	if q.Confirmed {
		confirmed = ", confirmed"
	}
	var out []string
	if q.Count > 0 {
		out = append(out, capitalize(noun)+" "+verb+confirmed+tail)
	}
	if q.Hours > 0 {
		hours := map[Role]string{Teacher: "Hours teaching ", Learner: "Hours learning in ", AnyRole: "Hours in "}[q.Role]
		out = append(out, hours+noun+confirmed+tail)
	}
	if q.DistinctPartners > 0 {
		who := map[Role]string{Teacher: "Different learners", Learner: "Different teachers", AnyRole: "Different people"}[q.Role]
		link, done := " in ", " "+verb
		if q.Confirmed {
			link = " confirming "
		}
		if q.Role == AnyRole {
			done = ""
			if !q.Confirmed {
				link = " met in "
			}
		}
		out = append(out, who+link+noun+done+tail)
	}
	return out
}

// attestationDescription describes q, such as "People vouching for training
// who hold mentor, last 90 days".
func attestationDescription(q *AttestationRequirement) string {
	s := "People vouching"
	if q.Skill != "" {
		s += " for " + q.Skill
	}
	if q.FromHoldersOf != "" {
		s += " who hold " + q.FromHoldersOf
	}
	if q.Within > 0 {
		s += ", last " + describeDuration(q.Within)
	}
	return s
}

// withNumbers appends ": current of target" to a description.
func withNumbers(desc string, current, target float64) string {
	return desc + ": " + formatNumber(floor2(current)) + " of " + formatNumber(target)
}

func formatNumber(v float64) string {
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// floor2 cuts hours to two decimals for people, down, so that a requirement
// shown as met is met. The slack absorbs error in sums such as 0.1+0.2.
func floor2(v float64) float64 {
	return math.Floor(v*100+1e-6) / 100
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// exchangeNarrative describes an exchange for evidence, such as
// "Workshop 'Editing basics', 2 h, 12 learners, 2026-03-04" (with hours when
// the requirement counts hours). It names no one.
func (ix *Index) exchangeNarrative(i int32, hours bool) string {
	r := &ix.ex[i]
	label := "Exchange"
	if int(r.kind) < len(ledger.ExchangeKinds) {
		label = kindLabels[ledger.ExchangeKinds[r.kind]][0]
	}
	if t := ix.exTitles[i]; t != "" {
		label += " '" + t + "'"
	}
	learners := "1 learner"
	if r.learners != 1 {
		learners = fmt.Sprintf("%d learners", r.learners)
	}
	if hours {
		label += ", " + strconv.FormatFloat(r.hours, 'f', -1, 64) + " h"
	}
	return fmt.Sprintf("%s, %s, %s", label, learners, dateOf(r.at))
}

// attestationNarrative describes an attestation for evidence, such as
// "Attestation of training (advanced), 2026-04-02". It names no one.
func (ix *Index) attestationNarrative(i int32) string {
	a := &ix.att[i]
	if a.ach >= 0 {
		return fmt.Sprintf("Application for %s approved by a reviewer, %s", ix.achievements.names[a.ach], dateOf(a.at))
	}
	s := "Attestation"
	if a.skill >= 0 {
		s += " of " + ix.skills.names[a.skill]
	}
	if a.level >= 0 {
		s += " (" + ix.levels.names[a.level] + ")"
	}
	return s + ", " + dateOf(a.at)
}

func dateOf(nanos int64) string {
	return time.Unix(0, nanos).UTC().Format(time.DateOnly)
}
