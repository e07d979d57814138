package award

import (
	"cmp"
	"slices"
	"strings"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/criteria"
	"github.com/accolade-badges/accolade/errs"
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
	if err := checkCommunities([]*criteria.Achievement{a}, stored); err != nil {
		return nil, err
	}
	unpublished, err := s.store.Unpublished()
	if err != nil {
		return nil, err
	}
	now := s.now()
	t, err := s.communities.of(cmp.Or(a.Issuer, accolade.DefaultSlug)).Try(a, now)
	if err != nil {
		return nil, err
	}
	out := &DryRun{Achievement: a.ID, Replaces: slices.Contains(known, a.ID), Unpublished: unpublished[a.ID],
		Members: t.Members, WouldEarn: len(t.Earners), AlreadyHold: t.Holders, NearlyCount: len(t.Nearly)}
	ids := make([]string, 0, len(t.Earners)+len(t.Nearly))
	for _, e := range slices.Concat(t.Earners, t.Nearly) {
		ids = append(ids, e.Member)
	}
	names, err := s.memberNames(ids, t.Members)
	if err != nil {
		return nil, err
	}
	out.Earners = s.firstByName(t.Earners, names, MaxDryRunEarners, a.ID)
	out.Nearly = s.firstByName(t.Nearly, names, MaxDryRunNearly, "")
	return out, nil
}

// memberNames returns the names of the members ids, by id: looked up one
// by one when they are few of all (members), else read with every member.
func (s *Service) memberNames(ids []string, members int) (map[string]string, error) {
	out := make(map[string]string, len(ids))
	if len(ids) <= members/4 {
		for _, id := range ids {
			m, err := s.store.Member(id)
			if errs.KindOf(err) == errs.NotFound {
				continue // known to the index only: no name
			} else if err != nil {
				return nil, err
			}
			out[id] = m.Name
		}
		return out, nil
	}
	all, err := s.store.Members()
	if err != nil {
		return nil, err
	}
	for _, m := range all {
		out[m.ID] = m.Name
	}
	return out, nil
}

// firstByName returns the first n of list by name, ignoring case, then
// id, with their progress; renewals of achievement, when not "", are
// marked.
func (s *Service) firstByName(list []criteria.Standing, names map[string]string, n int, achievement string) []Earner {
	list = slices.Clone(list)
	slices.SortFunc(list, func(x, y criteria.Standing) int {
		return cmp.Or(strings.Compare(strings.ToLower(names[x.Member]), strings.ToLower(names[y.Member])), strings.Compare(x.Member, y.Member))
	})
	out := make([]Earner, 0, min(len(list), n))
	for _, st := range list[:min(len(list), n)] {
		e := Earner{Member: st.Member, Name: names[st.Member], Requirements: st.Requirements()}
		if achievement != "" {
			h, held := s.communities.holding(st.Member, achievement)
			e.Renews = held && h.Valid
		}
		out = append(out, e)
	}
	return out
}

// checkIssuers checks that the issuers the achievements name exist
// (criteria.CheckIssuers). The caller holds s.mu.
func (s *Service) checkIssuers(batch []*criteria.Achievement) error {
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
