package dataintegrity_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"testing"

	"github.com/accolade-badges/accolade/dataintegrity"
	"github.com/accolade-badges/accolade/errs"
)

func TestDecodeMultikey(t *testing.T) {
	// The OB test vector publishes both forms of its key.
	want, _ := hex.DecodeString("4bdeafde2ea8beefadd8c699b5c7e0704cf51154d52e17b20b71337ca04cc5a5")
	got, err := dataintegrity.DecodeMultikey("z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi")
	if err != nil || !bytes.Equal(got, want) {
		t.Fatalf("DecodeMultikey = %x, %v; want %x", got, err, want)
	}
	if s := dataintegrity.EncodeMultikey(ed25519.PublicKey(want)); s != "z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi" {
		t.Errorf("EncodeMultikey = %s", s)
	}
	for _, bad := range []string{
		"",
		"6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi",   // no multibase prefix
		"u7QFL3q_eLqi-763YxpmEx-BwTPURVNUuF7ILcTN8oEzFpQ",   // base64url multibase
		"z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hw0",  // 0 is not base58
		"z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5h",    // short
		"zDnaerDaTF5BXEavCrfRZEk316dpbLsfPDZ3WJ5hRTPFU2169", // P-256 (0x1200)
		"z",
	} {
		if _, err := dataintegrity.DecodeMultikey(bad); errs.KindOf(err) != errs.Invalid {
			t.Errorf("DecodeMultikey(%q) error = %v, want errs.Invalid", bad, err)
		}
	}
}

func TestDidKeyResolver(t *testing.T) {
	const key = "z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi"
	tests := []struct {
		vm, purpose string
		want        errs.Kind // errs.Other: resolves
	}{
		{"did:key:" + key + "#" + key, "assertionMethod", errs.Other},
		{"did:key:" + key, "assertionMethod", errs.Other},
		{"did:key:" + key + "#" + key, "authentication", errs.Other},
		{"did:key:" + key + "#" + key, "keyAgreement", errs.Forbidden},
		{"did:key:" + key + "#key-1", "assertionMethod", errs.Invalid},
		{"did:key:" + key + "#z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2", "assertionMethod", errs.Invalid},
		{"did:web:example.org#" + key, "assertionMethod", errs.Invalid},
		{"did:key:zDnaerDaTF5BXEavCrfRZEk316dpbLsfPDZ3WJ5hRTPFU2169", "assertionMethod", errs.Invalid},
	}
	for _, tc := range tests {
		pub, controller, err := dataintegrity.DidKeyResolver{}.ResolveKey(context.Background(), tc.vm, tc.purpose)
		if got := errs.KindOf(err); err != nil && got != tc.want || err == nil && tc.want != errs.Other {
			t.Errorf("ResolveKey(%q, %q) error = %v, want kind %v", tc.vm, tc.purpose, err, tc.want)
			continue
		}
		if err == nil && (controller != "did:key:"+key || len(pub) != ed25519.PublicKeySize) {
			t.Errorf("ResolveKey(%q) = %x, %q", tc.vm, pub, controller)
		}
	}
}
