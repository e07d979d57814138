package store

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/accolade-badges/accolade/errs"
)

// The PostgreSQL schema is upgraded by Migrate only, never at open: a node
// that starts against a database its code does not match refuses to run
// (a read-only standby, or several nodes of different releases, must never
// change it as a side effect). Its steps are SQL files, numbered, applied
// in order in one transaction, and recorded in schema_migrations. The
// records' own schema (schemaVersion, in the meta bucket, as in a bbolt
// file) starts at the current one: Migrate stamps it into a new database.

//go:embed pgmigrations/*.sql
var pgMigrationFiles embed.FS

// pgConnectTimeout bounds how long opening waits for the server.
const pgConnectTimeout = 10 * time.Second

// pgMigration is one numbered step of pgmigrations/.
type pgMigration struct {
	version int
	name    string
	sql     string
}

// pgMigrations returns the steps in order; their numbers run from 1 with
// no gap.
func pgMigrations() ([]pgMigration, error) {
	names, err := fs.Glob(pgMigrationFiles, "pgmigrations/*.sql")
	if err != nil {
		return nil, err
	}
	var out []pgMigration
	for _, name := range names { // Glob sorts, and the numbers have four digits
		base := path.Base(name)
		n, err := strconv.Atoi(strings.SplitN(base, "_", 2)[0])
		if err != nil || n != len(out)+1 {
			return nil, errs.E(errs.Internal, "migration %s: want number %04d", base, len(out)+1)
		}
		sql, err := pgMigrationFiles.ReadFile(name)
		if err != nil {
			return nil, err
		}
		out = append(out, pgMigration{version: n, name: base, sql: string(sql)})
	}
	return out, nil
}

// IsDatabaseURL reports whether s names a PostgreSQL database
// (postgres:// or postgresql://).
func IsDatabaseURL(s string) bool {
	return strings.HasPrefix(s, "postgres://") || strings.HasPrefix(s, "postgresql://")
}

// OpenDatabase opens the store: the PostgreSQL database at databaseURL
// when it is set, else the bbolt file in dataDir (Open). A PostgreSQL
// database must have been brought to this release's schema by Migrate
// (accolade migrate) first. Errors: errs.Invalid (a URL that is not
// postgres://, a schema that is missing, older or newer),
// errs.Unavailable (the server cannot be reached).
func OpenDatabase(dataDir, databaseURL string) (*DB, error) {
	if databaseURL == "" {
		return Open(dataDir)
	}
	pool, where, err := connect(databaseURL)
	if err != nil {
		return nil, err
	}
	if err := checkPgSchema(pool, where); err != nil {
		pool.Close()
		return nil, err
	}
	var schema string
	if err := pool.QueryRow(context.Background(), `SELECT current_schema()`).Scan(&schema); err != nil {
		pool.Close()
		return nil, pgErr(err, "reading the schema's name")
	}
	return &DB{kv: &pgEngine{pool: pool, node: newNodeID(), channel: changeChannel(schema)}}, nil
}

// Migrate brings the PostgreSQL database at databaseURL to this release's
// schema: it applies the steps it lacks in one transaction and stamps the
// records' schema version into a new database. A database at the current
// schema is left as it is; one made by a newer release is refused
// (errs.Invalid). Run it once per release, before the nodes start.
//
// The step that adds the constraint tables (pgFillStep) fills them from
// the records already there; the notes returned name what broke an
// invariant there (see fillConstraints), for the operator to put right.
func Migrate(databaseURL string) (notes []string, err error) {
	steps, err := pgMigrations()
	if err != nil {
		return nil, err
	}
	return migrateTo(databaseURL, steps)
}

// pgFillStep is the step whose tables fillConstraints fills.
const pgFillStep = 2

// migrateTo is Migrate with the steps given (the tests' way to make the
// database of an earlier release: the first steps only).
func migrateTo(databaseURL string, steps []pgMigration) (notes []string, err error) {
	pool, where, err := connect(databaseURL)
	if err != nil {
		return nil, err
	}
	defer pool.Close()
	ctx := context.Background()
	err = pgx.BeginTxFunc(ctx, pool, pgWrite, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
			version int PRIMARY KEY, name text NOT NULL, applied timestamptz NOT NULL DEFAULT now())`); err != nil {
			return pgErr(err, "creating schema_migrations")
		}
		v, err := pgSchemaVersion(ctx, tx)
		if err != nil {
			return err
		}
		if v > len(steps) {
			return errs.E(errs.Invalid, "%s has schema version %d, made by a newer accolade; this one knows %d at most: run the newer release", where, v, len(steps))
		}
		for _, m := range steps[v:] {
			if _, err := tx.Exec(ctx, m.sql); err != nil {
				return pgErr(err, "applying migration "+m.name)
			}
			if _, err := tx.Exec(ctx, `INSERT INTO schema_migrations (version, name) VALUES ($1, $2)`, m.version, m.name); err != nil {
				return pgErr(err, "recording migration "+m.name)
			}
		}
		if _, err := tx.Exec(ctx, `INSERT INTO kv (bucket, k, v) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
			string(bucketMeta), keySchema, []byte(strconv.Itoa(schemaVersion))); err != nil {
			return pgErr(err, "stamping the records' schema version")
		}
		if err := checkRecordSchema(ctx, tx, where); err != nil || v >= pgFillStep || len(steps) < pgFillStep {
			return err
		}
		t := &pgTx{ctx: ctx, e: &pgEngine{}, tx: tx, gen: map[string]int{}}
		if notes, err = fillConstraints(t, time.Now()); t.err != nil {
			return t.err
		}
		return err
	})
	return notes, err
}

