package errs

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Kind is the category of an error. The list is append-only: adapters map
// kinds to status codes, and scripts may rely on the mapping.
type Kind int

const (
	Other        Kind = iota // an unclassified error; treated as Internal by adapters
	Invalid                  // the input is malformed or breaks a rule
	NotFound                 // the named thing does not exist
	Conflict                 // the request conflicts with what is stored
	Unauthorized             // no or bad credentials
	Forbidden                // authenticated, but not allowed
	Internal                 // a bug or an unexpected failure; details are logged, not shown
	Unavailable              // a dependency (store lock, remote host) is not reachable now
	TooLarge                 // the input exceeds a size limit
	RateLimited              // too many requests from this client; try again later
	Gone                     // the thing existed but was removed for good (a holder's erased details)
)

var kindNames = [...]string{
	Other:        "other",
	Invalid:      "invalid",
	NotFound:     "not found",
	Conflict:     "conflict",
	Unauthorized: "unauthorized",
	Forbidden:    "forbidden",
	Internal:     "internal",
	Unavailable:  "unavailable",
	TooLarge:     "too large",
	RateLimited:  "rate limited",
	Gone:         "gone",
}

func (k Kind) String() string {
	if k < 0 || int(k) >= len(kindNames) {
		return fmt.Sprintf("kind(%d)", int(k))
	}
	return kindNames[k]
}

// Error is an error with a kind, an optional field name (a JSON path such as
// "criteria.rule.all[0].exchanges.count") and a message for the person who sent
// the input. Err, when set, is the underlying cause.
type Error struct {
	Kind  Kind
	Field string
	Msg   string
	Err   error
}

func (e *Error) Error() string {
	msg := e.Msg
	if e.Field != "" {
		msg = e.Field + ": " + msg
	}
	if e.Err != nil {
		if msg == "" {
			return e.Err.Error()
		}
		return msg + ": " + e.Err.Error()
	}
	return msg
}

func (e *Error) Unwrap() error { return e.Err }

// E returns an error of kind k with a formatted message.
func E(k Kind, format string, args ...any) error {
	return &Error{Kind: k, Msg: fmt.Sprintf(format, args...)}
}

// Field returns an Invalid error about the named input field.
func Field(field, format string, args ...any) error {
	return &Error{Kind: Invalid, Field: field, Msg: fmt.Sprintf(format, args...)}
}

// Wrap returns err with kind k and a short context message; the cause stays
// reachable with errors.Is and errors.As.
func Wrap(k Kind, err error, format string, args ...any) error {
	if err == nil {
		return nil
	}
	return &Error{Kind: k, Msg: fmt.Sprintf(format, args...), Err: err}
}

// Sentinel returns an error of kind k that reads as the formatted message
// alone and matches sentinel with errors.Is: for a message written for
// people about a condition callers test for (the sentinel's own text is
// for programs, and would read badly appended to it).
func Sentinel(k Kind, sentinel error, format string, args ...any) error {
	return &Error{Kind: k, Err: &cause{fmt.Sprintf(format, args...), sentinel}}
}

// Size is a byte count for messages: "2 MiB", "256 KiB", or, when it is
// not a whole number of either, "2,097,404 bytes" (a count over a limit
// must not round down to the limit).
func Size(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	digits := strconv.FormatInt(n, 10)
	var b strings.Builder
	for i, d := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 && digits[i-1] != '-' {
			b.WriteByte(',')
		}
		b.WriteRune(d)
	}
	return b.String() + " bytes"
}

// cause is a message for people that wraps a sentinel error.
type cause struct {
	msg      string
	sentinel error
}

func (c *cause) Error() string { return c.msg }
func (c *cause) Unwrap() error { return c.sentinel }

// KindOf reports the kind of the outermost *Error in err's chain, or Other
// when there is none.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		if e.Kind == Other && e.Err != nil {
			return KindOf(e.Err)
		}
		return e.Kind
	}
	return Other
}

// FieldOf reports the field named by the outermost *Error in err's chain that
// names one, or "".
func FieldOf(err error) string {
	for err != nil {
		var e *Error
		if !errors.As(err, &e) {
			return ""
		}
		if e.Field != "" {
			return e.Field
		}
		err = e.Err
	}
	return ""
}
