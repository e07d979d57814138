package store

import (
	"slices"

	bolt "go.etcd.io/bbolt"
)

// Dump returns every key and value of every bucket but those in skip, by
// bucket name: what a test compares to show that a refused request
// changed nothing.
func (db *DB) Dump(skip ...string) (map[string]map[string]string, error) {
	out := map[string]map[string]string{}
	err := db.bolt.View(func(tx *bolt.Tx) error {
		return tx.ForEach(func(name []byte, b *bolt.Bucket) error {
			if slices.Contains(skip, string(name)) {
				return nil
			}
			m := map[string]string{}
			out[string(name)] = m
			return b.ForEach(func(k, v []byte) error { m[string(k)] = string(v); return nil })
		})
	})
	return out, err
}
