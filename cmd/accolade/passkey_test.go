package main

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"
)

// TestBrowserPasskey runs webtest/passkey.mjs (see its header) against the
// demo community: Olga signs in by the mailed link, adds a passkey on her
// settings page with a CDP virtual authenticator, signs out, and signs in
// again with the passkey alone, in English and in Arabic. The base URL is
// http://localhost:PORT: browsers offer WebAuthn to localhost over plain
// http, but an IP address cannot be a relying party id. Screenshots go to
// $ACCOLADE_SCREENSHOTS/passkey, or a temporary directory.
func TestBrowserPasskey(t *testing.T) {
	node, script, out := webScript(t, "passkey.mjs")
	for _, lang := range []string{"en", "ar"} {
		t.Run(lang, func(t *testing.T) {
			port := freePort(t)
			base := fmt.Sprintf("http://localhost:%d", port)
			_, _, inbox := startMailDemo(t, func(m *Main) {
				m.Config.Addr, m.Config.BaseURL = fmt.Sprintf("127.0.0.1:%d", port), base
			})
			runWebScript(t, 2*time.Minute, node, script, "--base", base, "--mail", inbox, "--lang", lang,
				"--out", filepath.Join(out, "passkey"))
		})
	}
}
