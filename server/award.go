package server

import (
	"net/http"

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
	issued, err := s.awards.Evaluate(r.Context(), b.Members)
	if err != nil {
		return err
	}
	s.writeJSON(w, r, http.StatusOK, typeJSON, map[string]any{"issued": s.views(issued)})
	return nil
}

// progressView is GET /api/v1/members/{id}/progress.
type progressView struct {
	Member       string                `json:"member"`
	Achievements []achievementProgress `json:"achievements"`
}

type achievementProgress struct {
	Achievement  string                       `json:"achievement"`
	Name         string                       `json:"name"`
	Earned       bool                         `json:"earned"`
	Credential   *string                      `json:"credential"`
	Requirements []criteria.RequirementResult `json:"requirements"`
}

func (s *Server) progress(w http.ResponseWriter, r *http.Request) error {
	member := pathID(r, "id")
	results, err := s.awards.Progress(member)
	if err != nil {
		return err
	}
	out := progressView{Member: member, Achievements: []achievementProgress{}}
	for _, res := range results {
		p := achievementProgress{Achievement: res.Achievement, Earned: res.Earned, Requirements: res.Requirements}
		if a, err := s.store.Achievement(res.Achievement); err == nil {
			p.Name = a.Name
		}
		if res.Credential != "" {
			c := res.Credential
			p.Credential = &c
		}
		if p.Requirements == nil {
			p.Requirements = []criteria.RequirementResult{}
		}
		out.Achievements = append(out.Achievements, p)
	}
	s.writeJSON(w, r, http.StatusOK, typeJSON, out)
	return nil
}
