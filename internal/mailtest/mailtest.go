// Package mailtest is a real SMTP server for tests (emersion/go-smtp) that
// keeps every message it receives, parsed, and serves them as JSON so that
// a browser test script can read the mail a person would.
package mailtest

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"io"
	"log"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/http"
	"net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
)

// Message is one message as received.
type Message struct {
	From      string            `json:"from"`
	To        []string          `json:"to"` // envelope recipients
	Subject   string            `json:"subject"`
	MessageID string            `json:"messageId"`
	Headers   map[string]string `json:"headers"` // first value of each header, decoded
	Text      string            `json:"text"`
	HTML      string            `json:"html"`
	Raw       []byte            `json:"-"`
	Received  time.Time         `json:"received"`
}

// Server is a running capturing SMTP server.
type Server struct {
	Addr string // host:port
	srv  *smtp.Server

	mu   sync.Mutex
	msgs []*Message
	wake chan struct{}
}

// Start starts a server on a loopback port; it stops when the test ends.
func Start(tb testing.TB) *Server {
	tb.Helper()
	s := &Server{wake: make(chan struct{})}
	s.srv = smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return &session{s: s}, nil }))
	s.srv.Domain = "mailtest.localhost"
	s.srv.AllowInsecureAuth = true
	s.srv.ReadTimeout, s.srv.WriteTimeout = 10*time.Second, 10*time.Second
	s.srv.ErrorLog = log.New(io.Discard, "", 0)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	s.Addr = l.Addr().String()
	go s.srv.Serve(l)
	tb.Cleanup(func() { s.srv.Close() })
	return s
}

// URL is the server's address as ACCOLADE_SMTP_URL takes it.
func (s *Server) URL() string { return "smtp://" + s.Addr }

// Messages returns the messages received so far, oldest first.
func (s *Server) Messages() []*Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]*Message(nil), s.msgs...)
}

// Wait returns the messages once keep accepts one (keep nil: any), or
// after timeout with what there is.
func (s *Server) Wait(timeout time.Duration, keep func(*Message) bool) []*Message {
	deadline := time.After(timeout)
	for {
		s.mu.Lock()
		msgs, wake := append([]*Message(nil), s.msgs...), s.wake
		s.mu.Unlock()
		for _, m := range msgs {
			if keep == nil || keep(m) {
				return msgs
			}
		}
		select {
		case <-wake:
		case <-deadline:
			return msgs
		}
	}
}

// ServeHTTP answers GET ?to=ADDRESS with the messages to that address (all
// messages without it), as a JSON array, oldest first.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	to := strings.ToLower(r.URL.Query().Get("to"))
	out := []*Message{}
	for _, m := range s.Messages() {
		for _, rcpt := range m.To {
			if to == "" || strings.EqualFold(rcpt, to) {
				out = append(out, m)
				break
			}
		}
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(out)
}

func (s *Server) add(m *Message) {
	s.mu.Lock()
	s.msgs = append(s.msgs, m)
	close(s.wake)
	s.wake = make(chan struct{})
	s.mu.Unlock()
}

type session struct {
	s    *Server
	from string
	to   []string
}

func (c *session) AuthMechanisms() []string { return nil }
func (c *session) Reset()                   { c.from, c.to = "", nil }
func (c *session) Logout() error            { return nil }
func (c *session) Mail(from string, _ *smtp.MailOptions) error {
	c.from = from
	return nil
}
func (c *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	c.to = append(c.to, to)
	return nil
}
func (c *session) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	m, err := Parse(raw)
	if err != nil {
		return err
	}
	m.From, m.To, m.Received = c.from, c.to, time.Now()
	c.s.add(m)
	return nil
}

var dec = new(mime.WordDecoder)

// Parse reads a message: its headers (decoded), and its text/plain and
// text/html parts, whether it is multipart or not.
func Parse(raw []byte) (*Message, error) {
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return nil, err
	}
	m := &Message{Raw: raw, Headers: map[string]string{}}
	for k, v := range msg.Header {
		d, err := dec.DecodeHeader(v[0])
		if err != nil {
			d = v[0]
		}
		m.Headers[k] = d
	}
	m.Subject, m.MessageID = m.Headers["Subject"], m.Headers["Message-Id"]
	err = m.readPart(msg.Header.Get("Content-Type"), msg.Header.Get("Content-Transfer-Encoding"), msg.Body)
	return m, err
}

func (m *Message) readPart(contentType, encoding string, body io.Reader) error {
	mt, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		mt = "text/plain"
	}
	if strings.HasPrefix(mt, "multipart/") {
		mr := multipart.NewReader(body, params["boundary"])
		for {
			p, err := mr.NextRawPart()
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return err
			}
			if err := m.readPart(p.Header.Get("Content-Type"), p.Header.Get("Content-Transfer-Encoding"), p); err != nil {
				return err
			}
		}
	}
	switch strings.ToLower(encoding) {
	case "quoted-printable":
		body = quotedprintable.NewReader(body)
	case "base64":
		body = base64.NewDecoder(base64.StdEncoding, &newlineSkipper{body})
	}
	b, err := io.ReadAll(body)
	if err != nil {
		return err
	}
	switch mt {
	case "text/plain":
		m.Text += string(b)
	case "text/html":
		m.HTML += string(b)
	}
	return nil
}

// newlineSkipper drops CR and LF, which base64 bodies are wrapped with.
type newlineSkipper struct{ r io.Reader }

func (n *newlineSkipper) Read(p []byte) (int, error) {
	for {
		k, err := n.r.Read(p)
		j := 0
		for _, c := range p[:k] {
			if c != '\r' && c != '\n' {
				p[j] = c
				j++
			}
		}
		if j > 0 || err != nil {
			return j, err
		}
	}
}
