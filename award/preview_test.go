package award_test

import (
	"context"
	"slices"
	"testing"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/award"
	"github.com/accolade-badges/accolade/ledger"
)

// TestPreviews: each preview says, item by item, what the import would do
// (the same outcomes and errors as applying it next), and stores, indexes
// and issues nothing.
func TestPreviews(t *testing.T) {
	ctx := context.Background()
	svc, db := newService(t, twoWorkshops)
	if _, err := svc.AddExchanges(ctx, []*ledger.Exchange{workshop("w1", "ana", "ben")}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.AddAttestations(ctx, []*ledger.Attestation{attestation("t1", "ben", "ana", "Good")}); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name    string
		preview func() (award.Result, error)
		apply   func() (award.Result, error)
	}{
		{"members", func() (award.Result, error) {
			return svc.PreviewMembers(members())
		}, func() (award.Result, error) { return svc.PutMembers(members()) }},
		{"exchanges", func() (award.Result, error) {
			return svc.PreviewExchanges(exchanges())
		}, func() (award.Result, error) { return svc.AddExchanges(ctx, exchanges()) }},
		{"attestations", func() (award.Result, error) {
			return svc.PreviewAttestations(attestations())
		}, func() (award.Result, error) { return svc.AddAttestations(ctx, attestations()) }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			credsBefore, _ := db.Credentials(accolade.CredentialFilter{})
			membersBefore, _ := db.Members()
			p, err := tt.preview()
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Contains(p.Outcomes, ledger.Created) || !slices.ContainsFunc(p.Errors, func(e error) bool { return e != nil }) {
				t.Errorf("the preview found nothing new or nothing wrong: %v %v", p.Outcomes, p.Errors)
			}
			if after, _ := db.Credentials(accolade.CredentialFilter{}); len(after) != len(credsBefore) {
				t.Error("the preview issued")
			}
			if after, _ := db.Members(); len(after) != len(membersBefore) {
				t.Error("the preview stored members")
			}
			a, err := tt.apply()
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(p.Outcomes, a.Outcomes) {
				t.Errorf("preview outcomes %v, applying %v", p.Outcomes, a.Outcomes)
			}
			for i := range p.Errors {
				if (p.Errors[i] == nil) != (a.Errors[i] == nil) || p.Errors[i] != nil && p.Errors[i].Error() != a.Errors[i].Error() {
					t.Errorf("item %d: preview says %v, applying %v", i, p.Errors[i], a.Errors[i])
				}
			}
			if len(p.Issued) != 0 {
				t.Errorf("a preview lists issued credentials: %v", p.Issued)
			}
		})
	}
}

func members() []*accolade.Member {
	return []*accolade.Member{
		{ID: "gus", Name: "Gus", Email: "gus@example.org"},        // new
		{ID: "ana", Name: "Member ana", Email: "ana@example.org"}, // unchanged
		{ID: "ben", Name: "Ben Okafor", Email: "ben@example.org"}, // updated
		{ID: "bad id", Name: "Bad", Email: "bad@example.org"},     // invalid id
		{ID: "hal", Name: "Hal", Email: "not-an-email"},           // invalid email
	}
}

func exchanges() []*ledger.Exchange {
	changed := workshop("w1", "ana", "ben")
	changed.Hours = 5
	nobody := workshop("w3", "ana", "nobody")
	return []*ledger.Exchange{
		workshop("w2", "ana", "cai"), // new, and with w1 earns ana the trainer badge
		workshop("w1", "ana", "ben"), // unchanged
		changed,                      // conflict
		nobody,                       // unknown member
	}
}

func attestations() []*ledger.Attestation {
	return []*ledger.Attestation{
		attestation("t2", "cai", "ana", "Great"), // new
		attestation("t1", "ben", "ana", "Good"),  // unchanged
		attestation("t1", "ben", "ana", "Other"), // conflict
		attestation("t3", "ana", "ana", "Me"),    // oneself
	}
}
