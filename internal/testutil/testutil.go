// Package testutil holds the helpers that tests across the module share:
// a real store in a temporary directory, a deterministic source of random
// bytes, and a tampered copy of a VC-JWT. It is for tests only (the import
// rules test checks that no product package imports it).
package testutil

import (
	"encoding/base64"
	"io"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"

	"github.com/accolade-badges/accolade/internal/pgtest"
	"github.com/accolade-badges/accolade/store"
)

// MustOpen opens a real store and closes it when tb ends: bbolt in tb's
// temporary directory, or a fresh PostgreSQL schema when
// ACCOLADE_TEST_DATABASE_URL is set (internal/pgtest). It fails tb if the
// store cannot be opened.
func MustOpen(tb testing.TB) *store.DB {
	tb.Helper()
	var db *store.DB
	var err error
	if u := pgtest.URL(tb); u != "" {
		if _, err = store.Migrate(u); err == nil {
			db, err = store.OpenDatabase("", u)
		}
	} else {
		db, err = store.Open(tb.TempDir())
	}
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

// Tamper returns jwt with one letter of its payload changed, in a string
// value from the middle on, so that its signature no longer matches and
// nothing else does. jwt must have three parts.
func Tamper(jwt string) string {
	parts := strings.Split(jwt, ".")
	if len(parts) != 3 {
		panic("testutil.Tamper: not a compact JWS: " + jwt)
	}
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		panic("testutil.Tamper: payload is not base64url: " + err.Error())
	}
	// One letter of a string value from the middle on changes case: the
	// payload stays valid JSON with the same members, so only the
	// signature can tell, wherever the claims sit in it.
	inValue := false
	for i := len(payload) / 2; i < len(payload); i++ {
		c := payload[i]
		switch {
		case c == '"' && i > 0 && payload[i-1] == ':':
			inValue = true
		case c == '"':
			inValue = false
		case inValue && (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'):
			payload[i] ^= 0x20
			return parts[0] + "." + base64.RawURLEncoding.EncodeToString(payload) + "." + parts[2]
		}
	}
	panic("testutil.Tamper: no string value in the second half of the payload")
}
