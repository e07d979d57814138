package criteria

import (
	"strings"
	"testing"
	"time"

	"github.com/accolade-badges/accolade/ledger"
)

// now is the evaluation time of the tests.
var now = time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)

func daysAgo(n int) time.Time { return now.Add(-time.Duration(n) * Day) }

func ids(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

// exchange returns a valid exchange: a 2-hour workshop on training a day
// ago, changed by opts. Teachers, learners are comma-separated ids.
func exchange(id, teachers, learners string, opts ...func(*ledger.Exchange)) *ledger.Exchange {
	e := &ledger.Exchange{ID: id, Kind: ledger.Workshop, Skills: []string{"training"}, Hours: 2,
		OccurredAt: daysAgo(1), Teachers: ids(teachers), Learners: ids(learners)}
	for _, o := range opts {
		o(e)
	}
	return e
}

func confirmed(by string) func(*ledger.Exchange) {
	return func(e *ledger.Exchange) { e.ConfirmedBy = ids(by) }
}

func on(t time.Time) func(*ledger.Exchange) { return func(e *ledger.Exchange) { e.OccurredAt = t } }

func hours(h float64) func(*ledger.Exchange) { return func(e *ledger.Exchange) { e.Hours = h } }

func kind(k ledger.ExchangeKind) func(*ledger.Exchange) {
	return func(e *ledger.Exchange) { e.Kind = k }
}

func skills(s ...string) func(*ledger.Exchange) { return func(e *ledger.Exchange) { e.Skills = s } }

func titled(s string) func(*ledger.Exchange) { return func(e *ledger.Exchange) { e.Title = s } }

func withdrawn(e *ledger.Exchange) { e.Withdrawn = true }

// attest returns an attestation of skill training by attester, a day ago.
func attest(id, attester, member string, opts ...func(*ledger.Attestation)) *ledger.Attestation {
	a := &ledger.Attestation{ID: id, Attester: attester, Member: member, Skill: "training",
		Statement: "Good.", CreatedAt: daysAgo(1)}
	for _, o := range opts {
		o(a)
	}
	return a
}

func skill(s string) func(*ledger.Attestation) { return func(a *ledger.Attestation) { a.Skill = s } }

func at(t time.Time) func(*ledger.Attestation) {
	return func(a *ledger.Attestation) { a.CreatedAt = t }
}

// valid is a holding that does not expire.
var valid = Holding{Credential: "cred", Valid: true}

// achievement parses a test achievement with id and a one-line YAML rule.
func achievement(tb testing.TB, id, rule string) *Achievement {
	tb.Helper()
	src := "id: " + id + "\nname: " + id + "\ndescription: Test.\n"
	if rule != "" {
		src += "criteria:\n  rule: " + rule + "\n"
	}
	a, err := ParseAchievement(id+".yaml", []byte(src))
	if err != nil {
		tb.Fatalf("ParseAchievement(%q) = %v", rule, err)
	}
	return a
}

// facts is what a test puts in an index.
type facts struct {
	exchanges    []*ledger.Exchange
	attestations []*ledger.Attestation
	holdings     []holdingFact
}

type holdingFact struct {
	member, achievement string
	h                   Holding
}

func (f facts) index() *Index {
	ix := NewIndex()
	for _, e := range f.exchanges {
		ix.PutExchange(e)
	}
	for _, a := range f.attestations {
		ix.PutAttestation(a)
	}
	for _, h := range f.holdings {
		ix.SetHolding(h.member, h.achievement, h.h)
	}
	return ix
}

func currents(r Result) []float64 {
	var out []float64
	for _, q := range r.Requirements {
		out = append(out, q.Current)
	}
	return out
}
