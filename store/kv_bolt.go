package store

import bolt "go.etcd.io/bbolt"

// boltEngine is the bbolt engine: thin wrappers, nothing more.
type boltEngine struct{ db *bolt.DB }

func (e boltEngine) view(fn func(kvTx) error) error {
	return e.db.View(func(tx *bolt.Tx) error { return fn(boltTx{tx}) })
}

func (e boltEngine) update(fn func(kvTx) error) error {
	return e.db.Update(func(tx *bolt.Tx) error { return fn(boltTx{tx}) })
}

func (e boltEngine) batch(fn func(kvTx) error) error {
	return e.db.Batch(func(tx *bolt.Tx) error { return fn(boltTx{tx}) })
}

func (e boltEngine) close() error { return e.db.Close() }

// boltTx is a bbolt transaction as a kvTx.
type boltTx struct{ tx *bolt.Tx }

func (t boltTx) bucket(name []byte) kvBucket { return boltBucket{t.tx.Bucket(name)} }
func (t boltTx) onCommit(fn func())          { t.tx.OnCommit(fn) }
func (t boltTx) engine() kvEngine            { return boltEngine{t.tx.DB()} }

// boltBucket is a *bolt.Bucket as a kvBucket.
type boltBucket struct{ *bolt.Bucket }

func (b boltBucket) Cursor() kvCursor { return b.Bucket.Cursor() }
func (b boltBucket) KeyN() int        { return b.Stats().KeyN }
