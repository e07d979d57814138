package award_test

import (
	"context"
	"testing"
	"time"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/award"
	"github.com/accolade-badges/accolade/criteria"
	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/issuer"
	"github.com/accolade-badges/accolade/store"
)

// benchTrainer is a rule of the shape of the demo's Project Trainer, over
// the workshops fill stores.
const benchTrainer = `id: bench-trainer
name: Bench Trainer
description: Taught and learned.
criteria:
  rule:
    all:
      - exchanges: {role: teacher, kind: [workshop], confirmed: true, within: 120d, count: 5, distinctPartners: 3}
      - exchanges: {role: learner, count: 20}
`

// heldIssuer answers every award as already held: Evaluate decides
// everything and issues nothing, so that it can be repeated.
type heldIssuer struct{}

func (heldIssuer) Issue(context.Context, issuer.Request) (*accolade.Record, error) {
	return nil, errs.E(errs.Conflict, "already held")
}

func (heldIssuer) Bind(context.Context, string, string) (*accolade.Record, error) {
	return nil, errs.E(errs.Conflict, "already held")
}

// BenchmarkDryRun measures "who would earn this now" at the demo's size
// (18 members, 10 exchanges) and at 10,000 members (100,000 exchanges),
// beside its baseline: the same rule loaded and everyone evaluated through
// the award service (Evaluate, issuing nothing).
func BenchmarkDryRun(b *testing.B) {
	for _, sz := range []struct {
		name               string
		members, exchanges int
	}{{"demo", 18, 10}, {"10k", 10_000, 100_000}} {
		b.Run(sz.name, func(b *testing.B) {
			db, err := store.Open(b.TempDir())
			if err != nil {
				b.Fatal(err)
			}
			defer db.Close()
			if err := db.PutIssuer(&accolade.Profile{Slug: "default", Name: "Time Bank"}); err != nil {
				b.Fatal(err)
			}
			fill(b, db, sz.members, sz.exchanges)
			svc, err := award.New(award.Config{Store: db, Issuer: heldIssuer{}, Now: func() time.Time { return now }})
			if err != nil {
				b.Fatal(err)
			}
			a, err := criteria.ParseAchievement("bench-trainer.yaml", []byte(benchTrainer))
			if err != nil {
				b.Fatal(err)
			}
			var earn int
			b.Run("dry-run", func(b *testing.B) {
				for b.Loop() {
					d, err := svc.DryRun(a)
					if err != nil {
						b.Fatal(err)
					}
					earn = d.WouldEarn
				}
				b.ReportMetric(float64(earn), "earners")
			})
			if err := svc.LoadAchievements([]*criteria.Achievement{a}); err != nil {
				b.Fatal(err)
			}
			b.Run("evaluate-loaded", func(b *testing.B) {
				for b.Loop() {
					if _, err := svc.Evaluate(context.Background(), nil); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(earn), "earners")
			})
		})
	}
}
