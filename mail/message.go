package mail

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	netmail "net/mail"
	"net/textproto"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/accolade-badges/accolade/errs"
)

// Message is one mail, ready to compose (Bytes) and send.
type Message struct {
	From, To netmail.Address
	Subject  string
	Text     string // the plain text body
	HTML     string // the HTML body; empty: text only
	// MessageID is the Message-ID header with its angle brackets; see
	// MessageID.
	MessageID string
	Date      time.Time
	// Headers are further header fields, such as List-Unsubscribe (see
	// SetUnsubscribe); written in name order.
	Headers textproto.MIMEHeader
}

// MessageID returns the Message-ID of the mail of notice id, for a service
// at baseURL: <id@host>, the id with every byte other than letters, digits,
// '-' and '_' written as =XX, so that different ids never share one.
func MessageID(noticeID, baseURL string) string {
	host := "accolade.invalid"
	if u, err := url.Parse(baseURL); err == nil && u.Hostname() != "" {
		host = u.Hostname()
	}
	var b strings.Builder
	for i := 0; i < len(noticeID); i++ {
		c := noticeID[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "=%02X", c)
		}
	}
	return "<" + b.String() + "@" + host + ">"
}

// SetUnsubscribe adds the RFC 8058 one-click unsubscribe headers for the
// link u (which must answer a POST).
func (m *Message) SetUnsubscribe(u string) {
	if m.Headers == nil {
		m.Headers = textproto.MIMEHeader{}
	}
	m.Headers.Set("List-Unsubscribe", "<"+u+">")
	m.Headers.Set("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")
}

// Bytes composes the message as RFC 5322 bytes with CRLF line ends. A
// missing address or a header value with a line break is an errs.Invalid
// error.
func (m *Message) Bytes() ([]byte, error) {
	switch {
	case m.From.Address == "":
		return nil, errs.Field("from", "is required")
	case m.To.Address == "":
		return nil, errs.Field("to", "is required")
	case m.MessageID == "":
		return nil, errs.Field("messageId", "is required")
	case m.Date.IsZero():
		return nil, errs.Field("date", "is required")
	}
	var b bytes.Buffer
	head := [][2]string{
		{"From", m.From.String()},
		{"To", m.To.String()},
		{"Subject", mime.QEncoding.Encode("utf-8", oneLine(m.Subject))},
		{"Date", m.Date.Format(time.RFC1123Z)},
		{"Message-ID", m.MessageID},
		{"MIME-Version", "1.0"},
	}
	names := make([]string, 0, len(m.Headers))
	for k := range m.Headers {
		names = append(names, k)
	}
	slices.Sort(names)
	for _, k := range names {
		for _, v := range m.Headers[k] {
			head = append(head, [2]string{k, v})
		}
	}
	for _, h := range head {
		if strings.ContainsAny(h[0]+h[1], "\r\n") {
			return nil, errs.E(errs.Invalid, "header %s has a line break", h[0])
		}
		writeHeader(&b, h[0], h[1])
	}
	if m.HTML == "" {
		writeHeader(&b, "Content-Type", "text/plain; charset=utf-8")
		writeHeader(&b, "Content-Transfer-Encoding", "quoted-printable")
		b.WriteString("\r\n")
		if err := writeQP(&b, m.Text); err != nil {
			return nil, err
		}
		return b.Bytes(), nil
	}
	mw := multipart.NewWriter(&b)
	sum := sha256.Sum256([]byte(m.MessageID))
	if err := mw.SetBoundary("accolade-" + hex.EncodeToString(sum[:12])); err != nil {
		return nil, err
	}
	writeHeader(&b, "Content-Type", "multipart/alternative; boundary="+mw.Boundary())
	b.WriteString("\r\n")
	for _, part := range []struct{ ctype, body string }{{"text/plain", m.Text}, {"text/html", m.HTML}} {
		w, err := mw.CreatePart(textproto.MIMEHeader{
			"Content-Type":              {part.ctype + "; charset=utf-8"},
			"Content-Transfer-Encoding": {"quoted-printable"},
		})
		if err != nil {
			return nil, err
		}
		if err := writeQP(w, part.body); err != nil {
			return nil, err
		}
	}
	if err := mw.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func writeQP(w interface{ Write([]byte) (int, error) }, s string) error {
	q := quotedprintable.NewWriter(w)
	if _, err := q.Write([]byte(s)); err != nil {
		return err
	}
	return q.Close()
}

// oneLine replaces line breaks and tabs in a subject with spaces.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// writeHeader writes a header field, folded at spaces so that lines stay
// within 78 characters where a space allows (RFC 5322 section 2.2.3).
func writeHeader(b *bytes.Buffer, name, value string) {
	line := name + ":"
	for i, word := range strings.Split(value, " ") {
		if i > 0 && len(line)+1+len(word) > 78 {
			b.WriteString(line + "\r\n")
			line = ""
		}
		line += " " + word
	}
	b.WriteString(line + "\r\n")
}
