package criteria

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/expr-lang/expr/vm"

	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/ledger"
)

// Role is the part a member plays in the exchanges an exchanges requirement
// counts.
type Role string

// The roles.
const (
	Teacher Role = "teacher"
	Learner Role = "learner"
	AnyRole Role = "any" // either role; counterparts are still the other role's participants
)

// Limits on a rule.
const (
	MaxRuleDepth        = 8  // nesting of all and any
	MaxRuleRequirements = 64 // requirements in one rule
)

// Rule is a node of an achievement's criteria: exactly one of All, Any (each
// a non-empty list of rules), Exchanges, Attestations, Holds or Expr.
type Rule struct {
	All          []*Rule                 `json:"all,omitempty"`
	Any          []*Rule                 `json:"any,omitempty"`
	Exchanges    *ExchangeRequirement    `json:"exchanges,omitempty"`
	Attestations *AttestationRequirement `json:"attestations,omitempty"`
	Holds        string                  `json:"holds,omitempty"`
	Expr         string                  `json:"expr,omitempty"`

	program   *vm.Program // compiled Expr, set by validate
	compiled  string      // the Expr program was compiled from
	exprHolds []string    // achievements Expr passes to holds()
}

// ExchangeRequirement counts the member's exchanges. See the package
// documentation for its semantics. At least one of Count, Hours and
// DistinctPartners must be set; all that are set must be met.
type ExchangeRequirement struct {
	Role             Role                  `json:"role"`
	Kind             []ledger.ExchangeKind `json:"kind,omitempty"`
	Skill            []string              `json:"skill,omitempty"`
	Confirmed        bool                  `json:"confirmed,omitempty"`
	Within           time.Duration         `json:"-"`
	Count            int                   `json:"count,omitempty"`
	Hours            float64               `json:"hours,omitempty"`
	DistinctPartners int                   `json:"distinctPartners,omitempty"`
}

// AttestationRequirement counts the different members who attested the
// member. See the package documentation for its semantics.
type AttestationRequirement struct {
	Skill         string        `json:"skill,omitempty"`
	Within        time.Duration `json:"-"`
	FromHoldersOf string        `json:"fromHoldersOf,omitempty"`
	Count         int           `json:"count"`
}

// MarshalJSON writes the requirement in the shape of the achievement file,
// with within as a duration string such as "365d".
func (r ExchangeRequirement) MarshalJSON() ([]byte, error) {
	type plain ExchangeRequirement
	return json.Marshal(struct {
		plain
		Within string `json:"within,omitempty"`
	}{plain(r), formatOptional(r.Within)})
}

// MarshalJSON writes the requirement in the shape of the achievement file,
// with within as a duration string such as "365d".
func (r AttestationRequirement) MarshalJSON() ([]byte, error) {
	type plain AttestationRequirement
	return json.Marshal(struct {
		plain
		Within string `json:"within,omitempty"`
	}{plain(r), formatOptional(r.Within)})
}

func formatOptional(d time.Duration) string {
	if d == 0 {
		return ""
	}
	return FormatDuration(d)
}

// ruleKeys are the keys of a rule node, in the order messages list them.
var ruleKeys = []string{"all", "any", "exchanges", "attestations", "holds", "expr"}

// keys returns the keys of r that are set.
func (r *Rule) keys() []string {
	var k []string
	set := []bool{r.All != nil, r.Any != nil, r.Exchanges != nil, r.Attestations != nil, r.Holds != "", r.Expr != ""}
	for i, ok := range set {
		if ok {
			k = append(k, ruleKeys[i])
		}
	}
	return k
}

// validate checks r at path, adding problems to p; self is the id of the
// achievement the rule belongs to.
func (r *Rule) validate(p *problems, path, self string, depth int, count *int) {
	if r == nil {
		p.add(path, "is empty: use one of %s", strings.Join(ruleKeys, ", "))
		return
	}
	*count++
	if *count == MaxRuleRequirements+1 {
		p.add(path, "the rule has more than %d requirements", MaxRuleRequirements)
	}
	switch k := r.keys(); {
	case len(k) == 0:
		p.add(path, "is empty: use one of %s", strings.Join(ruleKeys, ", "))
	case len(k) > 1:
		p.add(path, "has %s; a rule has exactly one of %s (combine them under all or any)", strings.Join(k, " and "), strings.Join(ruleKeys, ", "))
	case r.All != nil || r.Any != nil:
		r.validateGroup(p, path, self, depth, count)
	case r.Exchanges != nil:
		r.Exchanges.validate(p, path+".exchanges")
	case r.Attestations != nil:
		r.Attestations.validate(p, path+".attestations")
	case r.Holds != "":
		if checkAchievementID(p, path+".holds", r.Holds) && r.Holds == self {
			p.add(path+".holds", "%q is this achievement; a rule cannot require the achievement it awards", r.Holds)
		}
	case r.Expr != "":
		r.compile(p, path+".expr")
	}
}

