package award_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/award"
	"github.com/accolade-badges/accolade/criteria"
	"github.com/accolade-badges/accolade/issuer"
	"github.com/accolade-badges/accolade/ledger"
	"github.com/accolade-badges/accolade/store"
)

const cityTrainer = `id: city-trainer
issuer: city
name: City Trainer
description: Ran one confirmed workshop in the city group.
criteria:
  rule:
    exchanges: {role: teacher, kind: [workshop], confirmed: true, count: 1}
`

// communityService has the default community (trainer: two workshops)
// and "city" (city-trainer: one workshop); ana is in both, ben only in the
// default, gus only in the city.
func communityService(t *testing.T) (*award.Service, *store.DB) {
	t.Helper()
	svc, db := newServiceIn(t, func() time.Time { return now }, []string{"city"}, twoWorkshops, cityTrainer)
	for _, m := range []*accolade.Member{
		{ID: "ana", Name: "Ana", Email: "ana@example.org", Communities: []string{"city", "default"}},
		{ID: "ben", Name: "Ben", Email: "ben@example.org"},
		{ID: "gus", Name: "Gus", Email: "gus@example.org", Communities: []string{"city"}},
	} {
		if _, err := svc.PutMember(m); err != nil {
			t.Fatal(err)
		}
	}
	return svc, db
}

func inCity(e *ledger.Exchange) *ledger.Exchange { e.Community = "city"; return e }

// TestCommunitiesIsolated: an exchange counts only in its own community,
// and only that community's members may take part in it; progress is per
// community; a restart (the load path) sees the same.
func TestCommunitiesIsolated(t *testing.T) {
	svc, db := communityService(t)
	ctx := context.Background()
	res, err := svc.AddExchanges(ctx, []*ledger.Exchange{
		inCity(workshop("c1", "ana", "gus")),
		inCity(workshop("c2", "ana", "ben")), // ben is not in the city group
		func() *ledger.Exchange { e := workshop("c3", "ana", "gus"); e.Community = "nowhere"; return e }(),
		workshop("d1", "ana", "gus"), // gus is not in the default community
		workshop("d2", "ana", "ben"),
	})
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []string{"", `learners: "ben" is not a member of the community city`, `community: there is no community "nowhere"`, `learners: "gus" is not a member of the community default`, ""} {
		got := ""
		if res.Errors[i] != nil {
			got = res.Errors[i].Error()
		}
		if !strings.Contains(got, want) || (want == "") != (got == "") {
			t.Errorf("exchange %d: error %q, want %q", i, got, want)
		}
	}
	if got := held(t, db, "ana"); got["city-trainer"] != 1 || got["trainer"] != 0 {
		t.Errorf("ana holds %v: want city-trainer from one city workshop, and not trainer (one default workshop of two)", got)
	}
	recs, _ := db.Credentials(accolade.CredentialFilter{Member: "ana"})
	if len(recs) != 1 || recs[0].Issuer != "city" {
		t.Errorf("ana's credentials %v, want one issued by the city", recs)
	}
	for _, s := range []*award.Service{svc, restarted(t, db)} {
		if got := achievementsOf(t, s, "ana"); !slices.Equal(got, []string{"city-trainer", "trainer"}) {
			t.Errorf("ana's progress covers %v, want both communities' achievements", got)
		}
		if got := achievementsOf(t, s, "ben"); !slices.Equal(got, []string{"trainer"}) {
			t.Errorf("ben's progress covers %v, want the default community's only", got)
		}
		if got := achievementsOf(t, s, "gus"); !slices.Equal(got, []string{"city-trainer"}) {
			t.Errorf("gus's progress covers %v, want the city's only", got)
		}
	}
	// One more default workshop: trainer for ana, counted from the default
	// community's exchanges only (the city's c1 is not among them).
	if _, err := svc.AddExchanges(ctx, []*ledger.Exchange{workshop("d3", "ana", "ben")}); err != nil {
		t.Fatal(err)
	}
	if got := held(t, db, "ana"); got["trainer"] != 1 {
		t.Errorf("after a second default workshop ana holds %v, want trainer", got)
	}
}

// TestCommunitiesIssue: a credential is issued directly only to a member
// of the achievement's community.
func TestCommunitiesIssue(t *testing.T) {
	svc, _ := communityService(t)
	const want = `member: "ben" is not a member of the community city`
	if _, err := svc.Issue(context.Background(), issuer.Request{Achievement: "city-trainer", Member: "ben"}); err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("Issue to ben: %v, want %q", err, want)
	}
	if _, err := svc.Issue(context.Background(), issuer.Request{Achievement: "city-trainer", Member: "gus"}); err != nil {
		t.Errorf("Issue to gus: %v", err)
	}
}

