package criteria

import (
	"encoding/binary"
	"math"
	"slices"

	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/ledger"
)

// snapshotVersion is the version of AppendSnapshot's encoding. Change it
// whenever the encoding, or what an index holds, changes: a snapshot of
// another version is refused, and the index is built again from the facts.
const snapshotVersion = 1

// AppendSnapshot appends the index to b in a compact binary encoding that
// ReadSnapshot reads back: its tables as they are, so that reading it
// back costs a fraction of indexing the facts again. The numbers come
// first, then every string's bytes in one block, which the index read
// back keeps as one string: it holds no more memory than the index needs. A snapshot is a cache
// of what the store's records say, never a source of truth: whoever keeps
// one must be able to tell that it is current (see award.Service's
// snapshot).
func (ix *Index) AppendSnapshot(b []byte) []byte {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	var e snapshotEncoder
	e.uint(snapshotVersion)
	for _, t := range []*intern{&ix.members, &ix.skills, &ix.achievements, &ix.levels} {
		e.strings(t.names)
	}
	e.uint(uint64(len(ix.facts)))
	for _, f := range ix.facts {
		e.uint32s(f.exchanges)
		e.int32s(f.received)
		e.int32s(f.given)
		e.uint(uint64(len(f.holdings)))
		for j, h := range f.holdings {
			e.int(int64(h.ach))
			e.bool(h.valid)
			e.int(h.validUntil)
			e.string(ix.credentialOf(&f.holdings[j]))
		}
	}
	e.uint(uint64(len(ix.ex)))
	for _, r := range ix.ex {
		e.int(r.at)
		e.b = binary.LittleEndian.AppendUint64(e.b, math.Float64bits(r.hours))
		e.uint(uint64(r.partOff))
		e.uint(uint64(r.skillOff))
		e.uint(uint64(r.teachers))
		e.uint(uint64(r.learners))
		e.b = append(e.b, r.nSkills, r.kind)
		e.bool(r.withdrawn)
	}
	e.strings(ix.exIDs)
	e.strings(ix.exTitles)
	e.uint32s(ix.parts)
	e.int32s(ix.skillIDs)
	e.uint(uint64(len(ix.att)))
	for _, a := range ix.att {
		e.int(a.at)
		for _, v := range []int32{a.attester, a.member, a.skill, a.level, a.ach} {
			e.int(int64(v))
		}
	}
	e.strings(ix.attIDs)
	e.strings(ix.attSays)
	b = binary.AppendUvarint(b, uint64(len(e.b)))
	b = append(b, e.b...)
	b = binary.AppendUvarint(b, uint64(len(e.str)))
	return append(b, e.str...)
}

// snapshotEncoder writes numbers, and the lengths of strings, to b, and
// the strings' bytes to str.
type snapshotEncoder struct{ b, str []byte }

func (e *snapshotEncoder) uint(v uint64) { e.b = binary.AppendUvarint(e.b, v) }
func (e *snapshotEncoder) int(v int64)   { e.b = binary.AppendVarint(e.b, v) }

func (e *snapshotEncoder) bool(v bool) {
	if v {
		e.b = append(e.b, 1)
	} else {
		e.b = append(e.b, 0)
	}
}

func (e *snapshotEncoder) string(s string) {
	e.uint(uint64(len(s)))
	e.str = append(e.str, s...)
}

func (e *snapshotEncoder) strings(ss []string) {
	e.uint(uint64(len(ss)))
	for _, s := range ss {
		e.string(s)
	}
}

func (e *snapshotEncoder) uint32s(vs []uint32) {
	e.uint(uint64(len(vs)))
	for _, v := range vs {
		e.uint(uint64(v))
	}
}

func (e *snapshotEncoder) int32s(vs []int32) {
	e.uint(uint64(len(vs)))
	for _, v := range vs {
		e.int(int64(v))
	}
}

// ReadSnapshot returns the index that AppendSnapshot encoded at the start
// of data, and the rest of data after it. It checks every reference
// between the tables, so that a damaged snapshot is an errs.Invalid error,
// never an index that fails later.
func ReadSnapshot(data []byte) (*Index, []byte, error) {
	d := &snapshotDecoder{s: data}
	numbers := d.block()
	strs := d.block()
	if d.err != nil {
		return nil, nil, d.err
	}
	rest := d.s
	d.s, d.str = numbers, string(strs)
	if v := d.uint(); d.err == nil && v != snapshotVersion {
		return nil, nil, errs.E(errs.Invalid, "index snapshot version %d, want %d", v, snapshotVersion)
	}
	ix := NewIndex()
	for _, t := range []*intern{&ix.members, &ix.skills, &ix.achievements, &ix.levels} {
		d.intern(t)
	}
	nMembers, nAch := int32(len(ix.members.names)), int32(len(ix.achievements.names))
	if n := d.count(); d.err == nil && n != int(nMembers) {
		d.fail("%d members but facts for %d", nMembers, n)
	}
	d.facts(ix)
	d.exchanges(ix)
	ix.exIDs = d.strings()
	ix.exTitles = d.strings()
	ix.parts = d.uint32s()
	ix.skillIDs = d.int32s()
	d.attestations(ix)
	ix.attIDs = d.strings()
	ix.attSays = d.strings()
	if d.err == nil {
		d.check(ix, nMembers, nAch)
	}
	if d.err == nil && (len(d.s) > 0 || len(d.str) > 0) {
		d.fail("%d bytes left over", len(d.s)+len(d.str))
	}
	if d.err != nil {
		return nil, nil, d.err
	}
	return ix, rest, nil
}

