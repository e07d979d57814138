package ledger

import (
	"testing"
	"time"

	"github.com/accolade-badges/accolade/errs"
)

var now = time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)

func validExchange() *Exchange {
	return &Exchange{
		ID: "ex-1", Kind: Workshop, Title: "Editing basics", Skills: []string{"training"},
		Hours: 2, OccurredAt: now.Add(-time.Hour),
		Teachers: []string{"ada"}, Learners: []string{"grace", "linus"},
		ConfirmedBy: []string{"grace"}, Rating: 5,
	}
}

func known(ids ...string) func(string) bool {
	return func(id string) bool {
		for _, k := range ids {
			if k == id {
				return true
			}
		}
		return false
	}
}

func TestExchangeValidate(t *testing.T) {
	members := known("ada", "grace", "linus", "margaret")
	tests := []struct {
		name   string
		change func(e *Exchange)
		field  string // "" means valid
	}{
		{"valid", func(e *Exchange) {}, ""},
		{"no id", func(e *Exchange) { e.ID = "" }, "id"},
		{"bad id", func(e *Exchange) { e.ID = "ex 1" }, "id"},
		{"unknown kind", func(e *Exchange) { e.Kind = "lecture" }, "kind"},
		{"no kind", func(e *Exchange) { e.Kind = "" }, "kind"},
		{"zero hours", func(e *Exchange) { e.Hours = 0 }, "hours"},
		{"negative hours", func(e *Exchange) { e.Hours = -1 }, "hours"},
		{"too many hours", func(e *Exchange) { e.Hours = MaxHours + 1 }, "hours"},
		{"no time", func(e *Exchange) { e.OccurredAt = time.Time{} }, "occurredAt"},
		{"future", func(e *Exchange) { e.OccurredAt = now.Add(time.Minute) }, "occurredAt"},
		{"exactly now", func(e *Exchange) { e.OccurredAt = now }, ""},
		{"no skills", func(e *Exchange) { e.Skills = nil }, "skills"},
		{"bad skill", func(e *Exchange) { e.Skills = []string{"training", "Wiki Editing"} }, "skills[1]"},
		{"duplicate skill", func(e *Exchange) { e.Skills = []string{"training", "training"} }, "skills[1]"},
		{"no teachers", func(e *Exchange) { e.Teachers = nil }, "teachers"},
		{"no learners", func(e *Exchange) { e.Learners = nil }, "learners"},
		{"unknown learner", func(e *Exchange) { e.Learners = []string{"grace", "linus", "nobody"} }, "learners[2]"},
		{"unknown teacher", func(e *Exchange) { e.Teachers = []string{"nobody"} }, "teachers[0]"},
		{"duplicate learner", func(e *Exchange) { e.Learners = []string{"grace", "grace"} }, "learners[1]"},
		{"teacher also learner", func(e *Exchange) { e.Learners = []string{"grace", "ada"} }, "learners[1]"},
		{"confirmed by outsider", func(e *Exchange) { e.ConfirmedBy = []string{"grace", "margaret"} }, "confirmedBy[1]"},
		{"confirmed twice", func(e *Exchange) { e.ConfirmedBy = []string{"grace", "grace"} }, "confirmedBy[1]"},
		{"logged by confirming participant", func(e *Exchange) { e.LoggedBy = "grace" }, ""},
		{"logged by outsider", func(e *Exchange) { e.LoggedBy = "margaret" }, "loggedBy"},
		{"logged by unconfirmed", func(e *Exchange) { e.LoggedBy = "ada" }, "loggedBy"},
		{"disputed by participant", func(e *Exchange) { e.DisputedBy = []string{"linus"} }, ""},
		{"disputed by outsider", func(e *Exchange) { e.DisputedBy = []string{"linus", "margaret"} }, "disputedBy[1]"},
		{"disputed and confirmed", func(e *Exchange) { e.DisputedBy = []string{"grace"} }, "disputedBy[0]"},
		{"disputed twice", func(e *Exchange) { e.DisputedBy = []string{"linus", "linus"} }, "disputedBy[1]"},
		{"rating 6", func(e *Exchange) { e.Rating = 6 }, "rating"},
		{"rating -1", func(e *Exchange) { e.Rating = -1 }, "rating"},
		{"long title", func(e *Exchange) { e.Title = string(make([]rune, MaxTitleLen+1)) }, "title"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := validExchange()
			tt.change(e)
			err := e.Validate(now, members)
			if tt.field == "" {
				if err != nil {
					t.Fatalf("Validate() = %v, want nil", err)
				}
				return
			}
			if got := errs.FieldOf(err); got != tt.field {
				t.Errorf("Validate() field = %q, want %q (err: %v)", got, tt.field, err)
			}
			if k := errs.KindOf(err); k != errs.Invalid {
				t.Errorf("Validate() kind = %v, want %v", k, errs.Invalid)
			}
		})
	}
}

