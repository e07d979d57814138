package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestMissingDataDirIsRefused: only init and serve create a data directory;
// every other command run where there is none says what to do and creates
// nothing (a forgotten --server must not start a new community).
func TestMissingDataDirIsRefused(t *testing.T) {
	members, err := filepath.Abs("testdata/members.csv")
	if err != nil {
		t.Fatal(err)
	}
	trainer, _ := filepath.Abs("testdata/trainer.yaml")
	t.Chdir(t.TempDir())
	writeFile(t, "badge.jwt", []byte("eyJhbGciOiJub25lIn0.e30."))
	const want = "no data directory at ./data: run `accolade init`, or pass `--server URL`"
	tests := []struct {
		name string
		args []string
	}{
		{"import", []string{"import", "members", members}},
		{"issue", []string{"issue", "--achievement", "project-trainer", "--member", "olga"}},
		{"keys list", []string{"keys", "list"}},
		{"keys rotate", []string{"keys", "rotate"}},
		{"achievements load", []string{"achievements", "load", trainer}},
		{"progress", []string{"progress", "olga"}},
		{"members list", []string{"members", "list"}},
		{"revoke", []string{"revoke", "urn:uuid:1", "--reason", "mistake", "--yes"}},
		{"suspend", []string{"suspend", "urn:uuid:1", "--reason", "mistake"}},
		{"unsuspend", []string{"unsuspend", "urn:uuid:1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := cli(t, nil, tt.args...)
			if code != exitFailure || !strings.Contains(errOut, want) {
				t.Errorf("accolade %q = exit %d, want %d with %q\nstdout: %s\nstderr: %s", tt.args, code, exitFailure, want, out, errOut)
			}
			if _, err := os.Stat("data"); err == nil {
				t.Fatalf("accolade %q created ./data", tt.args)
			}
		})
	}
	t.Run("verify", func(t *testing.T) { // works without one, and creates none
		code, _, errOut := cli(t, nil, "verify", "badge.jwt")
		if code != exitFailure || strings.Contains(errOut, "no data directory") {
			t.Errorf("verify = exit %d %q, want 1 (not valid) without a data directory", code, errOut)
		}
		if _, err := os.Stat("data"); err == nil {
			t.Fatal("verify created ./data")
		}
	})
	t.Run("init creates it", func(t *testing.T) {
		if code, out, errOut := cli(t, nil, "init", "--issuer-name", "Riverside"); code != 0 {
			t.Fatalf("init = %d\n%s%s", code, out, errOut)
		}
		if code, out, errOut := cli(t, nil, "keys", "list"); code != 0 || !strings.Contains(out, "RS256") {
			t.Errorf("keys list after init = %d\n%s%s", code, out, errOut)
		}
	})
}