func (d *snapshotDecoder) facts(ix *Index) {
	n := len(ix.members.names)
	ix.facts = make([]memberFacts, n)
	for i := 0; i < n && d.err == nil; i++ {
		f := &ix.facts[i]
		f.exchanges = d.uint32s()
		f.received = d.int32s()
		f.given = d.int32s()
		nh := d.count()
		if nh > 0 {
			f.holdings = make([]holding, nh)
		}
		for j := range f.holdings {
			ach, valid, until := d.int32(), d.bool(), d.int()
			f.holdings[j] = ix.newHolding(ach, valid, d.string())
			f.holdings[j].validUntil = until
		}
	}
}

func (d *snapshotDecoder) exchanges(ix *Index) {
	n := d.count()
	ix.ex = make([]exchangeRecord, n)
	for i := 0; i < n && d.err == nil; i++ {
		r := &ix.ex[i]
		r.at = d.int()
		r.hours = math.Float64frombits(d.fixed64())
		r.partOff, r.skillOff = d.uint32(), d.uint32()
		r.teachers, r.learners = d.uint16(), d.uint16()
		r.nSkills, r.kind = d.byte(), d.byte()
		r.withdrawn = d.bool()
	}
}

func (d *snapshotDecoder) attestations(ix *Index) {
	n := d.count()
	ix.att = make([]attestationRecord, n)
	for i := 0; i < n && d.err == nil; i++ {
		a := &ix.att[i]
		a.at = d.int()
		a.attester, a.member = d.int32(), d.int32()
		a.skill, a.level, a.ach = d.int32(), d.int32(), d.int32()
	}
}

// check verifies every reference between the tables, and builds the maps
// from exchange and attestation ids.
func (d *snapshotDecoder) check(ix *Index, nMembers, nAch int32) {
	nEx, nAtt, nSkills, nLevels := int32(len(ix.ex)), int32(len(ix.att)), int32(len(ix.skills.names)), int32(len(ix.levels.names))
	if len(ix.exIDs) != len(ix.ex) || len(ix.exTitles) != len(ix.ex) || len(ix.attIDs) != len(ix.att) || len(ix.attSays) != len(ix.att) {
		d.fail("tables of different lengths")
		return
	}
	for _, f := range ix.facts {
		for _, v := range f.exchanges {
			d.in(int32(v&^teacherBit), nEx, "exchange")
		}
		for _, v := range slices.Concat(f.received, f.given) {
			d.in(v, nAtt, "attestation")
		}
		for _, h := range f.holdings {
			d.in(h.ach, nAch, "achievement")
		}
	}
	for _, v := range ix.parts {
		d.in(int32(v&^confirmedBit), nMembers, "member")
	}
	for _, v := range ix.skillIDs {
		d.in(v, nSkills, "skill")
	}
	for _, r := range ix.ex {
		if uint64(r.partOff)+uint64(r.teachers)+uint64(r.learners) > uint64(len(ix.parts)) ||
			uint64(r.skillOff)+uint64(r.nSkills) > uint64(len(ix.skillIDs)) ||
			(r.kind != noKind && int(r.kind) >= len(ledger.ExchangeKinds)) {
			d.fail("exchange out of range")
		}
	}
	for _, a := range ix.att {
		d.in(a.attester, nMembers, "member")
		d.in(a.member, nMembers, "member")
		d.in(a.skill+1, nSkills+1, "skill")
		d.in(a.level+1, nLevels+1, "level")
		d.in(a.ach+1, nAch+1, "achievement")
	}
	ix.exByID = d.ids(ix.exIDs, "exchange")
	ix.attByID = d.ids(ix.attIDs, "attestation")
}

// ids maps each of ids to its position, refusing one given twice.
func (d *snapshotDecoder) ids(ids []string, what string) map[string]int32 {
	m := make(map[string]int32, len(ids))
	for i, id := range ids {
		if _, dup := m[id]; dup {
			d.fail("%s %q twice", what, id)
			return m
		}
		m[id] = int32(i)
	}
	return m
}

