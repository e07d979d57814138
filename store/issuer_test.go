package store_test

import (
	"testing"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/errs"
)

func TestCreateDeleteIssuer(t *testing.T) {
	db := MustOpen(t)
	if err := db.CreateIssuer(&accolade.Profile{Slug: "north", Name: "North"}); err != nil {
		t.Fatal(err)
	}
	if err := db.CreateIssuer(&accolade.Profile{Slug: "north", Name: "Again"}); errs.KindOf(err) != errs.Conflict {
		t.Errorf("CreateIssuer(north) again = %v, want Conflict", err)
	}
	if p, err := db.Issuer("north"); err != nil || p.Name != "North" {
		t.Errorf("north after a refused creation = %+v, %v; want it unchanged", p, err)
	}
	if err := db.DeleteIssuer("north"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Issuer("north"); errs.KindOf(err) != errs.NotFound {
		t.Errorf("north after DeleteIssuer: %v, want NotFound", err)
	}
	if err := db.DeleteIssuer("north"); errs.KindOf(err) != errs.NotFound {
		t.Errorf("DeleteIssuer(north) again = %v, want NotFound", err)
	}
}
