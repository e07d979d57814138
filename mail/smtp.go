package mail

import (
	"bytes"
	"context"
	"crypto/tls"
	"fmt"
	"net"
	"net/url"
	"strings"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"github.com/accolade-badges/accolade/errs"
)

// Default ports and timeouts of an SMTP sender. smtp:// defaults to the
// submission port 587 (RFC 6409), where a mail client authenticates; use
// smtp://host:25 for a relay that takes mail without a password.
const (
	DefaultSMTPPort     = "587"
	DefaultSMTPSPort    = "465"
	DefaultDialTimeout  = 10 * time.Second
	DefaultSendTimeout  = 60 * time.Second
	errNoStartTLSString = "smtp: server doesn't support STARTTLS" // go-smtp's error text
)

// SMTPConfig configures an SMTP sender.
type SMTPConfig struct {
	// URL is smtp://[user:password@]host[:port] (STARTTLS when the server
	// offers it; port 587 by default) or smtps://[user:password@]host[:port]
	// (TLS from the start; port 465 by default). User and password are
	// percent-encoded, as in any URL.
	URL string
	// TLS is the TLS configuration (nil: the system's roots, the URL's
	// host as server name).
	TLS *tls.Config
	// DialTimeout bounds connecting; SendTimeout bounds the whole send,
	// from dialling to the server's answer to the message (defaults
	// DefaultDialTimeout and DefaultSendTimeout).
	DialTimeout, SendTimeout time.Duration
}

// SMTP sends messages to one SMTP server, one connection per message.
type SMTP struct {
	addr, host     string
	implicitTLS    bool
	user, password string
	hasAuth        bool
	tls            *tls.Config
	dial, send     time.Duration
	redacted       string // the URL without user and password, for messages
	// loopback reports whether a host is this machine, to which a password
	// may go without TLS; tests replace it.
	loopback func(host string) bool
}

// NewSMTP checks cfg and returns an SMTP sender. A malformed URL is an
// errs.Invalid error naming ACCOLADE_SMTP_URL, without its password.
func NewSMTP(cfg SMTPConfig) (*SMTP, error) {
	u, err := url.Parse(cfg.URL)
	if err != nil {
		return nil, errs.E(errs.Invalid, "ACCOLADE_SMTP_URL is not a URL such as smtp://user:password@mail.example.org:587")
	}
	s := &SMTP{host: u.Hostname(), tls: cfg.TLS, dial: cfg.DialTimeout, send: cfg.SendTimeout,
		redacted: Redact(cfg.URL), loopback: isLoopback}
	port := u.Port()
	switch u.Scheme {
	case "smtp":
		if port == "" {
			port = DefaultSMTPPort
		}
	case "smtps":
		s.implicitTLS = true
		if port == "" {
			port = DefaultSMTPSPort
		}
	default:
		return nil, errs.E(errs.Invalid, "ACCOLADE_SMTP_URL %s: the scheme must be smtp (STARTTLS) or smtps (TLS)", s.redacted)
	}
	switch {
	case s.host == "":
		return nil, errs.E(errs.Invalid, "ACCOLADE_SMTP_URL %s has no host", s.redacted)
	case u.Path != "" && u.Path != "/" || u.RawQuery != "" || u.Fragment != "":
		return nil, errs.E(errs.Invalid, "ACCOLADE_SMTP_URL %s: give only user, password, host and port", s.redacted)
	}
	if u.User != nil {
		s.hasAuth = true
		s.user = u.User.Username()
		s.password, _ = u.User.Password()
	}
	s.addr = net.JoinHostPort(s.host, port)
	if s.dial <= 0 {
		s.dial = DefaultDialTimeout
	}
	if s.send <= 0 {
		s.send = DefaultSendTimeout
	}
	return s, nil
}

// Redact returns an SMTP URL without its user and password, for messages.
func Redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		if i := strings.LastIndex(raw, "@"); i >= 0 {
			if j := strings.Index(raw, "://"); j >= 0 && j < i {
				return raw[:j+3] + "…" + raw[i:]
			}
			return "…" + raw[i:]
		}
		return raw
	}
	if u.User == nil {
		return u.String()
	}
	u.User = nil
	scheme, rest, _ := strings.Cut(u.String(), "://")
	return scheme + "://…@" + rest
}

