package store

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"hash"
	"time"

	"github.com/accolade-badges/accolade/errs"
)

// copyChunk is how many keys one write transaction of CopyTo carries.
const copyChunk = 500

// CopyReport is what CopyTo copied: the keys of each bucket, and a
// SHA-256 over every bucket, key and value in order, as read from the
// source and as read back from the destination.
type CopyReport struct {
	Keys   map[string]int
	Total  int
	Source [sha256.Size]byte
	Copied [sha256.Size]byte
	// Notes name what in the records broke an invariant that the
	// destination's constraints hold (see fillConstraints).
	Notes []string
}

// CopyTo copies every record of db into dst, which must hold none (a
// PostgreSQL database just migrated: only the schema's stamp in meta), for
// accolade migrate --from-data. It reads db in one read transaction, so
// that the copy is one consistent state, and writes dst in transactions
// of copyChunk keys; progress, when set, is called after each. It then
// reads dst back and checks that every bucket holds as many keys as the
// source and that the digests agree, returning an Internal error when
// they do not, and fills the destination's constraint tables (constraint.go)
// from the copy. A destination that holds records is refused (errs.Conflict)
// before anything is written. The sealed keys are copied as they are.
func (db *DB) CopyTo(dst *DB, progress func(copied int)) (*CopyReport, error) {
	if err := dst.kv.view(func(tx kvTx) error {
		for _, name := range allBuckets {
			if bytes.Equal(name, bucketMeta) {
				continue
			}
			if n := tx.bucket(name).KeyN(); n > 0 {
				return errs.E(errs.Conflict, "the destination database is not empty (%d records in %s): copy into a database that holds nothing yet", n, name)
			}
		}
		return nil
	}); err != nil {
		return nil, err
	}
	rep := &CopyReport{Keys: map[string]int{}}
	src := sha256.New()
	err := db.kv.view(func(tx kvTx) error {
		var chunk []kvPair
		flush := func() error {
			if len(chunk) == 0 {
				return nil
			}
			if err := dst.kv.update(func(w kvTx) error {
				for _, p := range chunk {
					if err := w.bucket(p.bucket).Put(p.k, p.v); err != nil {
						return err
					}
				}
				return nil
			}); err != nil {
				return fmt.Errorf("writing to the destination after %d records: %w", rep.Total, err)
			}
			rep.Total += len(chunk)
			chunk = chunk[:0]
			if progress != nil {
				progress(rep.Total)
			}
			return nil
		}
		for _, name := range allBuckets {
			err := tx.bucket(name).ForEach(func(k, v []byte) error {
				digest(src, name, k, v)
				rep.Keys[string(name)]++
				// Copied: bbolt's slices are valid only in its transaction,
				// and a retried write runs again with them.
				chunk = append(chunk, kvPair{bucket: name, k: bytes.Clone(k), v: bytes.Clone(v)})
				if len(chunk) == copyChunk {
					return flush()
				}
				return nil
			})
			if err != nil {
				return err
			}
		}
		return flush()
	})
	if err != nil {
		return nil, err
	}
	copy(rep.Source[:], src.Sum(nil))

	back := sha256.New()
	err = dst.kv.view(func(tx kvTx) error {
		for _, name := range allBuckets {
			n := 0
			if err := tx.bucket(name).ForEach(func(k, v []byte) error {
				digest(back, name, k, v)
				n++
				return nil
			}); err != nil {
				return err
			}
			if n != rep.Keys[string(name)] {
				return errs.E(errs.Internal, "the copy's %s holds %d records, the source %d", name, n, rep.Keys[string(name)])
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	copy(rep.Copied[:], back.Sum(nil))
	if rep.Copied != rep.Source {
		return rep, errs.E(errs.Internal, "the copy's records differ from the source's (SHA-256 %x, source %x)", rep.Copied, rep.Source)
	}
	if rep.Notes, err = dst.fillConstraints(time.Now()); err != nil {
		return rep, fmt.Errorf("filling the database's constraint tables from the copy: %w", err)
	}
	return rep, nil
}

// kvPair is one record in transit.
type kvPair struct {
	bucket, k, v []byte
}

// digest adds one record to h, length-prefixed so that no two sequences
// of records hash alike.
func digest(h hash.Hash, bucket, k, v []byte) {
	var n [8]byte
	for _, b := range [][]byte{bucket, k, v} {
		binary.BigEndian.PutUint64(n[:], uint64(len(b)))
		h.Write(n[:])
		h.Write(b)
	}
}
