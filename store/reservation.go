package store

import (
	"slices"
	"sync"
	"time"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/errs"
)

// pendingTTL is how long a reservation blocks another credential for the
// same member and achievement. A reservation is normally completed or
// released within milliseconds; one left behind (a Prepared credential
// never signed) stops counting after this. Records of State Pending,
// which stores written before reservations were kept in memory may hold
// (left by a crash), stop counting after it too.
const pendingTTL = 2 * time.Minute

// reservations is the table of the credentials being issued: reserved by
// ReserveCredential and neither completed nor released yet. It is kept in
// memory only, beside the database, and guarded by mu: a reservation answers no
// one, so a crash that loses it loses nothing that was promised. The
// checks that must see both (the conflict check, status allocation) run
// under mu with a read transaction begun under it, and a reservation
// leaves the table only after the transaction that stored the credential
// (or kept its status indexes taken) has committed; so every check sees a
// credential either here or in the database, never in neither. The table
// is one process's: on PostgreSQL, nodes do not see each other's, and the
// write transaction that completes a credential is what catches a clash
// (see writeStatus and checkHeld).
type reservations struct {
	mu   sync.Mutex
	byID map[string]*reservation
	// byHold: member \x00 achievement \x00 -> its reservations (more than
	// one only when a stale one lingers).
	byHold map[string][]*reservation
	// indexes: list key -> status index -> the credential id holding it.
	// The indexes count towards their list's Used (see pendingIn), so that
	// a list never overfills.
	indexes map[string]map[int]string
}

// reservation is one credential being issued: what ReserveCredential
// checked and allocated, which CompleteCredential stores.
type reservation struct {
	id, issuer, member, achievement, renews string
	at                                      time.Time // the now of ReserveCredential
	entries                                 []accolade.StatusEntry
}

func (r *reservation) hold() string { return string(heldPrefix(r.member, r.achievement)) }

func newReservation(rec *accolade.Record, now time.Time) *reservation {
	return &reservation{id: rec.ID, issuer: rec.Issuer, member: rec.Member, achievement: rec.Achievement,
		renews: rec.Renews, at: now, entries: slices.Clone(rec.StatusEntries)}
}

// matches reports whether rec is the credential r reserved: the same
// holder, achievement, issuer, renewal and status entries.
func (r *reservation) matches(rec *accolade.Record) bool {
	return rec.ID == r.id && rec.Issuer == r.issuer && rec.Member == r.member && rec.Achievement == r.achievement &&
		rec.Renews == r.renews && slices.Equal(rec.StatusEntries, r.entries)
}

// fresh returns a reservation for the member and achievement that still
// blocks another at now, or nil. Call with mu held.
func (t *reservations) fresh(member, achievement string, now time.Time) *reservation {
	for _, r := range t.byHold[string(heldPrefix(member, achievement))] {
		if now.Sub(r.at) < pendingTTL {
			return r
		}
	}
	return nil
}

// add puts r in the table. Call with mu held, after its indexes were
// taken with takeIndex.
func (t *reservations) add(r *reservation) {
	if t.byID == nil {
		t.byID, t.byHold = map[string]*reservation{}, map[string][]*reservation{}
	}
	t.byID[r.id] = r
	t.byHold[r.hold()] = append(t.byHold[r.hold()], r)
}

// takeIndex marks a status index of list as held by credential id. Call
// with mu held.
func (t *reservations) takeIndex(list []byte, index int, id string) {
	if t.indexes == nil {
		t.indexes = map[string]map[int]string{}
	}
	m := t.indexes[string(list)]
	if m == nil {
		m = map[int]string{}
		t.indexes[string(list)] = m
	}
	m[index] = id
}

// dropIndex undoes takeIndex, if id still holds the index. Call with mu held.
func (t *reservations) dropIndex(list []byte, index int, id string) {
	m := t.indexes[string(list)]
	if m[index] != id {
		return
	}
	delete(m, index)
	if len(m) == 0 {
		delete(t.indexes, string(list))
	}
}

// reserved reports whether a reservation holds the index of list. Call
// with mu held.
func (t *reservations) reserved(list []byte, index int) bool {
	_, ok := t.indexes[string(list)][index]
	return ok
}

// pendingIn returns how many indexes of list the reservations hold that
// tx does not have yet: with the list's Used, how many are taken. (A
// completed reservation is in both for a moment, between its commit and
// its leaving the table.) Call with mu held.
func (t *reservations) pendingIn(tx kvTx, list []byte) int {
	b, n := tx.bucket(bucketStatusIndexes), 0
	for index := range t.indexes[string(list)] {
		if b.Get(indexKey(list, index)) == nil {
			n++
		}
	}
	return n
}

// lookup returns the reservation of rec.ID, checking that rec is what was
// reserved: errs.Conflict when nothing is reserved under that id (never
// reserved, or already completed or released), errs.Internal when rec
// differs from its reservation.
func (t *reservations) lookup(rec *accolade.Record) (*reservation, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	r := t.byID[rec.ID]
	switch {
	case r == nil:
		return nil, errs.E(errs.Conflict, "credential %s is not reserved", rec.ID)
	case !r.matches(rec):
		return nil, errs.E(errs.Internal, "credential %s is not the one reserved under its id (holder, achievement, issuer, renewal or status entries differ)", rec.ID)
	}
	return r, nil
}

// get returns the reservation of id, or nil.
func (t *reservations) get(id string) *reservation {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.byID[id]
}

// drop removes r and the indexes it holds from the table. Call it only
// once what r holds is committed to the database (or was never needed).
func (t *reservations) drop(r *reservation) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.dropLocked(r)
}

// dropLocked is drop with mu held.
func (t *reservations) dropLocked(r *reservation) {
	if t.byID[r.id] == r {
		delete(t.byID, r.id)
	}
	hold := r.hold()
	t.byHold[hold] = slices.DeleteFunc(t.byHold[hold], func(o *reservation) bool { return o == r })
	if len(t.byHold[hold]) == 0 {
		delete(t.byHold, hold)
	}
	for _, e := range r.entries {
		t.dropIndex(listKey(r.issuer, e.Purpose, e.List), e.Index, r.id)
	}
}

// forAchievement returns how many reservations are for the achievement.
func (t *reservations) forAchievement(achievement string) int {
	t.mu.Lock()
	defer t.mu.Unlock()
	n := 0
	for _, r := range t.byID {
		if r.achievement == achievement {
			n++
		}
	}
	return n
}
