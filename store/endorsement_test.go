package store_test

import (
	"testing"
	"time"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/internal/testutil"
)

func TestEndorsements(t *testing.T) {
	db := testutil.MustOpen(t)
	t0 := time.Date(2026, 3, 4, 10, 0, 0, 0, time.UTC)
	const a, b = "https://b.example.org/achievements/a", "https://b.example.org/achievements/ab"
	for _, e := range []*accolade.Endorsement{
		{ID: "urn:uuid:2", Subject: a, Endorser: "x", Created: t0.Add(time.Hour), JWT: "j"},
		{ID: "urn:uuid:1", Subject: a, Endorser: "y", Created: t0, JSON: []byte(`{}`)},
		{ID: "urn:uuid:3", Subject: b, Endorser: "x", Created: t0},
	} {
		if err := db.PutEndorsement(e); err != nil {
			t.Fatalf("PutEndorsement(%s): %v", e.ID, err)
		}
	}
	if err := db.PutEndorsement(&accolade.Endorsement{ID: "urn:uuid:1", Subject: a}); errs.KindOf(err) != errs.Conflict {
		t.Errorf("PutEndorsement(again) kind = %v, want Conflict", errs.KindOf(err))
	}
	if err := db.PutEndorsement(&accolade.Endorsement{ID: "x"}); errs.KindOf(err) != errs.Invalid {
		t.Errorf("PutEndorsement(no subject) kind = %v, want Invalid", errs.KindOf(err))
	}
	got, err := db.Endorsements(a)
	if err != nil || len(got) != 2 || got[0].ID != "urn:uuid:1" || got[1].ID != "urn:uuid:2" || string(got[0].JSON) != "{}" {
		t.Fatalf("Endorsements(a) = %+v, %v; want 1 then 2", got, err)
	}
	if got, _ := db.Endorsements("https://none.example"); len(got) != 0 {
		t.Errorf("Endorsements(none) = %d, want 0", len(got))
	}
}

// TestDeleteEndorsement: a deleted endorsement is gone from its subject's
// list and from EndorsementsWhere, the others stay; deleting it again, or
// one of another subject, is errs.NotFound.
func TestDeleteEndorsement(t *testing.T) {
	db := testutil.MustOpen(t)
	t0 := time.Date(2026, 3, 4, 10, 0, 0, 0, time.UTC)
	const a, b = "https://b.example.org/achievements/a", "https://b.example.org/issuers/b"
	for _, e := range []*accolade.Endorsement{
		{ID: "urn:uuid:1", Subject: a, Endorser: "x", Created: t0, JWT: "j"},
		{ID: "urn:uuid:2", Subject: a, Endorser: "y", Created: t0.Add(time.Hour), JWT: "j"},
		{ID: "urn:uuid:3", Subject: b, Endorser: "x", Created: t0.Add(-time.Hour), JWT: "j"},
	} {
		if err := db.PutEndorsement(e); err != nil {
			t.Fatalf("PutEndorsement(%s): %v", e.ID, err)
		}
	}
	byX, err := db.EndorsementsWhere(func(e *accolade.Endorsement) bool { return e.Endorser == "x" })
	if err != nil || len(byX) != 2 || byX[0].ID != "urn:uuid:3" || byX[1].ID != "urn:uuid:1" {
		t.Fatalf("EndorsementsWhere(endorser x) = %+v, %v; want 3 then 1", byX, err)
	}
	if err := db.DeleteEndorsement(b, "urn:uuid:1"); errs.KindOf(err) != errs.NotFound {
		t.Errorf("DeleteEndorsement(another subject) kind = %v, want NotFound", errs.KindOf(err))
	}
	if err := db.DeleteEndorsement(a, "urn:uuid:1"); err != nil {
		t.Fatalf("DeleteEndorsement: %v", err)
	}
	if err := db.DeleteEndorsement(a, "urn:uuid:1"); errs.KindOf(err) != errs.NotFound {
		t.Errorf("DeleteEndorsement(again) kind = %v, want NotFound", errs.KindOf(err))
	}
	if got, err := db.Endorsements(a); err != nil || len(got) != 1 || got[0].ID != "urn:uuid:2" {
		t.Errorf("Endorsements(a) after the delete = %+v, %v; want only 2", got, err)
	}
	all, err := db.EndorsementsWhere(func(*accolade.Endorsement) bool { return true })
	if err != nil || len(all) != 2 {
		t.Errorf("EndorsementsWhere(all) after the delete = %d, %v; want 2", len(all), err)
	}
}
