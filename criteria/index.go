package criteria

import (
	"math"
	"slices"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/accolade-badges/accolade/ledger"
)

// Holding is a member's credential for an achievement, as far as criteria
// care: holds and fromHoldersOf need it to be currently valid.
type Holding struct {
	Credential string    // credential id, for evidence
	ValidUntil time.Time // zero: it does not expire
	Valid      bool      // false: revoked or suspended
}

// ValidAt reports whether the credential is valid at t: not revoked and, when
// it expires, t is before ValidUntil.
func (h Holding) ValidAt(t time.Time) bool {
	return h.Valid && (h.ValidUntil.IsZero() || t.Before(h.ValidUntil))
}

// Index holds the facts criteria read, compactly and by member, so that a
// member is evaluated by looking at their own facts only. Member, skill and
// achievement ids are interned to int32. An exchange takes a 40-byte record,
// 8 bytes per participant (the participant and the participant's posting)
// and 4 per skill, plus its id and title; with 6 to 7 participants that is
// about 250 bytes in all (see BenchmarkIndexBuild). It is safe for
// concurrent use; writes wait for evaluations in progress.
type Index struct {
	mu sync.RWMutex

	members, skills, achievements, levels intern
	facts                                 []memberFacts // by member

	exByID   map[string]int32
	ex       []exchangeRecord
	exIDs    []string
	exTitles []string
	parts    []uint32 // participants of every exchange: member | confirmedBit
	skillIDs []int32  // skills of every exchange

	attByID map[string]int32
	att     []attestationRecord
	attIDs  []string
	attSays []string // statements, trimmed to MaxStatement, by attestation

	otherIDs intern // credential ids that are not UUIDs in canonical form (see holding)
}

// memberFacts are one member's facts, as indexes into the Index's tables.
type memberFacts struct {
	exchanges []uint32  // exchange | teacherBit
	received  []int32   // attestations about the member
	given     []int32   // attestations by the member
	holdings  []holding // credentials the member holds
}

type exchangeRecord struct {
	at        int64 // occurredAt, Unix nanoseconds
	hours     float64
	partOff   uint32 // teachers, then learners, in parts
	skillOff  uint32
	teachers  uint16
	learners  uint16
	nSkills   uint8
	kind      uint8 // index in ledger.ExchangeKinds; noKind when unknown
	withdrawn bool  // withdrawn or disputed: never counts
}

type attestationRecord struct {
	at                int64
	attester, member  int32
	skill, level, ach int32 // -1 when not set
}

// holding is 40 bytes: the credential id is kept as the 16 bytes of its
// UUID (every issued credential's id is one), not as a 36-byte string,
// which would double the memory of a million holdings.
type holding struct {
	validUntil int64    // Unix nanoseconds; 0: no expiry
	uuid       [16]byte // the credential id, when other is -1
	ach        int32
	other      int32 // the credential id's index in Index.otherIDs, when it is not a UUID; else -1
	valid      bool
}

const (
	teacherBit   = 1 << 31 // in memberFacts.exchanges
	confirmedBit = 1 << 31 // in Index.parts
	noKind       = 255
)

// NewIndex returns an empty index.
func NewIndex() *Index {
	return &Index{exByID: map[string]int32{}, attByID: map[string]int32{}}
}

// intern maps ids to dense int32s and back.
type intern struct {
	ids   map[string]int32
	names []string
}

func (t *intern) add(s string) int32 {
	if i, ok := t.ids[s]; ok {
		return i
	}
	if t.ids == nil {
		t.ids = map[string]int32{}
	}
	i := int32(len(t.names))
	t.ids[s] = i
	t.names = append(t.names, s)
	return i
}

// lookup returns s's int, or -1.
func (t *intern) lookup(s string) int32 {
	if i, ok := t.ids[s]; ok {
		return i
	}
	return -1
}

func (t *intern) optional(s string) int32 {
	if s == "" {
		return -1
	}
	return t.add(s)
}

// nanos is t in Unix nanoseconds, clamped to the int64 range.
func nanos(t time.Time) int64 {
	switch {
	case t.Year() < 1678:
		return math.MinInt64
	case t.Year() > 2261:
		return math.MaxInt64
	}
	return t.UnixNano()
}

