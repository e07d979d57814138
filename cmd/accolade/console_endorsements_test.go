package main

import (
	"path/filepath"
	"testing"
	"time"
)

// TestBrowserConsoleEndorsements runs webtest/console-endorsements.mjs
// (see its header) against the demo community: Amara creates a second
// community, endorses it from the first (a form without a choice first,
// then by keyboard), has the second refuse a tampered copy in her
// language, withdraw the endorsement and keep it again from a file; in
// English and in Arabic, at 1366 and 390 px. Screenshots go to
// $ACCOLADE_SCREENSHOTS/console-endorsements, or a temporary directory.
func TestBrowserConsoleEndorsements(t *testing.T) {
	node, script, out := webScript(t, "console-endorsements.mjs")
	for _, lang := range []string{"en", "ar"} {
		t.Run(lang, func(t *testing.T) {
			a, _, inbox := startMailDemo(t, func(*Main) {})
			runWebScript(t, 3*time.Minute, node, script, "--base", a.base, "--mail", inbox,
				"--lang", lang, "--out", filepath.Join(out, "console-endorsements"))
		})
	}
}
