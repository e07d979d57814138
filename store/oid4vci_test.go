package store

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/accolade-badges/accolade"
)

// TestOfferRecordBytes pins the stored shape of offers and nonces.
func TestOfferRecordBytes(t *testing.T) {
	for _, c := range []struct {
		name string
		rec  record
		want string
	}{
		{"offer", &offerRecord{V: offerVersion, Credential: "c1", Member: "ana", CodeHash: "ch", TxCodeHash: "th", TxMailed: true, Created: g0, Expires: g1},
			`{"v":1,"credential":"c1","member":"ana","codeHash":"ch","txCodeHash":"th","txMailed":true,"created":"2026-03-04T10:00:00Z","expires":"2026-03-05T10:00:00Z"}`},
		{"nonce", &nonceRecord{V: nonceVersion, Expires: g0},
			`{"v":1,"expires":"2026-03-04T10:00:00Z"}`},
	} {
		b, err := json.Marshal(c.rec)
		if err != nil || string(b) != c.want {
			t.Errorf("%s = %s, %v; want %s", c.name, b, err, c.want)
		}
	}
}

func newOffer(id, tx string, now time.Time) *accolade.Offer {
	o := &accolade.Offer{Hash: accolade.SecretHash(id), Credential: "c-" + id, Member: "ana",
		CodeHash: accolade.SecretHash(accolade.PreAuthorizedCode(id)), Created: now, Expires: now.Add(accolade.OfferTTL)}
	if tx != "" {
		o.TxCodeHash = accolade.TxCodeHash(o.Hash, tx)
	}
	return o
}

// TestOfferLifecycle: an offer is redeemed once, with its tx_code; wrong
// codes are counted and the fifth kills it; tokens and nonces expire.
func TestOfferLifecycle(t *testing.T) {
	db := openPasskeyDB(t)
	now := g0
	o := newOffer("first", "123456", now)
	if err := db.CreateOffer(o, nil); err != nil {
		t.Fatal(err)
	}
	if err := db.CreateOffer(o, nil); err == nil {
		t.Error("CreateOffer(same offer again) = nil, want a conflict")
	}
	if got, err := db.PendingOffer(o.Hash, now); err != nil || got.Credential != "c-first" {
		t.Fatalf("PendingOffer = %+v, %v", got, err)
	}
	code := o.CodeHash
	later := now.Add(time.Minute)
	for _, c := range []struct {
		name, code, tx string
		want           error
	}{
		{"unknown code", "nope", "123456", accolade.ErrOfferUnknown},
		{"no tx_code", code, "", accolade.ErrTxCodeMissing},
		{"wrong tx_code", code, "000000", accolade.ErrTxCodeWrong},
	} {
		if _, err := db.RedeemOffer(c.code, c.tx, later, "tok", later.Add(time.Minute)); !errors.Is(err, c.want) {
			t.Errorf("RedeemOffer(%s) = %v, want %v", c.name, err, c.want)
		}
	}
	got, err := db.RedeemOffer(code, "123456", later, "tok", later.Add(time.Minute))
	if err != nil || got.TokenHash != "tok" || got.TxFailures != 1 {
		t.Fatalf("RedeemOffer(right code) = %+v, %v; want redeemed after 1 failure", got, err)
	}
	if _, err := db.RedeemOffer(code, "123456", later, "tok2", later.Add(time.Minute)); !errors.Is(err, accolade.ErrOfferUnknown) {
		t.Errorf("RedeemOffer(again) = %v, want ErrOfferUnknown", err)
	}
	if _, err := db.PendingOffer(o.Hash, later); !errors.Is(err, accolade.ErrOfferUnknown) {
		t.Errorf("PendingOffer(redeemed) = %v, want ErrOfferUnknown", err)
	}
	if got, err := db.OfferByToken("tok", later); err != nil || got.Hash != o.Hash {
		t.Errorf("OfferByToken = %+v, %v", got, err)
	}
	if _, err := db.OfferByToken("tok", later.Add(time.Minute)); !errors.Is(err, accolade.ErrOfferToken) {
		t.Errorf("OfferByToken(expired) = %v, want ErrOfferToken", err)
	}
	if err := db.SetOfferIssued(o.Hash, "c2", "did:key:z6Mk", "nh", later); err != nil {
		t.Fatal(err)
	}
	if err := db.SetOfferIssued(o.Hash, "c3", "did:key:z6Mk", "nh", later); err == nil {
		t.Error("SetOfferIssued(another credential) = nil, want a conflict")
	}

	dead := newOffer("dead", "123456", now)
	if err := db.CreateOffer(dead, nil); err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= accolade.OfferTxAttempts; i++ {
		want := accolade.ErrTxCodeWrong
		if i == accolade.OfferTxAttempts {
			want = accolade.ErrTxCodeExhausted
		}
		if _, err := db.RedeemOffer(dead.CodeHash, "999999", now, "t", now.Add(time.Minute)); !errors.Is(err, want) {
			t.Errorf("wrong tx_code %d = %v, want %v", i, err, want)
		}
	}
	if _, err := db.RedeemOffer(dead.CodeHash, "123456", now, "t", now.Add(time.Minute)); !errors.Is(err, accolade.ErrOfferUnknown) {
		t.Errorf("right tx_code after %d wrong = %v, want ErrOfferUnknown", accolade.OfferTxAttempts, err)
	}

	plain := newOffer("plain", "", now)
	if err := db.CreateOffer(plain, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := db.RedeemOffer(plain.CodeHash, "1", now, "t", now.Add(time.Minute)); !errors.Is(err, accolade.ErrTxCodeUnexpected) {
		t.Errorf("tx_code for an offer without one = %v, want ErrTxCodeUnexpected", err)
	}
	if _, err := db.RedeemOffer(plain.CodeHash, "", plain.Expires, "t", now.Add(time.Minute)); !errors.Is(err, accolade.ErrOfferUnknown) {
		t.Errorf("RedeemOffer(at expiry) = %v, want ErrOfferUnknown", err)
	}
}

// TestNonces: a nonce works once, before its expiry; expired nonces and
// offers are pruned.
func TestNonces(t *testing.T) {
	db := openPasskeyDB(t)
	now := g0
	for _, n := range []string{"a", "b"} {
		if err := db.CreateNonce(n, now, now.Add(accolade.NonceTTL)); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.RedeemNonce("a", now); err != nil {
		t.Fatalf("RedeemNonce(a) = %v", err)
	}
	for _, c := range []struct {
		name string
		at   time.Time
	}{{"a", now}, {"unknown", now}, {"b", now.Add(accolade.NonceTTL)}} {
		if err := db.RedeemNonce(c.name, c.at); !errors.Is(err, accolade.ErrNonceUnknown) {
			t.Errorf("RedeemNonce(%s at %v) = %v, want ErrNonceUnknown", c.name, c.at, err)
		}
	}
	if err := db.CreateOffer(newOffer("old", "", now), nil); err != nil {
		t.Fatal(err)
	}
	if err := db.CreateNonce("c", now.Add(24*time.Hour), now.Add(25*time.Hour)); err != nil {
		t.Fatal(err)
	}
	n := 0
	if err := db.kv.view(func(tx kvTx) error {
		n = tx.bucket(bucketOID4VCI).KeyN()
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if n != 1 {
		t.Errorf("after pruning, %d entries, want 1 (the new nonce)", n)
	}
}
