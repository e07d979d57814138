package store_test

import (
	"bytes"
	"slices"
	"testing"
	"time"

	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/ledger"
)

func TestMemberSetHidden(t *testing.T) {
	db := MustOpen(t)
	seed(t, db)
	putIssued(t, db, "c1", "ana", 0, "rsa", "")
	before, _ := db.Credential("c1")
	got, err := db.SetHidden("c1", true)
	if err != nil || !got.Hidden {
		t.Fatalf("SetHidden(c1, true) = %+v, %v", got, err)
	}
	after, err := db.Credential("c1")
	if err != nil || !after.Hidden || after.Status != before.Status || after.JWT != before.JWT || !bytes.Equal(after.JSON, before.JSON) {
		t.Errorf("after hiding: %+v, %v; want hidden and otherwise unchanged", after, err)
	}
	if got, err := db.SetHidden("c1", false); err != nil || got.Hidden {
		t.Errorf("SetHidden(c1, false) = %+v, %v", got, err)
	}
	if _, err := db.SetHidden("nope", true); errs.KindOf(err) != errs.NotFound {
		t.Errorf("SetHidden(nope) kind = %v, want NotFound", errs.KindOf(err))
	}
}

func TestMemberQueriesByID(t *testing.T) {
	db := MustOpen(t)
	seed(t, db)
	at := t0.Add(-time.Hour)
	ex := func(id string) *ledger.Exchange {
		return &ledger.Exchange{ID: id, Kind: ledger.Workshop, Skills: []string{"training"}, Hours: 1, OccurredAt: at,
			Teachers: []string{"ana"}, Learners: []string{"bo"}, ConfirmedBy: []string{"ana"}, LoggedBy: "ana"}
	}
	if _, _, err := db.PutExchanges([]*ledger.Exchange{ex("x1"), ex("x2"), ex("x3")}); err != nil {
		t.Fatal(err)
	}
	got, err := db.ExchangesByID([]string{"x3", "missing", "x1"})
	if err != nil || len(got) != 2 || got[0].ID != "x3" || got[1].ID != "x1" || got[0].LoggedBy != "ana" {
		t.Errorf("ExchangesByID = %v, %v; want x3, x1", got, err)
	}
	att := &ledger.Attestation{ID: "a1", Attester: "bo", Member: "ana", Skill: "training", Statement: "Good.", CreatedAt: at}
	if _, _, err := db.PutAttestations([]*ledger.Attestation{att}); err != nil {
		t.Fatal(err)
	}
	if got, err := db.AttestationsByID([]string{"a1", "a2"}); err != nil || len(got) != 1 || got[0].Statement != "Good." {
		t.Errorf("AttestationsByID = %v, %v", got, err)
	}
	for _, id := range []string{"p1", "p2"} {
		member := map[string]string{"p1": "ana", "p2": "bo"}[id]
		if _, err := db.PutApplication(&ledger.Application{ID: id, Member: member, Achievement: "trainer", Narrative: "n", Status: ledger.Pending, CreatedAt: at}); err != nil {
			t.Fatal(err)
		}
	}
	apps, err := db.ApplicationsWhere(func(a *ledger.Application) bool { return a.Member == "ana" })
	if err != nil || !slices.EqualFunc(apps, []string{"p1"}, func(a *ledger.Application, id string) bool { return a.ID == id }) {
		t.Errorf("ApplicationsWhere(ana) = %v, %v; want p1", apps, err)
	}
}
