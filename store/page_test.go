package store_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/ledger"
)

func TestMembersPage(t *testing.T) {
	db := MustOpen(t)
	for i := range 5 {
		m := &accolade.Member{ID: fmt.Sprintf("m%d", i), Name: fmt.Sprintf("Name %d", i), Email: fmt.Sprintf("m%d@example.org", i), Created: t0, Updated: t0}
		if _, err := db.PutMember(m); err != nil {
			t.Fatal(err)
		}
	}
	var got []string
	after := ""
	for range 5 {
		page, next, err := db.MembersPage(after, 2, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range page {
			got = append(got, m.ID)
		}
		if next == "" {
			break
		}
		after = next
	}
	if strings.Join(got, ",") != "m0,m1,m2,m3,m4" {
		t.Errorf("pages of 2 = %v, want every member once in id order", got)
	}
	odd := func(m *accolade.Member) bool { return strings.HasSuffix(m.Name, "1") || strings.HasSuffix(m.Name, "3") }
	page, next, err := db.MembersPage("", 10, odd)
	if err != nil || len(page) != 2 || page[0].ID != "m1" || next != "" {
		t.Errorf("filtered page = %v, next %q, %v; want m1, m3 and no next", page, next, err)
	}
	page, next, _ = db.MembersPage("m3", 1, nil)
	if len(page) != 1 || page[0].ID != "m4" || next != "" {
		t.Errorf("after m3 = %v, next %q; want m4 and no next", page, next)
	}
}

func TestApplicationsPage(t *testing.T) {
	db := MustOpen(t)
	for i, st := range []string{ledger.Pending, ledger.Approved, ledger.Pending} {
		a := &ledger.Application{ID: fmt.Sprintf("app-%d", i), Member: "olga", Achievement: "mentor", Narrative: "n", Status: st, CreatedAt: t0}
		if i == 2 {
			a.Member = "kwame"
		}
		if _, err := db.PutApplication(a); err != nil {
			t.Fatal(err)
		}
	}
	pending := func(a *ledger.Application) bool { return a.Status == ledger.Pending }
	page, next, err := db.ApplicationsPage("", 1, pending)
	if err != nil || len(page) != 1 || page[0].ID != "app-0" || next != "app-0" {
		t.Fatalf("first pending = %v, next %q, %v; want app-0, next app-0", page, next, err)
	}
	page, next, _ = db.ApplicationsPage(next, 1, pending)
	if len(page) != 1 || page[0].ID != "app-2" || next != "" {
		t.Errorf("second pending = %v, next %q; want app-2 and no next", page, next)
	}
	page, _, _ = db.ApplicationsPage("", 10, func(a *ledger.Application) bool { return a.Member == "olga" })
	if len(page) != 2 {
		t.Errorf("olga's mentor applications = %d, want 2", len(page))
	}
}
