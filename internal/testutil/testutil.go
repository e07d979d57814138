// Package testutil holds the helpers that tests across the module share:
// a real store in a temporary directory, a deterministic source of random
// bytes, and a tampered copy of a VC-JWT. It is for tests only (the import
// rules test checks that no product package imports it).
package testutil

import (
	"io"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"

	"github.com/accolade-badges/accolade/store"
)

// MustOpen opens a real bbolt store in tb's temporary directory and
// closes it when tb ends. It fails tb if the store cannot be opened.
func MustOpen(tb testing.TB) *store.DB {
	tb.Helper()
	db, err := store.Open(tb.TempDir())
	if err != nil {
		tb.Fatalf("store.Open: %v", err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

// Rand returns a deterministic reader of random bytes, the same for the
// same seed, safe for concurrent use: for ids and salts in tests, so that
// an issued credential is the same at every run.
func Rand(seed byte) io.Reader {
	return &lockedRand{r: rand.NewChaCha8([32]byte{seed})}
}

type lockedRand struct {
	mu sync.Mutex
	r  *rand.ChaCha8
}

func (l *lockedRand) Read(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.r.Read(p)
}

// Tamper returns jwt with one character in the middle of its payload
// changed, so that its signature no longer matches. jwt must have three
// parts.
func Tamper(jwt string) string {
	parts := strings.Split(jwt, ".")
	if len(parts) != 3 {
		panic("testutil.Tamper: not a compact JWS: " + jwt)
	}
	p := []byte(parts[1])
	i := len(p) / 2
	if p[i] == 'A' {
		p[i] = 'B'
	} else {
		p[i] = 'A'
	}
	return parts[0] + "." + string(p) + "." + parts[2]
}
