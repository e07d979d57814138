package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/criteria"
	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/internal/pgtest"
	"github.com/accolade-badges/accolade/keys"
)

var tc = time.Date(2026, 3, 4, 10, 0, 0, 0, time.UTC)

// mustOpenPostgres opens a fresh migrated database, or skips.
func mustOpenPostgres(t *testing.T) (*DB, string) {
	t.Helper()
	u := pgtest.URL(t)
	if u == "" {
		t.Skip("the database's own constraints: PostgreSQL only, " + pgtest.EnvURL + " is not set")
	}
	if _, err := Migrate(u); err != nil {
		t.Fatal(err)
	}
	db, err := OpenDatabase("", u)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	seedInternal(t, db)
	return db, u
}

func seedInternal(t *testing.T, db *DB) {
	t.Helper()
	if err := db.PutIssuer(&accolade.Profile{Slug: "default", Name: "Time Bank", Alg: keys.RS256}); err != nil {
		t.Fatal(err)
	}
	if err := db.PutAchievement(&criteria.Achievement{ID: "trainer", Name: "Trainer", Description: "d"}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.PutMember(&accolade.Member{ID: "ana", Name: "Ana", Email: "ana@example.org"}); err != nil {
		t.Fatal(err)
	}
}

// issueInternal reserves and completes ana's credential id for trainer.
func issueInternal(t *testing.T, db *DB, id string, index int, at time.Time) *accolade.Record {
	t.Helper()
	rec := &accolade.Record{ID: id, State: accolade.Pending, Issuer: "default", Member: "ana", Achievement: "trainer",
		Status: accolade.Active, ValidFrom: at, Created: at,
		StatusEntries: []accolade.StatusEntry{{Purpose: accolade.PurposeRevocation, Index: index}}}
	if err := db.ReserveCredential(rec, at); err != nil {
		t.Fatalf("ReserveCredential(%s): %v", id, err)
	}
	rec.State = accolade.Issued
	if err := db.CompleteCredential(rec); err != nil {
		t.Fatalf("CompleteCredential(%s): %v", id, err)
	}
	return rec
}

// count returns the rows of table that where selects.
func count(t *testing.T, db *DB, table, where string, args ...any) int {
	t.Helper()
	var n int
	if err := db.kv.(*pgEngine).pool.QueryRow(context.Background(), "SELECT count(*) FROM "+table+" WHERE "+where, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestPostgresConstraints: the database itself refuses what the store's
// checks should never let through. Each case goes around those checks
// (writing what a buggy or older node might) and is refused by a
// constraint, with a Conflict naming what is in the way; and the tables
// follow the records through issue, renewal, revocation and the outbox.
func TestPostgresConstraints(t *testing.T) {
	db, _ := mustOpenPostgres(t)
	c1 := issueInternal(t, db, "c1", 7, tc)
	if n := count(t, db, "credential_holding", "credential = 'c1' AND live"); n != 1 {
		t.Fatalf("c1 live rows = %d, want 1", n)
	}

	t.Run("one live credential", func(t *testing.T) {
		second := *c1
		second.ID = "c-second"
		err := db.update(func(tx kvTx) error { return holdCredential(tx, &second, tc) })
		if errs.KindOf(err) != errs.Conflict || !strings.Contains(err.Error(), "c1") {
			t.Fatalf("a second live holding past the store's checks = %v, want a Conflict naming c1", err)
		}
		_, err = db.kv.(*pgEngine).pool.Exec(context.Background(),
			`INSERT INTO credential_holding VALUES ('c-raw', 'default', 'ana', 'trainer', NULL, true)`)
		if !isUniqueViolation(err) {
			t.Fatalf("a second live row in SQL = %v, want a unique violation", err)
		}
		if n := count(t, db, "credential_holding", "member = 'ana'"); n != 1 {
			t.Fatalf("ana's holding rows = %d after the refusals, want 1", n)
		}
	})

	t.Run("status index", func(t *testing.T) {
		// The bucket forgets c1's index (as a node that lost it would);
		// the constraint still holds it.
		if err := db.update(func(tx kvTx) error {
			return tx.bucket(bucketStatusIndexes).Delete(indexKey(listKey("default", accolade.PurposeRevocation, 1), c1.StatusEntries[0].Index))
		}); err != nil {
			t.Fatal(err)
		}
		err := db.update(func(tx kvTx) error { return writeStatus(tx, "c-other", "default", c1.StatusEntries) })
		if !errors.Is(err, accolade.ErrStatusIndexTaken) || !strings.Contains(err.Error(), "c1") {
			t.Fatalf("taking c1's index past the bucket = %v, want ErrStatusIndexTaken naming c1", err)
		}
		// Releasing keeps what another holds, without an error.
		if err := db.update(func(tx kvTx) error { return keepStatus(tx, "c-other", "default", c1.StatusEntries) }); err != nil {
			t.Fatalf("keepStatus of an index c1 holds: %v", err)
		}
		_, err = db.kv.(*pgEngine).pool.Exec(context.Background(),
			`INSERT INTO status_index SELECT list, idx, 'c-raw' FROM status_index WHERE credential = 'c1'`)
		if !isUniqueViolation(err) {
			t.Fatalf("a second row for c1's index in SQL = %v, want a unique violation", err)
		}
	})

	t.Run("renewal and revocation", func(t *testing.T) {
		at := tc.Add(time.Hour)
		r := &accolade.Record{ID: "c2", State: accolade.Pending, Issuer: "default", Member: "ana", Achievement: "trainer",
			Status: accolade.Active, ValidFrom: at, Created: at, Renews: "c1"}
		if err := db.ReserveCredential(r, at); err != nil {
			t.Fatal(err)
		}
		r.State = accolade.Issued
		if err := db.CompleteCredential(r); err != nil {
			t.Fatal(err)
		}
		if n := count(t, db, "credential_holding", "live"); n != 1 || count(t, db, "credential_holding", "credential = 'c2' AND live") != 1 {
			t.Fatalf("after the renewal: %d live rows, want c2 alone", n)
		}
		if _, err := db.SetStatus("c2", accolade.Revoked, "", at.Add(time.Minute)); err != nil {
			t.Fatal(err)
		}
		if n := count(t, db, "credential_holding", "live"); n != 0 {
			t.Fatalf("after revoking c2: %d live rows, want 0", n)
		}
		issueInternal(t, db, "c3", 8, at.Add(2*time.Minute))
		// c1, superseded, may not come back beside c3: its row stays not live.
		if _, err := db.SetStatus("c1", accolade.Suspended, "", at.Add(3*time.Minute)); err != nil {
			t.Fatal(err)
		}
		if _, err := db.SetStatus("c1", accolade.Active, "", at.Add(4*time.Minute)); err != nil {
			t.Fatalf("a superseded credential made active (it counts as renewed, not held): %v", err)
		}
		if n := count(t, db, "credential_holding", "live"); n != 1 || count(t, db, "credential_holding", "credential = 'c3' AND live") != 1 {
			t.Fatalf("at the end: %d live rows, want c3 alone", n)
		}
	})

	t.Run("expired", func(t *testing.T) {
		if _, err := db.PutMember(&accolade.Member{ID: "bo", Name: "Bo", Email: "bo@example.org"}); err != nil {
			t.Fatal(err)
		}
		issue := func(id string, at, until time.Time) error {
			r := &accolade.Record{ID: id, State: accolade.Pending, Issuer: "default", Member: "bo", Achievement: "trainer",
				Status: accolade.Active, ValidFrom: at, ValidUntil: until, Created: at}
			if err := db.ReserveCredential(r, at); err != nil {
				return err
			}
			r.State = accolade.Issued
			return db.CompleteCredential(r)
		}
		if err := issue("b1", tc, tc.Add(24*time.Hour)); err != nil {
			t.Fatal(err)
		}
		if err := issue("b2", tc.Add(48*time.Hour), time.Time{}); err != nil {
			t.Fatalf("issuing once b1 expired: %v", err)
		}
		if n := count(t, db, "credential_holding", "member = 'bo' AND live"); n != 1 || count(t, db, "credential_holding", "credential = 'b2' AND live") != 1 {
			t.Fatalf("bo: %d live rows, want b2 alone", n)
		}
	})

	t.Run("outbox skips locked claims", func(t *testing.T) {
		for i := range 3 {
			if err := db.Enqueue(&accolade.Notice{ID: fmt.Sprintf("q%d", i), Kind: accolade.NoticeAwarded, Member: "ana", Created: tc}); err != nil {
				t.Fatal(err)
			}
		}
		pool := db.kv.(*pgEngine).pool
		ctx := context.Background()
		// Another node's claim, in progress: it holds q0 locked.
		other, err := pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.ReadCommitted})
		if err != nil {
			t.Fatal(err)
		}
		defer other.Rollback(ctx)
		if _, err := other.Exec(ctx, `SELECT notice FROM outbox_queue WHERE notice = 'q0' FOR UPDATE`); err != nil {
			t.Fatal(err)
		}
		done := make(chan []*accolade.Notice, 1)
		go func() {
			list, err := db.ClaimNotices(tc.Add(time.Minute), time.Minute, 10)
			if err != nil {
				t.Error(err)
			}
			done <- list
		}()
		var list []*accolade.Notice
		select {
		case list = <-done:
		case <-time.After(10 * time.Second):
			t.Fatal("ClaimNotices waited for another claim's lock")
		}
		var ids []string
		for _, n := range list {
			ids = append(ids, n.ID)
		}
		// (The award notices of the credentials above that are due by then
		// are claimed too.)
		for _, id := range ids {
			if id == "q0" {
				t.Fatalf("claimed %v: q0, locked by another claim, was taken", ids)
			}
		}
		if !strings.Contains(strings.Join(ids, ","), "q1,q2") {
			t.Fatalf("claimed %v, want q1 and q2 among them", ids)
		}
		other.Rollback(ctx)
		again, err := db.ClaimNotices(tc.Add(time.Minute), time.Minute, 10)
		if err != nil || len(again) != 1 || again[0].ID != "q0" {
			t.Fatalf("claiming once the lock is gone = %v, %v; want q0 alone (the rest are leased)", again, err)
		}
		if err := db.MarkSent("q1", tc.Add(time.Minute)); err != nil {
			t.Fatal(err)
		}
		if err := db.MarkFailed("q2", "mailbox full", tc.Add(time.Hour), false); err != nil {
			t.Fatal(err)
		}
		if n := count(t, db, "outbox_queue", "notice = 'q1'"); n != 0 {
			t.Errorf("q1, sent, is still queued")
		}
		if n := count(t, db, "outbox_queue", "notice = 'q2' AND due = $1", tc.Add(time.Hour)); n != 1 {
			t.Errorf("q2, failed, is not due at its next attempt")
		}
	})
}

// TestPostgresMigrateFillsConstraints: a database of release 0001 (no
// constraint tables) is brought to 0002 by Migrate, which fills the
// tables from the records; where the records hold two valid credentials
// for one achievement (which the old release let happen by making a
// suspended one active again), the newer stays live and a note names the
// other. The same fill runs after CopyTo (TestPostgresMigrateFromData).
func TestPostgresMigrateFillsConstraints(t *testing.T) {
	db, u := mustOpenPostgres(t)
	issueInternal(t, db, "c1", 7, tc)
	if _, err := db.SetStatus("c1", accolade.Suspended, "", tc.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	issueInternal(t, db, "c2", 8, tc.Add(2*time.Minute))
	if err := db.Enqueue(&accolade.Notice{ID: "q0", Kind: accolade.NoticeAwarded, Member: "ana", Created: tc}); err != nil {
		t.Fatal(err)
	}
	// What release 0001 allowed: c1 active again beside c2.
	if err := db.update(func(tx kvTx) error {
		r, err := getCredential(tx, "c1")
		if err != nil {
			return err
		}
		r.Status = accolade.Active
		return put(tx, bucketCredentials, "c1", toCredentialRecord(r))
	}); err != nil {
		t.Fatal(err)
	}
	want := map[string]int{}
	for _, table := range []string{"credential_holding", "status_index", "outbox_queue"} {
		want[table] = count(t, db, table, "true")
	}
	db.Close()

	ctx := context.Background()
	conn, err := pgx.Connect(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Exec(ctx, `DROP TABLE credential_holding, status_index, outbox_queue; DELETE FROM schema_migrations WHERE version > 1`); err != nil {
		t.Fatal(err)
	}
	conn.Close(ctx)
	if _, err := OpenDatabase("", u); errs.KindOf(err) != errs.Invalid || !strings.Contains(err.Error(), "accolade migrate") {
		t.Fatalf("opening a database of release 0001 = %v, want Invalid naming accolade migrate", err)
	}
	notes, err := Migrate(u)
	if err != nil {
		t.Fatal(err)
	}
	if len(notes) != 1 || !strings.Contains(notes[0], "c2, the newer") || !strings.Contains(notes[0], "revoke c1") {
		t.Fatalf("Migrate's notes = %q, want one naming c2 as held and c1 to revoke", notes)
	}
	db, err = OpenDatabase("", u)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for table, n := range want {
		if got := count(t, db, table, "true"); got != n {
			t.Errorf("%s: %d rows after Migrate, want %d", table, got, n)
		}
	}
	if n := count(t, db, "credential_holding", "live"); n != 1 || count(t, db, "credential_holding", "credential = 'c2' AND live") != 1 {
		t.Errorf("%d live rows after Migrate, want c2 alone", n)
	}
	if _, err := db.SetStatus("c2", accolade.Revoked, "", tc.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SetStatus("c1", accolade.Suspended, "", tc.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SetStatus("c1", accolade.Active, "", tc.Add(time.Hour)); err != nil {
		t.Fatalf("c1 active again once c2 is revoked: %v", err)
	}
}

// ConstraintRows returns the rows of each constraint table of a database
// (live holdings counted apart), for the tests of store_test; nil on a
// bbolt file.
func ConstraintRows(t *testing.T, db *DB) map[string]int {
	t.Helper()
	if _, ok := db.kv.(*pgEngine); !ok {
		return nil
	}
	return map[string]int{
		"credential_holding": count(t, db, "credential_holding", "true"),
		"live":               count(t, db, "credential_holding", "live"),
		"status_index":       count(t, db, "status_index", "true"),
		"outbox_queue":       count(t, db, "outbox_queue", "true"),
	}
}
