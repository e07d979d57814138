package criteria_test

import (
	"fmt"
	"time"

	"github.com/accolade-badges/accolade/criteria"
	"github.com/accolade-badges/accolade/ledger"
)

func ExampleParseAchievement() {
	_, err := criteria.ParseAchievement("trainer.yaml", []byte(`id: trainer
name: Trainer
description: Runs workshops.
criteria:
  rule:
    exchanges:
      role: teachr
      count: 3
`))
	fmt.Println(err)
	// Output:
	// trainer.yaml:7: criteria.rule.exchanges.role: "teachr" is not one of teacher, learner, any (did you mean "teacher"?)
}

func ExampleEngine() {
	now := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	trainer, err := criteria.ParseAchievement("trainer.yaml", []byte(`id: trainer
name: Trainer
description: Runs workshops.
criteria:
  rule:
    exchanges: {role: teacher, kind: [workshop], confirmed: true, within: 365d, count: 2}
`))
	if err != nil {
		panic(err)
	}
	en := criteria.NewEngine(criteria.NewIndex())
	if err := en.SetAchievement(trainer); err != nil {
		panic(err)
	}
	post := func(e *ledger.Exchange) {
		en.Index().PutExchange(e)
		for _, a := range en.EvaluateAll(now, en.Affected(criteria.Change{Exchange: e})) {
			fmt.Printf("award %s to %s: %s\n", a.Achievement, a.Member, a.Result.Evidence[0].Narrative)
			en.Index().SetHolding(a.Member, a.Achievement, criteria.Holding{Credential: "urn:uuid:1", Valid: true})
		}
	}
	workshop := &ledger.Exchange{ID: "w1", Kind: ledger.Workshop, Title: "Editing basics", Skills: []string{"editing"},
		Hours: 2, OccurredAt: now.AddDate(0, -2, 0), Teachers: []string{"ada"}, Learners: []string{"bob", "cy"},
		ConfirmedBy: []string{"bob"}}
	post(workshop)
	fmt.Println(en.Progress("ada", now)[0].Requirements[0].Description)
	second := workshop.Clone()
	second.ID, second.Title, second.OccurredAt = "w2", "Citing sources", now.AddDate(0, -1, 0)
	post(second)
	// Output:
	// Workshops taught, confirmed, last 365 days: 1 of 2
	// award trainer to ada: Workshop 'Citing sources', 2 learners, 2026-04-01
}
