package store

import (
	"bytes"
)

// pruneWhere deletes every record of bucket, read as an R, for which gone
// reports true: how short-lived records (sign-in links, passkey
// ceremonies, wallet exchanges) leave once past their time.
func pruneWhere[R any, PR recordPtr[R]](tx kvTx, bucket []byte, gone func(PR) bool) error {
	var old [][]byte
	b := tx.bucket(bucket)
	err := b.ForEach(func(k, v []byte) error {
		r := PR(new(R))
		if err := decode(bucket, string(k), v, r); err != nil {
			return err
		}
		if gone(r) {
			old = append(old, bytes.Clone(k))
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, k := range old {
		if err := b.Delete(k); err != nil {
			return err
		}
	}
	return nil
}
