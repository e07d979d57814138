package store

import (
	"slices"

	"github.com/accolade-badges/accolade"
)

// statusListVersion is the version of statusListRecord and statusBitsRecord.
const statusListVersion = 1

// statusListRecord is the allocation state of one status list: how many
// of its StatusListSize indexes are taken (the indexes themselves are keys
// of bucketStatusIndexes).
type statusListRecord struct {
	V       int    `json:"v"`
	Issuer  string `json:"issuer"`
	Purpose string `json:"purpose"`
	Number  int    `json:"number"`
	Used    int    `json:"used"`
}

func (r *statusListRecord) version() (int, int) { return r.V, statusListVersion }

// statusBitsRecord is the bitstring of one status list, kept in step with
// the statuses of its credentials (SetStatus writes both in one
// transaction). Absent until the first bit is set.
type statusBitsRecord struct {
	V    int    `json:"v"`
	Bits []byte `json:"bits"`
}

func (r *statusBitsRecord) version() (int, int) { return r.V, statusListVersion }

// statusEntryRecord is the stored form of an accolade.StatusEntry, inside a
// credentialRecord.
type statusEntryRecord struct {
	Purpose string `json:"purpose"`
	List    int    `json:"list"`
	Index   int    `json:"index"`
}

func toStatusEntryRecords(in []accolade.StatusEntry) []statusEntryRecord {
	var out []statusEntryRecord
	for _, e := range in {
		out = append(out, statusEntryRecord{Purpose: string(e.Purpose), List: e.List, Index: e.Index})
	}
	return out
}

func statusEntriesFromRecords(in []statusEntryRecord) []accolade.StatusEntry {
	var out []accolade.StatusEntry
	for _, e := range in {
		out = append(out, accolade.StatusEntry{Purpose: accolade.StatusPurpose(e.Purpose), List: e.List, Index: e.Index})
	}
	return out
}

func statusListFromRecords(l *statusListRecord, b *statusBitsRecord) *accolade.StatusList {
	out := &accolade.StatusList{Issuer: l.Issuer, Purpose: accolade.StatusPurpose(l.Purpose), Number: l.Number, Used: l.Used}
	if b != nil {
		out.Bits = slices.Clone(b.Bits)
	}
	if len(out.Bits) != accolade.StatusListSize/8 {
		out.Bits = append(out.Bits, make([]byte, max(accolade.StatusListSize/8-len(out.Bits), 0))...)[:accolade.StatusListSize/8]
	}
	return out
}
