package criteria

import (
	"strconv"
	"strings"
	"time"

	"github.com/accolade-badges/accolade/errs"
)

// Day and Year are the calendar-free units of criteria durations: a day is 24
// hours and a year is 365 days.
const (
	Day  = 24 * time.Hour
	Week = 7 * Day
	Year = 365 * Day
)

var durationUnits = map[byte]time.Duration{
	's': time.Second, 'm': time.Minute, 'h': time.Hour, 'd': Day, 'w': Week, 'y': Year,
}

// ParseDuration parses a duration as written in achievement files: a whole
// number followed by s, m, h, d (24 hours), w (7 days) or y (365 days), such
// as "730d", or a Go duration such as "1h30m". It must be positive.
func ParseDuration(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if len(s) >= 2 {
		if unit, ok := durationUnits[s[len(s)-1]]; ok {
			n, err := strconv.ParseInt(s[:len(s)-1], 10, 64)
			if err == nil && n > 0 && n <= int64(200*Year/unit) {
				return time.Duration(n) * unit, nil
			}
		}
	}
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		return 0, errs.E(errs.Invalid, "%q is not a positive duration: use a whole number and a unit s, m, h, d, w or y, such as 90d", s)
	}
	return d, nil
}

// FormatDuration formats d the way ParseDuration reads it, in whole days when
// it is a whole number of days ("730d"), else in the largest whole unit of
// hours, minutes or seconds, else as a Go duration.
func FormatDuration(d time.Duration) string {
	for _, u := range []struct {
		unit time.Duration
		name string
	}{{Day, "d"}, {time.Hour, "h"}, {time.Minute, "m"}, {time.Second, "s"}} {
		if d != 0 && d%u.unit == 0 {
			return strconv.FormatInt(int64(d/u.unit), 10) + u.name
		}
	}
	return d.String()
}

// describeDuration says d in words for requirement descriptions: "365 days",
// "12 hours".
func describeDuration(d time.Duration) string {
	plural := func(n int64, unit string) string {
		if n == 1 {
			return "1 " + unit
		}
		return strconv.FormatInt(n, 10) + " " + unit + "s"
	}
	switch {
	case d%Day == 0:
		return plural(int64(d/Day), "day")
	case d%time.Hour == 0:
		return plural(int64(d/time.Hour), "hour")
	case d%time.Minute == 0:
		return plural(int64(d/time.Minute), "minute")
	}
	return d.String()
}