// DescribeDatabase names the database of a URL for messages: its name,
// host and port, never its user or password.
func DescribeDatabase(databaseURL string) string {
	cfg, err := pgxpool.ParseConfig(databaseURL)
	if err != nil {
		return "the PostgreSQL database"
	}
	return fmt.Sprintf("the PostgreSQL database %s on %s:%d", cfg.ConnConfig.Database, cfg.ConnConfig.Host, cfg.ConnConfig.Port)
}

// connect opens a pool on databaseURL and checks that the server answers.
// where names the database in messages (never with its password).
func connect(databaseURL string) (pool *pgxpool.Pool, where string, err error) {
	if !IsDatabaseURL(databaseURL) {
		return nil, "", errs.E(errs.Invalid, "database URL: want postgres://user@host:port/database, got a URL of another scheme")
	}
	cfg, err := pgxpool.ParseConfig(databaseURL)
	if err != nil {
		return nil, "", errs.Wrap(errs.Invalid, err, "database URL")
	}
	where = DescribeDatabase(databaseURL)
	ctx, cancel := context.WithTimeout(context.Background(), pgConnectTimeout)
	defer cancel()
	pool, err = pgxpool.NewWithConfig(ctx, cfg)
	if err == nil {
		if err = pool.Ping(ctx); err != nil {
			pool.Close()
		}
	}
	if err != nil {
		return nil, "", errs.Wrap(errs.Unavailable, err, "connecting to %s", where)
	}
	return pool, where, nil
}

// checkPgSchema refuses a database whose schema is not this release's.
func checkPgSchema(pool *pgxpool.Pool, where string) error {
	steps, err := pgMigrations()
	if err != nil {
		return err
	}
	ctx := context.Background()
	return pgx.BeginTxFunc(ctx, pool, pgRead, func(tx pgx.Tx) error {
		var exists bool
		if err := tx.QueryRow(ctx, `SELECT to_regclass('schema_migrations') IS NOT NULL`).Scan(&exists); err != nil {
			return pgErr(err, "reading the schema version")
		}
		if !exists {
			return errs.E(errs.Invalid, "%s has no accolade schema: run accolade migrate first", where)
		}
		v, err := pgSchemaVersion(ctx, tx)
		switch {
		case err != nil:
			return err
		case v < len(steps):
			return errs.E(errs.Invalid, "%s has schema version %d, this accolade needs %d: run accolade migrate", where, v, len(steps))
		case v > len(steps):
			return errs.E(errs.Invalid, "%s has schema version %d, made by a newer accolade; this one knows %d at most: run the newer release", where, v, len(steps))
		}
		return checkRecordSchema(ctx, tx, where)
	})
}

// pgSchemaVersion returns the newest step recorded, 0 for none.
func pgSchemaVersion(ctx context.Context, tx pgx.Tx) (int, error) {
	var v int
	if err := tx.QueryRow(ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&v); err != nil {
		return 0, pgErr(err, "reading the schema version")
	}
	return v, nil
}

// checkRecordSchema refuses records of another schema version than
// schemaVersion. (The upgrade steps of migrate.go are a bbolt file's; a
// step after version 4 must be written for both engines.)
func checkRecordSchema(ctx context.Context, tx pgx.Tx, where string) error {
	var raw []byte
	err := tx.QueryRow(ctx, `SELECT v FROM kv WHERE bucket = $1 AND k = $2`, string(bucketMeta), keySchema).Scan(&raw)
	if errors.Is(err, pgx.ErrNoRows) {
		return errs.E(errs.Invalid, "%s has no records' schema version: run accolade migrate", where)
	}
	if err != nil {
		return pgErr(err, "reading the records' schema version")
	}
	switch v, err := strconv.Atoi(string(raw)); {
	case err != nil:
		return errs.E(errs.Invalid, "%s: records' schema version %q is not a number; is this an accolade database?", where, raw)
	case v > schemaVersion:
		return errs.E(errs.Invalid, "%s has records of schema version %d, written by a newer accolade; this one reads version %d at most: run the newer release", where, v, schemaVersion)
	case v < schemaVersion:
		return errs.E(errs.Invalid, "%s has records of schema version %d, this accolade reads %d: run accolade migrate", where, v, schemaVersion)
	}
	return nil
}
