package server

import (
	"encoding/json"
	"net/http/httptest"
	"testing"

	"github.com/accolade-badges/accolade/api"
	"github.com/accolade-badges/accolade/errs"
)

func TestStatusOf(t *testing.T) {
	tests := []struct {
		kind errs.Kind
		want int
	}{
		{errs.Invalid, 400}, {errs.Unauthorized, 401}, {errs.Forbidden, 403}, {errs.NotFound, 404},
		{errs.Conflict, 409}, {errs.TooLarge, 413}, {errs.RateLimited, 429}, {errs.Internal, 500},
		{errs.Other, 500}, {errs.Unavailable, 503},
	}
	for _, tt := range tests {
		if got := statusOf(tt.kind); got != tt.want {
			t.Errorf("statusOf(%v) = %d, want %d", tt.kind, got, tt.want)
		}
	}
}

func TestWriteErrorHidesInternalDetails(t *testing.T) {
	s := &Server{log: logger(nil)}
	for _, tt := range []struct {
		err        error
		status     int
		detail     string
		field      string
		retryAfter string
	}{
		{errs.Field("email", "is required"), 400, "email: is required", "email", ""},
		{errs.E(errs.Internal, "bolt: page 7 is corrupt at /var/data"), 500, "internal error", "", ""},
		{errs.E(errs.RateLimited, "slow down"), 429, "slow down", "", "1"},
	} {
		rec := httptest.NewRecorder()
		s.writeError(rec, httptest.NewRequest("GET", "/x", nil), tt.err)
		var p api.Problem
		if err := json.Unmarshal(rec.Body.Bytes(), &p); err != nil {
			t.Fatal(err)
		}
		if rec.Code != tt.status || p.Status != tt.status || p.Detail != tt.detail || p.Field != tt.field ||
			rec.Header().Get("Content-Type") != "application/problem+json" || rec.Header().Get("Retry-After") != tt.retryAfter {
			t.Errorf("writeError(%v) = %d %+v %v, want %d %q field %q", tt.err, rec.Code, p, rec.Header(), tt.status, tt.detail, tt.field)
		}
	}
}

func TestClientLimiter(t *testing.T) {
	l := newClientLimiter(0.001, 3)
	for i := range 3 {
		if !l.allow("192.0.2.1:4000") {
			t.Fatalf("request %d refused within the burst", i+1)
		}
	}
	if l.allow("192.0.2.1:5000") {
		t.Errorf("request beyond the burst allowed (same client, other port)")
	}
	if !l.allow("192.0.2.2:4000") {
		t.Errorf("another client was limited")
	}
	off := newClientLimiter(-1, 1)
	if first, second := off.allow("x"), off.allow("x"); !first || !second {
		t.Errorf("a negative rate should turn the limit off")
	}
}

func TestWantsHTML(t *testing.T) {
	for accept, want := range map[string]bool{
		"":                                  false,
		"text/html,application/xhtml+xml":   true,
		"application/vc+ld+json":            false,
		"application/json, text/html;q=0.5": false,
		"*/*":                               false,
	} {
		r := httptest.NewRequest("GET", "/", nil)
		r.Header.Set("Accept", accept)
		if got := wantsHTML(r); got != want {
			t.Errorf("wantsHTML(%q) = %v, want %v", accept, got, want)
		}
	}
}
