package main

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/accolade-badges/accolade/internal/mailtest"
)

// TestMemberJourneys runs webtest/journeys.mjs (see its header) against the
// demo community with its mail going to a capturing SMTP server: sign-in by
// the mailed link, logging and confirming (and disputing) an exchange,
// progress as the engine counts it, an attestation that earns Project
// Trainer and its award mail, an application approved by a reviewer, and a
// hidden credential page; in English and in Arabic. Screenshots go to
// $ACCOLADE_SCREENSHOTS/journeys, or a temporary directory.
func TestMemberJourneys(t *testing.T) {
	node, _, pages := browserTools(t)
	script := filepath.Join(filepath.Dir(pages), "journeys.mjs")
	out := os.Getenv("ACCOLADE_SCREENSHOTS")
	if out == "" {
		out = t.TempDir()
	}
	for _, lang := range []string{"en", "ar"} {
		t.Run(lang, func(t *testing.T) {
			smtp := mailtest.Start(t)
			inbox := httptest.NewServer(smtp)
			t.Cleanup(inbox.Close)
			a := startAppWith(t, func(m *Main) {
				m.Config.SMTPURL, m.Config.MailFrom = smtp.URL(), "Riverside Badges <badges@example.org>"
				m.SignInPerMinute = 600 // a dozen people sign in from one address
			}, "--demo")
			ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
			defer cancel()
			cmd := exec.CommandContext(ctx, node, script, "--base", a.base, "--mail", inbox.URL,
				"--token", adminToken, "--lang", lang, "--out", filepath.Join(out, "journeys"))
			b, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("journeys.mjs --lang %s: %v\n%s", lang, err, b)
			}
			t.Logf("%s", b)
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
