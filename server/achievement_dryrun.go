package server

import (
	"net/http"

	"github.com/accolade-badges/accolade/api"
	"github.com/accolade-badges/accolade/award"
	"github.com/accolade-badges/accolade/criteria"
)

// dryRunner runs an achievement's rule against the current activity
// without storing or issuing anything; award.Service satisfies it.
type dryRunner interface {
	DryRun(a *criteria.Achievement) (*award.DryRun, error)
}

// The dry run reads an achievement file, as PUT /api/v1/achievements/{id}
// does: the admin API's rule on body types (checkBodyType) takes its types.
func init() { bodyTypes[routeDryRun] = achievementTypes }

// routeDryRun is the dry run's route pattern.
const routeDryRun = "POST /api/v1/achievements/dry-run"

// dryRunAchievement answers who would earn the achievement file in the body
// (JSON or YAML, as PUT /api/v1/achievements/{id} takes it, with the same
// line-numbered errors) if it were loaded now and every member evaluated.
// An id that is stored previews replacing it. Nothing is stored or issued.
func (s *Server) dryRunAchievement(w http.ResponseWriter, r *http.Request) error {
	body, err := readBody(w, r, maxAdminBody)
	if err != nil {
		return err
	}
	a, err := criteria.ParseAchievement("request body", body)
	if err != nil {
		return err
	}
	d, err := s.awards.DryRun(a)
	if err != nil {
		return err
	}
	out := api.DryRun{
		Achievement: d.Achievement, Replaces: d.Replaces, Unpublished: d.Unpublished, Members: d.Members,
		WouldEarn: d.WouldEarn, AlreadyHold: d.AlreadyHold, NearlyCount: d.NearlyCount,
		Earners: dryRunMembers(d.Earners), Nearly: dryRunMembers(d.Nearly),
	}
	s.writeJSON(w, r, http.StatusOK, "application/json", out)
	return nil
}

func dryRunMembers(list []award.Earner) []api.DryRunMember {
	out := make([]api.DryRunMember, 0, len(list))
	for _, e := range list {
		out = append(out, api.DryRunMember{Member: e.Member, Name: e.Name, Renewal: e.Renews, Requirements: requirements(e.Requirements)})
	}
	return out
}
