package main

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"
)

// TestBrowserOAuth runs webtest/oauth.mjs (see its header) against the
// demo community, on the http base URL a newcomer gets: a platform
// registers, Olga signs in by the mailed link and allows it on the
// consent page, in English and in Arabic, and the platform fetches her
// credentials and profile through the Open Badges API until she ends the
// access on her settings page. Screenshots go to $ACCOLADE_SCREENSHOTS/oauth.
func TestBrowserOAuth(t *testing.T) {
	node, script, out := webScript(t, "oauth.mjs")
	for _, lang := range []string{"en", "ar"} {
		t.Run(lang, func(t *testing.T) {
			port := freePort(t)
			base := fmt.Sprintf("http://127.0.0.1:%d", port)
			_, _, inbox := startMailDemo(t, func(m *Main) {
				m.Config.Addr, m.Config.BaseURL = fmt.Sprintf("127.0.0.1:%d", port), base
			})
			runWebScript(t, 2*time.Minute, node, script, "--base", base, "--mail", inbox, "--lang", lang,
				"--out", filepath.Join(out, "oauth"))
		})
	}
}
