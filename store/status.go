package store

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"slices"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/errs"
)

// probes is how many pseudo-random indexes allocation tries in a list
// before it scans for a free one from the last of them.
const probes = 32

// listKey is a status list's key in bucketStatusLists and bucketStatusBits:
// issuer \x00 purpose \x00 number (4 bytes big-endian).
func listKey(issuer string, purpose accolade.StatusPurpose, n int) []byte {
	return binary.BigEndian.AppendUint32(listPrefix(issuer, purpose), uint32(n))
}

func listPrefix(issuer string, purpose accolade.StatusPurpose) []byte {
	return []byte(issuer + "\x00" + string(purpose) + "\x00")
}

// indexKey is an allocated index's key in bucketStatusIndexes: the list's
// key, then the index (4 bytes big-endian).
func indexKey(list []byte, index int) []byte {
	return binary.BigEndian.AppendUint32(bytes.Clone(list), uint32(index))
}

// allocateStatus gives each of rec's status entries a list and an index
// that no other credential ever had or has reserved, in the issuer's newest
// list of that purpose with room left, or in a new one when that is full.
// Each entry's Index comes in as a random draw: the index is picked
// pseudo-randomly from it (herd privacy), scanning for a free one only in
// a nearly full list. The indexes are reserved in t, and counted towards
// their lists' Used there; CompleteCredential writes them to the file. An
// index stays taken even when the reservation is released
// (ReleaseCredential writes it too). Call with t.mu held and tx begun under
// it.
func (t *reservations) allocateStatus(tx kvTx, rec *accolade.Record) error {
	for i, e := range rec.StatusEntries {
		if !slices.Contains(accolade.StatusPurposes, e.Purpose) || slices.ContainsFunc(rec.StatusEntries[:i],
			func(o accolade.StatusEntry) bool { return o.Purpose == e.Purpose }) {
			return errs.E(errs.Internal, "credential %s: unknown or repeated status purpose %q", rec.ID, e.Purpose)
		}
	}
	for i := range rec.StatusEntries {
		e := &rec.StatusEntries[i]
		n, key, err := t.currentList(tx, rec.Issuer, e.Purpose)
		var index int
		if err == nil {
			index, err = t.freeIndex(tx.bucket(bucketStatusIndexes), key, uint64(e.Index))
		}
		if err != nil {
			for _, d := range rec.StatusEntries[:i] {
				t.dropIndex(listKey(rec.Issuer, d.Purpose, d.List), d.Index, rec.ID)
			}
			return err
		}
		e.List, e.Index = n, index
		t.takeIndex(key, index, rec.ID)
	}
	return nil
}

// currentList returns the number and key of the issuer's newest list of
// the purpose with room left, counting the indexes reserved in it: the
// newest stored list, or a list after it when that is full (a list is
// stored with its first index).
func (t *reservations) currentList(tx kvTx, issuer string, purpose accolade.StatusPurpose) (int, []byte, error) {
	prefix := listPrefix(issuer, purpose)
	c := tx.bucket(bucketStatusLists).Cursor()
	k, _ := c.Seek(append(bytes.Clone(prefix), 0xff, 0xff, 0xff, 0xff))
	if k == nil {
		k, _ = c.Last()
	} else {
		k, _ = c.Prev()
	}
	n, used := 1, 0
	if k != nil && bytes.HasPrefix(k, prefix) {
		l, err := get[statusListRecord](tx, bucketStatusLists, string(k))
		if err != nil {
			return 0, nil, err
		}
		n, used = l.Number, l.Used
	}
	for {
		key := listKey(issuer, purpose, n)
		// Counting all reserved indexes is enough, and cheap, unless that
		// fills the list: then count those not stored yet.
		if used+len(t.indexes[string(key)]) < accolade.StatusListSize || used+t.pendingIn(tx, key) < accolade.StatusListSize {
			return n, key, nil
		}
		n, used = n+1, 0
	}
}

// freeIndex returns an index of the list that is neither stored (in b)
// nor reserved: the first free one of a pseudo-random sequence drawn from
// seed, or else the next free one after the last of them (wrapping). The
// list must have room.
func (t *reservations) freeIndex(b kvBucket, list []byte, seed uint64) (int, error) {
	var index int
	for i := range probes {
		seed = splitmix64(seed + uint64(i))
		index = int(seed % accolade.StatusListSize)
		if !t.reserved(list, index) && b.Get(indexKey(list, index)) == nil {
			return index, nil
		}
	}
	// stored returns the index of key k when it is one of list's, else -1.
	stored := func(k []byte) int {
		if k == nil || !bytes.HasPrefix(k, list) || len(k) != len(list)+4 {
			return -1
		}
		return int(binary.BigEndian.Uint32(k[len(list):]))
	}
	c := b.Cursor()
	for range 2 { // from index to the end, then from 0
		k, _ := c.Seek(indexKey(list, index))
		for want := index; want < accolade.StatusListSize; want++ {
			switch {
			case stored(k) == want: // keys come in index order: k's is want or after it
				k, _ = c.Next()
			case !t.reserved(list, want):
				return want, nil
			}
		}
		index = 0
	}
	return 0, errs.E(errs.Internal, "status list %q is full", list)
}

