package ledger

import (
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/errs"
)

// splitList splits a CSV cell holding several values separated by ';' or
// '|', dropping spaces around them and empty values. Neither separator can
// appear in an id or a skill tag.
func splitList(s string) []string {
	var out []string
	for v := range strings.FieldsFuncSeq(s, func(r rune) bool { return r == ';' || r == '|' }) {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

// parseTime parses an RFC 3339 time, or a date alone as midnight UTC.
func parseTime(name, s string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, nil
	}
	return time.Time{}, errs.Field(name, "%q is not an RFC 3339 time such as 2026-03-04T18:00:00Z or a date such as 2026-03-04", s)
}

func parseHours(e *Exchange, s string) error {
	h, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(h, 0) || math.IsNaN(h) {
		return errs.Field("hours", "%q is not a number such as 1.5", s)
	}
	e.Hours = h
	return nil
}

func parseRating(e *Exchange, s string) error {
	r, err := strconv.Atoi(s)
	if err != nil {
		return errs.Field("rating", "%q is not a whole number from 1 to 5", s)
	}
	e.Rating = r
	return nil
}

// parseListed reads the listed column: yes/no, true/false or 1/0, in any case.
func parseListed(m *accolade.Member, s string) error {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "yes", "true", "1":
		m.Listed = true
	case "no", "false", "0":
		m.Listed = false
	default:
		return errs.Field("listed", "%q is not yes or no (also true/false, 1/0)", s)
	}
	return nil
}