// TestCommunitiesMembership: a member named without communities keeps
// theirs; a community that does not exist is refused; nobody leaves one.
func TestCommunitiesMembership(t *testing.T) {
	svc, db := communityService(t)
	if _, err := svc.PutMember(&accolade.Member{ID: "ana", Name: "Ana B", Email: "ana@example.org"}); err != nil {
		t.Fatal(err)
	}
	if m, _ := db.Member("ana"); !slices.Equal(m.Communities, []string{"city", "default"}) || m.Name != "Ana B" {
		t.Errorf("ana after a PUT without communities: %q %v, want her communities kept", m.Name, m.Communities)
	}
	for _, tc := range []struct {
		m    accolade.Member
		want string
	}{
		{accolade.Member{ID: "ana", Name: "Ana", Email: "ana@example.org", Communities: []string{"city"}}, "ana cannot leave the community default"},
		{accolade.Member{ID: "hal", Name: "Hal", Email: "hal@example.org", Communities: []string{"town"}}, `communities: there is no community "town"`},
	} {
		if _, err := svc.PutMember(&tc.m); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("PutMember(%s %v): %v, want %q", tc.m.ID, tc.m.Communities, err, tc.want)
		}
	}
	if _, err := db.Member("hal"); err == nil {
		t.Error("a refused member was stored")
	}
	res, err := svc.PutMembers([]*accolade.Member{{ID: "ben", Name: "Ben", Email: "ben@example.org", Communities: []string{"city", "default"}}})
	if err != nil || res.Errors[0] != nil {
		t.Fatalf("ben joins the city: %v %v", err, res.Errors)
	}
	if got := achievementsOf(t, svc, "ben"); !slices.Equal(got, []string{"city-trainer", "trainer"}) {
		t.Errorf("ben's progress after joining the city covers %v", got)
	}
}

// TestCommunitiesReferences: a rule may not name another community's
// achievement (its holdings are not in the rule's community).
func TestCommunitiesReferences(t *testing.T) {
	svc, _ := communityService(t)
	a, err := criteria.ParseAchievement("city-senior.yaml", []byte("id: city-senior\nissuer: city\nname: City Senior\ndescription: x\ncriteria:\n  rule:\n    holds: trainer\n"))
	if err != nil {
		t.Fatal(err)
	}
	const want = "refers to trainer, an achievement of the community default"
	if err := svc.LoadAchievements([]*criteria.Achievement{a}); err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("LoadAchievements: %v, want %q", err, want)
	}
	if _, err := svc.DryRun(a); err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("DryRun: %v, want %q", err, want)
	}
	moved, err := criteria.ParseAchievement("trainer.yaml", []byte(strings.Replace(twoWorkshops, "id: trainer\n", "id: trainer\nissuer: city\n", 1)))
	if err != nil {
		t.Fatal(err)
	}
	const wantMove = "achievement trainer belongs to the community default and cannot move to city"
	if err := svc.LoadAchievements([]*criteria.Achievement{moved}); err == nil || !strings.Contains(err.Error(), wantMove) {
		t.Errorf("moving trainer: %v, want %q", err, wantMove)
	}
}

func achievementsOf(t *testing.T, s *award.Service, member string) []string {
	t.Helper()
	rs, err := s.Progress(member)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range rs {
		out = append(out, r.Achievement)
	}
	return out
}

// restarted is a new service over db, as after a restart.
func restarted(t *testing.T, db *store.DB) *award.Service {
	t.Helper()
	s, err := award.New(award.Config{Store: db, Issuer: noIssuer{}, Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestCommunitiesUnpublished: the holdings of a community's achievement
// stay in that community while it is unpublished, also across a restart,
// so a rule there that needs holding it still sees them.
func TestCommunitiesUnpublished(t *testing.T) {
	svc, db := communityService(t)
	ctx := context.Background()
	if _, err := svc.AddExchanges(ctx, []*ledger.Exchange{inCity(workshop("c1", "ana", "gus"))}); err != nil {
		t.Fatal(err)
	}
	senior, err := criteria.ParseAchievement("s.yaml", []byte("id: city-senior\nissuer: city\nname: City Senior\ndescription: x\ncriteria:\n  rule:\n    holds: city-trainer\n"))
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.LoadAchievements([]*criteria.Achievement{senior}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.SetPublished("city-trainer", false); err != nil {
		t.Fatal(err)
	}
	for _, s := range []*award.Service{svc, restarted(t, db)} { // the restart loads city-trainer unpublished
		found := false
		for _, r := range mustProgress(t, s, "ana") {
			if r.Achievement == "city-senior" {
				found = true
				if !r.Earned {
					t.Errorf("city-senior: not earned, though ana holds city-trainer (unpublished)")
				}
			}
		}
		if !found {
			t.Error("city-senior is not in ana's progress")
		}
	}
}

func mustProgress(t *testing.T, s *award.Service, member string) []criteria.Result {
	t.Helper()
	rs, err := s.Progress(member)
	if err != nil {
		t.Fatal(err)
	}
	return rs
}
