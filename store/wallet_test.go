package store

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/errs"
)

// TestWalletExchangeRecordBytes pins the stored shape of a wallet exchange.
func TestWalletExchangeRecordBytes(t *testing.T) {
	r := &walletExchangeRecord{V: walletExchangeVersion, Credential: "c1", Member: "ana", Challenge: "ch", Created: g0,
		Expires: g1, State: "collected", Holder: "did:key:z6Mk", Issued: "c2", Collected: g0}
	want := `{"v":1,"credential":"c1","member":"ana","challenge":"ch","created":"2026-03-04T10:00:00Z","expires":"2026-03-05T10:00:00Z","state":"collected","holder":"did:key:z6Mk","issued":"c2","collected":"2026-03-04T10:00:00Z"}`
	if b, err := json.Marshal(r); err != nil || string(b) != want {
		t.Errorf("walletExchangeRecord = %s, %v\nwant %s", b, err, want)
	}
}

func newWalletExchange(id string, created time.Time) *accolade.WalletExchange {
	return &accolade.WalletExchange{ID: id, Credential: "c1", Member: "ana", Challenge: "0123456789abcdef0123456789abcdef",
		Created: created, Expires: created.Add(accolade.WalletExchangeTTL), State: accolade.ExchangePending}
}

// TestWalletExchanges: an exchange is stored once, collected once by one
// holder (again by the same holder: nothing changes), and pruned once
// expired when another is stored.
func TestWalletExchanges(t *testing.T) {
	db := openPasskeyDB(t)
	a := newWalletExchange("0000000000000000000000000000000a", g0)
	if err := db.PutWalletExchange(a, g0); err != nil {
		t.Fatal(err)
	}
	if err := db.PutWalletExchange(a, g0); errs.KindOf(err) != errs.Conflict {
		t.Errorf("PutWalletExchange twice: kind %v, want conflict", errs.KindOf(err))
	}
	bad := newWalletExchange("not-hex", g0)
	if err := db.PutWalletExchange(bad, g0); errs.KindOf(err) != errs.Invalid {
		t.Errorf("PutWalletExchange(%q): kind %v, want invalid", bad.ID, errs.KindOf(err))
	}
	got, err := db.CollectWalletExchange(a.ID, "did:key:z6MkA", "c2", g0.Add(time.Minute))
	if err != nil || got.State != accolade.ExchangeCollected || got.Holder != "did:key:z6MkA" || got.Issued != "c2" {
		t.Fatalf("CollectWalletExchange = %+v, %v", got, err)
	}
	if _, err := db.CollectWalletExchange(a.ID, "did:key:z6MkA", "c2", g0.Add(2*time.Minute)); err != nil {
		t.Errorf("collecting again for the same holder: %v", err)
	}
	if _, err := db.CollectWalletExchange(a.ID, "did:key:z6MkB", "c3", g0); !errors.Is(err, accolade.ErrExchangeCollected) {
		t.Errorf("collecting for another holder: %v, want ErrExchangeCollected", err)
	}
	if _, err := db.CollectWalletExchange(a.ID, "did:key:z6MkA", "c3", g0); errs.KindOf(err) != errs.Conflict {
		t.Errorf("collecting as another credential: kind %v, want conflict", errs.KindOf(err))
	}
	stored, err := db.WalletExchange(a.ID)
	if err != nil || stored.Collected != g0.Add(time.Minute) || stored.Issued != "c2" {
		t.Errorf("WalletExchange = %+v, %v; want the first collection kept", stored, err)
	}
	later := g0.Add(accolade.WalletExchangeTTL)
	if err := db.PutWalletExchange(newWalletExchange("0000000000000000000000000000000b", later), later); err != nil {
		t.Fatal(err)
	}
	if _, err := db.WalletExchange(a.ID); errs.KindOf(err) != errs.NotFound {
		t.Errorf("expired exchange after the next Put: kind %v, want not found (pruned)", errs.KindOf(err))
	}
	if _, err := db.CollectWalletExchange("0000000000000000000000000000000c", "did:key:z6MkA", "c2", g0); errs.KindOf(err) != errs.NotFound {
		t.Errorf("collecting an unknown exchange: kind %v, want not found", errs.KindOf(err))
	}
}
