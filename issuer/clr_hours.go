package issuer

import (
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/google/uuid"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/ledger"
	"github.com/accolade-badges/accolade/ob3"
)

// ResultTypeHours is the OB 3.0 resultType (an extension value, as the
// ResultType enumeration allows with "ext:") of an hours line.
const ResultTypeHours = "ext:Hours"

// hoursStatement returns the member's verifiable statement of volunteer
// hours: an OpenBadgeCredential, signed with a Data Integrity proof of its
// own (its contexts are those of every credential, all embedded), whose
// achievement describes each line as a ResultDescription and whose subject
// gives each line's hours as a Result. It also returns the achievement,
// for the record's list. The statement has no status entry: it is not
// stored and cannot be revoked; it says what held when it was issued.
func (s *Service) hoursStatement(p *accolade.Profile, m *accolade.Member, lines []ledger.HoursLine, now time.Time) (json.RawMessage, ob3.Achievement, error) {
	lines = withTotals(lines)
	issuerID := s.urls.IssuerID(p)
	achID := "urn:uuid:" + uuid.NewSHA1(uuid.NameSpaceURL, []byte(issuerID+"#volunteer-hours")).String()
	id, err := uuid.NewRandomFromReader(s.rand)
	if err != nil {
		return nil, ob3.Achievement{}, errs.Wrap(errs.Internal, err, "generating statement id")
	}
	var descs, results []map[string]any
	for _, l := range lines {
		rd := achID + "#" + lineKey(l)
		descs = append(descs, map[string]any{"id": rd, "type": []string{"ResultDescription"}, "name": lineName(l), "resultType": ResultTypeHours})
		results = append(results, map[string]any{"type": []string{"Result"}, "resultDescription": rd,
			"value": strconv.FormatFloat(l.Hours, 'f', -1, 64)})
	}
	ach := ob3.Achievement{
		ID: achID, Type: ob3.Types{ob3.TypeAchievement}, Name: "Volunteer hours", AchievementType: "ext:VolunteerHours",
		Description: "Hours of skill exchanges the member gave (taught) and received (learned) in " + p.Name +
			", in total, by year and by skill.",
		Criteria: ob3.Criteria{Narrative: "Counted from exchanges that a counterpart confirmed; withdrawn and disputed exchanges do not count. " +
			"An exchange's hours count in full for each of its skills."},
	}
	if ach.Extra, err = extra("resultDescription", descs); err != nil {
		return nil, ach, err
	}
	ids, err := s.identifiers(m)
	if err != nil {
		return nil, ach, err
	}
	c := &ob3.OpenBadgeCredential{
		ID: "urn:uuid:" + id.String(), Type: ob3.Types{ob3.TypeVerifiableCredential, ob3.TypeOpenBadgeCredential},
		Name: "Volunteer hours of " + displayName(m), Issuer: s.profileJSON(p), ValidFrom: ob3.NewDateTime(now),
		CredentialSubject: ob3.AchievementSubject{ID: m.DID, Type: ob3.Types{ob3.TypeAchievementSubject}, Name: m.Name,
			Identifier: ids, Achievement: ach},
		CredentialSchema: []ob3.CredentialSchema{{ID: ob3.SchemaURL, Type: ob3.SchemaValidatorType}},
	}
	if err := s.endorseIssuer(&c.Issuer); err != nil {
		return nil, ach, err
	}
	for _, u := range Contexts {
		c.Context = append(c.Context, ob3.Context{URL: u})
	}
	if c.CredentialSubject.Extra, err = extra("result", results); err != nil {
		return nil, ach, err
	}
	if err := c.Validate(); err != nil {
		return nil, ach, errs.Wrap(errs.Internal, err, "built hours statement is not valid")
	}
	body, err := json.Marshal(c)
	if err != nil {
		return nil, ach, errs.Wrap(errs.Internal, err, "encoding the hours statement")
	}
	if body, err = s.signDI(p, body, now); err != nil {
		return nil, ach, fmt.Errorf("signing the hours statement: %w", err)
	}
	return body, ach, nil
}

// withTotals returns lines with a total line for each role that has none
// (0 hours), so that the statement says "none" rather than nothing.
func withTotals(lines []ledger.HoursLine) []ledger.HoursLine {
	has := map[ledger.HourRole]bool{}
	for _, l := range lines {
		if l.Skill == "" && l.Year == 0 {
			has[l.Role] = true
		}
	}
	var out []ledger.HoursLine
	for _, r := range []ledger.HourRole{ledger.HoursGiven, ledger.HoursReceived} {
		if !has[r] {
			out = append(out, ledger.HoursLine{Role: r})
		}
		for _, l := range lines {
			if l.Role == r {
				out = append(out, l)
			}
		}
	}
	return out
}

// lineKey is a line's fragment id: given, given-2026, given-skill-training.
func lineKey(l ledger.HoursLine) string {
	switch {
	case l.Skill != "":
		return string(l.Role) + "-skill-" + l.Skill
	case l.Year != 0:
		return string(l.Role) + "-" + strconv.Itoa(l.Year)
	}
	return string(l.Role)
}

// lineName is a line in words: "Hours given in 2026".
func lineName(l ledger.HoursLine) string {
	switch {
	case l.Skill != "":
		return "Hours " + string(l.Role) + ", skill " + l.Skill
	case l.Year != 0:
		return "Hours " + string(l.Role) + " in " + strconv.Itoa(l.Year)
	}
	return "Hours " + string(l.Role) + " in total"
}

// extra is an ob3.Extra with one member.
func extra(name string, v any) (ob3.Extra, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, errs.Wrap(errs.Internal, err, "encoding %s", name)
	}
	return ob3.Extra{name: b}, nil
}
