package server

import (
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/api"
	"github.com/accolade-badges/accolade/award"
	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/ledger"
)

// applicationBody is what a member sends to apply for an achievement.
type applicationBody struct {
	ID           string   `json:"id"`
	Member       string   `json:"member"`
	Achievement  string   `json:"achievement"`
	Narrative    string   `json:"narrative"`
	EvidenceURLs []string `json:"evidenceUrls"`
}

func (s *Server) postApplication(w http.ResponseWriter, r *http.Request) error {
	var b applicationBody
	if err := decodeJSON(w, r, &b); err != nil {
		return err
	}
	a := &ledger.Application{ID: b.ID, Member: b.Member, Achievement: b.Achievement,
		Narrative: strings.TrimSpace(b.Narrative), EvidenceURLs: b.EvidenceURLs}
	created, err := s.awards.Apply(a)
	if err != nil {
		return err
	}
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	s.writeJSON(w, r, status, typeJSON, activityAnswer{Application: a, Issued: []api.Credential{}})
	return nil
}

func (s *Server) getApplication(w http.ResponseWriter, r *http.Request) error {
	a, err := s.store.Application(pathID(r, "id"))
	if err != nil {
		return err
	}
	s.writeJSON(w, r, http.StatusOK, typeJSON, a)
	return nil
}

// decideApplication approves or rejects an application. Without a reviewer
// the decision is the coordinator's (the admin token's).
func (s *Server) decideApplication(w http.ResponseWriter, r *http.Request) error {
	var b struct {
		Reviewer string `json:"reviewer"`
		Approve  *bool  `json:"approve"`
		Comment  string `json:"comment"`
	}
	if err := decodeJSON(w, r, &b); err != nil {
		return err
	}
	if b.Approve == nil {
		return errs.Field("approve", "is required: true to approve, false to reject")
	}
	if b.Reviewer == "" {
		b.Reviewer = award.AdminReviewer
	}
	a, issued, err := s.awards.Decide(r.Context(), pathID(r, "id"), b.Reviewer, *b.Approve, strings.TrimSpace(b.Comment))
	if err != nil {
		return err
	}
	s.writeJSON(w, r, http.StatusOK, typeJSON, activityAnswer{Application: a, Effect: s.effect(a, issued), Issued: s.views(issued)})
	return nil
}

// effect says what a decision on application a did, using the criteria
// progress the award service computes.
func (s *Server) effect(a *ledger.Application, issued []*accolade.Record) string {
	name := a.Achievement
	ach, err := s.store.Achievement(a.Achievement)
	if err == nil {
		name = ach.Name
	}
	if a.Status == ledger.Rejected {
		return "rejected: nothing was counted towards " + name
	}
	who := a.Reviewer + "'s"
	if a.Reviewer == award.AdminReviewer {
		who = "the coordinator's"
	}
	counted := fmt.Sprintf("counted as %s attestation of %s's application for %s", who, a.Member, name)
	for _, rec := range issued {
		if rec.Member == a.Member && rec.Achievement == a.Achievement {
			return fmt.Sprintf("%s; %s earned it: credential %s issued", counted, a.Member, rec.ID)
		}
	}
	results, err := s.awards.Progress(a.Member)
	if err != nil {
		return counted
	}
	for _, res := range results {
		if res.Achievement != a.Achievement {
			continue
		}
		if res.Held {
			return fmt.Sprintf("%s; %s already holds %s (credential %s), so nothing new was issued", counted, a.Member, name, res.Credential)
		}
		var unmet []string
		for _, req := range res.Requirements {
			if !req.Met {
				unmet = append(unmet, req.Description)
			}
		}
		if len(unmet) == 0 {
			return counted
		}
		return fmt.Sprintf("%s; %s still needs: %s", counted, name, strings.Join(unmet, "; "))
	}
	return fmt.Sprintf("%s; %s has no criteria rule and awardOnApproval is false, so nothing was issued: issue it with POST /api/v1/credentials", counted, name)
}

// listApplications answers GET /api/v1/applications: the review queue, in
// id order, filtered by ?state=, ?achievement= and ?member=, paginated with
// ?limit= and ?after= (the next page's after is in next).
func (s *Server) listApplications(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	limit, after, err := listQuery(q, "state", "achievement", "member", "community")
	if err != nil {
		return err
	}
	state, ach, member := q.Get("state"), q.Get("achievement"), q.Get("member")
	if state != "" && !slices.Contains(applicationStates, state) {
		return errs.Field("state", "%q is not a state: use %s", state, strings.Join(applicationStates, ", "))
	}
	p := principalOf(r)
	keep := func(a *ledger.Application) bool {
		return (state == "" || a.Status == state) && (ach == "" || a.Achievement == ach) && (member == "" || a.Member == member) &&
			inActing(r, p, issuerSlug(s.achievementCommunity(a.Achievement)))
	}
	list, next, err := s.store.ApplicationsPage(after, limit, keep)
	if err != nil {
		return err
	}
	out := struct {
		Applications []*ledger.Application `json:"applications"`
		Next         string                `json:"next,omitempty"`
	}{Applications: list, Next: next}
	s.writeJSON(w, r, http.StatusOK, typeJSON, out)
	return nil
}
