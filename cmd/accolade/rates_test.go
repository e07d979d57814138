package main

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"testing"
)

// TestRateConfig sets the per-client verification limit with flags and
// the environment: 0 switches it off, a rate and burst are kept, and a
// value that is not a rate is refused naming the flag, the variable and
// what was given.
func TestRateConfig(t *testing.T) {
	verifications := func(a *app, n int) (limitedAt int) {
		for i := range n {
			if resp, _ := request(t, a, "POST", "/api/v1/verify", "", "not a credential"); resp.StatusCode == http.StatusTooManyRequests {
				return i + 1
			}
		}
		return 0
	}
	if at := verifications(startMain(t, t.TempDir(), "", func(*Main) {}, "--verify-rate", "0"), 100); at != 0 {
		t.Errorf("--verify-rate 0: verification %d was refused with 429, want no limit", at)
	}
	if at := verifications(startMain(t, t.TempDir(), "", func(*Main) {}, "--verify-rate", "0.01", "--verify-burst", "3"), 10); at != 4 {
		t.Errorf("--verify-rate 0.01 --verify-burst 3: first 429 at verification %d, want 4", at)
	}

	for _, tt := range []struct {
		name string
		args []string
		env  map[string]string
		want string
	}{
		{"rate not a number", []string{"--verify-rate", "ten"}, nil, `--verify-rate (or ACCOLADE_VERIFY_RATE) "ten": give verifications a second per client address, such as 10, or 0 for no limit`},
		{"negative rate", nil, map[string]string{"ACCOLADE_VERIFY_RATE": "-1"}, `ACCOLADE_VERIFY_RATE) "-1"`},
		{"page rate", []string{"--page-rate", "Inf"}, nil, `--page-rate (or ACCOLADE_PAGE_RATE) "Inf": give public requests a second`},
		{"burst zero", nil, map[string]string{"ACCOLADE_VERIFY_BURST": "0"}, `--verify-burst (or ACCOLADE_VERIFY_BURST) "0": give how many verifications a client may send at once`},
		{"burst fraction", []string{"--verify-burst", "2.5"}, nil, `"2.5"`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			env := map[string]string{"ACCOLADE_ADMIN_TOKEN": adminToken}
			for k, v := range tt.env {
				env[k] = v
			}
			var out bytes.Buffer
			m := NewMain(strings.NewReader(""), &out, &out, func(k string) string { return env[k] })
			args := append([]string{"serve", "--data", t.TempDir(), "--addr", "127.0.0.1:0"}, tt.args...)
			if code := m.Execute(context.Background(), args); code != exitUsage || !strings.Contains(out.String(), tt.want) {
				t.Errorf("accolade %q with %v = exit %d\n%s\nwant exit %d and %q", args, tt.env, code, out.String(), exitUsage, tt.want)
			}
		})
	}
}

// TestCommandSpellings: `accolade member forget ID` (the spelling of issue
// 14) is `accolade members forget ID`, and so for the other plural names.
func TestCommandSpellings(t *testing.T) {
	dir := t.TempDir()
	for _, args := range [][]string{{"member", "--help"}, {"achievement", "--help"}, {"issuer", "--help"}, {"credential", "--help"}, {"tokens", "--help"}, {"help", "member"}} {
		if _, code, out := runMain(t, dir, args...); code != exitOK || strings.Contains(out, "unknown command") {
			t.Errorf("accolade %q = exit %d\n%s", args, code, out)
		}
	}
	if _, code, out := runMain(t, dir, "member", "forget", "nobody"); code == exitOK || strings.Contains(out, "unknown command") {
		t.Errorf("accolade member forget nobody = exit %d, want the members command's refusal\n%s", code, out)
	}
}