// writeStatus writes the status indexes of credential id's entries to the
// file as taken by it, and counts them in their lists' Used (storing a
// list with its first index). They were reserved (allocateStatus), so
// each must be free: one taken by another credential is an errs.Internal
// error, as is a list that would overfill. One already taken by id is
// left as it is.
func writeStatus(tx kvTx, id, issuer string, entries []accolade.StatusEntry) error {
	return putStatus(tx, id, issuer, entries, false)
}

// keepStatus is writeStatus for a released credential's indexes: one
// another credential took meanwhile (another node sharing the database
// drew it) stays taken by it, which is all releasing asks.
func keepStatus(tx kvTx, id, issuer string, entries []accolade.StatusEntry) error {
	return putStatus(tx, id, issuer, entries, true)
}

func putStatus(tx kvTx, id, issuer string, entries []accolade.StatusEntry, taken bool) error {
	b := tx.bucket(bucketStatusIndexes)
	for _, e := range entries {
		if e.List < 1 || e.Index < 0 || e.Index >= accolade.StatusListSize {
			return errs.E(errs.Internal, "credential %s: %s status list %d index %d out of range", id, e.Purpose, e.List, e.Index)
		}
		key := listKey(issuer, e.Purpose, e.List)
		if v := b.Get(indexKey(key, e.Index)); v != nil {
			if string(v) != id && !taken {
				return indexTaken(id, e, string(v))
			}
			continue
		}
		// The bucket says free; on PostgreSQL, so must the constraint.
		if owner, err := takeIndex(tx, key, e.Index, id); err != nil {
			return err
		} else if owner != id {
			if !taken {
				return indexTaken(id, e, owner)
			}
			continue
		}
		if err := b.Put(indexKey(key, e.Index), []byte(id)); err != nil {
			return err
		}
		l, err := get[statusListRecord](tx, bucketStatusLists, string(key))
		if err != nil {
			return err
		}
		if l == nil {
			l = &statusListRecord{V: statusListVersion, Issuer: issuer, Purpose: string(e.Purpose), Number: e.List}
		}
		if l.Used++; l.Used > accolade.StatusListSize {
			return errs.E(errs.Internal, "credential %s: %s status list %d would hold more than %d indexes", id, e.Purpose, e.List, accolade.StatusListSize)
		}
		if err := put(tx, bucketStatusLists, string(key), l); err != nil {
			return err
		}
	}
	return nil
}

// indexTaken is the error of credential id's entry e, whose index owner
// holds.
func indexTaken(id string, e accolade.StatusEntry, owner string) error {
	return &errs.Error{Kind: errs.Conflict, Err: accolade.ErrStatusIndexTaken,
		Msg: fmt.Sprintf("credential %s: index %d of %s status list %d is already taken by %s", id, e.Index, e.Purpose, e.List, owner)}
}

// splitmix64 is one step of the SplitMix64 generator: it spreads a draw
// over the whole range, so that consecutive probes land far apart.
func splitmix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ x>>30) * 0xbf58476d1ce4e5b9
	x = (x ^ x>>27) * 0x94d049bb133111eb
	return x ^ x>>31
}

// setStatusBits sets or clears the bits of rec's status entries to match
// its status (accolade.StatusBit).
func setStatusBits(tx kvTx, rec *accolade.Record) error {
	for _, e := range rec.StatusEntries {
		key := string(listKey(rec.Issuer, e.Purpose, e.List))
		b, err := get[statusBitsRecord](tx, bucketStatusBits, key)
		if err != nil {
			return err
		}
		if b == nil {
			b = &statusBitsRecord{V: statusListVersion, Bits: make([]byte, accolade.StatusListSize/8)}
		}
		if e.Index < 0 || e.Index/8 >= len(b.Bits) {
			return errs.E(errs.Internal, "credential %s: status index %d out of range", rec.ID, e.Index)
		}
		mask := byte(1) << (7 - e.Index%8)
		old := b.Bits[e.Index/8]
		if accolade.StatusBit(e.Purpose, rec.Status) {
			b.Bits[e.Index/8] |= mask
		} else {
			b.Bits[e.Index/8] &^= mask
		}
		if b.Bits[e.Index/8] == old {
			continue
		}
		if err := put(tx, bucketStatusBits, key, b); err != nil {
			return err
		}
	}
	return nil
}

// StatusList returns one of the issuer's status lists with its bits, or an
// errs.NotFound error when the issuer has no such list.
func (db *DB) StatusList(issuer string, purpose accolade.StatusPurpose, n int) (*accolade.StatusList, error) {
	var out *accolade.StatusList
	err := db.kv.view(func(tx kvTx) error {
		key := string(listKey(issuer, purpose, n))
		l, err := get[statusListRecord](tx, bucketStatusLists, key)
		if err != nil || l == nil {
			return err
		}
		b, err := get[statusBitsRecord](tx, bucketStatusBits, key)
		if err != nil {
			return err
		}
		out = statusListFromRecords(l, b)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if out == nil {
		return nil, errs.E(errs.NotFound, "issuer %q has no %s status list %d", issuer, purpose, n)
	}
	return out, nil
}
