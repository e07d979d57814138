package main

import (
	"path/filepath"
	"testing"
	"time"
)

// TestBrowserConsoleEditor runs webtest/console-editor.mjs (see its header)
// against the demo community, whose coordinator is Amara: the achievement
// editor (a line-numbered error for a bad rule, who would earn it now, a
// form field kept in step with the file, save) and the import (a CSV's bad
// rows seen before applying, applied once); in English and in Arabic.
// Screenshots go to $ACCOLADE_SCREENSHOTS/console-editor, or a temporary
// directory.
func TestBrowserConsoleEditor(t *testing.T) {
	node, script, out := webScript(t, "console-editor.mjs")
	for _, lang := range []string{"en", "ar"} {
		t.Run(lang, func(t *testing.T) {
			a, _, inbox := startMailDemo(t, func(m *Main) {})
			runWebScript(t, 3*time.Minute, node, script, "--base", a.base, "--mail", inbox,
				"--token", adminToken, "--lang", lang, "--out", filepath.Join(out, "console-editor"))
		})
	}
}
