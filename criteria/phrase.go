package criteria

import (
	"encoding/json"
	"slices"
	"time"

	"github.com/accolade-badges/accolade/ledger"
)

// Counted is what a requirement counts, the kind of a Phrase.
type Counted string

// What requirements count.
const (
	CountsExchanges    Counted = "exchanges"        // exchanges: count
	CountsHours        Counted = "hours"            // exchanges: hours
	CountsPartners     Counted = "distinctPartners" // exchanges: distinctPartners
	CountsAttestations Counted = "attestations"     // different attesters
	CountsHolds        Counted = "holds"            // a valid credential for Holds
	CountsApproval     Counted = "approval"         // an approved application (awardOnApproval)
	CountsExpr         Counted = "expr"             // an expression: no structure, see Description
)

// Phrase is what a requirement counts, as data rather than words, so that
// a caller can word it in any language; RequirementResult.Description is
// the same in English. Only the fields of its Counts are set:
//
//   - exchanges, hours, distinctPartners: Role, Kinds (any of them; empty:
//     every kind), Confirmed, Skills (any of them; empty: any skill) and
//     Within;
//   - attestations: Skills (at most one), FromHoldersOf and Within;
//   - holds: Holds;
//   - approval and expr: nothing.
//
// Achievements (FromHoldersOf, Holds) are ids and skills are tags, for the
// caller to present.
type Phrase struct {
	Counts        Counted               `json:"counts"`
	Role          Role                  `json:"role,omitempty"`
	Kinds         []ledger.ExchangeKind `json:"kinds,omitempty"`
	Confirmed     bool                  `json:"confirmed,omitempty"`
	Skills        []string              `json:"skills,omitempty"`
	Within        time.Duration         `json:"-"` // the window ending at evaluation time; 0: all time
	FromHoldersOf string                `json:"fromHoldersOf,omitempty"`
	Holds         string                `json:"holds,omitempty"`
}

// MarshalJSON writes the phrase with within as a duration string such as
// "365d", as achievement files write it.
func (p Phrase) MarshalJSON() ([]byte, error) {
	type plain Phrase
	return json.Marshal(struct {
		plain
		Within string `json:"within,omitempty"`
	}{plain(p), formatOptional(p.Within)})
}

// rulePhrases returns the phrase of each requirement a leaf rule reports, in
// the order of its descriptions: for exchanges, one per threshold set (count,
// hours, distinctPartners).
func rulePhrases(r *Rule) []Phrase {
	switch {
	case r.Exchanges != nil:
		q := r.Exchanges
		base := Phrase{Role: q.Role, Kinds: slices.Clone(q.Kind), Confirmed: q.Confirmed,
			Skills: slices.Clone(q.Skill), Within: q.Within}
		var out []Phrase
		for _, t := range []struct {
			set     bool
			counted Counted
		}{{q.Count > 0, CountsExchanges}, {q.Hours > 0, CountsHours}, {q.DistinctPartners > 0, CountsPartners}} {
			if t.set {
				p := base
				p.Counts = t.counted
				p.Kinds, p.Skills = slices.Clone(base.Kinds), slices.Clone(base.Skills)
				out = append(out, p)
			}
		}
		return out
	case r.Attestations != nil:
		q := r.Attestations
		p := Phrase{Counts: CountsAttestations, FromHoldersOf: q.FromHoldersOf, Within: q.Within}
		if q.Skill != "" {
			p.Skills = []string{q.Skill}
		}
		return []Phrase{p}
	case r.Holds != "":
		return []Phrase{{Counts: CountsHolds, Holds: r.Holds}}
	}
	return []Phrase{{Counts: CountsExpr}}
}
