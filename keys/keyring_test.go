package keys

import (
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/accolade-badges/accolade/errs"
)

func TestOpenConfig(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
	}{
		{"nil store", Config{Sealer: testSealer(t, "pw")}},
		{"nil sealer", Config{Store: newMemStore()}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Open(tt.cfg)
			wantErr(t, "Open", err, errs.Invalid, nil)
		})
	}
}

// ids returns the IDs of keys, in order.
func ids(keys []PublicKey) []string {
	out := make([]string, len(keys))
	for i, p := range keys {
		out[i] = p.ID
	}
	return out
}

func TestEnsureIssuer(t *testing.T) {
	store := newMemStore()
	k := openTest(t, store, newClock())
	created, err := k.EnsureIssuer("default")
	if err != nil || !created {
		t.Fatalf("EnsureIssuer #1 = %v, %v; want true, nil", created, err)
	}
	first := k.Public("default")
	if len(first) != 2 || first[0].Alg == first[1].Alg {
		t.Fatalf("Public(default) = %v, want an RS256 and an EdDSA key", first)
	}
	for _, p := range first {
		if !p.Active() || (p.Alg != RS256 && p.Alg != EdDSA) {
			t.Errorf("key %s: alg %s active %v, want RS256 or EdDSA, active", p.ID, p.Alg, p.Active())
		}
	}
	created, err = k.EnsureIssuer("default")
	if err != nil || created {
		t.Fatalf("EnsureIssuer #2 = %v, %v; want false, nil", created, err)
	}
	if got := ids(k.Public("default")); !slices.Equal(got, ids(first)) {
		t.Errorf("after second EnsureIssuer keys = %v, want %v", got, ids(first))
	}
	if n := len(store.recs); n != 2 {
		t.Errorf("store holds %d records, want 2", n)
	}
	if store.puts != 1 {
		t.Errorf("EnsureIssuer made %d store writes, want 1", store.puts)
	}
	_, err = k.EnsureIssuer("no/slash")
	wantErr(t, `EnsureIssuer("no/slash")`, err, errs.Invalid, nil)
}

func TestRotate(t *testing.T) {
	store := newMemStore()
	c := newClock()
	k := openTest(t, store, c)
	if _, err := k.EnsureIssuer("default"); err != nil {
		t.Fatal(err)
	}
	old := k.Public("default")
	oldSigner, err := k.Signer("default", EdDSA)
	if err != nil {
		t.Fatal(err)
	}
	msg := []byte("signed before rotation")
	oldSig, err := oldSigner.Sign(msg)
	if err != nil {
		t.Fatal(err)
	}

	c.Advance(time.Hour)
	puts := store.puts
	fresh, err := k.Rotate("default")
	if err != nil {
		t.Fatalf("Rotate: %v", err)
	}
	if store.puts != puts+1 {
		t.Errorf("Rotate made %d store writes, want 1", store.puts-puts)
	}
	if len(fresh) != 2 || fresh[0].Alg != RS256 || fresh[1].Alg != EdDSA {
		t.Fatalf("Rotate returned %v, want new RS256 and EdDSA keys", fresh)
	}
	all := k.Public("default")
	if len(all) != 4 {
		t.Fatalf("after Rotate Public(default) has %d keys, want 4", len(all))
	}
	for _, o := range old {
		checkRetired(t, k, store, o.ID, c.Now())
	}
	if got, want := ids(all[:2]), ids(old); !slices.Equal(got, want) {
		t.Errorf("oldest keys = %v, want the rotated-out %v first", got, want)
	}
	newSigner, err := k.Signer("default", EdDSA)
	if err != nil {
		t.Fatal(err)
	}
	if newSigner.KeyID() == oldSigner.KeyID() || newSigner.KeyID() != fresh[1].ID {
		t.Errorf("EdDSA signer after Rotate = %s, want the new key %s (old %s)", newSigner.KeyID(), fresh[1].ID, oldSigner.KeyID())
	}
	retired, _ := k.Key(oldSigner.KeyID())
	if err := retired.Verify(msg, oldSig); err != nil {
		t.Errorf("retired key no longer verifies its signature: %v", err)
	}
	if _, err := k.Rotate("nobody"); errs.KindOf(err) != errs.NotFound {
		t.Errorf("Rotate(nobody) kind = %v, want %v", errs.KindOf(err), errs.NotFound)
	}
}

