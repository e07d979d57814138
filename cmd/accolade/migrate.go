package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/keys"
	"github.com/accolade-badges/accolade/store"
	"github.com/accolade-badges/accolade/verifier"
)

const migrateUsage = "accolade migrate [--database URL] [--from-data DIR]"

type migrateFlags struct{ fromData *string }

func (m *Main) migrateFlags(fs *flag.FlagSet) migrateFlags {
	m.databaseFlag(fs)
	m.baseURLFlag(fs)
	return migrateFlags{fromData: fs.String("from-data", "",
		"copy the bbolt store of the stopped data `DIR`ectory into the database, which must be empty; its keys are sealed again with ACCOLADE_KEY_PASSPHRASE when it used a key file")}
}

// migrateCmd brings the PostgreSQL database of --database
// (ACCOLADE_DATABASE_URL) to this release's schema, a step of its own
// before the nodes start, and with --from-data copies a data directory's
// bbolt store into it: every record, checked by count and digest, the
// private keys sealed with the passphrase the nodes share, and every
// credential verified from the copy afterwards.
func (m *Main) migrateCmd(ctx context.Context, args []string) error {
	fs := m.flagSet("migrate", migrateUsage)
	f := m.migrateFlags(fs)
	defer m.Close()
	pos, err := m.parse(fs, args)
	if err != nil {
		return err
	}
	switch {
	case len(pos) > 0:
		return usagef("migrate takes no arguments")
	case m.Config.DatabaseURL == "":
		return usagef("give the database: --database postgres://… or ACCOLADE_DATABASE_URL (a data directory's bbolt file is brought up to date when it is opened)")
	case !store.IsDatabaseURL(m.Config.DatabaseURL):
		return usagef("--database: give a postgres:// URL, such as postgres://accolade:PASSWORD@db.example.org:5432/accolade")
	case *f.fromData != "" && m.Config.KeyPassphrase == "":
		return usagef("--from-data: set ACCOLADE_KEY_PASSPHRASE, the passphrase every node will unseal the keys with (the data directory's own, if it has one)")
	}
	where := store.DescribeDatabase(m.Config.DatabaseURL)
	notes, err := store.Migrate(m.Config.DatabaseURL)
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "%s has this release's schema\n", where)
	for _, n := range notes {
		fmt.Fprintf(m.Stdout, "note: %s\n", n)
	}
	if *f.fromData == "" {
		return nil
	}
	return m.copyFromData(ctx, *f.fromData, where)
}

// copyFromData copies the bbolt store of dir into the migrated database,
// reseals its keys when they were sealed with the data directory's key
// file, and verifies every credential from the copy.
func (m *Main) copyFromData(ctx context.Context, dir, where string) error {
	if _, err := os.Stat(filepath.Join(dir, store.FileName)); err != nil {
		return errs.E(errs.NotFound, "--from-data: no data directory at %s", displayDir(dir))
	}
	src, err := store.Open(dir)
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := store.OpenDatabase("", m.Config.DatabaseURL)
	if err != nil {
		return err
	}
	defer dst.Close()

	// The keys first: a wrong passphrase or a missing key file stops the
	// migration before anything is written.
	recs, err := src.ListKeys()
	if err != nil {
		return err
	}
	to, err := keys.NewPassphraseSealer(m.Config.KeyPassphrase)
	if err != nil {
		return err
	}
	var resealed []keys.Record
	fromFile := false
	for _, r := range recs {
		fromFile = fromFile || keys.SealedWithKeyFile(r)
	}
	if fromFile {
		file := filepath.Join(dir, keyFileName)
		if _, err := os.Stat(file); err != nil {
			return errs.E(errs.NotFound, "the keys of %s are sealed with its key file, and there is none at %s: put it back", displayDir(dir), file)
		}
		from, err := keys.LoadOrCreateKeyFile(file, m.Rand)
		if err != nil {
			return err
		}
		if resealed, err = keys.Reseal(recs, from, to, m.Rand); err != nil {
			return fmt.Errorf("the keys of %s: %w", displayDir(dir), err)
		}
	} else if _, err := keys.Reseal(recs, to, to, m.Rand); err != nil { // the same passphrase opens them
		return fmt.Errorf("the keys of %s (sealed with a passphrase: ACCOLADE_KEY_PASSPHRASE must be that one): %w", displayDir(dir), err)
	}

	start := time.Now()
	rep, err := src.CopyTo(dst, nil)
	if err != nil {
		return err
	}
	if resealed != nil {
		if err := dst.PutKeys(resealed...); err != nil {
			return fmt.Errorf("storing the keys sealed with the passphrase: %w", err)
		}
	}
	fmt.Fprintf(m.Stdout, "copied %d records from %s into %s in %s (SHA-256 %x, the same read back)\n",
		rep.Total, displayDir(dir), where, time.Since(start).Round(time.Millisecond), rep.Source[:8])
	for _, b := range []string{"issuers", "members", "achievements", "exchanges", "attestations", "credentials", "keys"} {
		fmt.Fprintf(m.Stdout, "  %-13s %d\n", b, rep.Keys[b])
	}
	for _, n := range rep.Notes {
		fmt.Fprintf(m.Stdout, "note: %s\n", n)
	}
	if fromFile {
		fmt.Fprintf(m.Stdout, "the %d keys, sealed with %s, are sealed with ACCOLADE_KEY_PASSPHRASE in the database\n", len(recs), filepath.Join(displayDir(dir), keyFileName))
	}
	dst.Close()
	return m.verifyCopy(ctx)
}

// verifyCopy opens the migrated database as a node would and verifies
// every stored credential through this service's verifier: each must be
// genuine (valid, or revoked, suspended or expired as its record says).
func (m *Main) verifyCopy(ctx context.Context) error {
	if _, err := m.open(""); err != nil {
		return fmt.Errorf("opening the copy: %w", err)
	}
	srv, err := m.newServer("", "")
	if err != nil {
		return err
	}
	recs, err := m.DB.Credentials(accolade.CredentialFilter{})
	if err != nil {
		return err
	}
	genuine := map[verifier.Outcome]bool{verifier.OutcomeValid: true, verifier.OutcomeRevoked: true,
		verifier.OutcomeSuspended: true, verifier.OutcomeExpired: true}
	counts := map[verifier.Outcome]int{}
	bad := 0
	for _, r := range recs {
		if r.JWT == "" { // a forgotten member's: the signed forms are gone
			continue
		}
		v := srv.Verify(ctx, []byte(r.JWT), "")
		counts[v.Outcome]++
		if !genuine[v.Outcome] {
			bad++
			if bad <= 10 {
				fmt.Fprintf(m.Stderr, "credential %s: %s (%s)\n", r.ID, v.Outcome, v.Summary)
			}
		}
	}
	fmt.Fprintf(m.Stdout, "verified %d credentials from the copy: %d valid, %d revoked, %d suspended, %d expired\n",
		len(recs), counts[verifier.OutcomeValid], counts[verifier.OutcomeRevoked], counts[verifier.OutcomeSuspended], counts[verifier.OutcomeExpired])
	if bad > 0 {
		return errs.E(errs.Internal, "%d credentials do not verify from the copy: do not serve from it; the data directory is unchanged", bad)
	}
	fmt.Fprintf(m.Stdout, "serve from it with: ACCOLADE_DATABASE_URL=… ACCOLADE_KEY_PASSPHRASE=… accolade serve\n")
	return nil
}
