package main

import (
	"fmt"
	"net"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/accolade-badges/accolade/internal/mailtest"
)

// TestBrowserJourneys runs webtest/journeys.mjs (see its header) against the
// demo community with its mail going to a capturing SMTP server: sign-in by
// the mailed link, logging and confirming (and disputing) an exchange,
// progress as the engine counts it, an attestation that earns Project
// Trainer and its award mail, an application approved by a reviewer, and a
// hidden credential page; in English and in Arabic. Screenshots, and the
// mail as sent, go to $ACCOLADE_SCREENSHOTS/journeys, or a temporary
// directory.
func TestBrowserJourneys(t *testing.T) {
	node, script, out := webScript(t, "journeys.mjs")
	for _, lang := range []string{"en", "ar"} {
		t.Run(lang, func(t *testing.T) {
			a, smtp, inbox := startMailDemo(t, func(m *Main) {
				m.SignInPerMinute = 600 // a dozen people sign in from one address
			})
			runWebScript(t, 4*time.Minute, node, script, "--base", a.base, "--mail", inbox,
				"--token", adminToken, "--lang", lang, "--out", filepath.Join(out, "journeys"))
			for i, m := range smtp.Messages() {
				if os.Getenv("ACCOLADE_SCREENSHOTS") != "" { // the mail as sent, to look at
					writeFile(t, filepath.Join(out, "journeys", fmt.Sprintf("mail-%s-%02d.html", lang, i)), []byte(m.HTML))
					writeFile(t, filepath.Join(out, "journeys", fmt.Sprintf("mail-%s-%02d.txt", lang, i)), []byte("Subject: "+m.Subject+"\n\n"+m.Text))
				}
				if !strings.HasPrefix(m.MessageID, "<") || m.Headers["Date"] == "" {
					t.Errorf("mail %q to %v: Message-ID %q, Date %q", m.Subject, m.To, m.MessageID, m.Headers["Date"])
				}
			}
		})
	}
}

// webScript finds node and the webtest script name (or skips the test, as
// browserTools says why), and the directory screenshots go to.
func webScript(t *testing.T, name string) (node, script, out string) {
	t.Helper()
	node, _, pages := browserTools(t)
	out = os.Getenv("ACCOLADE_SCREENSHOTS")
	if out == "" {
		out = t.TempDir()
	}
	return node, filepath.Join(filepath.Dir(pages), name), out
}

// startMailDemo starts the demo community with its mail going to a
// capturing SMTP server, and returns the app, the server and the address
// of its messages as JSON (for the scripts' Mailbox). change may adjust
// Main further before it runs.
func startMailDemo(t *testing.T, change func(*Main)) (*app, *mailtest.Server, string) {
	t.Helper()
	smtp := mailtest.Start(t)
	inbox := httptest.NewServer(smtp)
	t.Cleanup(inbox.Close)
	a := startAppWith(t, func(m *Main) {
		m.Config.SMTPURL, m.Config.MailFrom = smtp.URL(), "Riverside Badges <badges@example.org>"
		change(m)
	}, "--demo")
	return a, smtp, inbox.URL
}

// runWebScript runs a webtest script under node: its "FAIL" lines are test
// errors, its other lines the test's log.
func runWebScript(t *testing.T, timeout time.Duration, node string, args ...string) {
	t.Helper()
	b, err := runScript(timeout, nil, node, args...)
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		if strings.HasPrefix(line, "FAIL") {
			t.Error(line)
		} else {
			t.Log(line)
		}
	}
	if err != nil && !t.Failed() {
		t.Errorf("%s: %v\n%s", filepath.Base(args[0]), err, b)
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
