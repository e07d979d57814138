package keys

import "testing"

// TestReload: two keyrings on one store, as two nodes of a shared
// database. A rotation and a new issuer on one reach the other at its
// Reload: it signs with the new keys, verifies with the retired ones, and
// a removed key is gone; a Reload with nothing new changes nothing.
func TestReload(t *testing.T) {
	st := newMemStore()
	open := func(seed byte) *Keyring {
		t.Helper()
		k, err := Open(Config{Store: st, Sealer: testSealer(t, "shared"), Rand: testRand(seed)})
		if err != nil {
			t.Fatal(err)
		}
		return k
	}
	a := open(1)
	if _, err := a.EnsureIssuer("default"); err != nil {
		t.Fatal(err)
	}
	b := open(2)
	if changed, err := b.Reload(); err != nil || changed {
		t.Fatalf("Reload with nothing new = %v, %v", changed, err)
	}
	before, _ := b.Signer("default", EdDSA)
	rotated, err := a.Rotate("default")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.EnsureIssuer("north"); err != nil {
		t.Fatal(err)
	}
	if s, _ := b.Signer("default", EdDSA); s.KeyID() != before.KeyID() {
		t.Fatal("b changed before its Reload")
	}
	if changed, err := b.Reload(); err != nil || !changed {
		t.Fatalf("Reload after a rotation = %v, %v", changed, err)
	}
	s, err := b.Signer("default", EdDSA)
	if err != nil || s.KeyID() != rotated[1].ID {
		t.Errorf("after Reload b signs with %v (%v), want the rotated key %s", s, err, rotated[1].ID)
	}
	if old, ok := b.Key(before.KeyID()); !ok || old.Active() {
		t.Errorf("the old key after Reload: %+v, %v; want it kept, retired", old, ok)
	}
	if _, err := b.Signer("north", RS256); err != nil {
		t.Errorf("b does not know the new issuer north after Reload: %v", err)
	}
	if err := a.Remove(before.KeyID(), 0, false); err != nil {
		t.Fatal(err)
	}
	if changed, err := b.Reload(); err != nil || !changed {
		t.Fatalf("Reload after a removal = %v, %v", changed, err)
	}
	if _, ok := b.Key(before.KeyID()); ok {
		t.Error("a removed key is still in b after Reload")
	}
}
