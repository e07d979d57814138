package store

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/errs"
)

// On PostgreSQL the store's invariants are also constraints of tables of
// their own (pgmigrations/0002_constraints.sql), written in the same
// transaction as the records they guard, so that the database refuses
// what the store's checks should never let through, whichever node,
// release or bug tries it:
//
//   - credential_holding: at most one live credential per issuer, member
//     and achievement (a unique partial index), claimed with INSERT … ON
//     CONFLICT DO NOTHING RETURNING and the holder read back;
//   - status_index: UNIQUE (list, idx), every index ever given out;
//   - outbox_queue: the pending notices, claimed by mail workers with FOR
//     UPDATE SKIP LOCKED.
//
// On a bbolt file one writer makes the same checks hold, and these
// functions do nothing.

// pgOf returns tx as a PostgreSQL transaction, or nil for a bbolt one.
func pgOf(tx kvTx) *pgTx {
	t, _ := tx.(*pgTx)
	return t
}

// exec runs one statement of the transaction; an error is its sticky one.
func (t *pgTx) exec(doing, sql string, args ...any) error {
	if t.err != nil {
		return t.err
	}
	if _, err := t.tx.Exec(t.ctx, sql, args...); err != nil {
		t.fail(err, "%s", doing)
	}
	return t.err
}

// isUniqueViolation reports whether err is SQLSTATE 23505.
func isUniqueViolation(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "23505"
}

// refuse makes err, a refusal of the database's constraints, the
// transaction's error: PostgreSQL has aborted the transaction, so nothing
// after it may run.
func (t *pgTx) refuse(err error) error {
	if t.err == nil {
		t.err = err
	}
	return t.err
}

// live reports whether rec counts as held in credential_holding at at.
func live(rec *accolade.Record, at time.Time) bool {
	return rec.State == accolade.Issued && rec.Status == accolade.Active && rec.SupersededBy == "" &&
		(rec.ValidUntil.IsZero() || at.Before(rec.ValidUntil))
}

// validUntil is rec's end of validity as a column value (NULL: none).
func validUntil(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC()
}

// holdCredential records the new credential rec as its member's live one
// for the achievement, in completeCredential's transaction once the
// store's own checks (checkHeld, at at) passed: the credential it renews
// stops being live, as does one that expired by at; then the insert
// conflicts with any other live one, which is read back and named in an
// errs.Conflict error.
func holdCredential(tx kvTx, rec *accolade.Record, at time.Time) error {
	t := pgOf(tx)
	if t == nil {
		return nil
	}
	if rec.Renews != "" {
		if err := t.exec("retiring the renewed credential's holding",
			`UPDATE credential_holding SET live = false WHERE credential = $1`, rec.Renews); err != nil {
			return err
		}
	}
	if err := t.exec("retiring expired holdings",
		`UPDATE credential_holding SET live = false
		 WHERE issuer = $1 AND member = $2 AND achievement = $3 AND live AND valid_until <= $4`,
		rec.Issuer, rec.Member, rec.Achievement, at.UTC()); err != nil {
		return err
	}
	var got string
	err := t.tx.QueryRow(t.ctx, `INSERT INTO credential_holding (credential, issuer, member, achievement, valid_until, live)
		VALUES ($1, $2, $3, $4, $5, true)
		ON CONFLICT (issuer, member, achievement) WHERE live DO NOTHING
		RETURNING credential`, rec.ID, rec.Issuer, rec.Member, rec.Achievement, validUntil(rec.ValidUntil)).Scan(&got)
	switch {
	case err == nil:
		return nil
	case !errors.Is(err, pgx.ErrNoRows):
		t.fail(err, "recording the holding of %s", rec.ID)
		return t.err
	}
	holder, err := liveHolding(t, rec, "")
	if err != nil {
		return err
	}
	return t.refuse(errs.E(errs.Conflict, "member %q already holds credential %s for achievement %q", rec.Member, holder, rec.Achievement))
}

// liveHolding returns the live credential of rec's issuer, member and
// achievement other than except, or "".
func liveHolding(t *pgTx, rec *accolade.Record, except string) (string, error) {
	var holder string
	err := t.tx.QueryRow(t.ctx, `SELECT credential FROM credential_holding
		WHERE issuer = $1 AND member = $2 AND achievement = $3 AND live AND credential <> $4`,
		rec.Issuer, rec.Member, rec.Achievement, except).Scan(&holder)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		t.fail(err, "reading the holding of %s", rec.ID)
		return "", t.err
	}
	return holder, nil
}