// checkRetired checks that key id is retired at when, in memory and in store.
func checkRetired(t *testing.T, k *Keyring, store *memStore, id string, when time.Time) {
	t.Helper()
	p, ok := k.Key(id)
	if !ok {
		t.Fatalf("key %s is gone", id)
	}
	if p.Active() || !p.Retired.Equal(when) {
		t.Errorf("key %s retired = %v, want %v", id, p.Retired, when)
	}
	if r := store.get(id); !r.Retired.Equal(when) {
		t.Errorf("stored key %s retired = %v, want %v", id, r.Retired, when)
	}
}

func TestGenerateRetiresActive(t *testing.T) {
	c := newClock()
	k := openTest(t, newMemStore(), c)
	first, err := k.Generate("default", ES256)
	if err != nil {
		t.Fatalf("Generate #1: %v", err)
	}
	c.Advance(time.Minute)
	second, err := k.Generate("default", ES256)
	if err != nil {
		t.Fatalf("Generate #2: %v", err)
	}
	if p, _ := k.Key(first.ID); p.Active() {
		t.Errorf("first ES256 key still active after a second Generate")
	}
	if s, err := k.Signer("default", ES256); err != nil || s.KeyID() != second.ID {
		t.Errorf("Signer(default, ES256) = %v, %v; want key %s", s, err, second.ID)
	}
	_, err = k.Generate("default", "HS256")
	wantErr(t, "Generate(HS256)", err, errs.Invalid, nil)
}

func TestRemove(t *testing.T) {
	store := newMemStore()
	c := newClock()
	k := openTest(t, store, c)
	active, err := k.Generate("default", EdDSA)
	if err != nil {
		t.Fatal(err)
	}
	c.Advance(time.Hour)
	current, err := k.Generate("default", EdDSA)
	if err != nil {
		t.Fatal(err)
	}
	retired := active.ID
	tests := []struct {
		name     string
		id       string
		force    bool
		kind     errs.Kind
		sentinel error
	}{
		{"unknown", "nope", true, errs.NotFound, nil},
		{"active", current.ID, true, errs.Conflict, ErrActiveKey},
		{"retired, signed some, without force", retired, false, errs.Conflict, ErrRetiredKeyVerifies},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := k.Remove(tt.id, 3, tt.force)
			wantErr(t, "Remove", err, tt.kind, tt.sentinel)
			if n := len(k.Public("default")); n != 2 {
				t.Errorf("after refused Remove the issuer has %d keys, want 2", n)
			}
		})
	}
	t.Run("retired with force", func(t *testing.T) {
		if err := k.Remove(retired, 3, true); err != nil {
			t.Fatalf("Remove(retired, force): %v", err)
		}
		if _, ok := k.Key(retired); ok {
			t.Errorf("removed key %s still in the keyring", retired)
		}
		if _, ok := store.recs[retired]; ok {
			t.Errorf("removed key %s still in the store", retired)
		}
		if got := ids(k.Public("default")); !slices.Equal(got, []string{current.ID}) {
			t.Errorf("keys after Remove = %v, want [%s]", got, current.ID)
		}
	})
}

func TestReopen(t *testing.T) {
	store := newMemStore()
	c := newClock()
	k := openTest(t, store, c)
	if _, err := k.EnsureIssuer("default"); err != nil {
		t.Fatal(err)
	}
	if _, err := k.Generate("other", ES256); err != nil {
		t.Fatal(err)
	}
	c.Advance(time.Hour)
	if _, err := k.Rotate("default"); err != nil {
		t.Fatal(err)
	}
	msg := []byte("same message")
	again := openTest(t, store, c)
	if got, want := again.All(), k.All(); !slices.EqualFunc(got, want, samePublic) {
		t.Fatalf("reopened keys = %v, want %v", ids(got), ids(want))
	}
	for _, key := range []struct {
		issuer string
		alg    Algorithm
	}{{"default", RS256}, {"default", EdDSA}, {"other", ES256}} {
		s1, err1 := k.Signer(key.issuer, key.alg)
		s2, err2 := again.Signer(key.issuer, key.alg)
		if err1 != nil || err2 != nil {
			t.Fatalf("Signer(%s, %s): %v, %v", key.issuer, key.alg, err1, err2)
		}
		sig, err := s2.Sign(msg)
		if err != nil {
			t.Fatal(err)
		}
		if err := s1.Public().Verify(msg, sig); err != nil {
			t.Errorf("reopened %s signature does not verify with the original key: %v", key.alg, err)
		}
		if orig, _ := s1.Sign(msg); string(orig) != string(sig) {
			t.Errorf("reopened %s signer signs differently from the original", key.alg)
		}
	}
}

// samePublic reports whether two PublicKeys are equal in all fields.
func samePublic(a, b PublicKey) bool {
	return a.ID == b.ID && a.Issuer == b.Issuer && a.Alg == b.Alg &&
		a.Created.Equal(b.Created) && a.Retired.Equal(b.Retired) && keyEqual(a.Key, b.Key)
}

