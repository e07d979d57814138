package ledger

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/accolade-badges/accolade/errs"
)

func TestExchangeDispute(t *testing.T) {
	e := validExchange()
	e.LoggedBy = "grace"
	if err := e.Confirm("linus"); err != nil {
		t.Fatalf("Confirm(%q) = %v", "linus", err)
	}
	if err := e.Dispute("linus", ""); err != nil {
		t.Fatalf("Dispute(%q) = %v", "linus", err)
	}
	if err := e.Dispute("linus", ""); err != nil {
		t.Fatalf("Dispute(%q) again = %v", "linus", err)
	}
	if !slices.Equal(e.ConfirmedBy, []string{"grace"}) || !slices.Equal(e.DisputedBy, []string{"linus"}) {
		t.Errorf("after Dispute: confirmedBy %v disputedBy %v, want [grace] [linus]", e.ConfirmedBy, e.DisputedBy)
	}
	if e.Counts() || !e.Disputed() {
		t.Errorf("disputed exchange: Counts() = %v, Disputed() = %v, want false, true", e.Counts(), e.Disputed())
	}
	if err := e.Validate(now, nil); err != nil {
		t.Errorf("Validate(disputed) = %v", err)
	}
	if err := e.Confirm("linus"); err != nil {
		t.Fatalf("Confirm(%q) after dispute = %v", "linus", err)
	}
	if len(e.DisputedBy) != 0 || !e.Counts() {
		t.Errorf("after Confirm: disputedBy %v, Counts() = %v; want no dispute, counts", e.DisputedBy, e.Counts())
	}
}

func TestExchangeDisputeRefused(t *testing.T) {
	tests := []struct {
		name, member string
		withdrawn    bool
		kind         errs.Kind
	}{
		{"outsider", "margaret", false, errs.Invalid},
		{"logger", "grace", false, errs.Invalid},
		{"withdrawn", "linus", true, errs.Conflict},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := validExchange()
			e.LoggedBy, e.Withdrawn = "grace", tt.withdrawn
			before := e.Clone()
			err := e.Dispute(tt.member, "")
			if errs.KindOf(err) != tt.kind {
				t.Fatalf("Dispute(%q) kind = %v, want %v (err: %v)", tt.member, errs.KindOf(err), tt.kind, err)
			}
			if !slices.Equal(e.ConfirmedBy, before.ConfirmedBy) || len(e.DisputedBy) != 0 {
				t.Errorf("refused Dispute changed the exchange: confirmedBy %v disputedBy %v", e.ConfirmedBy, e.DisputedBy)
			}
		})
	}
}

func TestExchangeMergeKeepsDispute(t *testing.T) {
	e := validExchange()
	e.DisputedBy = []string{"linus"}
	o := validExchange()
	o.ConfirmedBy = []string{"linus", "ada"}
	m, err := e.Merge(o)
	if err != nil {
		t.Fatalf("Merge() = %v", err)
	}
	if !slices.Equal(m.ConfirmedBy, []string{"grace", "ada"}) || !slices.Equal(m.DisputedBy, []string{"linus"}) {
		t.Errorf("Merge() confirmedBy %v disputedBy %v, want [grace ada] [linus]", m.ConfirmedBy, m.DisputedBy)
	}
}

// TestDisputeNote: a dispute's note is kept for the coordinators until the
// participant confirms, and a note too long changes nothing.
func TestDisputeNote(t *testing.T) {
	e := &Exchange{ID: "x1", Kind: Workshop, Skills: []string{"training"}, Hours: 2,
		OccurredAt: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), Teachers: []string{"ada"}, Learners: []string{"bo", "cy"},
		LoggedBy: "ada", ConfirmedBy: []string{"ada"}}
	if err := e.Dispute("bo", strings.Repeat("x", MaxDisputeNoteLen+1)); errs.KindOf(err) != errs.Invalid || len(e.DisputedBy) != 0 {
		t.Fatalf("too long a note: err %v, disputedBy %q; want Invalid and no dispute", err, e.DisputedBy)
	}
	if err := e.Dispute("bo", "I was not there."); err != nil {
		t.Fatal(err)
	}
	if e.DisputeNotes["bo"] != "I was not there." {
		t.Errorf("notes = %q", e.DisputeNotes)
	}
	if err := e.Validate(time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC), nil); err != nil {
		t.Errorf("a disputed exchange with its note: %v", err)
	}
	c := e.Clone()
	c.DisputeNotes["bo"] = "changed"
	if e.DisputeNotes["bo"] != "I was not there." {
		t.Error("Clone shares the notes")
	}
	if err := e.Confirm("bo"); err != nil {
		t.Fatal(err)
	}
	if e.DisputeNotes != nil || e.Disputed() {
		t.Errorf("after confirming: notes %q, disputed %v", e.DisputeNotes, e.Disputed())
	}
	e.DisputeNotes = map[string]string{"cy": "?"}
	if err := e.Validate(time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC), nil); err == nil || !strings.Contains(err.Error(), `disputeNotes["cy"]`) {
		t.Errorf("a note without a dispute: %v", err)
	}
}