// markHolding records in SetStatus's transaction whether rec, whose
// status changed at at, is live: a credential suspended and made active
// again while another was issued meanwhile is refused (errs.Conflict,
// naming that one), by the unique index if not by the store's check.
func markHolding(tx kvTx, rec *accolade.Record, at time.Time) error {
	t := pgOf(tx)
	if t == nil {
		return nil
	}
	isLive := live(rec, at)
	if isLive {
		holder, err := liveHolding(t, rec, rec.ID)
		if err != nil {
			return err
		}
		if holder != "" {
			return t.refuse(heldMeanwhile(rec, holder))
		}
	}
	_, err := t.tx.Exec(t.ctx, `INSERT INTO credential_holding (credential, issuer, member, achievement, valid_until, live)
		VALUES ($1, $2, $3, $4, $5, $6)
		ON CONFLICT (credential) DO UPDATE SET live = excluded.live`,
		rec.ID, rec.Issuer, rec.Member, rec.Achievement, validUntil(rec.ValidUntil), isLive)
	switch {
	case isUniqueViolation(err):
		return t.refuse(heldMeanwhile(rec, "another credential"))
	case err != nil:
		t.fail(err, "recording the holding of %s", rec.ID)
	}
	return t.err
}

// heldMeanwhile is the error of making rec active again while holder was
// issued for the same achievement.
func heldMeanwhile(rec *accolade.Record, holder string) error {
	return errs.E(errs.Conflict, "credential %s cannot be active again: member %q meanwhile holds credential %s for achievement %q; revoke one of them", rec.ID, rec.Member, holder, rec.Achievement)
}

// takeIndex records index of the status list with key list as credential
// id's, and returns the credential that holds it: id, or the one that
// already did.
func takeIndex(tx kvTx, list []byte, index int, id string) (string, error) {
	t := pgOf(tx)
	if t == nil {
		return id, nil
	}
	var owner string
	err := t.tx.QueryRow(t.ctx, `INSERT INTO status_index (list, idx, credential) VALUES ($1, $2, $3)
		ON CONFLICT (list, idx) DO NOTHING RETURNING credential`, list, index, id).Scan(&owner)
	if errors.Is(err, pgx.ErrNoRows) {
		err = t.tx.QueryRow(t.ctx, `SELECT credential FROM status_index WHERE list = $1 AND idx = $2`, list, index).Scan(&owner)
	}
	if err != nil {
		t.fail(err, "recording status index %d of %q", index, list)
		return "", t.err
	}
	return owner, nil
}

// queueNotice puts the pending notice id in the queue, due at due.
func queueNotice(tx kvTx, id string, due time.Time) error {
	t := pgOf(tx)
	if t == nil {
		return nil
	}
	return t.exec("queueing notice "+id, `INSERT INTO outbox_queue (notice, due) VALUES ($1, $2)
		ON CONFLICT (notice) DO UPDATE SET due = excluded.due`, id, due.UTC())
}

// unqueueNotice takes the finished notice id out of the queue.
func unqueueNotice(tx kvTx, id string) error {
	t := pgOf(tx)
	if t == nil {
		return nil
	}
	return t.exec("unqueueing notice "+id, `DELETE FROM outbox_queue WHERE notice = $1`, id)
}

// claimQueued takes up to limit notices due at now for this node until
// until, and returns their ids. It runs READ COMMITTED, and skips the
// rows another node's claim holds locked, so that concurrent claims never
// wait for each other or take the same notice.
func (e *pgEngine) claimQueued(now, until time.Time, limit int) ([]string, error) {
	ctx := context.Background()
	var ids []string
	for n := 1; ; n++ {
		err := pgx.BeginTxFunc(ctx, e.pool, pgx.TxOptions{IsoLevel: pgx.ReadCommitted}, func(tx pgx.Tx) error {
			rows, err := tx.Query(ctx, `UPDATE outbox_queue SET due = $1 WHERE notice IN (
				SELECT notice FROM outbox_queue WHERE due <= $2 ORDER BY due, notice LIMIT $3 FOR UPDATE SKIP LOCKED)
				RETURNING notice`, until.UTC(), now.UTC(), limit)
			if err != nil {
				return err
			}
			ids, err = pgx.CollectRows(rows, pgx.RowTo[string])
			return err
		})
		switch {
		case err == nil:
			return ids, nil
		case !retryable(err) || n == pgAttempts:
			return nil, pgErr(err, "claiming due notices")
		}
	}
}

