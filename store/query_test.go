package store_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/store"
)

// putIssued stores an issued credential for member, created at t0 plus
// minutes, signed by jwtKey (VC-JWT) and proofKey (Data Integrity).
func putIssued(tb testing.TB, db *store.DB, id, member string, minutes int, jwtKey, proofKey string) {
	tb.Helper()
	rec := &accolade.Record{ID: id, State: accolade.Pending, Member: member, Achievement: "trainer", Issuer: "default",
		Status: accolade.Active, Created: t0.Add(time.Duration(minutes) * time.Minute)}
	if err := db.ReserveCredential(rec, rec.Created); err != nil {
		tb.Fatal(err)
	}
	rec.State, rec.KeyID, rec.ProofKeyID = accolade.Issued, jwtKey, proofKey
	if err := db.CompleteCredential(rec); err != nil {
		tb.Fatal(err)
	}
}

func TestQueryContract(t *testing.T) {
	db := MustOpen(t)
	seed(t, db)
	// Stored out of creation order, so that key order is not time order.
	for i, minutes := range []int{3, 1, 4, 0, 2} {
		putIssued(t, db, fmt.Sprintf("c%d", i), fmt.Sprintf("m%d", i), minutes, "rsa", map[bool]string{true: "ed", false: "rsa"}[i%2 == 0])
	}
	if err := db.ReserveCredential(&accolade.Record{ID: "pending", State: accolade.Pending, Member: "m9", Achievement: "trainer",
		KeyID: "rsa", Created: t0.Add(time.Hour)}, t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		limit int
		want  []string
	}{{0, nil}, {2, []string{"c2", "c0"}}, {10, []string{"c2", "c0", "c4", "c1", "c3"}}} {
		recs, err := db.RecentCredentials(tc.limit)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, r := range recs {
			got = append(got, r.ID)
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("RecentCredentials(%d) = %v, want %v", tc.limit, got, tc.want)
		}
	}
	n, err := db.CredentialCountsByKey()
	if err != nil {
		t.Fatal(err)
	}
	if n["rsa"] != 5 || n["ed"] != 3 || len(n) != 2 {
		t.Errorf("CredentialCountsByKey() = %v, want rsa:5 ed:3", n)
	}
}
