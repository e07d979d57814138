package main

import (
	"sync"
	"time"
)

// keyReloadEvery is how often a node of a shared database reads the keys
// again (keys.Keyring.Reload), so that a rotation or a new community made
// through another node signs and verifies here too within about that time.
const keyReloadEvery = 10 * time.Second

// changesKept is how long the change feed keeps an event (see
// award.Service.Follow): a running node reads it within a second; one
// that was stopped longer builds its index from the records at start and
// follows from the newest event then, so it never needs an older one.
const changesKept = 24 * time.Hour

// pruneChangesEvery is how often a node prunes the change feed.
const pruneChangesEvery = time.Hour

// followShared starts what a node of a shared database does on timers:
// reloading the keyring, and pruning the change feed of events older than
// changesKept. It returns how to stop it; on a data directory, which one
// process holds, there is nothing to follow.
func (m *Main) followShared() (stop func()) {
	if m.Config.DatabaseURL == "" {
		return func() {}
	}
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		every := m.KeyReloadEvery
		if every <= 0 {
			every = keyReloadEvery
		}
		t := time.NewTicker(every)
		defer t.Stop()
		prune := time.NewTicker(pruneChangesEvery)
		defer prune.Stop()
		for {
			select {
			case <-done:
				return
			case <-prune.C:
				m.pruneChanges()
			case <-t.C:
				if changed, err := m.Keys.Reload(); err != nil {
					m.Log.Error("reading the keys again from the database", "err", err)
				} else if changed {
					m.Log.Info("keys changed in the database: reloaded")
				}
			}
		}
	}()
	var once sync.Once
	return func() { once.Do(func() { close(done); wg.Wait() }) }
}

// pruneChanges deletes the change feed's events older than changesKept,
// a batch at a time, until none is left.
func (m *Main) pruneChanges() {
	for {
		n, err := m.DB.PruneChanges(m.Now().Add(-changesKept))
		if err != nil {
			m.Log.Error("pruning the change feed", "err", err)
			return
		}
		if n == 0 {
			return
		}
	}
}
