package store

import (
	"encoding/json"

	"github.com/accolade-badges/accolade/errs"
)

// Stored records are structs of this package, one per noun (profileRecord,
// memberRecord, achievementRecord, credentialRecord, exchangeRecord, ...),
// with json tags of their own and a "v" field, converted to and from the
// domain types at this package's boundary (toXRecord, xFromRecord). A
// renamed tag in a domain type therefore never changes the file, and the
// golden tests in record_test.go fail when a record's bytes change. Reading
// never validates: a rule that became stricter in a new release applies to
// new input, not to what is already stored.
//
// The layout of the whole file has a schema version of its own (see
// migrate.go); a record's "v" says which shape of that noun it is, so that
// one noun can change shape without touching the others.

// record is a stored record struct.
type record interface {
	// version returns the version the record was read with and the one
	// this code writes.
	version() (stored, current int)
}

// recordPtr is a pointer to a record struct R.
type recordPtr[R any] interface {
	*R
	record
}

func put(tx kvTx, bucket []byte, key string, r record) error {
	data, err := json.Marshal(r)
	if err != nil {
		return errs.Wrap(errs.Internal, err, "encoding %s/%s", bucket, key)
	}
	return tx.bucket(bucket).Put([]byte(key), data)
}

// get decodes the record at key; it returns nil when there is none.
// json.Unmarshal copies, so nothing refers to bbolt's memory afterwards.
func get[R any, PR recordPtr[R]](tx kvTx, bucket []byte, key string) (PR, error) {
	raw := tx.bucket(bucket).Get([]byte(key))
	if raw == nil {
		return nil, nil
	}
	r := PR(new(R))
	return r, decode(bucket, key, raw, r)
}

// decode reads one record and checks its version.
func decode(bucket []byte, key string, raw []byte, r record) error {
	if err := json.Unmarshal(raw, r); err != nil {
		return errs.Wrap(errs.Internal, err, "decoding %s/%s", bucket, key)
	}
	if got, want := r.version(); got != want {
		return errs.E(errs.Internal, "record %s/%s has version %d, want %d", bucket, key, got, want)
	}
	return nil
}

// each calls fn for every record in bucket, in key order, decoding into a
// fresh R.
func each[R any, PR recordPtr[R]](tx kvTx, bucket []byte, fn func(PR) error) error {
	return tx.bucket(bucket).ForEach(func(k, raw []byte) error {
		r := PR(new(R))
		if err := decode(bucket, string(k), raw, r); err != nil {
			return err
		}
		return fn(r)
	})
}

// getOne returns the record at key as a domain value, or an errs.NotFound
// error naming what.
func getOne[R any, PR recordPtr[R], T any](db *DB, bucket []byte, key, what string, from func(PR) *T) (*T, error) {
	var out *T
	err := db.kv.view(func(tx kvTx) error {
		r, err := get[R, PR](tx, bucket, key)
		if r != nil {
			out = from(r)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	if out == nil {
		return nil, errs.E(errs.NotFound, "no %s %q", what, key)
	}
	return out, nil
}

// list returns every record of bucket as domain values, in key order.
func list[R any, PR recordPtr[R], T any](db *DB, bucket []byte, from func(PR) *T) ([]*T, error) {
	var out []*T
	err := db.kv.view(func(tx kvTx) error {
		return each(tx, bucket, func(r PR) error { out = append(out, from(r)); return nil })
	})
	return out, err
}