func TestOpenFailures(t *testing.T) {
	store := newMemStore()
	k := openTest(t, store, newClock())
	if _, err := k.Generate("default", EdDSA); err != nil {
		t.Fatal(err)
	}
	if _, err := k.Generate("default", ES256); err != nil {
		t.Fatal(err)
	}
	recs, _ := store.ListKeys()
	open := func(t *testing.T, s Store, sealer *Sealer) error {
		_, err := Open(Config{Store: s, Sealer: sealer, Rand: nextRand()})
		return err
	}
	t.Run("wrong passphrase", func(t *testing.T) {
		err := open(t, store, testSealer(t, "incorrect horse"))
		wantErr(t, "Open", err, errs.Unauthorized, ErrWrongPassphrase)
	})
	t.Run("key file instead of passphrase", func(t *testing.T) {
		err := open(t, store, keyFileSealer(t, 1))
		wantErr(t, "Open", err, errs.Unauthorized, ErrPassphraseRequired)
	})
	tests := []struct {
		name     string
		change   func(s *memStore)
		sentinel error
	}{
		{"id does not match public key", func(s *memStore) {
			r := s.get(recs[0].ID)
			r.Public = s.get(recs[1].ID).Public
			s.set(r)
		}, nil},
		{"sealed key swapped", func(s *memStore) {
			r := s.get(recs[0].ID)
			r.Sealed = s.get(recs[1].ID).Sealed
			s.set(r)
		}, ErrSealedCorrupted},
		{"unknown algorithm", func(s *memStore) {
			r := s.get(recs[0].ID)
			r.Alg = "none"
			s.set(r)
		}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newMemStore()
			for _, r := range recs {
				s.set(r)
			}
			tt.change(s)
			err := open(t, s, testSealer(t, "correct horse"))
			wantErr(t, "Open", err, errs.Invalid, tt.sentinel)
		})
	}
}

func TestStoreFailureChangesNothing(t *testing.T) {
	store := newMemStore()
	k := openTest(t, store, newClock())
	if _, err := k.Generate("default", EdDSA); err != nil {
		t.Fatal(err)
	}
	before := ids(k.All())
	boom := errs.E(errs.Unavailable, "store is locked")
	store.failPut = boom
	if _, err := k.Rotate("default"); !errors.Is(err, boom) || errs.KindOf(err) != errs.Unavailable {
		t.Errorf("Rotate with failing store = %v, want %v", err, boom)
	}
	if _, err := k.Generate("default", ES256); !errors.Is(err, boom) {
		t.Errorf("Generate with failing store = %v, want %v", err, boom)
	}
	if got := ids(k.All()); !slices.Equal(got, before) {
		t.Errorf("keys after failed writes = %v, want unchanged %v", got, before)
	}
	if s, err := k.Signer("default", EdDSA); err != nil || s.KeyID() != before[0] {
		t.Errorf("active EdDSA key after failed Rotate = %v, %v; want %s", s, err, before[0])
	}
}

func TestSignerLookup(t *testing.T) {
	k := openTest(t, newMemStore(), newClock())
	if _, err := k.Generate("default", EdDSA); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		issuer string
		alg    Algorithm
		kind   errs.Kind
	}{
		{"unknown issuer", "other", EdDSA, errs.NotFound},
		{"no key of that alg", "default", RS256, errs.NotFound},
		{"unsupported alg", "default", "none", errs.Invalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := k.Signer(tt.issuer, tt.alg)
			wantErr(t, "Signer", err, tt.kind, nil)
		})
	}
}

func TestKeyringConcurrent(t *testing.T) {
	c := newClock()
	k := openTest(t, newMemStore(), c)
	if _, err := k.Generate("default", EdDSA); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 50 {
				s, err := k.Signer("default", EdDSA)
				if err != nil {
					t.Error(err)
					return
				}
				sig, err := s.Sign([]byte("m"))
				if err != nil {
					t.Error(err)
					return
				}
				if err := s.Public().Verify([]byte("m"), sig); err != nil {
					t.Error(err)
				}
				_ = k.Public("default")
				_ = k.String()
			}
		})
	}
	wg.Go(func() {
		for range 10 {
			c.Advance(time.Second)
			if _, err := k.Rotate("default"); err != nil {
				t.Error(err)
			}
		}
	})
	wg.Wait()
	if n := len(k.Public("default")); n != 11 {
		t.Errorf("after 10 rotations the issuer has %d keys, want 11", n)
	}
}
