package store

import (
	"cmp"
	"slices"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/accolade-badges/accolade/issuer"
)

// This file holds the two queries the public pages and the key list need.
// These versions scan the credentials bucket, decoding only a few fields of
// each record; the indexed versions (a created-at index and per-key
// counters) replace them without changing their signatures.

// recordHead is the part of a stored credential record that the scans
// below read; encoding/json skips the JWT and JSON without allocating them.
type recordHead struct {
	ID         string       `json:"id"`
	State      issuer.State `json:"state"`
	KeyID      string       `json:"keyId"`
	ProofKeyID string       `json:"proofKeyId"`
	Created    time.Time    `json:"created"`
}

// RecentCredentials returns up to limit issued credentials, newest (by
// Created) first.
func (db *DB) RecentCredentials(limit int) ([]*issuer.Record, error) {
	if limit <= 0 {
		return nil, nil
	}
	var out []*issuer.Record
	err := db.bolt.View(func(tx *bolt.Tx) error {
		var heads []recordHead
		err := each(tx, bucketCredentials, func(h *recordHead) error {
			if h.State == issuer.Issued {
				heads = append(heads, *h)
			}
			return nil
		})
		if err != nil {
			return err
		}
		slices.SortFunc(heads, func(a, b recordHead) int { // newest first
			return cmp.Or(b.Created.Compare(a.Created), strings.Compare(b.ID, a.ID))
		})
		for _, h := range heads[:min(limit, len(heads))] {
			var r issuer.Record
			if _, err := get(tx, bucketCredentials, h.ID, &r); err != nil {
				return err
			}
			out = append(out, &r)
		}
		return nil
	})
	return out, err
}

// CredentialCountsByKey returns, for every key id, how many issued
// credentials it signed: its VC-JWT or its Data Integrity proof. A
// credential whose JWT and proof share a key counts once for it.
func (db *DB) CredentialCountsByKey() (map[string]int, error) {
	n := map[string]int{}
	err := db.bolt.View(func(tx *bolt.Tx) error {
		return each(tx, bucketCredentials, func(h *recordHead) error {
			if h.State != issuer.Issued {
				return nil
			}
			if h.KeyID != "" {
				n[h.KeyID]++
			}
			if h.ProofKeyID != "" && h.ProofKeyID != h.KeyID {
				n[h.ProofKeyID]++
			}
			return nil
		})
	})
	return n, err
}
