package ledger

import (
	"regexp"
	"time"
	"unicode/utf8"

	"github.com/accolade-badges/accolade/errs"
)

// Limits on an attestation.
const (
	MaxStatementLen = 4000 // characters
	MaxLevelLen     = 64   // characters
)

// achievementRe is the achievement id syntax (see package criteria).
var achievementRe = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,62}$`)

// Attestation is a member's statement that another member has a skill, as a
// mentor vouches for a trainer. An approved application is recorded as an
// attestation by its reviewer with Achievement set to the achievement applied
// for (see Application.Attestation).
type Attestation struct {
	ID          string    `json:"id"`
	Attester    string    `json:"attester"`
	Member      string    `json:"member"`
	Skill       string    `json:"skill,omitempty"`
	Statement   string    `json:"statement"`
	Level       string    `json:"level,omitempty"`
	CreatedAt   time.Time `json:"createdAt"`
	Achievement string    `json:"achievement,omitempty"`
	// Community is the slug of the community (issuer) the attestation is
	// made in; empty: the default community. Attester and member must
	// both belong to it.
	Community string `json:"community,omitempty"`
}

// Validate checks the attestation: id, attester and member syntax (and
// existence when memberExists is not nil), that nobody attests themselves, a
// skill tag (optional only when Achievement is set), a statement, and
// createdAt not after now. The receiver sets CreatedAt when the poster leaves
// it out. The error, of kind errs.Invalid, names the JSON field.
func (a *Attestation) Validate(now time.Time, memberExists func(string) bool) error {
	if err := a.validateIDs(memberExists); err != nil {
		return err
	}
	switch {
	case a.Skill == "" && a.Achievement == "":
		return errs.Field("skill", "is required: %s", skillRule)
	case a.Skill != "" && !ValidSkill(a.Skill):
		return errs.Field("skill", "%q is not a valid skill tag: use %s", a.Skill, skillRule)
	case a.Achievement != "" && !achievementRe.MatchString(a.Achievement):
		return errs.Field("achievement", "%q is not a valid achievement id: lowercase letters, digits and '-', at most 63 characters", a.Achievement)
	case a.Statement == "":
		return errs.Field("statement", "is required: say in a sentence what the member can do")
	case utf8.RuneCountInString(a.Statement) > MaxStatementLen:
		return errs.Field("statement", "is longer than %d characters", MaxStatementLen)
	case utf8.RuneCountInString(a.Level) > MaxLevelLen:
		return errs.Field("level", "is longer than %d characters", MaxLevelLen)
	case a.CreatedAt.IsZero():
		return errs.Field("createdAt", "is required: an RFC 3339 time such as 2026-03-04T18:00:00Z")
	case a.CreatedAt.After(now):
		return errs.Field("createdAt", "%s is in the future", a.CreatedAt.Format(time.RFC3339))
	}
	return nil
}

func (a *Attestation) validateIDs(memberExists func(string) bool) error {
	switch {
	case a.ID == "":
		return errs.Field("id", "is required")
	case !ValidID(a.ID):
		return errs.Field("id", "%q is not a valid id: use %s", a.ID, idRule)
	case a.Attester == "":
		return errs.Field("attester", "is required: the member id of the person vouching")
	case !ValidID(a.Attester):
		return errs.Field("attester", "%q is not a valid member id: use %s", a.Attester, idRule)
	case a.Member == "":
		return errs.Field("member", "is required: the member id of the person vouched for")
	case !ValidID(a.Member):
		return errs.Field("member", "%q is not a valid member id: use %s", a.Member, idRule)
	case a.Member == a.Attester:
		return errs.Field("member", "%q cannot attest their own skill; ask a mentor or peer", a.Member)
	case memberExists != nil && !memberExists(a.Attester):
		return unknownMember("attester", a.Attester)
	case memberExists != nil && !memberExists(a.Member):
		return unknownMember("member", a.Member)
	}
	return nil
}

// SameContent reports whether o records the same attestation as a: the same
// id, attester, member, skill, statement, level and achievement. CreatedAt is
// not compared, because the receiver fills it in when a post leaves it out and
// a retry would otherwise look different.
func (a *Attestation) SameContent(o *Attestation) bool {
	return a.ID == o.ID && a.Attester == o.Attester && a.Member == o.Member &&
		a.Skill == o.Skill && a.Statement == o.Statement && a.Level == o.Level &&
		a.Achievement == o.Achievement && CommunityOf(a.Community) == CommunityOf(o.Community)
}
