package store

import (
	"errors"
	"os"
	"path/filepath"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"

	"github.com/accolade-badges/accolade/errs"
)

// compactTxSize is how many bytes Compact copies per transaction.
const compactTxSize = 64 << 20

// Compact rewrites the database of dataDir without its free pages
// (bbolt's Compact into a new file, synced, then renamed over the old one):
// a file that grew through deletions and rewrites shrinks to its data. The
// data directory must not be open (a running server holds it). It returns
// the file's size before and after. The old file is replaced only once the
// copy is complete; a failure leaves it as it was.
func Compact(dataDir string) (before, after int64, err error) {
	path := filepath.Join(dataDir, FileName)
	st, err := os.Stat(path)
	if errors.Is(err, os.ErrNotExist) {
		return 0, 0, errs.E(errs.NotFound, "no database in %s", dataDir)
	} else if err != nil {
		return 0, 0, errs.Wrap(errs.Invalid, err, "reading %s", path)
	}
	before = st.Size()
	src, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: lockTimeout})
	if errors.Is(err, bolterrors.ErrTimeout) {
		return before, 0, errs.E(errs.Unavailable, "data directory %s is in use by another accolade process (a running server?): stop it to compact", dataDir)
	} else if err != nil {
		return before, 0, errs.Wrap(errs.Internal, err, "opening %s", path)
	}
	defer src.Close()
	tmp := path + ".compact"
	os.Remove(tmp) // a copy left by an interrupted run
	dst, err := bolt.Open(tmp, 0o600, nil)
	if err != nil {
		return before, 0, errs.Wrap(errs.Internal, err, "creating %s", tmp)
	}
	if err := bolt.Compact(dst, src, compactTxSize); err != nil {
		dst.Close()
		os.Remove(tmp)
		return before, 0, errs.Wrap(errs.Internal, err, "compacting %s", path)
	}
	// The copy starts its transactions from one again: its snapshot mark
	// (snapshot.go) goes, so that no transaction of it can match a
	// snapshot of the original.
	if err := dst.Update(func(tx *bolt.Tx) error {
		if meta := tx.Bucket(bucketMeta); meta != nil {
			return meta.Delete(keySnapshot)
		}
		return nil
	}); err != nil {
		dst.Close()
		os.Remove(tmp)
		return before, 0, errs.Wrap(errs.Internal, err, "compacting %s", path)
	}
	if err := dst.Sync(); err != nil {
		dst.Close()
		os.Remove(tmp)
		return before, 0, errs.Wrap(errs.Internal, err, "syncing %s", tmp)
	}
	if err := dst.Close(); err != nil {
		os.Remove(tmp)
		return before, 0, errs.Wrap(errs.Internal, err, "closing %s", tmp)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return before, 0, errs.Wrap(errs.Internal, err, "replacing %s", path)
	}
	st, err = os.Stat(path)
	if err != nil {
		return before, 0, err
	}
	return before, st.Size(), nil
}