// String is the server's URL without user and password.
func (s *SMTP) String() string { return s.redacted }

// Send sends m within the send timeout (or ctx's deadline, if sooner). Its
// errors name the server without user and password.
func (s *SMTP) Send(ctx context.Context, m *Message) error {
	data, err := m.Bytes()
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, s.send)
	defer cancel()
	if err := s.deliver(ctx, m, data); err != nil {
		if ctx.Err() != nil {
			err = fmt.Errorf("%w (%v)", ctx.Err(), err)
		}
		return errs.Wrap(errs.Unavailable, err, "sending mail %s through %s", m.MessageID, s.redacted)
	}
	return nil
}

func (s *SMTP) deliver(ctx context.Context, m *Message, data []byte) error {
	c, err := s.connect(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	if s.hasAuth {
		if ok, _ := c.Extension("AUTH"); !ok {
			return errs.E(errs.Invalid, "the server does not offer AUTH, but ACCOLADE_SMTP_URL has a user: remove it, or use the submission port")
		}
		if err := c.Auth(sasl.NewPlainClient("", s.user, s.password)); err != nil {
			return fmt.Errorf("authenticating as %s: %w", s.user, err)
		}
	}
	if err := c.SendMail(m.From.Address, []string{m.To.Address}, bytes.NewReader(data)); err != nil {
		return err
	}
	return c.Quit()
}

// connect dials the server and says hello, upgrading to TLS as the URL
// says: smtps at once; smtp with STARTTLS when the server offers it. A
// connection that stays in clear text is refused when there is a password
// to send and the server is not this machine. The connection is closed
// when ctx is done, which ends any command waiting on the server.
func (s *SMTP) connect(ctx context.Context) (*smtp.Client, error) {
	cfg := s.tlsConfig()
	conn, err := s.dialConn(ctx)
	if err != nil {
		return nil, err
	}
	if s.implicitTLS {
		tc := tls.Client(conn, cfg)
		if err := tc.HandshakeContext(ctx); err != nil {
			conn.Close()
			return nil, fmt.Errorf("TLS handshake: %w", err)
		}
		return hello(smtp.NewClient(tc))
	}
	c, err := smtp.NewClientStartTLS(conn, cfg)
	if err == nil {
		return c, nil
	}
	if err.Error() != errNoStartTLSString {
		return nil, err // never fall back to clear text after a failed STARTTLS
	}
	if s.hasAuth && !s.loopback(s.host) {
		return nil, errs.E(errs.Invalid, "refusing to send the SMTP password to %s without encryption: the server does not offer STARTTLS; use smtps:// or a server that does", s.host)
	}
	// go-smtp closed the connection: connect again and stay in clear text.
	if conn, err = s.dialConn(ctx); err != nil {
		return nil, err
	}
	return hello(smtp.NewClient(conn))
}

// hello says EHLO, closing the client when that fails.
func hello(c *smtp.Client) (*smtp.Client, error) {
	if err := c.Hello("localhost"); err != nil {
		c.Close()
		return nil, err
	}
	return c, nil
}

// dialConn connects within the dial timeout, and arranges for the
// connection to close when ctx is done.
func (s *SMTP) dialConn(ctx context.Context) (net.Conn, error) {
	d := net.Dialer{Timeout: s.dial}
	conn, err := d.DialContext(ctx, "tcp", s.addr)
	if err != nil {
		return nil, err
	}
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	return &stopConn{Conn: conn, stop: stop}, nil
}

// stopConn releases its context.AfterFunc when closed.
type stopConn struct {
	net.Conn
	stop func() bool
}

func (c *stopConn) Close() error {
	c.stop()
	return c.Conn.Close()
}

func (s *SMTP) tlsConfig() *tls.Config {
	cfg := &tls.Config{MinVersion: tls.VersionTLS12}
	if s.tls != nil {
		cfg = s.tls.Clone()
	}
	if cfg.ServerName == "" {
		cfg.ServerName = s.host
	}
	return cfg
}

// isLoopback reports whether host is localhost or a loopback address.
func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
