package criteria

import (
	"reflect"
	"strings"
	"testing"

	"github.com/accolade-badges/accolade/ledger"
)

func TestExprBounds(t *testing.T) {
	tests := []struct {
		expr, want string // want "" means accepted
	}{
		{`hoursTaught >= 20 and distinctLearners >= 15 or holds("senior-trainer")`, ""},
		{`max(exchangesTaught, exchangesLearned) > 3 ? attestations >= 1 : false`, ""},
		{`round(hoursLearned) in [1, 2, 3]`, ""},
		{`all(1..1000000, {# > 0})`, "all() is not allowed"},
		{`exchangesTaught in 1..10`, `".." is not allowed`},
		{`any([1, 2], {# > 0})`, "any() is not allowed"},
		{`len(repeat("x", 1000000000)) > 1`, "len() is not allowed"},
		{`now().Year() > 2000`, `"now().Year()" is not allowed`},
		{`now() > now()`, "now() is not allowed"},
		{`"a" matches "a+"`, `"matches" is not allowed`},
		{`let x = 1; x > 0`, "is not allowed"},
		{`{"a": 1}.a > 0`, "is not allowed"},
		{`holds(1 > 0 ? "a" : "b")`, "holds() takes one achievement id in quotes"},
		{`holds("Not An Id")`, "holds() takes one achievement id in quotes"},
		{`exchangesTaught`, "expected bool"},
		{`hoursTaught > "x"`, "invalid expression"},
		{strings.Repeat("exchangesTaught + ", 150) + "1 > 0", "invalid expression"}, // too many nodes
	}
	for _, tt := range tests {
		r := &Rule{Expr: tt.expr}
		var p problems
		r.compile(&p, "expr")
		got := ""
		if err := p.err(); err != nil {
			got = err.Error()
		}
		if tt.want == "" && got != "" || !strings.Contains(got, tt.want) {
			t.Errorf("compile(%.40q) = %q, want %q", tt.expr, got, tt.want)
		}
	}
}

func TestExprFacts(t *testing.T) {
	ix := facts{
		exchanges: []*ledger.Exchange{
			exchange("e1", "ada", "bob,cy", confirmed("bob"), hours(2), skills("training", "editing")),
			exchange("e2", "ada,dee", "cy,eve", hours(1.5)),
			exchange("e3", "bob", "ada", confirmed("bob"), hours(1), skills("photos")),
			exchange("e4", "ada", "fay", withdrawn),
		},
		attestations: []*ledger.Attestation{attest("a1", "bob", "ada"), attest("a2", "bob", "ada"), attest("a3", "cy", "ada")},
		holdings:     []holdingFact{{"ada", "mentor", valid}},
	}.index()
	ix.mu.RLock()
	ev := newEvaluator(ix, now, nil)
	got := ev.facts(ix.members.lookup("ada"))
	ev.release()
	ix.mu.RUnlock()
	if !got.Holds("mentor") || got.Holds("other") {
		t.Errorf("Facts.Holds = mentor %v, other %v; want true, false", got.Holds("mentor"), got.Holds("other"))
	}
	got.Holds = nil
	want := Facts{ExchangesTaught: 2, ExchangesLearned: 1, ConfirmedTaught: 1, ConfirmedLearned: 1,
		HoursTaught: 3.5, HoursLearned: 1, DistinctLearners: 3, DistinctTeachers: 1,
		SkillsTaught: 2, SkillsLearned: 1, Attestations: 2}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("facts(ada) =\n%+v\nwant\n%+v", got, want)
	}
	a := achievement(t, "test", `{expr: 'hoursTaught >= 3.5 and distinctLearners == 3 and holds("mentor")'}`)
	if r := Evaluate(ix, a, "ada", now); !r.Earned || r.Requirements[0].Description != `Condition hoursTaught >= 3.5 and distinctLearners == 3 and holds("mentor"): 1 of 1` {
		t.Errorf("Evaluate(expr) = %+v, want earned", r)
	}
}
