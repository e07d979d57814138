package keys

import (
	"errors"
	"path/filepath"
	"testing"
)

// TestReseal moves a keyring from a key file to a passphrase: the
// resealed records open with the passphrase (and sign as before), no
// longer with the key file, and the originals are untouched. A wrong
// source sealer is refused, naming the key.
func TestReseal(t *testing.T) {
	file, err := LoadOrCreateKeyFile(filepath.Join(t.TempDir(), "keyring.key"), testRand(1))
	if err != nil {
		t.Fatal(err)
	}
	st := newMemStore()
	ring, err := Open(Config{Store: st, Sealer: file, Rand: testRand(2)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ring.EnsureIssuer("default"); err != nil {
		t.Fatal(err)
	}
	recs, _ := st.ListKeys()
	for _, r := range recs {
		if !SealedWithKeyFile(r) {
			t.Fatalf("key %s is not sealed with the key file", r.ID)
		}
	}
	pass := testSealer(t, "correct horse")
	out, err := Reseal(recs, file, pass, testRand(3))
	if err != nil {
		t.Fatalf("Reseal: %v", err)
	}
	moved := newMemStore()
	for i, r := range out {
		if SealedWithKeyFile(r) || string(r.Sealed) == string(recs[i].Sealed) || r.ID != recs[i].ID || string(r.Public) != string(recs[i].Public) {
			t.Errorf("resealed key %s: only the envelope should change, to a passphrase one", r.ID)
		}
		if !SealedWithKeyFile(recs[i]) {
			t.Errorf("Reseal changed the original record %s", recs[i].ID)
		}
		moved.set(r)
	}
	reopened, err := Open(Config{Store: moved, Sealer: testSealer(t, "correct horse")})
	if err != nil {
		t.Fatalf("Open with the passphrase: %v", err)
	}
	for _, alg := range []Algorithm{RS256, EdDSA} {
		s, err := reopened.Signer("default", alg)
		if err != nil {
			t.Fatalf("Signer(%s): %v", alg, err)
		}
		msg := []byte("reseal")
		sig, err := s.Sign(msg)
		if err != nil {
			t.Fatal(err)
		}
		pub, _ := ring.Key(s.KeyID())
		if err := pub.Verify(msg, sig); err != nil {
			t.Errorf("%s: the resealed key signs differently: %v", alg, err)
		}
	}
	if _, err := Open(Config{Store: moved, Sealer: file}); !errors.Is(err, ErrPassphraseRequired) {
		t.Errorf("Open resealed with the key file = %v, want ErrPassphraseRequired", err)
	}
	if _, err := Reseal(recs, testSealer(t, "wrong"), pass, nil); !errors.Is(err, ErrKeyFileRequired) {
		t.Errorf("Reseal from the wrong sealer = %v, want ErrKeyFileRequired", err)
	}
}
