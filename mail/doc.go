// Package mail sends Accolade's mail: it turns the notices of the outbox
// (the store writes them in the transaction of the event that causes them)
// into messages in the recipient's language, and sends them.
//
// A Message is composed to RFC 5322 bytes (Bytes): multipart/alternative
// plain text and HTML, UTF-8, quoted-printable, RFC 2047 encoded subject
// and display names, and a Message-ID derived from the notice id, so that a
// message sent twice after a crash is recognisably the same. Notification
// mail carries List-Unsubscribe and List-Unsubscribe-Post (RFC 8058)
// headers; sign-in mail does not.
//
// A Sender sends a message: SMTP (NewSMTP, from an smtp:// or smtps:// URL,
// STARTTLS when offered, a password never sent in clear text except to a
// loopback host), the log (LogSender, when no SMTP server is configured)
// or an in-memory Mailbox for the demo. Errors and logs never show the
// URL's user and password.
//
// A Worker drains the outbox: it renders each due notice (through
// templates.Mails, as the member is at send time), sends it, and marks it
// sent, or failed with exponential back-off; it also enqueues expiry
// notices from an hourly scan. Delivery is at least once: a crash after
// the SMTP server took a message but before the outbox recorded it sends it
// again on restart, with the same Message-ID. Unsubscribe tokens (UnsubscribeToken) are
// HMACs of the member id under a secret the store keeps.
//
// It does not store anything (the Worker's Store is the store package's
// outbox) nor serve HTTP (server serves the unsubscribe and demo mailbox
// pages).
package mail
