package issuer_test

import (
	"context"
	"encoding/json"
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

const holderDID = "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"

// TestBind: the copy a wallet collects says what the member's credential
// says, bound to the holder's DID, and replaces it; nothing is mailed.
func TestBind(t *testing.T) {
	f := newFixture(t, keys.EdDSA)
	ctx := context.Background()
	first, err := f.svc.Issue(ctx, issuer.Request{Achievement: "project-trainer", Member: "layla"})
	must(t, err)
	later := first.ValidFrom.Add(40 * criteria.Day)
	svc, err := issuer.New(issuer.Config{Store: f.db, Keys: f.keys, BaseURL: "https://badges.example.org",
		Now: func() time.Time { return later }, Rand: testutil.Rand(5)})
	must(t, err)

	for _, bad := range []string{"", "https://example.org/me", "did:key:", "did:Key:z6Mk", "did:key:z6Mk#key-1", "did:web:example.org/path"} {
		if _, err := svc.Bind(ctx, first.ID, bad); errs.KindOf(err) != errs.Invalid {
			t.Errorf("Bind(holder %q) = %v, want Invalid", bad, err)
		}
	}
	if _, err := svc.Bind(ctx, "4d0a8a3e-0000-4000-8000-000000000000", holderDID); errs.KindOf(err) != errs.NotFound {
		t.Errorf("Bind(unknown credential) = %v, want NotFound", err)
	}

	rec, err := svc.Bind(ctx, first.ID, holderDID)
	must(t, err)
	if rec.Holder != holderDID || rec.Renews != first.ID || !rec.ValidUntil.Equal(first.ValidUntil) || !rec.ValidFrom.Equal(later) {
		t.Errorf("bound = holder %q renews %q validUntil %v validFrom %v; want %s, %s, %v (unchanged), %v",
			rec.Holder, rec.Renews, rec.ValidUntil, rec.ValidFrom, holderDID, first.ID, first.ValidUntil, later)
	}
	var doc, was map[string]any
	must(t, json.Unmarshal(rec.JSON, &doc))
	must(t, json.Unmarshal(first.JSON, &was))
	subject := doc["credentialSubject"].(map[string]any)
	if subject["id"] != holderDID {
		t.Errorf("credentialSubject.id = %v, want %s", subject["id"], holderDID)
	}
	if doc["awardedDate"] != first.ValidFrom.UTC().Format(time.RFC3339) {
		t.Errorf("awardedDate = %v, want the first award's %v", doc["awardedDate"], first.ValidFrom)
	}
	wasSubject := was["credentialSubject"].(map[string]any)
	for _, k := range []string{"achievement", "identifier", "name", "type"} {
		a, _ := json.Marshal(subject[k])
		b, _ := json.Marshal(wasSubject[k])
		if string(a) != string(b) {
			t.Errorf("credentialSubject.%s changed: %s, was %s", k, a, b)
		}
	}
	if doc["validUntil"] != was["validUntil"] || doc["id"] == was["id"] {
		t.Errorf("validUntil %v (was %v), id %v (was %v): want the same expiry and a new id", doc["validUntil"], was["validUntil"], doc["id"], was["id"])
	}
	spectest.ValidateCredential(t, rec.JSON)
	res, err := dataintegrity.Verify(ctx, rec.JSON, keyringResolver{f.keys, "did:web:badges.example.org:issuers:default"})
	if err != nil || len(res) != 1 || res[0].Err != nil {
		t.Fatalf("Verify(bound) = %+v, %v; want one verified proof", res, err)
	}

	old, err := f.db.Credential(first.ID)
	must(t, err)
	if old.SupersededBy != rec.ID {
		t.Errorf("the credential it was collected from: supersededBy %q, want %s", old.SupersededBy, rec.ID)
	}
	if e, err := f.db.OutboxEntry("awarded:" + first.ID); err != nil || e == nil {
		t.Fatalf("the first award's mail: %v, %v; want it queued (else the next check proves nothing)", e, err)
	}
	if e, err := f.db.OutboxEntry("awarded:" + rec.ID); err == nil && e != nil {
		t.Errorf("binding queued an award mail: %+v", e)
	}
	if _, err := svc.Bind(ctx, first.ID, holderDID); errs.KindOf(err) != errs.Conflict {
		t.Errorf("Bind(the superseded credential) = %v, want Conflict", err)
	}
	// The bound copy may be collected again (another wallet), and so on.
	if again, err := svc.Bind(ctx, rec.ID, "did:web:wallet.example"); err != nil || again.Holder != "did:web:wallet.example" {
		t.Errorf("Bind(the bound copy, another DID) = %+v, %v", again, err)
	}
}
