package award

import (
	"slices"
	"strings"

	"github.com/accolade-badges/accolade/criteria"
	"github.com/accolade-badges/accolade/errs"
)

// PutAchievement validates and stores an achievement and, when it is
// published, gives it to the engine. Members are not evaluated against it
// until the next activity that affects them or an explicit Evaluate. It does
// not check that the achievements it refers to exist (LoadAchievements does):
// it is for trusted callers such as the demo.
func (s *Service) PutAchievement(a *criteria.Achievement) error {
	if err := a.Validate(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.store.PutAchievement(a); err != nil {
		return err
	}
	return s.engage([]*criteria.Achievement{a})
}

// LoadAchievements validates achievements loaded together (from a request or
// files), checks that every achievement they refer to exists, stored or in
// the batch (criteria.CheckReferences), and that the issuers they name
// exist (criteria.CheckIssuers), and stores them all or none. The
// errors are of kind errs.Invalid, naming file and line for parsed
// achievements. Replacing an achievement keeps its published state.
func (s *Service) LoadAchievements(batch []*criteria.Achievement) error {
	seen := map[string]bool{}
	for _, a := range batch {
		if err := a.Validate(); err != nil {
			return err
		}
		if seen[a.ID] {
			return errs.Field("id", "achievement %q is given twice in the batch", a.ID)
		}
		seen[a.ID] = true
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	stored, err := s.store.Achievements()
	if err != nil {
		return err
	}
	known := make([]string, len(stored))
	for i, a := range stored {
		known[i] = a.ID
	}
	if err := criteria.CheckReferences(batch, known); err != nil {
		return err
	}
	if err := s.checkIssuers(batch); err != nil {
		return err
	}
	if err := checkCommunities(batch, stored); err != nil {
		return err
	}
	if err := s.store.PutAchievements(batch); err != nil {
		return err
	}
	return s.engage(batch)
}

// engage gives the published achievements of list to the engine. The caller
// holds s.mu.
func (s *Service) engage(list []*criteria.Achievement) error {
	unpublished, err := s.store.Unpublished()
	if err != nil {
		return err
	}
	for _, a := range list {
		s.communities.place(a)
		if unpublished[a.ID] {
			continue
		}
		if err := s.communities.setAchievement(a); err != nil {
			return err
		}
	}
	return nil
}

// SetPublished publishes or unpublishes the achievement with id. An
// unpublished achievement is not listed publicly and no credential is issued
// for it, by rule or directly; its page and the credentials issued before
// keep working. It reports whether the state changed; errs.NotFound when
// there is no such achievement.
func (s *Service) SetPublished(id string, published bool) (changed bool, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, err := s.store.Achievement(id)
	if err != nil {
		return false, err
	}
	if changed, err = s.store.SetPublished(id, published, s.now()); err != nil {
		return false, err
	}
	if !published {
		s.communities.disengage(id)
		return changed, nil
	}
	return changed, s.communities.setAchievement(a)
}

// DeleteAchievement deletes an achievement for which no credential was ever
// issued, and which no other achievement refers to. Errors: errs.NotFound,
// errs.Conflict (credentials exist, saying how many, or another achievement
// refers to it).
func (s *Service) DeleteAchievement(id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	stored, err := s.store.Achievements()
	if err != nil {
		return err
	}
	var users []string
	for _, a := range stored {
		if a.ID != id && a.RefersTo(id) {
			users = append(users, a.ID)
		}
	}
	if len(users) > 0 {
		return errs.E(errs.Conflict, "achievement %q cannot be deleted: %s %s to it; change %s first",
			id, quoteList(users), pick(len(users), "refers", "refer"), pick(len(users), "it", "them"))
	}
	if err := s.store.DeleteAchievement(id); err != nil {
		return err
	}
	s.communities.removeAchievement(id)
	return nil
}

// published returns an errs.Conflict error when achievement id is
// unpublished. The caller holds s.mu.
func (s *Service) published(id string) error {
	unpublished, err := s.store.Unpublished()
	if err != nil {
		return err
	}
	if unpublished[id] {
		return errs.E(errs.Conflict, "achievement %q is unpublished: no credentials are issued for it until it is published again", id)
	}
	return nil
}

func quoteList(ids []string) string {
	ids = slices.Clone(ids)
	for i, id := range ids {
		ids[i] = `"` + id + `"`
	}
	if len(ids) == 1 {
		return ids[0]
	}
	return strings.Join(ids[:len(ids)-1], ", ") + " and " + ids[len(ids)-1]
}

func pick(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
