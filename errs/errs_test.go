package errs_test

import (
	"errors"
	"fmt"
	"io"
	"testing"

	"github.com/accolade-badges/accolade/errs"
)

func TestKindOf(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want errs.Kind
	}{
		{"nil", nil, errs.Other},
		{"plain", io.EOF, errs.Other},
		{"direct", errs.E(errs.NotFound, "no member %q", "ana"), errs.NotFound},
		{"field", errs.Field("hours", "must be > 0"), errs.Invalid},
		{"wrapped by fmt", fmt.Errorf("storing: %w", errs.E(errs.Conflict, "exists")), errs.Conflict},
		{"wrap keeps outer kind", errs.Wrap(errs.Unavailable, errs.E(errs.Invalid, "x"), "opening"), errs.Unavailable},
		{"other defers to cause", &errs.Error{Kind: errs.Other, Err: errs.E(errs.Forbidden, "no")}, errs.Forbidden},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := errs.KindOf(tt.err); got != tt.want {
				t.Errorf("KindOf(%v) = %v, want %v", tt.err, got, tt.want)
			}
		})
	}
}

func TestErrorMessageAndUnwrap(t *testing.T) {
	err := fmt.Errorf("loading: %w", errs.Wrap(errs.Invalid, io.ErrUnexpectedEOF, "reading body"))
	if !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("errors.Is(%v, io.ErrUnexpectedEOF) = false", err)
	}
	if got, want := err.Error(), "loading: reading body: unexpected EOF"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	f := fmt.Errorf("ctx: %w", errs.Field("exchanges[0].hours", "must be greater than 0"))
	if got := errs.FieldOf(f); got != "exchanges[0].hours" {
		t.Errorf("FieldOf = %q", got)
	}
	if got, want := f.Error(), "ctx: exchanges[0].hours: must be greater than 0"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}
