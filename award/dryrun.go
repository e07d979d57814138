package award

import (
	"cmp"
	"slices"
	"strings"

	"github.com/accolade-badges/accolade/criteria"
)

// Limits of a DryRun's lists.
const (
	MaxDryRunEarners = 100
	MaxDryRunNearly  = 20
)

// DryRun is who would earn an achievement now: what loading it and then
// evaluating every member would award, before anything is stored or issued.
type DryRun struct {
	Achievement string
	Replaces    bool     // an achievement with this id is stored: the run previews replacing it
	Unpublished bool     // the stored one is unpublished: loading it would award nothing until published
	Members     int      // members evaluated
	WouldEarn   int      // credentials the evaluation would issue for it
	AlreadyHold int      // members holding a valid credential for it now
	NearlyCount int      // members one requirement short of it
	Earners     []Earner // the first MaxDryRunEarners who would earn it, by name
	Nearly      []Earner // the first MaxDryRunNearly one requirement short, by name
}

// Earner is a member of a DryRun's lists, with their progress on each
// requirement.
type Earner struct {
	Member, Name string
	Renews       bool // they hold an active credential for it (expired or expiring soon): the award renews it
	Requirements []criteria.RequirementResult
}

// DryRun reports who would earn a now (see DryRun), from the current
// activity: a replaces the stored achievement with its id, if any, for the
// run. It is checked as LoadAchievements checks it, with the same errors
// (errs.Invalid naming file, line and field): it is valid, the achievements
// it refers to exist, and so does its issuer. Nothing is stored, issued or
// changed in the engine; the run reads under the service's lock as a
// reader, so that it sees no change half-made.
func (s *Service) DryRun(a *criteria.Achievement) (*DryRun, error) {
	if err := a.Validate(); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	stored, err := s.store.Achievements()
	if err != nil {
		return nil, err
	}
	known := make([]string, len(stored))
	for i, st := range stored {
		known[i] = st.ID
	}
	if err := criteria.CheckReferences([]*criteria.Achievement{a}, known); err != nil {
		return nil, err
	}
	if err := s.checkIssuers([]*criteria.Achievement{a}); err != nil {
		return nil, err
	}
	unpublished, err := s.store.Unpublished()
	if err != nil {
		return nil, err
	}
	now := s.now()
	t, err := s.engine.Try(a, now)
	if err != nil {
		return nil, err
	}
	out := &DryRun{Achievement: a.ID, Replaces: slices.Contains(known, a.ID), Unpublished: unpublished[a.ID],
		Members: t.Members, WouldEarn: len(t.Awards), AlreadyHold: t.Holders, NearlyCount: len(t.Nearly)}
	names, err := s.memberNames()
	if err != nil {
		return nil, err
	}
	for _, aw := range t.Awards {
		h, held := s.engine.Index().Holding(aw.Member, a.ID)
		out.Earners = append(out.Earners, Earner{Member: aw.Member, Name: names[aw.Member],
			Renews: held && h.Valid, Requirements: aw.Result.Requirements})
	}
	for _, n := range t.Nearly {
		out.Nearly = append(out.Nearly, Earner{Member: n.Member, Name: names[n.Member], Requirements: n.Requirements})
	}
	out.Earners, out.Nearly = firstByName(out.Earners, MaxDryRunEarners), firstByName(out.Nearly, MaxDryRunNearly)
	return out, nil
}

// memberNames returns every member's name, by id.
func (s *Service) memberNames() (map[string]string, error) {
	members, err := s.store.Members()
	if err != nil {
		return nil, err
	}
	out := make(map[string]string, len(members))
	for _, m := range members {
		out[m.ID] = m.Name
	}
	return out, nil
}

// firstByName sorts list by name, ignoring case, then id, and keeps the
// first n.
func firstByName(list []Earner, n int) []Earner {
	slices.SortFunc(list, func(x, y Earner) int {
		return cmp.Or(strings.Compare(strings.ToLower(x.Name), strings.ToLower(y.Name)), strings.Compare(x.Member, y.Member))
	})
	return list[:min(len(list), n)]
}

// checkIssuers checks that the issuers the achievements name exist
// (criteria.CheckIssuers). The caller holds s.mu.
func (s *Service) checkIssuers(batch []*criteria.Achievement) error {
	if !slices.ContainsFunc(batch, func(a *criteria.Achievement) bool { return a.Issuer != "" }) {
		return nil
	}
	profiles, err := s.store.Issuers()
	if err != nil {
		return err
	}
	slugs := make([]string, len(profiles))
	for i, p := range profiles {
		slugs[i] = p.Slug
	}
	if err := criteria.CheckIssuers(batch, slugs); err != nil {
		return err
	}
	return nil
}
