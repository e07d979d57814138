package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/store"
)

// oldMainData is a data directory written by main as of 2026-12-01 (see
// store's migrate_test.go for how it was made).
const oldMainData = "../../store/testdata/main-2026-12-01"

// TestOpensMainData runs Main on a copy of a data directory written by an
// older release: the store upgrades it at open, and every credential in it
// still verifies (valid, or revoked where it was revoked), with the demo's
// members, achievements and exchanges all there.
func TestOpensMainData(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{store.FileName, "keyring.key"} {
		b, err := os.ReadFile(filepath.Join(oldMainData, name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	a := startAppIn(t, dir, "https://badges.example.org")
	creds, err := a.m.DB.Credentials(accolade.CredentialFilter{})
	if err != nil || len(creds) != 10 {
		t.Fatalf("Credentials = %d, %v; want the 10 of the demo", len(creds), err)
	}
	for _, r := range creds {
		want := "valid"
		if r.Status == accolade.Revoked {
			want = "revoked"
		}
		for form, in := range map[string]struct{ body, ct string }{
			"jwt": {r.JWT, "text/plain"}, "json": {string(r.JSON), "application/vc+ld+json"},
		} {
			code, _, b := a.do("POST", "/api/v1/verify", "", in.ct, in.body)
			var v struct{ Outcome string }
			if err := json.Unmarshal(b, &v); err != nil || code != 200 || v.Outcome != want {
				t.Errorf("verify %s of %s (%s of %s) = %d %s, want outcome %s", form, r.ID, r.Achievement, r.Member, code, b, want)
			}
		}
	}
	for _, id := range []string{"ana", "layla", "kwame", "olga", "zainab"} {
		if _, err := a.m.DB.Member(id); err != nil {
			t.Errorf("Member(%s): %v", id, err)
		}
	}
	for _, id := range []string{"first-exchange", "mentor", "project-trainer", "wiki-editor", "helper"} {
		if _, err := a.m.DB.Achievement(id); err != nil {
			t.Errorf("Achievement(%s): %v", id, err)
		}
	}
	for _, id := range []string{"demo-circle-1", "demo-mentoring-1"} {
		if _, err := a.m.DB.Exchange(id); err != nil {
			t.Errorf("Exchange(%s): %v", id, err)
		}
	}
}