// snapshotDecoder reads an encoding of AppendSnapshot: numbers from s,
// strings from str. The first error sticks, and every read after it
// returns zero.
type snapshotDecoder struct {
	s   []byte
	str string
	err error
}

func (d *snapshotDecoder) fail(format string, args ...any) {
	if d.err == nil {
		d.err = errs.E(errs.Invalid, "index snapshot: "+format, args...)
	}
	d.s, d.str = nil, ""
}

// block reads a length and that many bytes.
func (d *snapshotDecoder) block() []byte {
	n := d.uint()
	if n > uint64(len(d.s)) {
		d.fail("truncated")
		return nil
	}
	b := d.s[:n:n]
	d.s = d.s[n:]
	return b
}

func (d *snapshotDecoder) in(v, n int32, what string) {
	if v < 0 || v >= n {
		d.fail("%s %d out of range", what, v)
	}
}

func (d *snapshotDecoder) uint() uint64 {
	v, n := uvarint(d.s)
	if n <= 0 {
		d.fail("truncated")
		return 0
	}
	d.s = d.s[n:]
	return v
}

// uvarint is binary.Uvarint, refusing all but the shortest encoding.
func uvarint(s []byte) (uint64, int) {
	var x uint64
	var shift uint
	for i := 0; i < len(s) && i < binary.MaxVarintLen64; i++ {
		c := s[i]
		if c < 0x80 {
			if i == binary.MaxVarintLen64-1 && c > 1 || i > 0 && c == 0 {
				return 0, -1 // overflow, or not the shortest encoding
			}
			return x | uint64(c)<<shift, i + 1
		}
		x |= uint64(c&0x7f) << shift
		shift += 7
	}
	return 0, 0
}

func (d *snapshotDecoder) int() int64 {
	u := d.uint()
	return int64(u>>1) ^ -int64(u&1) // zig-zag, as binary.AppendVarint
}

func (d *snapshotDecoder) int32() int32 {
	v := d.int()
	if v < math.MinInt32 || v > math.MaxInt32 {
		d.fail("value out of range")
	}
	return int32(v)
}

func (d *snapshotDecoder) uint32() uint32 {
	v := d.uint()
	if v > math.MaxUint32 {
		d.fail("value out of range")
	}
	return uint32(v)
}

func (d *snapshotDecoder) uint16() uint16 {
	v := d.uint()
	if v > math.MaxUint16 {
		d.fail("value out of range")
	}
	return uint16(v)
}

func (d *snapshotDecoder) byte() byte {
	if len(d.s) < 1 {
		d.fail("truncated")
		return 0
	}
	c := d.s[0]
	d.s = d.s[1:]
	return c
}

func (d *snapshotDecoder) bool() bool {
	c := d.byte()
	if c > 1 {
		d.fail("bad boolean")
	}
	return c == 1
}

func (d *snapshotDecoder) fixed64() uint64 {
	if len(d.s) < 8 {
		d.fail("truncated")
		return 0
	}
	v := binary.LittleEndian.Uint64(d.s)
	d.s = d.s[8:]
	return v
}

// count reads a length, which cannot exceed the bytes left (every element
// takes at least one).
func (d *snapshotDecoder) count() int {
	n := d.uint()
	if n > uint64(len(d.s)) {
		d.fail("length %d beyond the end", n)
		return 0
	}
	return int(n)
}

func (d *snapshotDecoder) string() string {
	n := d.uint()
	if n > uint64(len(d.str)) {
		d.fail("string beyond the end")
		return ""
	}
	s := d.str[:n]
	d.str = d.str[n:]
	return s
}

func (d *snapshotDecoder) strings() []string {
	n := d.count()
	if n == 0 {
		return nil
	}
	out := make([]string, n)
	for i := range out {
		out[i] = d.string()
	}
	return out
}

func (d *snapshotDecoder) intern(t *intern) {
	t.names = d.strings()
	t.ids = make(map[string]int32, len(t.names))
	for i, s := range t.names {
		if _, dup := t.ids[s]; dup {
			d.fail("%q interned twice", s)
			return
		}
		t.ids[s] = int32(i)
	}
}

func (d *snapshotDecoder) uint32s() []uint32 {
	n := d.count()
	if n == 0 {
		return nil
	}
	out := make([]uint32, n)
	for i := range out {
		out[i] = d.uint32()
	}
	return out
}

func (d *snapshotDecoder) int32s() []int32 {
	n := d.count()
	if n == 0 {
		return nil
	}
	out := make([]int32, n)
	for i := range out {
		out[i] = d.int32()
	}
	return out
}
