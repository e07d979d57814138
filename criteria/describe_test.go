package criteria

import (
	"slices"
	"testing"
	"time"

	"github.com/accolade-badges/accolade/ledger"
)

func TestDescriptions(t *testing.T) {
	tests := []struct {
		q    ExchangeRequirement
		want []string
	}{
		{ExchangeRequirement{Role: Teacher, Kind: []ledger.ExchangeKind{ledger.Workshop}, Confirmed: true, Within: 365 * Day, Count: 3},
			[]string{"Workshops taught, confirmed, last 365 days"}},
		{ExchangeRequirement{Role: Learner, Kind: []ledger.ExchangeKind{ledger.OneToOne, ledger.Circle}, Hours: 10, DistinctPartners: 3},
			[]string{"Hours learning in one-to-one exchanges or learning circles", "Different teachers in one-to-one exchanges or learning circles attended"}},
		{ExchangeRequirement{Role: AnyRole, Skill: []string{"editing"}, Within: 12 * time.Hour, DistinctPartners: 5},
			[]string{"Different people met in exchanges, skill editing, last 12 hours"}},
		{ExchangeRequirement{Role: Teacher, Confirmed: true, Within: Day, DistinctPartners: 10},
			[]string{"Different learners confirming exchanges taught, last 1 day"}},
	}
	for _, tt := range tests {
		if got := exchangeDescriptions(&tt.q); !slices.Equal(got, tt.want) {
			t.Errorf("exchangeDescriptions(%+v) = %q, want %q", tt.q, got, tt.want)
		}
	}
	a := AttestationRequirement{Skill: "training", FromHoldersOf: "mentor", Within: 90 * Day, Count: 2}
	if got, want := attestationDescription(&a), "People vouching for training who hold mentor, last 90 days"; got != want {
		t.Errorf("attestationDescription() = %q, want %q", got, want)
	}
	if got, want := withNumbers("Hours", 5.999999, 6), "Hours: 5.99 of 6"; got != want {
		t.Errorf("withNumbers() = %q, want %q", got, want)
	}
	if got, want := withNumbers("Hours", 0.1+0.2, 0.3), "Hours: 0.3 of 0.3"; got != want {
		t.Errorf("withNumbers() = %q, want %q", got, want)
	}
}
