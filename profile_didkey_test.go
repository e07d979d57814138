package accolade_test

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"strings"
	"testing"
	"time"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/keys"
)

// TestProfileDIDKey checks a did:key issuer's profile: its algorithm,
// which key becomes its id, and how its keys are named.
func TestProfileDIDKey(t *testing.T) {
	for _, tc := range []struct {
		name  string
		p     accolade.Profile
		field string // "" valid
	}{
		{"defaults to EdDSA", accolade.Profile{Slug: "a", Name: "A", IDMode: accolade.IDDIDKey}, ""},
		{"ES256 refused", accolade.Profile{Slug: "a", Name: "A", IDMode: accolade.IDDIDKey, Alg: keys.ES256}, "alg"},
		{"RS256 refused", accolade.Profile{Slug: "a", Name: "A", IDMode: accolade.IDDIDKey, Alg: keys.RS256}, "alg"},
		{"unknown mode", accolade.Profile{Slug: "a", Name: "A", IDMode: "did:peer"}, "idMode"},
		{"didKey without the mode", accolade.Profile{Slug: "a", Name: "A", IDMode: accolade.IDURL, DIDKey: "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"}, "didKey"},
		{"didKey with a fragment", accolade.Profile{Slug: "a", Name: "A", IDMode: accolade.IDDIDKey,
			DIDKey: "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK#z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"}, "didKey"},
		{"not a did:key", accolade.Profile{Slug: "a", Name: "A", IDMode: accolade.IDDIDKey, DIDKey: "did:web:example.org"}, "didKey"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := tc.p
			err := p.Validate()
			if tc.field == "" {
				if err != nil || p.Alg != keys.EdDSA {
					t.Errorf("Validate = %v, alg %q; want nil, EdDSA", err, p.Alg)
				}
				return
			}
			if errs.KindOf(err) != errs.Invalid || errs.FieldOf(err) != tc.field {
				t.Errorf("Validate = %v, want an Invalid error for %q", err, tc.field)
			}
		})
	}

	// A P-256 did:key is a did:key, but not of an Ed25519 key.
	ec, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if did, err := keys.DIDKey(&ec.PublicKey); err == nil {
		p := accolade.Profile{Slug: "a", Name: "A", IDMode: accolade.IDDIDKey, DIDKey: did}
		if err := p.Validate(); errs.FieldOf(err) != "didKey" || !strings.Contains(err.Error(), "Ed25519") {
			t.Errorf("Validate(P-256 did:key) = %v, want a didKey error naming Ed25519", err)
		}
	}

	// PinDIDKey takes the newest active Ed25519 key.
	old, _, _ := ed25519.GenerateKey(rand.Reader)
	cur, _, _ := ed25519.GenerateKey(rand.Reader)
	now := time.Now()
	pub := []keys.PublicKey{
		{ID: "old", Alg: keys.EdDSA, Created: now.Add(-2 * time.Hour), Retired: now.Add(-time.Hour), Key: old},
		{ID: "rsa", Alg: keys.RS256, Created: now},
		{ID: "cur", Alg: keys.EdDSA, Created: now.Add(-time.Hour), Key: cur},
	}
	p := &accolade.Profile{Slug: "a", Name: "A", IDMode: accolade.IDDIDKey}
	want, _ := keys.DIDKey(cur)
	if changed, err := accolade.PinDIDKey(p, pub); err != nil || !changed || p.DIDKey != want {
		t.Fatalf("PinDIDKey = %v, %v, %q; want true, nil, %q", changed, err, p.DIDKey, want)
	}
	if changed, err := accolade.PinDIDKey(p, pub); err != nil || changed {
		t.Errorf("PinDIDKey again = %v, %v; want no change", changed, err)
	}
	if _, err := accolade.PinDIDKey(&accolade.Profile{Slug: "b", IDMode: accolade.IDDIDKey}, pub[:2]); errs.KindOf(err) != errs.NotFound {
		t.Errorf("PinDIDKey with no active Ed25519 key = %v, want NotFound", err)
	}
	q := &accolade.Profile{Slug: "a", IDMode: accolade.IDURL, DIDKey: want}
	if changed, err := accolade.PinDIDKey(q, pub); err != nil || !changed || q.DIDKey != "" {
		t.Errorf("PinDIDKey(url issuer) = %v, %v, %q; want the did:key cleared", changed, err, q.DIDKey)
	}

	// Its id and its keys' names, on an http base (the newcomer's) and an
	// https one.
	for _, base := range urlBases {
		u := accolade.URLs{Base: base}
		if id := u.IssuerID(p); id != want {
			t.Errorf("%s: IssuerID = %q, want %q", base, id, want)
		}
		method := u.MethodID(p)
		wantVM := want + "#" + strings.TrimPrefix(want, "did:key:")
		for _, k := range []keys.PublicKey{pub[2], {ID: "cur", Alg: keys.EdDSA}} {
			if got := method(k, keys.TypeMultikey); got != wantVM {
				t.Errorf("%s: MethodID(%s, key %v) = %q, want %q", base, k.ID, k.Key != nil, got, wantVM)
			}
		}
		if got := method(pub[0], keys.TypeMultikey); got != keys.DIDKeyMethod(mustDIDKey(t, old)) {
			t.Errorf("%s: MethodID(retired key) = %q, want its own did:key", base, got)
		}
		if got := method(pub[1], keys.TypeJsonWebKey); got != u.Key("a", "rsa") {
			t.Errorf("%s: MethodID(RSA key) = %q, want its key URL %q", base, got, u.Key("a", "rsa"))
		}
	}
}

func mustDIDKey(t *testing.T, pub ed25519.PublicKey) string {
	t.Helper()
	did, err := keys.DIDKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	return did
}
