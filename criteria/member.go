package criteria

// MemberFactIDs are the ids of one member's facts, as the Index holds them:
// the exchanges they take part in (withdrawn and disputed ones included) and
// the attestations about them and by them, in the order they were indexed.
type MemberFactIDs struct {
	Exchanges []string
	Received  []string // attestations about the member
	Given     []string // attestations by the member
}

// MemberFacts returns the ids of member's facts, reading only that member's
// lists (never every exchange); an unknown member has none.
func (ix *Index) MemberFacts(member string) MemberFactIDs {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	var out MemberFactIDs
	m := ix.members.lookup(member)
	if m < 0 {
		return out
	}
	f := &ix.facts[m]
	for _, p := range f.exchanges {
		out.Exchanges = append(out.Exchanges, ix.exIDs[p&^teacherBit])
	}
	for _, a := range f.received {
		out.Received = append(out.Received, ix.attIDs[a])
	}
	for _, a := range f.given {
		out.Given = append(out.Given, ix.attIDs[a])
	}
	return out
}
