package store

import (
	"crypto/rand"
	"slices"
)

// keyMailSecret is the meta key of the secret that signs unsubscribe
// links: 32 random bytes, made once.
var keyMailSecret = []byte("mail_secret")

// MailSecret returns the secret that signs the unsubscribe links of mail,
// making and storing it (32 random bytes from crypto/rand) the first time.
// It stays the same for the life of the data directory, so links in old
// mail keep working.
func (db *DB) MailSecret() ([]byte, error) {
	var out []byte
	if err := db.kv.view(func(tx kvTx) error {
		out = slices.Clone(tx.bucket(bucketMeta).Get(keyMailSecret))
		return nil
	}); err != nil || out != nil {
		return out, err // made before: no write, so the snapshot mark stays
	}
	err := db.kv.update(func(tx kvTx) error {
		meta := tx.bucket(bucketMeta)
		if v := meta.Get(keyMailSecret); v != nil {
			out = slices.Clone(v)
			return nil
		}
		out = make([]byte, 32)
		if _, err := rand.Read(out); err != nil {
			return err
		}
		return meta.Put(keyMailSecret, slices.Clone(out))
	})
	return out, err
}
