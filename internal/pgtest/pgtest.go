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
	raw := make([]byte, 8)
	rand.Read(raw)
	schema := "t_" + hex.EncodeToString(raw)
	exec(tb, base, "CREATE SCHEMA "+schema)
	tb.Cleanup(func() { exec(tb, base, "DROP SCHEMA "+schema+" CASCADE") })
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

func exec(tb testing.TB, databaseURL, sql string) {
	tb.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, databaseURL)
	if err != nil {
		tb.Fatalf("connecting to the test database (%s): %v", EnvURL, err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, sql); err != nil {
		tb.Fatalf("%s: %v", sql, err)
	}
}
