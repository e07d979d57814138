package main

import (
	"context"
	"fmt"
	"net"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/accolade-badges/accolade/internal/mailtest"
)

// TestPasskeyBrowser runs webtest/passkey.mjs (see its header) against the
// demo community: Olga signs in by the mailed link, adds a passkey on her
// settings page with a CDP virtual authenticator, signs out, and signs in
// again with the passkey alone, in English and in Arabic. The base URL is http://localhost:PORT:
// browsers offer WebAuthn to localhost over plain http, but an IP address
// cannot be a relying party id. Screenshots go to
// $ACCOLADE_SCREENSHOTS/passkey, or a temporary directory.
func TestPasskeyBrowser(t *testing.T) {
	node, _, pages := browserTools(t)
	script := filepath.Join(filepath.Dir(pages), "passkey.mjs")
	out := os.Getenv("ACCOLADE_SCREENSHOTS")
	if out == "" {
		out = t.TempDir()
	}
	for _, lang := range []string{"en", "ar"} {
		t.Run(lang, func(t *testing.T) {
			smtp := mailtest.Start(t)
			inbox := httptest.NewServer(smtp)
			t.Cleanup(inbox.Close)
			port := freePort(t)
			base := fmt.Sprintf("http://localhost:%d", port)
			startAppWith(t, func(m *Main) {
				m.Config.Addr, m.Config.BaseURL = fmt.Sprintf("127.0.0.1:%d", port), base
				m.Config.SMTPURL, m.Config.MailFrom = smtp.URL(), "Riverside Badges <badges@example.org>"
			}, "--demo")
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			defer cancel()
			cmd := exec.CommandContext(ctx, node, script, "--base", base, "--mail", inbox.URL, "--lang", lang,
				"--out", filepath.Join(out, "passkey"))
			b, err := cmd.CombinedOutput()
			for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
				if strings.HasPrefix(line, "FAIL") {
					t.Error(line)
				} else {
					t.Log(line)
				}
			}
			if err != nil && !t.Failed() {
				t.Errorf("passkey.mjs: %v\n%s", err, b)
			}
		})
	}
}

// freePort returns a loopback port that was free a moment ago, for a
// base URL that must name it before the server listens.
func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}
