package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/store"
)

const (
	backupUsage  = "accolade backup FILE [--server URL | --data DIR]"
	restoreUsage = "accolade restore FILE [--data DIR]"
	compactUsage = "accolade compact [--data DIR]"
)

func (m *Main) backupFlags(fs *flag.FlagSet) { m.apiFlags(fs) }

// backupCmd writes a consistent copy of the database to FILE: through a
// running server (GET /api/v1/backup, an install-wide token with
// keys:admin) or from the data directory when no server holds it. FILE
// is written beside itself and renamed, so it is complete or absent.
func (m *Main) backupCmd(ctx context.Context, args []string) error {
	fs := m.flagSet("backup", backupUsage)
	m.backupFlags(fs)
	defer m.Close()
	pos, err := m.parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("give the FILE to write the backup to")
	}
	var n int64
	var mode string
	err = writeAtomically(pos[0], func(w io.Writer) error {
		if m.Config.Server != "" {
			mode = "through the server at " + trimSlash(m.Config.Server)
			n, err = m.downloadBackup(ctx, w)
			return err
		}
		if m.Config.DatabaseURL != "" {
			return errs.E(errs.Invalid, "accolade backup copies a data directory's bbolt file; a store in PostgreSQL (--database, ACCOLADE_DATABASE_URL) is backed up with pg_dump or the database's own backups")
		}
		if err := m.requireDataDir(); err != nil {
			return err
		}
		if m.DB, err = store.Open(m.Config.DataDir); err != nil {
			return err
		}
		mode = "directly from the data directory " + m.Config.DataDir
		n, err = m.DB.Backup(w)
		return err
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stderr, "wrote %s (%d bytes) (%s)\n", pos[0], n, mode)
	fmt.Fprintln(m.Stderr, "The private keys in it are sealed: keep the data directory's keyring.key (or the ACCOLADE_KEY_PASSPHRASE) apart from the backup; a restore needs it.")
	return nil
}

// downloadBackup streams GET /api/v1/backup into w, without the client's
// usual time limit (a large database takes a while).
func (m *Main) downloadBackup(ctx context.Context, w io.Writer) (int64, error) {
	c, err := m.client()
	if err != nil {
		return 0, err
	}
	req, err := http.NewRequestWithContext(ctx, "GET", c.base+"/api/v1/backup", nil)
	if err != nil {
		return 0, err
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	resp, err := (&http.Client{}).Do(req)
	if err != nil {
		return 0, c.unreachable(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
		return 0, c.problemError(resp, b)
	}
	n, err := io.Copy(w, resp.Body)
	if err != nil {
		return n, errs.Wrap(errs.Unavailable, err, "reading the backup from %s", c.base)
	}
	return n, nil
}

// writeAtomically writes path through a temporary file beside it, synced
// and renamed when write succeeds, removed when it fails.
func writeAtomically(path string, write func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".backup-*")
	if err != nil {
		return usagef("%v", err)
	}
	defer os.Remove(tmp.Name())
	if err := write(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// restoreCmd puts a backup into an empty data directory (store.Restore)
// and says what it holds.
func (m *Main) restoreCmd(ctx context.Context, args []string) error {
	fs := m.flagSet("restore", restoreUsage)
	defer m.Close()
	pos, err := m.parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("give the backup FILE to restore")
	}
	if m.DB, err = store.Restore(pos[0], m.Config.DataDir); err != nil {
		return err
	}
	members, err := m.DB.Members()
	if err != nil {
		return err
	}
	recs, err := m.DB.Credentials(accolade.CredentialFilter{})
	if err != nil {
		return err
	}
	issuers, err := m.DB.Issuers()
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "restored %s into %s: %d communities, %d members, %d credentials\n", pos[0], displayDir(m.Config.DataDir), len(issuers), len(members), len(recs))
	if _, err := os.Stat(m.Config.keyFile()); errors.Is(err, os.ErrNotExist) && m.Config.KeyPassphrase == "" {
		fmt.Fprintf(m.Stderr, "The keys are sealed: copy keyring.key from the old data directory into %s (or set ACCOLADE_KEY_PASSPHRASE) before you serve.\n", displayDir(m.Config.DataDir))
	}
	return nil
}

// compactCmd rewrites the stopped data directory's database without its
// free pages (store.Compact) and says how much smaller it is.
func (m *Main) compactCmd(ctx context.Context, args []string) error {
	fs := m.flagSet("compact", compactUsage)
	pos, err := m.parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return usagef("compact takes no arguments, got %q", pos)
	}
	if err := m.requireDataDir(); err != nil {
		return err
	}
	before, after, err := store.Compact(m.Config.DataDir)
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "compacted %s: %d bytes, now %d (%.0f%%)\n", filepath.Join(displayDir(m.Config.DataDir), store.FileName), before, after, 100*float64(after)/float64(max(before, 1)))
	return nil
}
