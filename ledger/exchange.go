package ledger

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/accolade-badges/accolade/errs"
)

// ExchangeKind is the kind of a skill exchange.
type ExchangeKind string

// The exchange kinds. The list is append-only.
const (
	OneToOne  ExchangeKind = "one_to_one" // one person teaches another
	Workshop  ExchangeKind = "workshop"   // one or more teachers, a group of learners
	Circle    ExchangeKind = "circle"     // a peer learning circle
	Mentoring ExchangeKind = "mentoring"  // a mentoring session
	Project   ExchangeKind = "project"    // learning by working together on a project
)

// ExchangeKinds lists every exchange kind in a stable order.
var ExchangeKinds = []ExchangeKind{OneToOne, Workshop, Circle, Mentoring, Project}

// Valid reports whether k is one of ExchangeKinds.
func (k ExchangeKind) Valid() bool { return slices.Contains(ExchangeKinds, k) }

// kindList is ExchangeKinds joined for error messages.
func kindList() string {
	s := make([]string, len(ExchangeKinds))
	for i, k := range ExchangeKinds {
		s[i] = string(k)
	}
	return strings.Join(s, ", ")
}

// Limits on an exchange.
const (
	MaxHours        = 10000 // hours of a single exchange
	MaxParticipants = 1000  // teachers and learners together
	MaxSkills       = 32    // skill tags on one exchange
	MaxTitleLen     = 200   // characters
	MaxFeedbackLen  = 4000  // characters
)

// Exchange is a skill exchange: teachers taught learners a skill. The id is
// the caller's, so that posting the same exchange again is a no-op.
type Exchange struct {
	ID          string       `json:"id"`
	Kind        ExchangeKind `json:"kind"`
	Title       string       `json:"title,omitempty"`
	Skills      []string     `json:"skills"`
	Hours       float64      `json:"hours"`
	OccurredAt  time.Time    `json:"occurredAt"`
	Teachers    []string     `json:"teachers"`
	Learners    []string     `json:"learners"`
	ConfirmedBy []string     `json:"confirmedBy,omitempty"`
	Rating      int          `json:"rating,omitempty"`
	Feedback    string       `json:"feedback,omitempty"`
	Withdrawn   bool         `json:"withdrawn,omitempty"`
	// LoggedBy is the participant who logged the exchange from the member
	// pages (their confirmation is in ConfirmedBy); empty when a
	// coordinator or an import recorded it.
	LoggedBy string `json:"loggedBy,omitempty"`
	// DisputedBy lists the participants who said the exchange did not
	// happen. A disputed exchange never counts.
	DisputedBy []string `json:"disputedBy,omitempty"`
	// DisputeNotes holds what a disputing participant wrote, by member id,
	// for the coordinators; it is gone once they confirm.
	DisputeNotes map[string]string `json:"disputeNotes,omitempty"`
	// Community is the slug of the community (issuer) the exchange took
	// place in; empty: the default community. It counts only toward that
	// community's achievements, and every participant must belong to it.
	Community string `json:"community,omitempty"`
}

// MaxDisputeNoteLen bounds a dispute's note, in characters.
const MaxDisputeNoteLen = 1000

// Validate checks the exchange on its own terms: its id, kind, skills, hours
// (more than 0), occurredAt (set, not after now), teachers and learners (at
// least one each, no duplicates, nobody in both), confirmedBy (participants
// only), rating (1 to 5 when set) and text lengths. When memberExists is not
// nil, every member id must satisfy it. The error, of kind errs.Invalid, names
// the first offending JSON field, such as "learners[2]".
func (e *Exchange) Validate(now time.Time, memberExists func(id string) bool) error {
	if err := e.validateFacts(now); err != nil {
		return err
	}
	return e.validatePeople(memberExists)
}

func (e *Exchange) validateFacts(now time.Time) error {
	switch {
	case e.ID == "":
		return errs.Field("id", "is required")
	case !ValidID(e.ID):
		return errs.Field("id", "%q is not a valid id: use %s", e.ID, idRule)
	case e.Kind == "":
		return errs.Field("kind", "is required: one of %s", kindList())
	case !e.Kind.Valid():
		return errs.Field("kind", "%q is not one of %s", e.Kind, kindList())
	case utf8.RuneCountInString(e.Title) > MaxTitleLen:
		return errs.Field("title", "is longer than %d characters", MaxTitleLen)
	case math.IsNaN(e.Hours) || e.Hours <= 0 || e.Hours > MaxHours:
		return errs.Field("hours", "%v is out of range: more than 0 and at most %d", e.Hours, MaxHours)
	case e.OccurredAt.IsZero():
		return errs.Field("occurredAt", "is required: an RFC 3339 time such as 2026-03-04T18:00:00Z")
	case e.OccurredAt.After(now):
		return errs.Field("occurredAt", "%s is in the future; record exchanges once they happened", e.OccurredAt.Format(time.RFC3339))
	case e.Rating < 0 || e.Rating > 5:
		return errs.Field("rating", "%d is out of range: 1 to 5, or leave it out", e.Rating)
	case utf8.RuneCountInString(e.Feedback) > MaxFeedbackLen:
		return errs.Field("feedback", "is longer than %d characters", MaxFeedbackLen)
	}
	return validateSkills("skills", e.Skills)
}

