package main

import (
	"context"
	"fmt"
	netmail "net/mail"
	"net/url"

	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/mail"
	"github.com/accolade-badges/accolade/templates"
)

// mailer is serve's mail: the sender, the worker that drains the outbox,
// and what the server's unsubscribe and demo mailbox pages need.
type mailer struct {
	secret []byte
	box    *mail.Mailbox // --demo: the demo mailbox
	stop   func()        // stops the worker and waits for it
}

// checkMailConfig checks ACCOLADE_SMTP_URL and ACCOLADE_MAIL_FROM before
// anything is opened, so that a mistake stops serve at once with a clear
// error (never showing the SMTP password).
func (c Config) checkMailConfig() error {
	if c.SMTPURL == "" {
		return nil
	}
	if _, err := mail.NewSMTP(mail.SMTPConfig{URL: c.SMTPURL}); err != nil {
		return err
	}
	if c.MailFrom == "" {
		return errs.E(errs.Invalid, "ACCOLADE_MAIL_FROM is required when ACCOLADE_SMTP_URL is set: the address mail comes from, such as badges@example.org or \"Riverside Badges <badges@example.org>\"")
	}
	if _, err := netmail.ParseAddress(c.MailFrom); err != nil {
		return errs.E(errs.Invalid, "ACCOLADE_MAIL_FROM %q is not an address such as badges@example.org or \"Riverside Badges <badges@example.org>\"", c.MailFrom)
	}
	return nil
}

// openMail prepares serve's mail over the opened store: the unsubscribe
// secret, and the demo mailbox with --demo when no SMTP server is set.
func (m *Main) openMail() error {
	secret, err := m.DB.MailSecret()
	if err != nil {
		return fmt.Errorf("reading the mail secret: %w", err)
	}
	m.mail = &mailer{secret: secret}
	if m.Demo && m.Config.SMTPURL == "" {
		m.mail.box = &mail.Mailbox{Now: m.Now}
	}
	return nil
}

// startMail starts the outbox worker: SMTP when ACCOLADE_SMTP_URL is set,
// else the demo mailbox with --demo, else the log.
func (m *Main) startMail() error {
	var sender mail.Sender = mail.LogSender{Log: m.Log}
	from := netmail.Address{Address: "noreply@" + hostOf(m.Config.BaseURL)}
	switch {
	case m.mail.box != nil:
		sender = m.mail.box
	case m.Config.SMTPURL != "":
		s, err := mail.NewSMTP(mail.SMTPConfig{URL: m.Config.SMTPURL})
		if err != nil {
			return err
		}
		sender = s
	}
	if m.Config.MailFrom != "" {
		a, err := netmail.ParseAddress(m.Config.MailFrom)
		if err != nil {
			return fmt.Errorf("ACCOLADE_MAIL_FROM: %w", err)
		}
		from = *a
	}
	if _, ok := sender.(mail.LogSender); ok {
		m.Log.Warn("ACCOLADE_SMTP_URL is not set: mail is written to this log, not sent")
	}
	mails, err := templates.NewMails()
	if err != nil {
		return err
	}
	w, err := mail.NewWorker(mail.WorkerConfig{
		Outbox: m.DB, Sender: sender, Now: m.Now, Log: m.Log,
		Renderer: &mail.Renderer{View: m.DB, Mails: mails, BaseURL: m.Config.BaseURL, From: from, Secret: m.mail.secret},
	})
	if err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	removeHook := m.DB.OnEnqueue(w.Poke)
	go func() { defer close(done); w.Run(ctx) }()
	m.mail.stop = func() { removeHook(); cancel(); <-done }
	return nil
}

// stopMail stops the worker, if one runs.
func (m *Main) stopMail() {
	if m.mail != nil && m.mail.stop != nil {
		m.mail.stop()
		m.mail.stop = nil
	}
}

func hostOf(base string) string {
	if u, err := url.Parse(base); err == nil && u.Hostname() != "" {
		return u.Hostname()
	}
	return "localhost"
}
