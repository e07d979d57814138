package store

import (
	"slices"
)

// Dump returns every key and value of every bucket of allBuckets but those
// in skip, by bucket name: what a test compares to show that a refused request
// changed nothing.
func (db *DB) Dump(skip ...string) (map[string]map[string]string, error) {
	out := map[string]map[string]string{}
	err := db.kv.view(func(tx kvTx) error {
		for _, name := range allBuckets {
			if slices.Contains(skip, string(name)) {
				continue
			}
			m := map[string]string{}
			out[string(name)] = m
			if err := tx.bucket(name).ForEach(func(k, v []byte) error { m[string(k)] = string(v); return nil }); err != nil {
				return err
			}
		}
		return nil
	})
	return out, err
}