// AddMember makes member known, so that evaluating everyone includes them
// even before they have facts.
func (ix *Index) AddMember(member string) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	ix.member(member)
}

func (ix *Index) member(id string) int32 {
	m := ix.members.add(id)
	if int(m) == len(ix.facts) {
		ix.facts = append(ix.facts, memberFacts{})
	}
	return m
}

// Len returns the number of members, exchanges and attestations indexed.
func (ix *Index) Len() (members, exchanges, attestations int) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return len(ix.members.names), len(ix.ex), len(ix.att)
}

// SetHolding records that member holds a credential for achievement, or,
// with h.Valid false, that it was revoked or suspended.
func (ix *Index) SetHolding(member, achievement string, h Holding) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	f := &ix.facts[ix.member(member)]
	rec := ix.newHolding(ix.achievements.add(achievement), h.Valid, h.Credential)
	if !h.ValidUntil.IsZero() {
		rec.validUntil = nanos(h.ValidUntil)
	}
	for i := range f.holdings {
		if f.holdings[i].ach == rec.ach {
			f.holdings[i] = rec
			return
		}
	}
	f.holdings = append(f.holdings, rec)
}

// Holding returns member's holding for achievement, and whether there is one.
func (ix *Index) Holding(member, achievement string) (Holding, bool) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	m, a := ix.members.lookup(member), ix.achievements.lookup(achievement)
	if m < 0 || a < 0 {
		return Holding{}, false
	}
	for _, h := range ix.facts[m].holdings {
		if h.ach == a {
			out := Holding{Credential: ix.credentialOf(&h), Valid: h.valid}
			if h.validUntil != 0 {
				out.ValidUntil = time.Unix(0, h.validUntil).UTC()
			}
			return out, true
		}
	}
	return Holding{}, false
}

// newHolding is a holding of credential id for achievement ach.
func (ix *Index) newHolding(ach int32, valid bool, id string) holding {
	h := holding{ach: ach, valid: valid, other: -1}
	if u, err := uuid.Parse(id); err == nil && u.String() == id {
		h.uuid = u
	} else {
		h.other = ix.otherIDs.add(id)
	}
	return h
}

// credentialOf returns the id of h's credential.
func (ix *Index) credentialOf(h *holding) string {
	if h.other >= 0 {
		return ix.otherIDs.names[h.other]
	}
	return uuid.UUID(h.uuid).String()
}

// holdsAt reports whether member m holds a credential for achievement a that
// is valid at now, and returns it.
func (ix *Index) holdsAt(m, a int32, now int64) (*holding, bool) {
	if m < 0 || a < 0 {
		return nil, false
	}
	for i := range ix.facts[m].holdings {
		h := &ix.facts[m].holdings[i]
		if h.ach == a {
			return h, h.valid && (h.validUntil == 0 || now < h.validUntil)
		}
	}
	return nil, false
}

// PutAttestation inserts a, or replaces the attestation with its id.
func (ix *Index) PutAttestation(a *ledger.Attestation) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	rec := attestationRecord{
		at:       nanos(a.CreatedAt),
		attester: ix.member(a.Attester),
		member:   ix.member(a.Member),
		skill:    ix.skills.optional(a.Skill),
		level:    ix.levels.optional(a.Level),
		ach:      ix.achievements.optional(a.Achievement),
	}
	i, ok := ix.attByID[a.ID]
	if ok {
		old := ix.att[i]
		ix.facts[old.member].received = deleteValue(ix.facts[old.member].received, i)
		ix.facts[old.attester].given = deleteValue(ix.facts[old.attester].given, i)
		ix.att[i] = rec
		ix.attSays[i] = TrimStatement(a.Statement)
	} else {
		i = int32(len(ix.att))
		ix.attByID[a.ID] = i
		ix.att = append(ix.att, rec)
		ix.attIDs = append(ix.attIDs, a.ID)
		ix.attSays = append(ix.attSays, TrimStatement(a.Statement))
	}
	ix.facts[rec.member].received = append(ix.facts[rec.member].received, i)
	ix.facts[rec.attester].given = append(ix.facts[rec.attester].given, i)
}

func deleteValue[T comparable](s []T, v T) []T {
	if i := slices.Index(s, v); i >= 0 {
		return slices.Delete(s, i, i+1)
	}
	return s
}
