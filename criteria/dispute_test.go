package criteria

import (
	"slices"
	"testing"

	"github.com/accolade-badges/accolade/ledger"
)

func disputed(by string) func(*ledger.Exchange) {
	return func(e *ledger.Exchange) { e.DisputedBy = ids(by) }
}

// TestExchangeDisputedNeverCounts checks the numbers a member sees ("3 of 5
// confirmed workshops") drop when an exchange is disputed, under every kind
// of exchange rule, and come back when the dispute is lifted.
func TestExchangeDisputedNeverCounts(t *testing.T) {
	rules := []struct {
		name, rule string
		want       []float64 // current before, after one dispute
	}{
		{"confirmed count", `{exchanges: {role: teacher, kind: [workshop], confirmed: true, count: 5}}`, []float64{3, 2}},
		{"count", `{exchanges: {role: teacher, count: 5}}`, []float64{3, 2}},
		{"hours", `{exchanges: {role: teacher, hours: 10}}`, []float64{6, 4}},
		{"partners", `{exchanges: {role: any, distinctPartners: 5}}`, []float64{3, 2}},
		{"expr", `{expr: 'confirmedTaught >= 3 and hoursTaught >= 6'}`, []float64{1, 0}}, // met or not
	}
	for _, tt := range rules {
		t.Run(tt.name, func(t *testing.T) {
			f := facts{exchanges: []*ledger.Exchange{
				exchange("w1", "ada", "bob", confirmed("bob")),
				exchange("w2", "ada", "cy", confirmed("cy")),
				exchange("w3", "ada", "dee", confirmed("dee")),
			}}
			ix := f.index()
			en := NewEngine(ix)
			if err := en.SetAchievement(achievement(t, "trainer", tt.rule)); err != nil {
				t.Fatalf("SetAchievement = %v", err)
			}
			current := func() float64 {
				res := en.Progress("ada", now)
				if len(res) != 1 || len(res[0].Requirements) == 0 {
					t.Fatalf("Progress(ada) = %+v, want one result", res)
				}
				if q := res[0].Requirements[0]; tt.name != "expr" {
					return q.Current
				} else if q.Met {
					return 1
				}
				return 0
			}
			if got := current(); got != tt.want[0] {
				t.Fatalf("before dispute: current = %v, want %v", got, tt.want[0])
			}
			ix.PutExchange(exchange("w2", "ada", "cy", disputed("cy")))
			if got := current(); got != tt.want[1] {
				t.Errorf("after cy disputes w2: current = %v, want %v", got, tt.want[1])
			}
			ix.PutExchange(exchange("w2", "ada", "cy", confirmed("cy")))
			if got := current(); got != tt.want[0] {
				t.Errorf("after cy confirms w2 again: current = %v, want %v", got, tt.want[0])
			}
		})
	}
}

func TestIndexMemberFacts(t *testing.T) {
	ix := facts{
		exchanges:    []*ledger.Exchange{exchange("w1", "ada", "bob"), exchange("w2", "cy", "ada", disputed("cy")), exchange("w3", "cy", "bob")},
		attestations: []*ledger.Attestation{attest("a1", "bob", "ada"), attest("a2", "ada", "cy")},
	}.index()
	got := ix.MemberFacts("ada")
	if !slices.Equal(got.Exchanges, []string{"w1", "w2"}) || !slices.Equal(got.Received, []string{"a1"}) || !slices.Equal(got.Given, []string{"a2"}) {
		t.Errorf("MemberFacts(ada) = %+v, want exchanges [w1 w2], received [a1], given [a2]", got)
	}
	if got := ix.MemberFacts("nobody"); len(got.Exchanges)+len(got.Received)+len(got.Given) != 0 {
		t.Errorf("MemberFacts(nobody) = %+v, want nothing", got)
	}
}