func TestExchangeValidateNilExists(t *testing.T) {
	e := validExchange()
	e.Learners = []string{"stranger"}
	e.ConfirmedBy = nil
	if err := e.Validate(now, nil); err != nil {
		t.Errorf("Validate(nil exists) = %v, want nil", err)
	}
}

func TestExchangeSameContent(t *testing.T) {
	tests := []struct {
		name   string
		change func(e *Exchange)
		same   bool
	}{
		{"identical", func(e *Exchange) {}, true},
		{"more confirmations", func(e *Exchange) { e.ConfirmedBy = []string{"grace", "linus"} }, true},
		{"withdrawn", func(e *Exchange) { e.Withdrawn = true }, true},
		{"learners reordered", func(e *Exchange) { e.Learners = []string{"linus", "grace"} }, true},
		{"same instant other zone", func(e *Exchange) { e.OccurredAt = e.OccurredAt.In(time.FixedZone("x", 3600)) }, true},
		{"other hours", func(e *Exchange) { e.Hours = 3 }, false},
		{"other learners", func(e *Exchange) { e.Learners = []string{"grace"} }, false},
		{"other title", func(e *Exchange) { e.Title = "x" }, false},
		{"other skills", func(e *Exchange) { e.Skills = []string{"wikidata"} }, false},
		{"other time", func(e *Exchange) { e.OccurredAt = e.OccurredAt.Add(time.Second) }, false},
		{"other rating", func(e *Exchange) { e.Rating = 4 }, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := validExchange()
			tt.change(o)
			if got := validExchange().SameContent(o); got != tt.same {
				t.Errorf("SameContent() = %v, want %v", got, tt.same)
			}
		})
	}
}

func TestExchangeConfirm(t *testing.T) {
	e := validExchange()
	if err := e.Confirm("linus"); err != nil {
		t.Fatalf("Confirm(%q) = %v", "linus", err)
	}
	if err := e.Confirm("linus"); err != nil {
		t.Fatalf("Confirm(%q) again = %v", "linus", err)
	}
	if got := len(e.ConfirmedBy); got != 2 {
		t.Errorf("len(ConfirmedBy) = %d, want 2", got)
	}
	if err := e.Confirm("margaret"); errs.KindOf(err) != errs.Invalid {
		t.Errorf("Confirm(outsider) kind = %v, want %v", errs.KindOf(err), errs.Invalid)
	}
	e.Withdrawn = true
	if err := e.Confirm("ada"); errs.KindOf(err) != errs.Conflict {
		t.Errorf("Confirm(withdrawn) kind = %v, want %v", errs.KindOf(err), errs.Conflict)
	}
}

func TestExchangeMerge(t *testing.T) {
	e := validExchange()
	o := validExchange()
	o.ConfirmedBy = []string{"linus"}
	m, err := e.Merge(o)
	if err != nil {
		t.Fatalf("Merge() = %v", err)
	}
	if got := len(m.ConfirmedBy); got != 2 || len(e.ConfirmedBy) != 1 {
		t.Errorf("Merge() confirmations = %v (stored %v), want 2 new, stored untouched", m.ConfirmedBy, e.ConfirmedBy)
	}
	o.Hours = 9
	if _, err := e.Merge(o); errs.KindOf(err) != errs.Conflict {
		t.Errorf("Merge(different) kind = %v, want %v", errs.KindOf(err), errs.Conflict)
	}
}
