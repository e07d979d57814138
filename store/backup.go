package store

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strconv"

	bolt "go.etcd.io/bbolt"

	"github.com/accolade-badges/accolade/errs"
)

// Backup writes a consistent copy of the whole database to w while it
// keeps serving: one read transaction (bbolt's Tx.WriteTo), so writers
// carry on and the copy is the state at its start. It returns the bytes
// written. The private keys in it are sealed as they are at rest. On
// PostgreSQL it returns an errs.Unavailable error: use pg_dump.
func (db *DB) Backup(w io.Writer) (int64, error) {
	if db.bolt == nil {
		return 0, errNotOnPostgres("backup", "back the database up with pg_dump")
	}
	var n int64
	err := db.bolt.View(func(tx *bolt.Tx) error {
		var err error
		n, err = tx.WriteTo(w)
		return err
	})
	if err != nil {
		return n, errs.Wrap(errs.Internal, err, "writing the backup")
	}
	return n, nil
}

// Restore puts the backup at file into dataDir, which must have no
// database yet. It checks first that file is a database this version can
// open (a bbolt file with a schema not newer than this one), then copies it
// in atomically (a temporary file, synced, renamed) and opens it, which
// brings an older schema up to date. Nothing is written to dataDir when the
// file is refused. Errors: errs.Conflict (a database is already there),
// errs.Invalid (not a backup).
func Restore(file, dataDir string) (*DB, error) {
	target := filepath.Join(dataDir, FileName)
	if _, err := os.Stat(target); err == nil {
		return nil, errs.E(errs.Conflict, "%s already has a database (%s): restore into an empty data directory", dataDir, FileName)
	} else if !errors.Is(err, os.ErrNotExist) {
		return nil, errs.Wrap(errs.Invalid, err, "reading the data directory %s", dataDir)
	}
	if err := checkBackup(file); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return nil, errs.Wrap(errs.Invalid, err, "creating the data directory %s", dataDir)
	}
	if err := copySynced(file, target); err != nil {
		return nil, err
	}
	return Open(dataDir)
}

// checkBackup opens file read-only and checks its schema version.
func checkBackup(file string) error {
	b, err := bolt.Open(file, 0o600, &bolt.Options{ReadOnly: true, Timeout: lockTimeout})
	if err != nil {
		return errs.Wrap(errs.Invalid, err, "%s is not an Accolade backup (a bbolt database)", file)
	}
	defer b.Close()
	return b.View(func(tx *bolt.Tx) error {
		meta := tx.Bucket(bucketMeta)
		if meta == nil {
			return errs.E(errs.Invalid, "%s is a bbolt database but not an Accolade backup: it has no %s bucket", file, bucketMeta)
		}
		raw := meta.Get(keySchema)
		v, err := strconv.Atoi(string(raw))
		if err != nil {
			return errs.E(errs.Invalid, "%s is not an Accolade backup: its schema version %q is not a number", file, raw)
		}
		if v > schemaVersion {
			return errs.E(errs.Invalid, "%s was made by a newer Accolade (schema %d; this one reads up to %d): restore it with that version", file, v, schemaVersion)
		}
		return nil
	})
}

// copySynced copies src to dst through a temporary file beside dst, synced
// before it is renamed, so that dst is either absent or complete.
func copySynced(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return errs.Wrap(errs.Invalid, err, "opening %s", src)
	}
	defer in.Close()
	tmp, err := os.CreateTemp(filepath.Dir(dst), ".restore-*")
	if err != nil {
		return errs.Wrap(errs.Internal, err, "creating a file in %s", filepath.Dir(dst))
	}
	defer os.Remove(tmp.Name()) // after a successful rename, there is nothing to remove
	if _, err := io.Copy(tmp, in); err != nil {
		tmp.Close()
		return errs.Wrap(errs.Internal, err, "copying %s", src)
	}
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return errs.Wrap(errs.Internal, err, "restricting %s", tmp.Name())
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return errs.Wrap(errs.Internal, err, "syncing %s", tmp.Name())
	}
	if err := tmp.Close(); err != nil {
		return errs.Wrap(errs.Internal, err, "closing %s", tmp.Name())
	}
	return os.Rename(tmp.Name(), dst)
}
