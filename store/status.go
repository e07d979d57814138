package store

import (
	"bytes"
	"encoding/binary"
	"slices"

	bolt "go.etcd.io/bbolt"

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
// that no other credential ever had, in the issuer's newest list of that
// purpose, or in a new one when that is full. Each entry's Index comes in
// as a random draw: the index is picked pseudo-randomly from it (herd
// privacy), scanning for a free one only in a nearly full list. An index
// stays taken even when the reservation is released.
func allocateStatus(tx *bolt.Tx, rec *accolade.Record) error {
	for i := range rec.StatusEntries {
		e := &rec.StatusEntries[i]
		if !slices.Contains(accolade.StatusPurposes, e.Purpose) {
			return errs.E(errs.Internal, "credential %s: unknown status purpose %q", rec.ID, e.Purpose)
		}
		l, err := currentList(tx, rec.Issuer, e.Purpose)
		if err != nil {
			return err
		}
		key := listKey(l.Issuer, accolade.StatusPurpose(l.Purpose), l.Number)
		index, err := freeIndex(tx.Bucket(bucketStatusIndexes), key, uint64(e.Index))
		if err != nil {
			return err
		}
		if err := tx.Bucket(bucketStatusIndexes).Put(indexKey(key, index), []byte(rec.ID)); err != nil {
			return err
		}
		l.Used++
		if err := put(tx, bucketStatusLists, string(key), l); err != nil {
			return err
		}
		e.List, e.Index = l.Number, index
	}
	return nil
}

// currentList returns the issuer's newest list of the purpose with room
// left, starting a new one when there is none.
func currentList(tx *bolt.Tx, issuer string, purpose accolade.StatusPurpose) (*statusListRecord, error) {
	prefix := listPrefix(issuer, purpose)
	c := tx.Bucket(bucketStatusLists).Cursor()
	k, _ := c.Seek(append(bytes.Clone(prefix), 0xff, 0xff, 0xff, 0xff))
	if k == nil {
		k, _ = c.Last()
	} else {
		k, _ = c.Prev()
	}
	next := 1
	if k != nil && bytes.HasPrefix(k, prefix) {
		l, err := get[statusListRecord](tx, bucketStatusLists, string(k))
		if err != nil {
			return nil, err
		}
		if l.Used < accolade.StatusListSize {
			return l, nil
		}
		next = l.Number + 1
	}
	return &statusListRecord{V: statusListVersion, Issuer: issuer, Purpose: string(purpose), Number: next}, nil
}

// freeIndex returns an index of the list that is not taken: the first free
// one of a pseudo-random sequence drawn from seed, or else the next free
// one after the last of them (wrapping). The list must have room.
func freeIndex(b *bolt.Bucket, list []byte, seed uint64) (int, error) {
	var index int
	for i := range probes {
		seed = splitmix64(seed + uint64(i))
		index = int(seed % accolade.StatusListSize)
		if b.Get(indexKey(list, index)) == nil {
			return index, nil
		}
	}
	c := b.Cursor()
	for range 2 { // from index to the end, then from 0
		want := index
		for k, _ := c.Seek(indexKey(list, want)); want < accolade.StatusListSize; k, _ = c.Next() {
			if k == nil || !bytes.HasPrefix(k, list) || len(k) != len(list)+4 || int(binary.BigEndian.Uint32(k[len(list):])) != want {
				return want, nil
			}
			want++
		}
		index = 0
	}
	return 0, errs.E(errs.Internal, "status list %q is full", list)
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
func setStatusBits(tx *bolt.Tx, rec *accolade.Record) error {
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
	err := db.bolt.View(func(tx *bolt.Tx) error {
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
