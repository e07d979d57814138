package main

import (
	"path/filepath"
	"testing"
	"time"
)

// TestBrowserConsoleCoordinator runs webtest/console-coordinator.mjs (see its
// header) against the demo community: Amara signs in, sees the dashboard,
// revokes a credential with a reason and sees it revoked on the public
// page and in the verify page's answer, and approves an application; in
// English and in Arabic. Screenshots go to
// $ACCOLADE_SCREENSHOTS/console-coordinator, or a temporary directory.
func TestBrowserConsoleCoordinator(t *testing.T) {
	node, script, out := webScript(t, "console-coordinator.mjs")
	for _, lang := range []string{"en", "ar"} {
		t.Run(lang, func(t *testing.T) {
			a, _, inbox := startMailDemo(t, func(*Main) {})
			runWebScript(t, 3*time.Minute, node, script, "--base", a.base, "--mail", inbox,
				"--token", adminToken, "--lang", lang, "--out", filepath.Join(out, "console-coordinator"))
		})
	}
}
