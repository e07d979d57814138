package store

import (
	"sync"
)

// maxGroup is the most write functions one group commit runs.
const maxGroup = 256

// groupCommit runs the write transactions of concurrent callers in as few
// transactions, and so fsyncs, as it can, without delaying any: a caller
// that finds no commit in progress commits at once; callers that
// arrive during a commit wait for it and then share the next. The
// durability promise is Update's: when a call returns nil, what it wrote
// is on disk. (bbolt's own Batch waits up to MaxBatchDelay for company,
// which a lone caller, such as a sequential import, pays on every call.)
// It groups the callers of one process only: on PostgreSQL each node
// groups its own.
type groupCommit struct {
	mu      sync.Mutex
	pending []*groupCall
	busy    bool // a caller is committing
}

type groupCall struct {
	fn   func(kvTx) error
	err  error
	wake chan bool // true: commit the pending calls; false: done, err is set
}

// update runs fn in a write transaction, possibly shared with other
// callers' functions, and returns fn's error or the commit's. fn may be
// called more than once (when another function of its group fails, the
// group is rolled back and run again without it), so it must have no
// effect outside the transaction other than on values it owns.
func (db *DB) update(fn func(kvTx) error) error {
	g := &db.group
	c := &groupCall{fn: fn, wake: make(chan bool, 1)}
	g.mu.Lock()
	g.pending = append(g.pending, c)
	lead := !g.busy
	g.busy = true
	g.mu.Unlock()
	if !lead && !<-c.wake {
		return c.err
	}
	g.mu.Lock()
	n := min(len(g.pending), maxGroup)
	group := g.pending[:n:n]
	g.pending = g.pending[n:]
	g.mu.Unlock()
	db.commitGroup(group)
	for _, o := range group {
		if o != c {
			o.wake <- false
		}
	}
	g.mu.Lock()
	if len(g.pending) > 0 {
		g.pending[0].wake <- true // the next group's committer
	} else {
		g.busy = false
	}
	g.mu.Unlock()
	return c.err
}

// commitGroup runs the functions of group in order in one transaction and
// sets each call's error. When one fails, the transaction is rolled back;
// those before it are committed again without it, and it runs first in
// the next transaction (where its error is its own, as if it had run
// alone after them).
func (db *DB) commitGroup(group []*groupCall) {
	for len(group) > 0 {
		failed := -1
		err := db.kv.update(func(tx kvTx) error {
			failed = -1 // set afresh: the engine may run this more than once
			for i, c := range group {
				if err := c.fn(tx); err != nil {
					failed = i
					return err
				}
			}
			return nil
		})
		switch {
		case failed < 0: // committed, or the commit failed for all
			for _, c := range group {
				c.err = err
			}
			return
		case failed == 0:
			group[0].err = err
			group = group[1:]
		default:
			db.commitGroup(group[:failed])
			group = group[failed:]
		}
	}
}
