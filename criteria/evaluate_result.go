package criteria

import (
	"cmp"
	"slices"
)

// result evaluates p for m with every requirement's progress and evidence.
func (e *evaluator) result(p *plan, m int32) Result {
	res := Result{Achievement: p.a.ID, Requirements: []RequirementResult{}}
	if h, ok := e.holds(m, p.ach); ok {
		res.Held = true
		if h != nil {
			res.Credential = e.ix.credentialOf(h)
		}
	}
	leafMet := make([]bool, len(p.leaves))
	leafEvidence := make([][]Evidence, len(p.leaves))
	for i, s := range p.leaves {
		met, t := e.leaf(s, p, m, true)
		leafMet[i] = met
		ids, ev := e.evidence(s, t, m)
		leafEvidence[i] = ev
		res.Requirements = append(res.Requirements, requirementResults(s, t, met, ids)...)
	}
	ruleMet := p.root != nil && p.root.met(leafMet)
	var evidence []Evidence
	if p.root != nil {
		for _, i := range p.root.used(leafMet, nil) {
			evidence = append(evidence, leafEvidence[i]...)
		}
	}
	approved := false
	if p.approval && m >= 0 {
		t := e.approvals(p, m, true)
		approved = t.count > 0
		ids, ev := e.attestationEvidence(t.items)
		res.Requirements = append(res.Requirements, RequirementResult{
			Description: withNumbers("Application approved", float64(min(t.count, 1)), 1),
			Phrase:      Phrase{Counts: CountsApproval},
			Current:     float64(min(t.count, 1)), Target: 1, Met: approved, Evidence: ids,
		})
		evidence = append(evidence, ev...)
	}
	res.Earned = res.Held || ruleMet || approved
	res.Evidence = dedupeEvidence(evidence)
	return res
}

// used returns the leaves whose evidence counts toward s: in a met all,
// every leaf; in an any, the met branches; in an unmet rule, the met leaves,
// to show progress.
func (s *step) used(leafMet []bool, out []int) []int {
	switch s.kind {
	case stepAll, stepAny:
		for _, k := range s.kids {
			if s.kind == stepAll && s.met(leafMet) || k.met(leafMet) || !s.met(leafMet) {
				out = k.used(leafMet, out)
			}
		}
		return out
	}
	if leafMet[s.leaf] {
		out = append(out, s.leaf)
	}
	return out
}

// requirementResults reports a leaf's progress, one result per threshold.
func requirementResults(s *step, t tally, met bool, ids []string) []RequirementResult {
	phrases := rulePhrases(s.rule)
	var out []RequirementResult
	add := func(current, target float64, met bool) {
		i := len(out)
		out = append(out, RequirementResult{Description: withNumbers(s.descs[i], current, target),
			Phrase: phrases[i], Current: current, Target: target, Met: met, Evidence: ids})
	}
	switch s.kind {
	case stepExchanges:
		q := s.rule.Exchanges
		if q.Count > 0 {
			add(float64(t.count), float64(q.Count), t.count >= q.Count)
		}
		if q.Hours > 0 {
			add(floor2(t.hours), q.Hours, t.hours >= q.Hours-hoursSlack)
		}
		if q.DistinctPartners > 0 {
			add(float64(t.partners), float64(q.DistinctPartners), t.partners >= q.DistinctPartners)
		}
	case stepAttestations:
		add(float64(t.count), float64(s.rule.Attestations.Count), met)
	default:
		add(float64(t.count), 1, met)
	}
	return out
}

// evidence returns the ids and evidence of what a leaf counted, most recent
// first, at most MaxEvidence.
func (e *evaluator) evidence(s *step, t tally, m int32) ([]string, []Evidence) {
	switch s.kind {
	case stepExchanges:
		ix := e.ix
		items := sortRecent(t.items, func(i int32) int64 { return ix.ex[i].at }, ix.exIDs)
		ids := make([]string, len(items))
		ev := make([]Evidence, len(items))
		for j, i := range items {
			ids[j] = ix.exIDs[i]
			ev[j] = Evidence{ID: ids[j], Kind: EvidenceExchange, Narrative: ix.exchangeNarrative(i, s.rule.Exchanges.Hours > 0)}
		}
		return ids, ev
	case stepAttestations:
		return e.attestationEvidence(t.items)
	case stepHolds:
		h, ok := e.holds(m, s.holds)
		if !ok {
			return nil, nil
		}
		ev := Evidence{Kind: EvidenceCredential, Achievement: s.rule.Holds, Narrative: "Holds " + s.rule.Holds}
		if h == nil {
			ev.Narrative += ", awarded in the same evaluation"
			return nil, []Evidence{ev}
		}
		ev.ID = e.ix.credentialOf(h)
		return []string{ev.ID}, []Evidence{ev}
	}
	return nil, nil
}

func (e *evaluator) attestationEvidence(items []int32) ([]string, []Evidence) {
	ix := e.ix
	items = sortRecent(items, func(i int32) int64 { return ix.att[i].at }, ix.attIDs)
	ids := make([]string, len(items))
	ev := make([]Evidence, len(items))
	for j, i := range items {
		ids[j] = ix.attIDs[i]
		a := &ix.att[i]
		ev[j] = Evidence{ID: ids[j], Kind: EvidenceAttestation, Narrative: ix.attestationNarrative(i),
			Attester: ix.members.names[a.attester], Statement: ix.attSays[i]}
	}
	return ids, ev
}

// sortRecent sorts items by time, most recent first, then by id, and keeps
// at most MaxEvidence.
func sortRecent(items []int32, at func(int32) int64, ids []string) []int32 {
	slices.SortFunc(items, func(a, b int32) int {
		return cmp.Or(cmp.Compare(at(b), at(a)), cmp.Compare(ids[a], ids[b]))
	})
	return items[:min(len(items), MaxEvidence)]
}

func dedupeEvidence(ev []Evidence) []Evidence {
	var out []Evidence
	for _, x := range ev {
		if !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}
