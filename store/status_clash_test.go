package store_test

import (
	"errors"
	"testing"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/store"
)

// TestStatusClashAcrossNodes: two stores on one database (two nodes)
// reserve credentials for different members at once and draw the same
// status index, since neither sees the other's reservation. The first
// stored wins; the second is refused with accolade.ErrStatusIndexTaken
// (a Conflict), stores nothing, and releasing it frees its member at
// once, so that issuing it afresh, with another index, succeeds.
func TestStatusClashAcrossNodes(t *testing.T) {
	nodes := store.OpenNodes(t, 2)
	a, b := nodes[0], nodes[1]
	seed(t, a)
	if _, err := a.PutMember(&accolade.Member{ID: "bo", Name: "Bo", Email: "bo@example.org"}); err != nil {
		t.Fatal(err)
	}
	rec := func(id, member string, seed int) *accolade.Record {
		return &accolade.Record{ID: id, State: accolade.Pending, Issuer: "default", Member: member, Achievement: "trainer",
			Status: accolade.Active, ValidFrom: t0, Created: t0,
			StatusEntries: []accolade.StatusEntry{{Purpose: accolade.PurposeRevocation, Index: seed}}}
	}
	ra, rb := rec("c1", "ana", 42), rec("c2", "bo", 42)
	if err := a.ReserveCredential(ra, t0); err != nil {
		t.Fatal(err)
	}
	if err := b.ReserveCredential(rb, t0); err != nil {
		t.Fatal(err)
	}
	if ra.StatusEntries[0] != rb.StatusEntries[0] {
		t.Fatalf("the two nodes drew %v and %v: the clash this test needs did not happen", ra.StatusEntries, rb.StatusEntries)
	}
	ra.State, rb.State = accolade.Issued, accolade.Issued
	if err := a.CompleteCredential(ra); err != nil {
		t.Fatal(err)
	}
	err := b.CompleteCredential(rb)
	if !errors.Is(err, accolade.ErrStatusIndexTaken) || errs.KindOf(err) != errs.Conflict {
		t.Fatalf("storing the clashing credential = %v, want a Conflict wrapping ErrStatusIndexTaken", err)
	}
	if _, err := b.Credential("c2"); errs.KindOf(err) != errs.NotFound {
		t.Errorf("the refused credential was stored: %v", err)
	}
	if err := b.ReleaseCredential("c2"); err != nil {
		t.Fatalf("ReleaseCredential after the clash: %v", err)
	}
	again := rec("c3", "bo", 43)
	if err := b.ReserveCredential(again, t0); err != nil {
		t.Fatalf("issuing afresh after the clash: %v", err)
	}
	again.State = accolade.Issued
	if err := b.CompleteCredential(again); err != nil {
		t.Fatalf("storing the fresh credential: %v", err)
	}
	if again.StatusEntries[0] == ra.StatusEntries[0] {
		t.Errorf("the fresh credential has the taken index %v", again.StatusEntries[0])
	}
}