// fillConstraints fills the tables of 0002_constraints.sql from the
// records of a database that has them already (one migrated from release
// 0001, or a bbolt store just copied in), replacing what they held, in
// the transaction t. When the records break an invariant (two live
// credentials for one member and achievement, from a release that let a
// suspended credential become active again beside its replacement), the
// newest stays live and each note returned names the others.
func fillConstraints(t *pgTx, now time.Time) (notes []string, err error) {
	for _, table := range []string{"credential_holding", "status_index", "outbox_queue"} {
		if err := t.exec("emptying "+table, "DELETE FROM "+table); err != nil {
			return nil, err
		}
	}
	type held struct {
		rec     *accolade.Record
		created time.Time
	}
	var creds []held
	if err := each(t, bucketCredentials, func(r *credentialState) error {
		if accolade.State(r.State) == accolade.Issued {
			creds = append(creds, held{rec: &accolade.Record{ID: r.ID, State: accolade.Issued, Issuer: r.Issuer, Member: r.Member,
				Achievement: r.Achievement, ValidUntil: r.ValidUntil, Status: accolade.Status(r.Status), SupersededBy: r.SupersededBy}, created: r.Created})
		}
		return nil
	}); err != nil {
		return nil, err
	}
	slices.SortFunc(creds, func(a, b held) int { return b.created.Compare(a.created) }) // newest first
	liveOf := map[[3]string]string{}
	var rows [][]any
	for _, c := range creds {
		isLive := live(c.rec, now)
		triple := [3]string{c.rec.Issuer, c.rec.Member, c.rec.Achievement}
		if holder, ok := liveOf[triple]; isLive && ok {
			isLive = false
			notes = append(notes, fmt.Sprintf("member %q holds two valid credentials for achievement %q: %s, the newer, counts as held; revoke %s or the other",
				c.rec.Member, c.rec.Achievement, holder, c.rec.ID))
		} else if isLive {
			liveOf[triple] = c.rec.ID
		}
		rows = append(rows, []any{c.rec.ID, c.rec.Issuer, c.rec.Member, c.rec.Achievement, validUntil(c.rec.ValidUntil), isLive})
	}
	if err := t.copyRows("credential_holding", []string{"credential", "issuer", "member", "achievement", "valid_until", "live"}, rows); err != nil {
		return nil, err
	}

	rows = rows[:0]
	if err := t.bucket(bucketStatusIndexes).ForEach(func(k, v []byte) error {
		if len(k) < 5 {
			return errs.E(errs.Internal, "status index key %x is too short", k)
		}
		rows = append(rows, []any{k[:len(k)-4], int32(binary.BigEndian.Uint32(k[len(k)-4:])), string(v)})
		return nil
	}); err != nil {
		return nil, err
	}
	if err := t.copyRows("status_index", []string{"list", "idx", "credential"}, rows); err != nil {
		return nil, err
	}

	rows = rows[:0]
	if err := each(t, bucketOutbox, func(r *outboxRecord) error {
		if r.State == OutboxPending {
			rows = append(rows, []any{r.ID, r.NextAttempt.UTC()})
		}
		return nil
	}); err != nil {
		return nil, err
	}
	return notes, t.copyRows("outbox_queue", []string{"notice", "due"}, rows)
}

// copyRows writes rows into table with COPY.
func (t *pgTx) copyRows(table string, columns []string, rows [][]any) error {
	if t.err != nil || len(rows) == 0 {
		return t.err
	}
	if _, err := t.tx.CopyFrom(t.ctx, pgx.Identifier{table}, columns, pgx.CopyFromRows(rows)); err != nil {
		t.fail(err, "filling %s", table)
	}
	return t.err
}

// fillConstraints (DB) fills the constraint tables from the records, for a
// PostgreSQL database whose records were written around them (CopyTo),
// and returns fillConstraints' notes. On a bbolt file it does nothing.
func (db *DB) fillConstraints(now time.Time) ([]string, error) {
	if _, ok := db.kv.(*pgEngine); !ok {
		return nil, nil
	}
	var notes []string
	err := db.kv.update(func(tx kvTx) error {
		var err error
		notes, err = fillConstraints(pgOf(tx), now)
		return err
	})
	return notes, err
}
