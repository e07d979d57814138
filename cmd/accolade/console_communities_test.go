package main

import (
	"path/filepath"
	"testing"
	"time"
)

// TestBrowserConsoleCommunities runs webtest/console-communities.mjs (see its
// header) against the demo community: Amara, an owner of the install,
// creates a second community from the console (a bad slug first), finds
// its public page, rotates its keys and sees the rotation in its audit
// log; in English and in Arabic. Screenshots go to
// $ACCOLADE_SCREENSHOTS/console-communities, or a temporary directory.
func TestBrowserConsoleCommunities(t *testing.T) {
	node, script, out := webScript(t, "console-communities.mjs")
	for _, lang := range []string{"en", "ar"} {
		t.Run(lang, func(t *testing.T) {
			a, _, inbox := startMailDemo(t, func(*Main) {})
			runWebScript(t, 3*time.Minute, node, script, "--base", a.base, "--mail", inbox,
				"--lang", lang, "--out", filepath.Join(out, "console-communities"))
		})
	}
}
