package testutil_test

import (
	"bytes"
	"io"
	"testing"

	"github.com/accolade-badges/accolade/internal/testutil"
)

func TestRandIsDeterministic(t *testing.T) {
	a, b := make([]byte, 32), make([]byte, 32)
	io.ReadFull(testutil.Rand(7), a)
	io.ReadFull(testutil.Rand(7), b)
	if !bytes.Equal(a, b) {
		t.Errorf("Rand(7) gave %x then %x, want the same bytes", a, b)
	}
	io.ReadFull(testutil.Rand(8), b)
	if bytes.Equal(a, b) {
		t.Errorf("Rand(7) and Rand(8) gave the same bytes")
	}
}

func TestTamper(t *testing.T) {
	const jwt = "eyJhbGciOiJFZERTQSJ9.eyJpc3MiOiJBQUFBIn0.c2ln"
	got := testutil.Tamper(jwt)
	if got == jwt || len(got) != len(jwt) || got[:21] != jwt[:21] || got[len(got)-4:] != "c2ln" {
		t.Errorf("Tamper(%q) = %q, want one payload character changed", jwt, got)
	}
}

func TestMustOpen(t *testing.T) {
	db := testutil.MustOpen(t)
	if _, err := db.Issuers(); err != nil {
		t.Errorf("Issuers on a new store: %v", err)
	}
}
