package ledger

import (
	"fmt"
	"net/url"
	"time"
	"unicode/utf8"

	"github.com/accolade-badges/accolade/errs"
)

// Application statuses.
const (
	Pending  = "pending"
	Approved = "approved"
	Rejected = "rejected"
)

// Limits on an application.
const (
	MaxNarrativeLen = 10000 // characters
	MaxEvidenceURLs = 20
	MaxCommentLen   = 4000 // characters
)

// applicationPrefix starts the id of the attestation an approval counts as.
const applicationPrefix = "application:"

// Application is a member's request to be awarded an achievement, with a
// narrative and links to evidence, and the reviewer's decision.
type Application struct {
	ID           string    `json:"id"`
	Member       string    `json:"member"`
	Achievement  string    `json:"achievement"`
	Narrative    string    `json:"narrative"`
	EvidenceURLs []string  `json:"evidenceUrls,omitempty"`
	Status       string    `json:"status"`
	Reviewer     string    `json:"reviewer,omitempty"`
	Comment      string    `json:"comment,omitempty"`
	CreatedAt    time.Time `json:"createdAt"`
	DecidedAt    time.Time `json:"decidedAt,omitzero"`
}

// Validate checks the application: ids, a narrative, http(s) evidence URLs,
// a known status, and a reviewer and decision time once decided. When
// memberExists is not nil the member must exist. Whether the achievement
// exists and accepts applications is for the caller to check.
func (a *Application) Validate(now time.Time, memberExists func(string) bool) error {
	switch {
	case !ValidID(a.ID) || len(a.ID) > MaxIDLen-len(applicationPrefix):
		return errs.Field("id", "%q is not a valid application id: use %s, at most %d characters", a.ID, idRule, MaxIDLen-len(applicationPrefix))
	case !ValidID(a.Member):
		return errs.Field("member", "%q is not a valid member id: use %s", a.Member, idRule)
	case memberExists != nil && !memberExists(a.Member):
		return unknownMember("member", a.Member)
	case !achievementRe.MatchString(a.Achievement):
		return errs.Field("achievement", "%q is not a valid achievement id: lowercase letters, digits and '-', at most 63 characters", a.Achievement)
	case a.Narrative == "":
		return errs.Field("narrative", "is required: say what you did to earn the achievement")
	case utf8.RuneCountInString(a.Narrative) > MaxNarrativeLen:
		return errs.Field("narrative", "is longer than %d characters", MaxNarrativeLen)
	case len(a.EvidenceURLs) > MaxEvidenceURLs:
		return errs.Field("evidenceUrls", "has %d links; at most %d", len(a.EvidenceURLs), MaxEvidenceURLs)
	case a.CreatedAt.IsZero() || a.CreatedAt.After(now):
		return errs.Field("createdAt", "must be set and not in the future")
	}
	for i, u := range a.EvidenceURLs {
		if p, err := url.Parse(u); err != nil || (p.Scheme != "https" && p.Scheme != "http") || p.Host == "" {
			return errs.Field(fmt.Sprintf("evidenceUrls[%d]", i), "%q is not an http or https URL", u)
		}
	}
	return a.validateDecision()
}

func (a *Application) validateDecision() error {
	switch a.Status {
	case Pending:
		if a.Reviewer != "" || !a.DecidedAt.IsZero() {
			return errs.Field("status", "a pending application has no reviewer or decision time")
		}
		return nil
	case Approved, Rejected:
	default:
		return errs.Field("status", "%q is not one of %s, %s, %s", a.Status, Pending, Approved, Rejected)
	}
	switch {
	case !ValidID(a.Reviewer):
		return errs.Field("reviewer", "%q is not a valid member id: use %s", a.Reviewer, idRule)
	case a.DecidedAt.IsZero():
		return errs.Field("decidedAt", "is required once the application is %s", a.Status)
	case utf8.RuneCountInString(a.Comment) > MaxCommentLen:
		return errs.Field("comment", "is longer than %d characters", MaxCommentLen)
	}
	return nil
}

// Decide records the reviewer's decision on a pending application. It returns
// errs.Conflict when the application was already decided, and errs.Invalid
// when the reviewer is the applicant. Whether reviewer may review this
// achievement is for the caller to check.
func (a *Application) Decide(reviewer string, approve bool, comment string, now time.Time) error {
	if a.Status != Pending {
		return errs.E(errs.Conflict, "application %s was already %s", a.ID, a.Status)
	}
	if reviewer == a.Member {
		return errs.Field("reviewer", "%q cannot review their own application", reviewer)
	}
	if utf8.RuneCountInString(comment) > MaxCommentLen {
		return errs.Field("comment", "is longer than %d characters", MaxCommentLen)
	}
	a.Status, a.Reviewer, a.Comment, a.DecidedAt = Rejected, reviewer, comment, now
	if approve {
		a.Status = Approved
	}
	return nil
}

// Attestation returns the attestation an approved application counts as: by
// the reviewer, for the member, with Achievement set, dated at the decision.
// Its id is "application:" followed by the application id. It returns
// errs.Conflict when the application is not approved.
func (a *Application) Attestation() (*Attestation, error) {
	if a.Status != Approved {
		return nil, errs.E(errs.Conflict, "application %s is %s, not approved", a.ID, a.Status)
	}
	stmt := a.Comment
	if stmt == "" {
		stmt = "Approved the application for " + a.Achievement + "."
	}
	return &Attestation{
		ID:          applicationPrefix + a.ID,
		Attester:    a.Reviewer,
		Member:      a.Member,
		Statement:   stmt,
		CreatedAt:   a.DecidedAt,
		Achievement: a.Achievement,
	}, nil
}
