package main

import (
	"slices"
	"strings"
	"testing"
)

func TestVCAPIStatusConfig(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want []string
		err  string
	}{
		{"", nil, ""},
		{"revocation", []string{"revocation"}, ""},
		{" revocation , suspension ", []string{"revocation", "suspension"}, ""},
		{"revocation,expiry", nil, `ACCOLADE_VCAPI_STATUS: "expiry" is not a status purpose`},
	} {
		got, err := Config{VCAPIStatus: tt.in}.vcapiStatus()
		if !slices.Equal(got, tt.want) || (err == nil) != (tt.err == "") || err != nil && !strings.Contains(err.Error(), tt.err) {
			t.Errorf("vcapiStatus(%q) = %q, %v; want %q, %q", tt.in, got, err, tt.want, tt.err)
		}
	}
}
