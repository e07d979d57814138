package ledger_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/accolade-badges/accolade/ledger"
)

// HoursExchanges are a member's exchanges ("layla", with "omar"): three
// count (one listed twice), and a withdrawn, an unconfirmed, a disputed
// and a self-confirmed one do not.
func HoursExchanges() []*ledger.Exchange {
	at := func(y int) time.Time { return time.Date(y, 5, 1, 10, 0, 0, 0, time.UTC) }
	ex := func(id string, h float64, y int, skills, teachers, learners, confirmed []string) *ledger.Exchange {
		return &ledger.Exchange{ID: id, Kind: ledger.OneToOne, Hours: h, OccurredAt: at(y), Skills: skills,
			Teachers: teachers, Learners: learners, ConfirmedBy: confirmed}
	}
	l, o := []string{"layla"}, []string{"omar"}
	e1 := ex("e1", 2, 2025, []string{"training", "wiki"}, l, o, o)
	withdrawn := ex("e4", 5, 2026, []string{"training"}, l, o, o)
	withdrawn.Withdrawn = true
	disputed := ex("e6", 11, 2026, []string{"training"}, l, o, o)
	disputed.DisputedBy = []string{"omar"}
	return []*ledger.Exchange{
		e1, e1,
		ex("e2", 3, 2026, []string{"training"}, l, o, o),
		ex("e3", 1.5, 2026, []string{"cooking"}, o, l, o),
		withdrawn,
		ex("e5", 7, 2026, []string{"training"}, l, o, nil),
		ex("e7", 13, 2026, []string{"training"}, l, o, l), // only the member herself confirmed
		disputed,
	}
}

func TestHours(t *testing.T) {
	got := ledger.Hours("layla", HoursExchanges())
	want := []ledger.HoursLine{
		{Role: ledger.HoursGiven, Hours: 5, Exchanges: 2},
		{Role: ledger.HoursGiven, Year: 2025, Hours: 2, Exchanges: 1},
		{Role: ledger.HoursGiven, Year: 2026, Hours: 3, Exchanges: 1},
		{Role: ledger.HoursGiven, Skill: "training", Hours: 5, Exchanges: 2},
		{Role: ledger.HoursGiven, Skill: "wiki", Hours: 2, Exchanges: 1},
		{Role: ledger.HoursReceived, Hours: 1.5, Exchanges: 1},
		{Role: ledger.HoursReceived, Year: 2026, Hours: 1.5, Exchanges: 1},
		{Role: ledger.HoursReceived, Skill: "cooking", Hours: 1.5, Exchanges: 1},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Hours(layla) =\n%+v\nwant\n%+v", got, want)
	}
	if got := ledger.Hours("nobody", HoursExchanges()); got != nil {
		t.Errorf("Hours(nobody) = %+v, want nil", got)
	}
}
