package main

import (
	"path/filepath"
	"testing"
	"time"
)

// TestBrowserWallets runs webtest/wallets.mjs (see its header) against the
// demo community: Layla signs in and puts a badge into a wallet, the
// Learner Credential Wallet's way and OpenID4VCI's; in English and in
// Arabic. Screenshots go to $ACCOLADE_SCREENSHOTS/wallets, or a temporary
// directory.
func TestBrowserWallets(t *testing.T) {
	node, script, out := webScript(t, "wallets.mjs")
	for _, lang := range []string{"en", "ar"} {
		t.Run(lang, func(t *testing.T) {
			a, _, inbox := startMailDemo(t, func(*Main) {})
			runWebScript(t, 3*time.Minute, node, script, "--base", a.base, "--mail", inbox,
				"--lang", lang, "--out", filepath.Join(out, "wallets"))
		})
	}
}