func validateSkills(field string, skills []string) error {
	if len(skills) == 0 {
		return errs.Field(field, "needs at least one skill tag")
	}
	if len(skills) > MaxSkills {
		return errs.Field(field, "has %d tags; at most %d", len(skills), MaxSkills)
	}
	for i, s := range skills {
		f := fmt.Sprintf("%s[%d]", field, i)
		if !ValidSkill(s) {
			return errs.Field(f, "%q is not a valid skill tag: use %s", s, skillRule)
		}
		if slices.Index(skills, s) < i {
			return errs.Field(f, "%q is listed twice", s)
		}
	}
	return nil
}

func (e *Exchange) validatePeople(memberExists func(string) bool) error {
	if len(e.Teachers) == 0 {
		return errs.Field("teachers", "needs at least one member id")
	}
	if len(e.Learners) == 0 {
		return errs.Field("learners", "needs at least one member id")
	}
	if n := len(e.Teachers) + len(e.Learners); n > MaxParticipants {
		return errs.Field("learners", "%d participants; at most %d teachers and learners together", n, MaxParticipants)
	}
	if err := validateMembers("teachers", e.Teachers, memberExists); err != nil {
		return err
	}
	if err := validateMembers("learners", e.Learners, memberExists); err != nil {
		return err
	}
	for i, id := range e.Learners {
		if slices.Contains(e.Teachers, id) {
			return errs.Field(fmt.Sprintf("learners[%d]", i), "%q is also a teacher; a member is either a teacher or a learner in one exchange", id)
		}
	}
	if err := validateMembers("confirmedBy", e.ConfirmedBy, nil); err != nil {
		return err
	}
	for i, id := range e.ConfirmedBy {
		if !e.IsParticipant(id) {
			return errs.Field(fmt.Sprintf("confirmedBy[%d]", i), "%q is not a participant; only teachers and learners can confirm an exchange", id)
		}
	}
	return e.validateMemberLog()
}

// validateMemberLog checks loggedBy (a participant whose confirmation is in
// confirmedBy) and disputedBy (participants only, none of whom also
// confirmed).
func (e *Exchange) validateMemberLog() error {
	if e.LoggedBy != "" {
		switch {
		case !e.IsParticipant(e.LoggedBy):
			return errs.Field("loggedBy", "%q is not a participant; only a teacher or learner can log an exchange", e.LoggedBy)
		case !slices.Contains(e.ConfirmedBy, e.LoggedBy):
			return errs.Field("loggedBy", "%q logged the exchange, so must be in confirmedBy", e.LoggedBy)
		}
	}
	if err := validateMembers("disputedBy", e.DisputedBy, nil); err != nil {
		return err
	}
	for i, id := range e.DisputedBy {
		f := fmt.Sprintf("disputedBy[%d]", i)
		switch {
		case !e.IsParticipant(id):
			return errs.Field(f, "%q is not a participant; only teachers and learners can dispute an exchange", id)
		case slices.Contains(e.ConfirmedBy, id):
			return errs.Field(f, "%q also confirmed the exchange; a participant either confirms or disputes it", id)
		}
	}
	for id, note := range e.DisputeNotes {
		f := fmt.Sprintf("disputeNotes[%q]", id)
		switch {
		case !slices.Contains(e.DisputedBy, id):
			return errs.Field(f, "%q does not dispute the exchange; only a dispute has a note", id)
		case utf8.RuneCountInString(note) > MaxDisputeNoteLen:
			return errs.Field(f, "is longer than %d characters", MaxDisputeNoteLen)
		}
	}
	return nil
}

// validateMembers checks a list of member ids for syntax, duplicates and,
// when exists is not nil, existence.
func validateMembers(field string, ids []string, exists func(string) bool) error {
	for i, id := range ids {
		f := fmt.Sprintf("%s[%d]", field, i)
		switch {
		case !ValidID(id):
			return errs.Field(f, "%q is not a valid member id: use %s", id, idRule)
		case slices.Index(ids, id) < i:
			return errs.Field(f, "%q is listed twice", id)
		case exists != nil && !exists(id):
			return unknownMember(f, id)
		}
	}
	return nil
}

// IsParticipant reports whether member is one of the exchange's teachers or
// learners.
func (e *Exchange) IsParticipant(member string) bool {
	return slices.Contains(e.Teachers, member) || slices.Contains(e.Learners, member)
}

// Participants returns the teachers followed by the learners.
func (e *Exchange) Participants() []string {
	return append(slices.Clip(e.Teachers), e.Learners...)
}

