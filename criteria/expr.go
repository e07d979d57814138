package criteria

import (
	"fmt"
	"slices"
	"strings"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/parser"
)

// MaxExprNodes bounds the size of an expr requirement, in syntax tree nodes.
const MaxExprNodes = 200

// Facts are what an expr requirement can read about the member being
// evaluated, all as of the evaluation time and over every exchange and
// attestation (no window). Withdrawn exchanges are left out; a member is never
// their own partner or attester.
//
// An expression uses these names, the operators of expr-lang (arithmetic,
// comparison, and, or, not, the conditional ?:, in over a literal list), the
// functions abs, ceil, floor, round, min, max, int and float, and
// holds("achievement-id") with a literal id. There are no loops, so an
// expression runs in time proportional to its size, which MaxExprNodes bounds;
// it must yield a boolean. Example:
//
//	hoursTaught >= 20 and distinctLearners >= 15 or holds("senior-trainer")
type Facts struct {
	ExchangesTaught  int     `expr:"exchangesTaught"`  // exchanges the member taught
	ExchangesLearned int     `expr:"exchangesLearned"` // exchanges the member learned in
	ConfirmedTaught  int     `expr:"confirmedTaught"`  // taught exchanges a learner confirmed
	ConfirmedLearned int     `expr:"confirmedLearned"` // learned exchanges a teacher confirmed
	HoursTaught      float64 `expr:"hoursTaught"`      // hours of taught exchanges, in full
	HoursLearned     float64 `expr:"hoursLearned"`     // hours of learned exchanges, in full
	DistinctLearners int     `expr:"distinctLearners"` // different learners the member taught
	DistinctTeachers int     `expr:"distinctTeachers"` // different teachers the member learned from
	SkillsTaught     int     `expr:"skillsTaught"`     // different skill tags taught
	SkillsLearned    int     `expr:"skillsLearned"`    // different skill tags learned
	Attestations     int     `expr:"attestations"`     // different members who attested the member

	// Holds reports whether the member holds a currently valid credential for
	// the achievement.
	Holds func(achievement string) bool `expr:"holds"`
}

// exprBuiltins are the expr-lang builtins an expression may call.
var exprBuiltins = []string{"abs", "ceil", "floor", "round", "min", "max", "int", "float"}

// compile checks and compiles r.Expr, recording the achievements it passes to
// holds().
func (r *Rule) compile(p *problems, field string) {
	if r.program != nil && r.compiled == r.Expr {
		return // compiled already; evaluations may be reading it
	}
	tree, err := parser.Parse(r.Expr)
	if err != nil {
		p.add(field, "%s", exprMessage(err))
		return
	}
	check := &exprCheck{}
	ast.Walk(&tree.Node, check)
	if check.err != "" {
		p.add(field, "%s", check.err)
		return
	}
	opts := []expr.Option{expr.Env(Facts{}), expr.AsBool(), expr.MaxNodes(MaxExprNodes), expr.DisableAllBuiltins()}
	for _, b := range exprBuiltins {
		opts = append(opts, expr.EnableBuiltin(b))
	}
	prog, err := expr.Compile(r.Expr, opts...)
	if err != nil {
		p.add(field, "%s", exprMessage(err))
		return
	}
	r.program, r.compiled, r.exprHolds = prog, r.Expr, check.holds
}

// exprMessage keeps the first line of an expr-lang error, which names the
// problem and its column; the rest repeats the source with a caret.
func exprMessage(err error) string {
	msg, _, _ := strings.Cut(err.Error(), "\n")
	return "invalid expression: " + msg
}

// exprCheck walks an expression and rejects what could loop or is not in
// the documented language: predicates (all, filter, map, ...), ranges,
// member access, variables, maps and regular expressions. The walk visits
// children first, so the problem reported is the outermost one.
type exprCheck struct {
	err   string
	holds []string
}

func (c *exprCheck) Visit(node *ast.Node) {
	switch n := (*node).(type) {
	case *ast.NilNode, *ast.IdentifierNode, *ast.IntegerNode, *ast.FloatNode,
		*ast.BoolNode, *ast.StringNode, *ast.ConstantNode, *ast.UnaryNode,
		*ast.ConditionalNode, *ast.ArrayNode:
	case *ast.BinaryNode:
		if n.Operator == ".." || n.Operator == "matches" {
			c.err = fmt.Sprintf("the operator %q is not allowed in criteria expressions", n.Operator)
		}
	case *ast.BuiltinNode:
		if !slices.Contains(exprBuiltins, n.Name) {
			c.err = fmt.Sprintf("%s() is not allowed in criteria expressions; the functions are %s and holds", n.Name, strings.Join(exprBuiltins, ", "))
		}
	case *ast.CallNode:
		c.call(n)
	default:
		c.err = fmt.Sprintf("%q is not allowed in criteria expressions: use the facts, operators and functions documented for them", ast.Node(n).String())
	}
}

func (c *exprCheck) call(n *ast.CallNode) {
	id, ok := n.Callee.(*ast.IdentifierNode)
	if !ok || id.Value != "holds" {
		c.err = fmt.Sprintf("%q is not allowed in criteria expressions; the functions are %s and holds", ast.Node(n).String(), strings.Join(exprBuiltins, ", "))
		return
	}
	var s *ast.StringNode
	if len(n.Arguments) == 1 {
		s, _ = n.Arguments[0].(*ast.StringNode)
	}
	if s == nil || !achievementIDRe.MatchString(s.Value) {
		c.err = `holds() takes one achievement id in quotes, such as holds("mentor")`
		return
	}
	c.holds = append(c.holds, s.Value)
}
