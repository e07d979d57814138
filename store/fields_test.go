package store_test

import (
	"errors"
	"reflect"
	"sync"
	"testing"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/criteria"
	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/keys"
)

// The fields added for certificates and public pages are stored and read
// back: the issuer's logo, LinkedIn id, paper size and language; the
// member's Latin name and listing choice; an achievement's certificate
// design.
func TestCertificateFieldsRoundTrip(t *testing.T) {
	db := MustOpen(t)
	p := &accolade.Profile{Slug: "default", Name: "Time Bank", Alg: keys.RS256, Logo: "https://example.org/logo.png",
		LinkedInOrganizationID: "1337", PaperSize: accolade.PaperLetter, Lang: "fr", Coordinators: []string{"amara", "kwame"}}
	if err := db.PutIssuer(p); err != nil {
		t.Fatal(err)
	}
	gotP, err := db.Issuer("default")
	if err != nil || !reflect.DeepEqual(gotP, p) {
		t.Errorf("issuer = %+v, %v; want %+v", gotP, err, p)
	}
	m := &accolade.Member{ID: "layla", Name: "ليلى حداد", LatinName: "Layla Haddad", Listed: true, Email: "l@example.org"}
	if _, err := db.PutMember(m); err != nil {
		t.Fatal(err)
	}
	gotM, err := db.Member("layla")
	if err != nil || gotM.LatinName != "Layla Haddad" || !gotM.Listed {
		t.Errorf("member = %+v, %v", gotM, err)
	}
	// Changing only Listed is an update, not "unchanged".
	m2 := *gotM
	m2.Listed = false
	out, err := db.PutMembers([]*accolade.Member{&m2})
	if err != nil || out[0] == 0 {
		t.Errorf("PutMembers with Listed changed: %v, %v", out, err)
	}
	d := &accolade.CertificateDesign{PrimaryColor: "#1f4e79", Signatory: "Amina Diallo", PaperSize: accolade.PaperA4}
	if err := db.PutAchievement(&criteria.Achievement{ID: "trainer", Name: "Trainer", Description: "d", Certificate: d}); err != nil {
		t.Fatal(err)
	}
	a, err := db.Achievement("trainer")
	if err != nil || a.Certificate == nil || *a.Certificate != *d {
		t.Errorf("achievement design = %+v, %v", a.Certificate, err)
	}
}

// UpdateIssuer changes a profile in one transaction: concurrent changes of
// different fields all survive, and a change that fails leaves it as it was.
func TestUpdateIssuer(t *testing.T) {
	db := MustOpen(t)
	if err := db.PutIssuer(&accolade.Profile{Slug: "default", Name: "Time Bank", Alg: keys.RS256}); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for i := 0; i < 20; i++ {
		wg.Add(2)
		go func() {
			defer wg.Done()
			db.UpdateIssuer("default", func(p *accolade.Profile) error { p.Logo = "https://example.org/logo.png"; return nil })
		}()
		go func() {
			defer wg.Done()
			db.UpdateIssuer("default", func(p *accolade.Profile) error { p.Lang = "fr"; return nil })
		}()
	}
	wg.Wait()
	p, err := db.Issuer("default")
	if err != nil || p.Logo == "" || p.Lang != "fr" {
		t.Fatalf("after concurrent updates: %+v, %v; want both the logo and the language", p, err)
	}
	boom := errors.New("no")
	if _, err := db.UpdateIssuer("default", func(p *accolade.Profile) error { p.Name = "Changed"; return boom }); !errors.Is(err, boom) {
		t.Errorf("UpdateIssuer returned %v, want the change's error", err)
	}
	if p, _ := db.Issuer("default"); p.Name != "Time Bank" {
		t.Errorf("a failed change was stored: name %q", p.Name)
	}
	if _, err := db.UpdateIssuer("nope", func(*accolade.Profile) error { return nil }); errs.KindOf(err) != errs.NotFound {
		t.Errorf("UpdateIssuer(nope) = %v, want NotFound", err)
	}
}