// SameContent reports whether o records the same exchange as e: the same id,
// kind, title, skills, hours, time, teachers, learners, rating and feedback.
// The order of skills, teachers and learners does not matter. Confirmations
// and withdrawal are not content: they change after the exchange is posted.
func (e *Exchange) SameContent(o *Exchange) bool {
	return e.ID == o.ID && e.Kind == o.Kind && e.Title == o.Title &&
		e.Hours == o.Hours && e.OccurredAt.Equal(o.OccurredAt) &&
		e.Rating == o.Rating && e.Feedback == o.Feedback &&
		sameSet(e.Skills, o.Skills) && sameSet(e.Teachers, o.Teachers) &&
		sameSet(e.Learners, o.Learners) && CommunityOf(e.Community) == CommunityOf(o.Community)
}

// sameSet reports whether a and b hold the same strings, ignoring order.
func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	x, y := slices.Clone(a), slices.Clone(b)
	slices.Sort(x)
	slices.Sort(y)
	return slices.Equal(x, y)
}

// Confirm records that member, a participant, confirms the exchange happened.
// Confirming twice is a no-op. A member who disputed the exchange and then
// confirms it changes their mind: the dispute is removed. It returns an
// errs.Invalid error when member is not a participant, and errs.Conflict
// when the exchange was withdrawn.
func (e *Exchange) Confirm(member string) error {
	if e.Withdrawn {
		return errs.E(errs.Conflict, "exchange %s was withdrawn; it can no longer be confirmed", e.ID)
	}
	if !e.IsParticipant(member) {
		return errs.Field("member", "%q is not a participant of exchange %s; only its teachers and learners can confirm it", member, e.ID)
	}
	e.DisputedBy = slices.DeleteFunc(e.DisputedBy, func(id string) bool { return id == member })
	delete(e.DisputeNotes, member)
	if len(e.DisputeNotes) == 0 {
		e.DisputeNotes = nil
	}
	if !slices.Contains(e.ConfirmedBy, member) {
		e.ConfirmedBy = append(e.ConfirmedBy, member)
	}
	return nil
}

// Dispute records that member, a participant, says the exchange did not
// happen: their confirmation, if any, is removed, and while anyone disputes
// it the exchange never counts. Disputing twice is a no-op; confirming
// afterwards removes the dispute (see Confirm). The member who logged the
// exchange cannot dispute it (they would withdraw it instead). A note, when
// given, is kept for the coordinators (a later dispute's note replaces it).
// It returns an errs.Invalid error naming "member" when member is not a
// participant or logged the exchange, or naming "note" when it is longer
// than MaxDisputeNoteLen, and errs.Conflict when the exchange was withdrawn.
func (e *Exchange) Dispute(member, note string) error {
	switch {
	case utf8.RuneCountInString(note) > MaxDisputeNoteLen:
		return errs.Field("note", "is longer than %d characters", MaxDisputeNoteLen)
	case e.Withdrawn:
		return errs.E(errs.Conflict, "exchange %s was withdrawn; it can no longer be disputed", e.ID)
	case !e.IsParticipant(member):
		return errs.Field("member", "%q is not a participant of exchange %s; only its teachers and learners can dispute it", member, e.ID)
	case member == e.LoggedBy:
		return errs.Field("member", "%q logged exchange %s, so cannot dispute it", member, e.ID)
	}
	e.ConfirmedBy = slices.DeleteFunc(e.ConfirmedBy, func(id string) bool { return id == member })
	if !slices.Contains(e.DisputedBy, member) {
		e.DisputedBy = append(e.DisputedBy, member)
	}
	if note != "" {
		if e.DisputeNotes == nil {
			e.DisputeNotes = map[string]string{}
		}
		e.DisputeNotes[member] = note
	}
	return nil
}

// Disputed reports whether any participant disputes the exchange; a
// disputed exchange never counts.
func (e *Exchange) Disputed() bool { return len(e.DisputedBy) > 0 }

// Counts reports whether the exchange can count toward criteria at all: it
// is neither withdrawn nor disputed.
func (e *Exchange) Counts() bool { return !e.Withdrawn && !e.Disputed() }

// Clone returns a deep copy of e.
func (e *Exchange) Clone() *Exchange {
	c := *e
	c.Skills = slices.Clone(e.Skills)
	c.Teachers = slices.Clone(e.Teachers)
	c.Learners = slices.Clone(e.Learners)
	c.ConfirmedBy = slices.Clone(e.ConfirmedBy)
	c.DisputeNotes = maps.Clone(e.DisputeNotes)
	c.DisputedBy = slices.Clone(e.DisputedBy)
	return &c
}

// Merge returns what to store when o is posted with the id of the stored
// exchange e: e itself with o's confirmations added when the content is the
// same, or an errs.Conflict error when it differs. A confirmation in o from a
// participant who disputes e is not added: their own word stands until they
// confirm it themselves (Confirm).
func (e *Exchange) Merge(o *Exchange) (*Exchange, error) {
	if !e.SameContent(o) {
		return nil, errs.E(errs.Conflict, "exchange %s already exists with different content; use a new id for a new exchange", e.ID)
	}
	m := e.Clone()
	for _, c := range o.ConfirmedBy {
		if !slices.Contains(m.ConfirmedBy, c) && !slices.Contains(m.DisputedBy, c) {
			m.ConfirmedBy = append(m.ConfirmedBy, c)
		}
	}
	return m, nil
}
