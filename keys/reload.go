package keys

import (
	"fmt"
	"maps"
)

// Reload brings the keyring up to the store: keys another process sharing
// the store generated are unsealed and added, keys it retired are retired
// here too, and keys it removed are dropped. It reports whether anything
// changed. A node of a shared database calls it on a timer, so that a
// rotation or a new community on one node reaches the others. A key that
// does not unseal (another passphrase) is an error naming it, and the
// keyring stays as it was.
func (k *Keyring) Reload() (changed bool, err error) {
	k.write.Lock()
	defer k.write.Unlock()
	recs, err := k.store.ListKeys()
	if err != nil {
		return false, fmt.Errorf("listing keys: %w", err)
	}
	k.mu.RLock()
	current := k.keys
	k.mu.RUnlock()
	next := make(map[string]*slot, len(recs))
	for _, rec := range recs {
		sl, ok := current[rec.ID]
		switch {
		case !ok:
			if sl, err = k.load(rec); err != nil {
				return false, fmt.Errorf("opening key %s of issuer %q: %w", rec.ID, rec.Issuer, err)
			}
			changed = true
		case !sl.rec.Retired.Equal(rec.Retired):
			sl = sl.retire(rec.Retired)
			changed = true
		}
		next[rec.ID] = sl
	}
	if len(next) != len(current) {
		changed = true
	}
	if !changed {
		return false, nil
	}
	k.mu.Lock()
	k.keys = maps.Clone(next)
	k.mu.Unlock()
	return true, nil
}
