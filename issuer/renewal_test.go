package issuer_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/accolade-badges/accolade/criteria"
	"github.com/accolade-badges/accolade/dataintegrity"
	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/internal/spectest"
	"github.com/accolade-badges/accolade/internal/testutil"
	"github.com/accolade-badges/accolade/issuer"
	"github.com/accolade-badges/accolade/keys"
)

func TestRenewalKeepsAwardedDate(t *testing.T) {
	f := newFixture(t, keys.EdDSA)
	ctx := context.Background()
	first, err := f.svc.Issue(ctx, issuer.Request{Achievement: "project-trainer", Member: "layla"})
	if err != nil {
		t.Fatal(err)
	}
	later := first.ValidUntil.Add(-10 * criteria.Day) // within a renewal window
	svc, err := issuer.New(issuer.Config{Store: f.db, Keys: f.keys, BaseURL: "https://badges.example.org",
		Now: func() time.Time { return later }, Rand: testutil.Rand(3)})
	must(t, err)
	if _, err := svc.Issue(ctx, issuer.Request{Achievement: "project-trainer", Member: "layla"}); errs.KindOf(err) != errs.Conflict {
		t.Fatalf("Issue while the first is valid = %v, want Conflict", err)
	}
	rec, err := svc.Issue(ctx, issuer.Request{Achievement: "project-trainer", Member: "layla", Renews: first.ID})
	if err != nil {
		t.Fatalf("Issue(renewal): %v", err)
	}
	if !rec.ValidFrom.Equal(later) || !rec.ValidUntil.Equal(later.Add(730*criteria.Day)) || rec.Renews != first.ID {
		t.Errorf("renewal = validFrom %v, validUntil %v, renews %q; want %v, +730d, %s", rec.ValidFrom, rec.ValidUntil, rec.Renews, later, first.ID)
	}
	var doc struct {
		ValidFrom   time.Time `json:"validFrom"`
		AwardedDate time.Time `json:"awardedDate"`
	}
	must(t, json.Unmarshal(rec.JSON, &doc))
	if !doc.AwardedDate.Equal(first.ValidFrom) || !doc.ValidFrom.Equal(later) {
		t.Errorf("renewed credential awardedDate %v, validFrom %v; want %v, %v", doc.AwardedDate, doc.ValidFrom, first.ValidFrom, later)
	}
	spectest.ValidateCredential(t, rec.JSON)
	res, err := dataintegrity.Verify(ctx, rec.JSON, keyringResolver{f.keys, "did:web:badges.example.org:issuers:default"})
	if err != nil || len(res) != 1 || res[0].Err != nil {
		t.Fatalf("Verify(renewal) = %+v, %v; want one verified proof (awardedDate is in the OB 3.0 context)", res, err)
	}
	// awardedDate is a term of the OB 3.0.3 context, so the proof covers it.
	// That context types it "xsd:dateTime" but defines no xsd prefix (3.0.1
	// did), so its literal's datatype is the IRI <xsd:dateTime>, not
	// XMLSchema#dateTime; jsonld.js canonicalises it so too (the interop
	// suite verifies a renewal), and this pins it.
	nq, err := dataintegrity.Canonicalize(rec.JSON)
	must(t, err)
	want := fmt.Sprintf("<%s> <https://purl.imsglobal.org/spec/vc/ob/vocab.html#awardedDate> %q^^<xsd:dateTime> .", "urn:uuid:"+rec.ID, first.ValidFrom.Format(time.RFC3339))
	if !strings.Contains(nq, want+"\n") {
		t.Errorf("canonical renewal lacks\n%s\ngot:\n%s", want, nq)
	}
	old, err := f.db.Credential(first.ID)
	if err != nil || old.SupersededBy != rec.ID || !old.SupersededAt.Equal(later) {
		t.Errorf("first credential = %+v, %v; want superseded by %s", old, err, rec.ID)
	}
	if _, err := svc.Issue(ctx, issuer.Request{Achievement: "project-trainer", Member: "layla", Renews: first.ID}); errs.KindOf(err) != errs.Conflict {
		t.Errorf("renewing the first again = %v, want Conflict", err)
	}
}
