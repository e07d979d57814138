package main

import (
	"path/filepath"
	"testing"
	"time"
)

// TestBrowserConsoleMembers runs webtest/console-members.mjs (see its header)
// against the demo community: Amara signs in, searches the members for
// Layla, opens her page, edits her name (an invalid email first), and
// invites her, and the invitation arrives with a sign-in link; in English
// and in Arabic. Screenshots go to $ACCOLADE_SCREENSHOTS/console-members,
// or a temporary directory.
func TestBrowserConsoleMembers(t *testing.T) {
	node, script, out := webScript(t, "console-members.mjs")
	for _, lang := range []string{"en", "ar"} {
		t.Run(lang, func(t *testing.T) {
			a, _, inbox := startMailDemo(t, func(*Main) {})
			runWebScript(t, 3*time.Minute, node, script, "--base", a.base, "--mail", inbox,
				"--lang", lang, "--out", filepath.Join(out, "console-members"))
		})
	}
}
