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

func TestSentinel(t *testing.T) {
	sentinel := errors.New("too large")
	err := errs.Sentinel(errs.TooLarge, sentinel, "The image is %d pixels wide.", 90000)
	if got, want := err.Error(), "The image is 90000 pixels wide."; got != want {
		t.Errorf("Error() = %q, want %q (without the sentinel's text)", got, want)
	}
	if !errors.Is(err, sentinel) || errs.KindOf(err) != errs.TooLarge {
		t.Errorf("Sentinel: errors.Is = %v, kind = %v; want true, TooLarge", errors.Is(err, sentinel), errs.KindOf(err))
	}
}

func TestSize(t *testing.T) {
	for n, want := range map[int64]string{
		0: "0 bytes", 999: "999 bytes", 1024: "1 KiB", 256 << 10: "256 KiB", 2 << 20: "2 MiB",
		2097404: "2,097,404 bytes", 1536: "1,536 bytes", 123456789: "123,456,789 bytes",
	} {
		if got := errs.Size(n); got != want {
			t.Errorf("Size(%d) = %q, want %q", n, got, want)
		}
	}
}
