package accolade

import (
	"errors"
	"time"
)

// ErrStatusIndexTaken (wrapped in an errs.Conflict error) is what storing
// a signed credential answers when another credential took one of its
// status indexes meanwhile: on a database several nodes share, each draws
// indexes on its own, and two may draw the same. The credential is not
// stored; issuing it again draws another index.
var ErrStatusIndexTaken = errors.New("a status index of the credential was taken by another credential meanwhile")

// StatusPurpose is what a bit in a status list says: the statusPurpose of a
// W3C Bitstring Status List.
type StatusPurpose string

const (
	// PurposeRevocation bits are set, for good, when a credential is revoked.
	PurposeRevocation StatusPurpose = "revocation"
	// PurposeSuspension bits are set while a credential is suspended.
	PurposeSuspension StatusPurpose = "suspension"
)

// StatusPurposes are the purposes an issuer keeps lists for, in the order a
// credential's entries name them.
var StatusPurposes = []StatusPurpose{PurposeRevocation, PurposeSuspension}

// StatusListSize is the number of entries (bits) in one status list: the
// W3C minimum of 131,072 (16 KiB), so that one credential hides among many.
const StatusListSize = 131072

// StatusTTL is how long a published status list may be cached (its
// Cache-Control max-age and its ttl). A status change shows in the list at
// once; a verifier that cached the list sees it within StatusTTL.
const StatusTTL = 5 * time.Minute

// StatusEntry is a credential's place in one of its issuer's status lists:
// the list of that purpose numbered List (from 1), bit Index.
type StatusEntry struct {
	Purpose StatusPurpose
	List    int
	Index   int
}

// StatusList is the state of one status list as the store keeps it.
type StatusList struct {
	Issuer  string // issuer slug
	Purpose StatusPurpose
	Number  int    // from 1; a full list rolls over to the next number
	Used    int    // entries allocated
	Bits    []byte // StatusListSize/8 bytes; bit 0 is the most significant bit of byte 0
}

// Bit reports whether bit i of the list is set.
func (l *StatusList) Bit(i int) bool {
	return i >= 0 && i/8 < len(l.Bits) && l.Bits[i/8]>>(7-i%8)&1 == 1
}

// StatusBit reports whether a record with status st has its bit set in a
// list of purpose p: revocation bits mirror Revoked, suspension bits
// Suspended (a revoked credential is no longer merely suspended).
func StatusBit(p StatusPurpose, st Status) bool {
	return p == PurposeRevocation && st == Revoked || p == PurposeSuspension && st == Suspended
}
