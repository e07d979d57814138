package mail

import (
	"context"
	"log/slog"
	"slices"
	"sync"
	"time"
)

// Sender sends one message. An error means the message may not have been
// delivered: the worker tries again later.
type Sender interface {
	Send(ctx context.Context, m *Message) error
}

// LogSender is the Sender when no SMTP server is configured: it writes
// each message (recipient, subject and text) to the log, so that a
// development server's sign-in links can be followed from its output.
type LogSender struct{ Log *slog.Logger }

// Send logs m.
func (s LogSender) Send(_ context.Context, m *Message) error {
	log := s.Log
	if log == nil {
		log = slog.Default()
	}
	log.Info("mail (no SMTP server configured: set ACCOLADE_SMTP_URL to send it)",
		"to", m.To.Address, "subject", m.Subject, "messageId", m.MessageID, "text", m.Text)
	return nil
}

// MailboxSize is how many messages a Mailbox keeps.
const MailboxSize = 200

// Mailbox is the demo's Sender: it keeps the last MailboxSize messages in
// memory, for the demo mailbox page. It is safe for concurrent use.
type Mailbox struct {
	mu   sync.Mutex
	list []Stored // oldest first
	Now  func() time.Time
}

// Stored is a message a Mailbox received, and when.
type Stored struct {
	Message
	Received time.Time
}

// Send keeps a copy of m, dropping the oldest message when full.
func (b *Mailbox) Send(_ context.Context, m *Message) error {
	now := time.Now
	if b.Now != nil {
		now = b.Now
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.list) >= MailboxSize {
		b.list = slices.Delete(b.list, 0, len(b.list)-MailboxSize+1)
	}
	b.list = append(b.list, Stored{Message: *m, Received: now().UTC()})
	return nil
}

// Messages returns the kept messages, newest first.
func (b *Mailbox) Messages() []Stored {
	b.mu.Lock()
	defer b.mu.Unlock()
	out := slices.Clone(b.list)
	slices.Reverse(out)
	return out
}

// Message returns the kept message with the Message-ID id (with its angle
// brackets), and whether there is one.
func (b *Mailbox) Message(id string) (Stored, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for i := len(b.list) - 1; i >= 0; i-- {
		if b.list[i].MessageID == id {
			return b.list[i], true
		}
	}
	return Stored{}, false
}
