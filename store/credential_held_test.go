package store_test

import (
	"slices"
	"testing"
	"time"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/errs"
)

// TestCredentialsHeld checks that CredentialsHeld says what Credentials
// says of who holds what, in the same order, pending reservations left out.
func TestCredentialsHeld(t *testing.T) {
	db := MustOpen(t)
	seed(t, db)
	issue(t, db, &accolade.Record{ID: "c2", ValidUntil: t0.Add(time.Hour)}, t0.Add(time.Minute))
	issue(t, db, &accolade.Record{ID: "c1", ValidUntil: t0.Add(2 * time.Hour)}, t0.Add(2*time.Hour))
	if _, err := db.SetStatus("c1", accolade.Revoked, "in error", t0.Add(3*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := reserve(db, "pending", t0.Add(4*time.Hour)); err != nil {
		t.Fatal(err)
	}
	recs, err := db.Credentials(accolade.CredentialFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var want []accolade.Held
	for _, r := range recs {
		want = append(want, accolade.Held{ID: r.ID, Member: r.Member, Achievement: r.Achievement, ValidUntil: r.ValidUntil, Status: r.Status, Created: r.Created})
	}
	got, err := db.CredentialsHeld()
	if err != nil || !slices.EqualFunc(got, want, func(a, b accolade.Held) bool {
		return a.ID == b.ID && a.Member == b.Member && a.Achievement == b.Achievement && a.ValidUntil.Equal(b.ValidUntil) && a.Status == b.Status && a.Created.Equal(b.Created)
	}) || len(got) != 2 {
		t.Errorf("CredentialsHeld() = %+v, %v\nwant %+v", got, err, want)
	}
}

// TestCompleteRefusesForgottenMember checks that a credential reserved
// before its member was forgotten is not stored after: it would name them.
func TestCompleteRefusesForgottenMember(t *testing.T) {
	db := MustOpen(t)
	seed(t, db)
	if _, err := db.PutMember(&accolade.Member{ID: "ana", Name: "Ana", Email: "ana@example.org"}); err != nil {
		t.Fatal(err)
	}
	rec := &accolade.Record{ID: "c1", State: accolade.Pending, Issuer: "default", Member: "ana", Achievement: "trainer",
		Status: accolade.Active, ValidFrom: t0, Created: t0}
	if err := db.ReserveCredential(rec, t0); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ForgetMember("ana", t0); err != nil {
		t.Fatal(err)
	}
	rec.State, rec.JSON, rec.JWT = accolade.Issued, []byte(`{"name":"Ana"}`), "x.y.z"
	if err := db.CompleteCredential(rec); errs.KindOf(err) != errs.Conflict {
		t.Fatalf("CompleteCredential after ForgetMember: %v, want Conflict", err)
	}
	if _, err := db.Credential("c1"); errs.KindOf(err) != errs.NotFound {
		t.Errorf("Credential(c1) after the refused completion: %v, want NotFound", err)
	}
}