func (r *Rule) validateGroup(p *problems, path, self string, depth int, count *int) {
	key, list := "all", r.All
	if r.Any != nil {
		key, list = "any", r.Any
	}
	path += "." + key
	if depth >= MaxRuleDepth {
		p.add(path, "nests all and any more than %d deep", MaxRuleDepth)
		return
	}
	if len(list) == 0 {
		p.add(path, "is empty: list at least one requirement")
	}
	for i, c := range list {
		c.validate(p, fmt.Sprintf("%s[%d]", path, i), self, depth+1, count)
	}
}

func (q *ExchangeRequirement) validate(p *problems, path string) {
	switch q.Role {
	case Teacher, Learner, AnyRole:
	case "":
		p.add(path+".role", "is required: one of teacher, learner, any")
	default:
		p.add(path+".role", "%q is not one of teacher, learner, any%s", q.Role, suggest(string(q.Role), []string{"teacher", "learner", "any"}))
	}
	for i, k := range q.Kind {
		if !k.Valid() {
			p.add(fmt.Sprintf("%s.kind[%d]", path, i), "%q is not one of %s%s", k, kindNames(), suggest(string(k), strings.Split(kindNames(), ", ")))
		}
	}
	checkSkills(p, path+".skill", q.Skill)
	if q.Within < 0 {
		p.add(path+".within", "must be positive, such as 365d")
	}
	if q.Count == 0 && q.Hours == 0 && q.DistinctPartners == 0 {
		p.add(path, "needs at least one of count, hours, distinctPartners")
	}
	if q.Count < 0 {
		p.add(path+".count", "%d is negative: at least 1, or leave it out", q.Count)
	}
	if q.Hours < 0 || math.IsNaN(q.Hours) || math.IsInf(q.Hours, 0) {
		p.add(path+".hours", "%v is not a positive number of hours", q.Hours)
	}
	if q.DistinctPartners < 0 {
		p.add(path+".distinctPartners", "%d is negative: at least 1, or leave it out", q.DistinctPartners)
	}
}

func (q *AttestationRequirement) validate(p *problems, path string) {
	if q.Skill != "" && !ledger.ValidSkill(q.Skill) {
		p.add(path+".skill", "%q is not a skill tag: lowercase letters, digits, '.', '_' and '-'", q.Skill)
	}
	if q.Within < 0 {
		p.add(path+".within", "must be positive, such as 365d")
	}
	if q.FromHoldersOf != "" {
		checkAchievementID(p, path+".fromHoldersOf", q.FromHoldersOf)
	}
	if q.Count < 1 {
		p.add(path+".count", "is required: the number of different attesters, at least 1")
	}
}

func checkSkills(p *problems, path string, skills []string) {
	for i, s := range skills {
		f := fmt.Sprintf("%s[%d]", path, i)
		if !ledger.ValidSkill(s) {
			p.add(f, "%q is not a skill tag: lowercase letters, digits, '.', '_' and '-'", s)
		} else if slices.Index(skills, s) < i {
			p.add(f, "%q is listed twice", s)
		}
	}
}

func kindNames() string {
	s := make([]string, len(ledger.ExchangeKinds))
	for i, k := range ledger.ExchangeKinds {
		s[i] = string(k)
	}
	return strings.Join(s, ", ")
}

// walk calls fn for r and every rule below it.
func (r *Rule) walk(fn func(*Rule)) {
	if r == nil {
		return
	}
	fn(r)
	for _, c := range r.All {
		c.walk(fn)
	}
	for _, c := range r.Any {
		c.walk(fn)
	}
}

// problems collects validation errors, each naming a field path.
type problems struct{ list []*errs.Error }

func (p *problems) add(field, format string, args ...any) {
	p.list = append(p.list, &errs.Error{Kind: errs.Invalid, Field: field, Msg: fmt.Sprintf(format, args...)})
}

func (p *problems) err() error {
	if len(p.list) == 0 {
		return nil
	}
	e := make([]error, len(p.list))
	for i, x := range p.list {
		e[i] = x
	}
	return joinErrors(e)
}
