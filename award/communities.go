package award

import (
	"cmp"
	"maps"
	"slices"
	"sync"
	"time"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/criteria"
	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/ledger"
)

// Each community (issuer) has its own criteria engine: its achievements,
// its members, the exchanges and attestations made in it, and the holdings
// of its credentials. Isolation is by construction: an exchange in one
// community is not in another's index, so it cannot count toward that
// community's achievements, and a rule sees only holdings of its own
// community's achievements (load refuses a rule that names another's).

// communities holds the engine of every community. Its maps are guarded
// by its own mu (read by member pages without the service's lock); the
// engines are safe for concurrent use, and changes to them are serialised
// by the service's mu.
type communities struct {
	mu      sync.RWMutex
	engines map[string]*criteria.Engine
	// achievementOf maps an achievement id to its community, for the
	// engine that holds its rule and its holdings.
	achievementOf map[string]string
}

func newCommunities() *communities {
	return &communities{engines: map[string]*criteria.Engine{}, achievementOf: map[string]string{}}
}

// of returns community slug's engine, creating an empty one.
func (c *communities) of(slug string) *criteria.Engine {
	c.mu.RLock()
	en := c.engines[slug]
	c.mu.RUnlock()
	if en != nil {
		return en
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if en = c.engines[slug]; en == nil {
		en = criteria.NewEngine(criteria.NewIndex())
		c.engines[slug] = en
	}
	return en
}

// communityOf returns the slug of achievement id's community: the default
// community for an achievement not (or not yet) loaded.
func (c *communities) communityOf(id string) string {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return cmp.Or(c.achievementOf[id], accolade.DefaultSlug)
}

// forAchievement returns the engine of achievement id's community.
func (c *communities) forAchievement(id string) *criteria.Engine {
	return c.of(c.communityOf(id))
}

// each calls f with every community's engine, in slug order.
func (c *communities) each(f func(slug string, en *criteria.Engine)) {
	c.mu.RLock()
	slugs := slices.Sorted(maps.Keys(c.engines))
	engines := make([]*criteria.Engine, len(slugs))
	for i, slug := range slugs {
		engines[i] = c.engines[slug]
	}
	c.mu.RUnlock()
	for i, slug := range slugs {
		f(slug, engines[i])
	}
}

// setAchievement puts a into its issuer's engine, taking it out of any
// other (an achievement moved to another issuer).
func (c *communities) setAchievement(a *criteria.Achievement) error {
	slug := cmp.Or(a.Issuer, accolade.DefaultSlug)
	if err := c.of(slug).SetAchievement(a); err != nil {
		return err
	}
	c.mu.Lock()
	old, ok := c.achievementOf[a.ID]
	c.achievementOf[a.ID] = slug
	c.mu.Unlock()
	if ok && old != slug {
		c.of(old).RemoveAchievement(a.ID)
	}
	return nil
}

// disengage takes the achievement with id out of its engine (it is
// unpublished): no rule awards it, but its holdings stay in its
// community's index, for when it is published again.
func (c *communities) disengage(id string) {
	c.mu.RLock()
	slug, ok := c.achievementOf[id]
	c.mu.RUnlock()
	if ok {
		c.of(slug).RemoveAchievement(id)
	}
}

// removeAchievement forgets the achievement with id (it was deleted).
func (c *communities) removeAchievement(id string) {
	c.disengage(id)
	c.mu.Lock()
	delete(c.achievementOf, id)
	c.mu.Unlock()
}

// place records which community achievement a belongs to, published or
// not, so that its holdings go to that community's index.
func (c *communities) place(a *criteria.Achievement) {
	slug := cmp.Or(a.Issuer, accolade.DefaultSlug)
	c.mu.Lock()
	old, ok := c.achievementOf[a.ID]
	c.achievementOf[a.ID] = slug
	c.mu.Unlock()
	if ok && old != slug { // moved (only a trusted caller can): out of the old engine
		c.of(old).RemoveAchievement(a.ID)
	}
}

// addMember adds m to the index of each community it belongs to.
func (c *communities) addMember(m *accolade.Member) {
	for _, slug := range m.CommunitySlugs() {
		c.of(slug).Index().AddMember(m.ID)
	}
}

// putExchange indexes e in its community's engine and returns the members
// it affects there.
func (c *communities) putExchange(e *ledger.Exchange) []string {
	en := c.of(ledger.CommunityOf(e.Community))
	en.Index().PutExchange(e)
	return en.Affected(criteria.Change{Exchange: e})
}

// putAttestation indexes a in its community's engine and returns the
// members it affects there.
func (c *communities) putAttestation(a *ledger.Attestation) []string {
	en := c.of(ledger.CommunityOf(a.Community))
	en.Index().PutAttestation(a)
	return en.Affected(criteria.Change{Attestation: a})
}

// setHolding records a credential in its achievement's engine.
func (c *communities) setHolding(r *accolade.Record) {
	c.setHeld(accolade.Held{ID: r.ID, Member: r.Member, Achievement: r.Achievement, ValidUntil: r.ValidUntil, Status: r.Status})
}

func (c *communities) setHeld(h accolade.Held) {
	c.forAchievement(h.Achievement).Index().SetHolding(h.Member, h.Achievement, criteria.Holding{
		Credential: h.ID, ValidUntil: h.ValidUntil, Valid: h.Status == accolade.Active,
	})
}

// holding is the member's holding of the achievement, in its community.
func (c *communities) holding(member, achievement string) (criteria.Holding, bool) {
	return c.forAchievement(achievement).Index().Holding(member, achievement)
}

// achievements returns every community's achievements, by id.
func (c *communities) achievements() []*criteria.Achievement {
	var out []*criteria.Achievement
	c.each(func(_ string, en *criteria.Engine) { out = append(out, en.Achievements()...) })
	slices.SortFunc(out, func(a, b *criteria.Achievement) int { return cmp.Compare(a.ID, b.ID) })
	return out
}

// progress evaluates the member on the achievements of every community
// they belong to, by achievement id.
func (c *communities) progress(m *accolade.Member, now time.Time) []criteria.Result {
	var out []criteria.Result
	for _, slug := range m.CommunitySlugs() {
		out = append(out, c.of(slug).Progress(m.ID, now)...)
	}
	slices.SortFunc(out, func(a, b criteria.Result) int { return cmp.Compare(a.Achievement, b.Achievement) })
	return out
}

// facts returns the ids of the member's exchanges and attestations in
// every community.
func (c *communities) facts(member string) criteria.MemberFactIDs {
	var out criteria.MemberFactIDs
	c.each(func(_ string, en *criteria.Engine) {
		f := en.Index().MemberFacts(member)
		out.Exchanges = append(out.Exchanges, f.Exchanges...)
		out.Received = append(out.Received, f.Received...)
		out.Given = append(out.Given, f.Given...)
	})
	return out
}

// checkCommunities refuses an achievement of batch whose rule names an
// achievement of another community (holds, fromHoldersOf, reviewers): that
// community's holdings are not in this one's engine, so the rule could
// never be met; and one that would move a stored achievement to another
// community (its credentials were issued by the first). stored are the
// achievements already stored; the batch's replace them.
func checkCommunities(batch, stored []*criteria.Achievement) error {
	community := map[string]string{}
	for _, a := range stored {
		community[a.ID] = cmp.Or(a.Issuer, accolade.DefaultSlug)
	}
	for _, a := range batch {
		slug := cmp.Or(a.Issuer, accolade.DefaultSlug)
		if old, ok := community[a.ID]; ok && old != slug {
			return errs.Field("issuer", "achievement %s belongs to the community %s and cannot move to %s: its credentials are %s's; give the new one another id", a.ID, old, slug, old)
		}
	}
	for _, a := range batch {
		community[a.ID] = cmp.Or(a.Issuer, accolade.DefaultSlug)
	}
	for _, a := range batch {
		slug := community[a.ID]
		holds, from := a.References()
		for _, id := range slices.Concat(holds, from, []string{a.Reviewers}) {
			if other, ok := community[id]; ok && id != "" && other != slug {
				return errs.E(errs.Invalid, "achievement %s (community %s) refers to %s, an achievement of the community %s: a rule can only name achievements of its own community", a.ID, slug, id, other)
			}
		}
	}
	return nil
}

// checkMembers checks that every member an exchange or attestation names
// belongs to its community, which must exist; the error, of kind
// errs.Invalid, names the field.
func checkMembers(community string, known communitySet, member func(id string) (*accolade.Member, error), fields map[string][]string) error {
	slug := ledger.CommunityOf(community)
	if !known[slug] {
		return errs.Field("community", "there is no community %q", slug)
	}
	for _, field := range slices.Sorted(maps.Keys(fields)) {
		for _, id := range fields[field] {
			m, err := member(id)
			if err != nil {
				continue // the item's own validation names a member that does not exist
			}
			if !m.In(slug) {
				return errs.Field(field, "%q is not a member of the community %s", id, slug)
			}
		}
	}
	return nil
}
