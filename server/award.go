package server

import (
	"net/http"

	"github.com/accolade-badges/accolade/api"
	"github.com/accolade-badges/accolade/criteria"
)

// evaluate runs the criteria for all members, or {"members": [...]}, and
// issues what is earned.
func (s *Server) evaluate(w http.ResponseWriter, r *http.Request) error {
	var b struct {
		Members []string `json:"members"`
	}
	if r.ContentLength != 0 {
		if err := decodeJSON(w, r, &b); err != nil {
			return err
		}
	}
	slug := actingCommunity(r, principalOf(r))
	if seesAll(r, principalOf(r)) {
		slug = "" // every community
	}
	issued, err := s.awards.EvaluateIn(r.Context(), slug, b.Members)
	if err != nil {
		return err
	}
	s.writeJSON(w, r, http.StatusOK, typeJSON, api.Evaluated{Issued: s.views(issued)})
	return nil
}

func (s *Server) progress(w http.ResponseWriter, r *http.Request) error {
	member := pathID(r, "id")
	results, err := s.awards.Progress(member)
	if err != nil {
		return err
	}
	out := api.Progress{Member: member, Achievements: []api.AchievementProgress{}}
	for _, res := range results {
		p := api.AchievementProgress{Achievement: res.Achievement, Earned: res.Earned, Requirements: requirements(res.Requirements)}
		if a, err := s.store.Achievement(res.Achievement); err == nil {
			p.Name = a.Name
		}
		if res.Credential != "" {
			c := res.Credential
			p.Credential = &c
		}
		out.Achievements = append(out.Achievements, p)
	}
	s.writeJSON(w, r, http.StatusOK, typeJSON, out)
	return nil
}

// requirements converts the criteria engine's results to the API's shape,
// never nil.
func requirements(rs []criteria.RequirementResult) []api.Requirement {
	out := make([]api.Requirement, 0, len(rs))
	for _, r := range rs {
		out = append(out, api.Requirement{Description: r.Description, Current: r.Current, Target: r.Target, Met: r.Met, Evidence: r.Evidence})
	}
	return out
}
