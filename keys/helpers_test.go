package keys

import (
	"errors"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/accolade-badges/accolade/errs"
)

// cheapArgon keeps passphrase tests fast; production uses defaultArgon.
var cheapArgon = argonParams{time: 1, memory: 64, threads: 1}

// memStore is an in-memory Store. It copies records in and out, as a real
// store does, and can be told to fail.
type memStore struct {
	mu      sync.Mutex
	recs    map[string]Record
	failPut error
	puts    int // number of PutKeys calls
}

func newMemStore() *memStore { return &memStore{recs: map[string]Record{}} }

func (s *memStore) PutKeys(recs ...Record) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.failPut != nil {
		return s.failPut
	}
	s.puts++
	for _, r := range recs {
		s.recs[r.ID] = cloneRecord(r)
	}
	return nil
}

func (s *memStore) ListKeys() ([]Record, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Record, 0, len(s.recs))
	for _, r := range s.recs {
		out = append(out, cloneRecord(r))
	}
	return out, nil
}

func (s *memStore) DeleteKey(id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.recs[id]; !ok {
		return errs.E(errs.NotFound, "no key %q", id)
	}
	delete(s.recs, id)
	return nil
}

func (s *memStore) get(id string) Record {
	s.mu.Lock()
	defer s.mu.Unlock()
	return cloneRecord(s.recs[id])
}

func (s *memStore) set(r Record) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.recs[r.ID] = cloneRecord(r)
}

func cloneRecord(r Record) Record {
	r.Public = slices.Clone(r.Public)
	r.Sealed = slices.Clone(r.Sealed)
	return r
}

// clock is a test clock that moves only when told to.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// testRand returns a deterministic random stream.
func testRand(seed byte) io.Reader {
	var s [32]byte
	s[0] = seed
	return rand.NewChaCha8(s)
}

// seeds hands each opened test keyring its own random stream, so that a
// reopened keyring does not generate the keys its predecessor did.
var seeds atomic.Uint32

func nextRand() io.Reader { return testRand(byte(seeds.Add(1))) }

// testSealer returns a cheap passphrase sealer.
func testSealer(t testing.TB, passphrase string) *Sealer {
	t.Helper()
	s, err := newPassphraseSealer(passphrase, cheapArgon)
	if err != nil {
		t.Fatalf("newPassphraseSealer: %v", err)
	}
	return s
}

// openTest opens a keyring over store with a cheap passphrase sealer.
func openTest(t testing.TB, store Store, c *clock) *Keyring {
	t.Helper()
	k, err := Open(Config{Store: store, Sealer: testSealer(t, "correct horse"), Rand: nextRand(), Now: c.Now})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	return k
}

// wantErr fails unless err has kind k and, when sentinel is set, wraps it.
func wantErr(t *testing.T, what string, err error, k errs.Kind, sentinel error) {
	t.Helper()
	if err == nil {
		t.Fatalf("%s = nil error, want kind %v", what, k)
	}
	if got := errs.KindOf(err); got != k {
		t.Errorf("%s kind = %v, want %v (err: %v)", what, got, k, err)
	}
	if sentinel != nil && !errors.Is(err, sentinel) {
		t.Errorf("%s = %v, want errors.Is %v", what, err, sentinel)
	}
}

// specFile returns the path of a file in the shared spec data, skipping the
// test when that directory is not present.
func specFile(t testing.TB, name string) string {
	t.Helper()
	dir := filepath.Join("..", "..", "shared", "spec")
	if _, err := os.Stat(dir); err != nil {
		t.Skip("../shared/spec not present")
	}
	return filepath.Join(dir, name)
}
