package criteria

import (
	"slices"

	"github.com/accolade-badges/accolade/ledger"
)

// PutExchange inserts e, or replaces the exchange with its id: posting an
// exchange again, with more confirmations or withdrawn, updates it in place,
// so it is counted once. A withdrawn or disputed exchange (DisputedBy not
// empty) stays indexed but never counts; it counts again once every dispute
// is lifted.
// The index trusts e to be valid (see ledger.Exchange.Validate); a member
// listed twice is counted once, as a teacher if listed as both.
func (ix *Index) PutExchange(e *ledger.Exchange) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	teachers, learners := ix.participants(e)
	rec := exchangeRecord{
		at:        nanos(e.OccurredAt),
		hours:     e.Hours,
		teachers:  uint16(len(teachers)),
		learners:  uint16(len(learners)),
		kind:      kindIndex(e.Kind),
		withdrawn: !e.Counts(), // withdrawn or disputed: never counts
	}
	i, exists := ix.exByID[e.ID]
	if !exists {
		i = int32(len(ix.ex))
		ix.exByID[e.ID] = i
		ix.ex = append(ix.ex, exchangeRecord{})
		ix.exIDs = append(ix.exIDs, e.ID)
		ix.exTitles = append(ix.exTitles, e.Title)
	} else {
		ix.exTitles[i] = e.Title
		old := ix.ex[i]
		if t, l := ix.people(&old); !slices.Equal(t, teachers) || !slices.Equal(l, learners) {
			ix.unpost(i, &old)
			exists = false
		}
		rec.partOff, rec.skillOff = old.partOff, old.skillOff
		if old.teachers != rec.teachers || old.learners != rec.learners {
			rec.partOff = uint32(len(ix.parts))
		}
		if int(old.nSkills) < len(e.Skills) {
			rec.skillOff = uint32(len(ix.skillIDs))
		}
	}
	if !exists {
		rec.partOff = uint32(len(ix.parts))
		rec.skillOff = uint32(len(ix.skillIDs))
	}
	ix.storeParts(&rec, teachers, learners, e.ConfirmedBy)
	ix.storeSkills(&rec, e.Skills)
	ix.ex[i] = rec
	if !exists {
		ix.post(i, teachers, learners)
	}
}

// participants interns e's teachers and learners, dropping repeats.
func (ix *Index) participants(e *ledger.Exchange) (teachers, learners []int32) {
	all := make([]int32, 0, len(e.Teachers)+len(e.Learners))
	var seen map[int32]bool // for large exchanges; small ones are searched
	if cap(all) > 32 {
		seen = make(map[int32]bool, cap(all))
	}
	add := func(id string) bool {
		m := ix.member(id)
		if seen[m] || seen == nil && slices.Contains(all, m) {
			return false
		}
		if seen != nil {
			seen[m] = true
		}
		all = append(all, m)
		return true
	}
	nTeachers := 0
	for _, id := range e.Teachers {
		if add(id) {
			nTeachers++
		}
	}
	for _, id := range e.Learners {
		add(id)
	}
	return all[:nTeachers:nTeachers], all[nTeachers:]
}

// people returns the participants of a stored exchange, without flags.
func (ix *Index) people(r *exchangeRecord) (teachers, learners []int32) {
	p := ix.parts[r.partOff : r.partOff+uint32(r.teachers)+uint32(r.learners)]
	all := make([]int32, len(p))
	for j, v := range p {
		all[j] = int32(v &^ confirmedBit)
	}
	return all[:r.teachers], all[r.teachers:]
}

// storeParts writes the participants at rec.partOff, appending when it is
// the end of the pool.
func (ix *Index) storeParts(rec *exchangeRecord, teachers, learners []int32, confirmedBy []string) {
	n := len(teachers) + len(learners)
	if int(rec.partOff) == len(ix.parts) {
		ix.parts = append(ix.parts, make([]uint32, n)...)
	}
	p := ix.parts[rec.partOff : int(rec.partOff)+n]
	for j, m := range teachers {
		p[j] = uint32(m)
	}
	for j, m := range learners {
		p[len(teachers)+j] = uint32(m)
	}
	for _, id := range confirmedBy {
		if m := ix.members.lookup(id); m >= 0 {
			if j := slices.Index(p, uint32(m)); j >= 0 {
				p[j] |= confirmedBit
			}
		}
	}
}

func (ix *Index) storeSkills(rec *exchangeRecord, skills []string) {
	if int(rec.skillOff) == len(ix.skillIDs) {
		ix.skillIDs = append(ix.skillIDs, make([]int32, len(skills))...)
	}
	for j, s := range skills {
		ix.skillIDs[int(rec.skillOff)+j] = ix.skills.add(s)
	}
	rec.nSkills = uint8(min(len(skills), 255))
}

// post adds exchange i to its participants' lists.
func (ix *Index) post(i int32, teachers, learners []int32) {
	for _, m := range teachers {
		ix.facts[m].exchanges = append(ix.facts[m].exchanges, uint32(i)|teacherBit)
	}
	for _, m := range learners {
		ix.facts[m].exchanges = append(ix.facts[m].exchanges, uint32(i))
	}
}

// unpost removes exchange i from its participants' lists.
func (ix *Index) unpost(i int32, r *exchangeRecord) {
	teachers, learners := ix.people(r)
	for _, m := range slices.Concat(teachers, learners) {
		f := &ix.facts[m]
		f.exchanges = slices.DeleteFunc(f.exchanges, func(p uint32) bool { return p&^teacherBit == uint32(i) })
	}
}

// RemoveExchange withdraws the exchange with id: it stops counting.
func (ix *Index) RemoveExchange(id string) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if i, ok := ix.exByID[id]; ok {
		ix.ex[i].withdrawn = true
	}
}

// exchangeParticipants returns the member ids of the indexed exchange with
// id, or nil.
func (ix *Index) exchangeParticipants(id string) []int32 {
	i, ok := ix.exByID[id]
	if !ok {
		return nil
	}
	t, l := ix.people(&ix.ex[i])
	return append(t, l...)
}

func kindIndex(k ledger.ExchangeKind) uint8 {
	if i := slices.Index(ledger.ExchangeKinds, k); i >= 0 {
		return uint8(i)
	}
	return noKind
}
