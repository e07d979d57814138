// Package pgtest gives each test a fresh PostgreSQL schema of its own when
// ACCOLADE_TEST_DATABASE_URL names a database (scripts/pg-test-server
// starts a throwaway one; make test-pg runs the store's tests on it). It
// is for tests only, and knows nothing of the store: the helpers that
// open one (store's MustOpenInternal, testutil.MustOpen) migrate the
// schema it returns.
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"testing"

	"github.com/jackc/pgx/v5"
)

// EnvURL is the environment variable naming the test database.
const EnvURL = "ACCOLADE_TEST_DATABASE_URL"

// Enabled reports whether the tests run on PostgreSQL.
func Enabled() bool { return os.Getenv(EnvURL) != "" }

// SkipOnPostgres skips tb when the tests run on PostgreSQL, saying why.
func SkipOnPostgres(tb testing.TB, why string) {
	tb.Helper()
	if Enabled() {
		tb.Skipf("bbolt only (%s); %s is set", why, EnvURL)
	}
}

// URL creates an empty schema t_<random> in the test database and returns
// the database's URL with that schema as its search_path; the schema is
// dropped when tb ends. It returns "" when EnvURL is unset.
func URL(tb testing.TB) string {
	tb.Helper()
	base := os.Getenv(EnvURL)
	if base == "" {
		return ""
	}
	u, err := url.Parse(base)
	if err != nil {
		tb.Fatalf("%s: %v", EnvURL, err)
	}
	schemaURL, drop := newSchema(tb, base, u)
	tb.Cleanup(func() {
		if err := drop(); err != nil {
			tb.Error(err)
		}
	})
	return schemaURL
}

// KeptURL is URL for what outlives tb (a benchmark's server, which
// serves every b.N round): the caller drops the schema with drop.
func KeptURL(tb testing.TB) (schemaURL string, drop func() error) {
	tb.Helper()
	base := os.Getenv(EnvURL)
	if base == "" {
		return "", func() error { return nil }
	}
	u, err := url.Parse(base)
	if err != nil {
		tb.Fatalf("%s: %v", EnvURL, err)
	}
	return newSchema(tb, base, u)
}

func newSchema(tb testing.TB, base string, u *url.URL) (string, func() error) {
	tb.Helper()
	raw := make([]byte, 8)
	rand.Read(raw)
	schema := "t_" + hex.EncodeToString(raw)
	if err := exec(base, "CREATE SCHEMA "+schema); err != nil {
		tb.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String(), func() error { return exec(base, "DROP SCHEMA "+schema+" CASCADE") }
}

func exec(databaseURL, sql string) error {
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, databaseURL)
	if err != nil {
		return fmt.Errorf("connecting to the test database (%s): %w", EnvURL, err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, sql); err != nil {
		return fmt.Errorf("%s: %w", sql, err)
	}
	return nil
}
