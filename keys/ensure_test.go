package keys

import (
	"errors"
	"testing"

	"github.com/accolade-badges/accolade/errs"
)

// TestEnsureKeys gives a new issuer its keys in one write, an ES256 one
// when it signs with ES256, and writes nothing when the store fails.
func TestEnsureKeys(t *testing.T) {
	store := newMemStore()
	k := openTest(t, store, newClock())
	boom := errs.E(errs.Unavailable, "disk full")
	store.failPut = boom
	if _, err := k.EnsureKeys("north", ES256); !errors.Is(err, boom) {
		t.Fatalf("EnsureKeys with a failing store = %v, want %v", err, boom)
	}
	if n := len(k.Public("north")); n != 0 || len(store.recs) != 0 {
		t.Fatalf("after a failed EnsureKeys: %d keys, %d stored; want none", n, len(store.recs))
	}
	store.failPut = nil
	created, err := k.EnsureKeys("north", ES256)
	if err != nil || !created {
		t.Fatalf("EnsureKeys(north, ES256) = %v, %v; want true, nil", created, err)
	}
	algs := map[Algorithm]bool{}
	for _, p := range k.Public("north") {
		algs[p.Alg] = p.Active()
	}
	if len(algs) != 3 || !algs[RS256] || !algs[EdDSA] || !algs[ES256] || store.puts != 1 {
		t.Errorf("north's keys = %v in %d writes, want active RS256, EdDSA and ES256 in 1", algs, store.puts)
	}
	if created, err := k.EnsureKeys("north", ES256); err != nil || created {
		t.Errorf("EnsureKeys again = %v, %v; want false, nil", created, err)
	}
	if _, err := k.EnsureKeys("south", "HS256"); errs.KindOf(err) != errs.Invalid {
		t.Errorf("EnsureKeys(south, HS256) = %v, want Invalid", err)
	}
	if _, err := k.EnsureKeys("no/slash", RS256); errs.KindOf(err) != errs.Invalid {
		t.Errorf("EnsureKeys(no/slash) = %v, want Invalid", err)
	}
}
