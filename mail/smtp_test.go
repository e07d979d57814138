package mail

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"io"
	"math/big"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// testServer is an emersion/go-smtp server recording what it receives.
type testServer struct {
	addr string
	mu   sync.Mutex
	auth []string // "user:password" of each AUTH
	msgs [][]byte
	tls  []bool // whether each message came over TLS
}

type testSession struct {
	s *testServer
	c *smtp.Conn
}

func (x *testSession) Reset()                               {}
func (x *testSession) Logout() error                        { return nil }
func (x *testSession) Mail(string, *smtp.MailOptions) error { return nil }
func (x *testSession) Rcpt(string, *smtp.RcptOptions) error { return nil }
func (x *testSession) AuthMechanisms() []string             { return []string{sasl.Plain} }
func (x *testSession) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, user, pass string) error {
		x.s.mu.Lock()
		defer x.s.mu.Unlock()
		x.s.auth = append(x.s.auth, user+":"+pass)
		if pass != "p@ss word" {
			return errors.New("bad password")
		}
		return nil
	}), nil
}
func (x *testSession) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	x.s.mu.Lock()
	defer x.s.mu.Unlock()
	x.s.msgs = append(x.s.msgs, b)
	_, isTLS := x.c.TLSConnectionState()
	x.s.tls = append(x.s.tls, isTLS)
	return err
}

// startServer starts a server: mode "plain" (no STARTTLS), "starttls" or
// "smtps"; it returns the server and a client TLS config trusting it.
func startServer(t *testing.T, mode string) (*testServer, *tls.Config) {
	t.Helper()
	cert, pool := selfSigned(t)
	ts := &testServer{}
	s := smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) {
		return &testSession{s: ts, c: c}, nil
	}))
	s.Domain, s.ReadTimeout, s.WriteTimeout = "localhost", 5*time.Second, 5*time.Second
	s.AllowInsecureAuth = mode == "plain"
	var ln net.Listener
	var err error
	switch mode {
	case "smtps":
		ln, err = tls.Listen("tcp", "127.0.0.1:0", &tls.Config{Certificates: []tls.Certificate{cert}})
	default:
		if mode == "starttls" {
			s.TLSConfig = &tls.Config{Certificates: []tls.Certificate{cert}}
		}
		ln, err = net.Listen("tcp", "127.0.0.1:0")
	}
	if err != nil {
		t.Fatal(err)
	}
	ts.addr = ln.Addr().String()
	go s.Serve(ln)
	t.Cleanup(func() { s.Close() })
	return ts, &tls.Config{RootCAs: pool}
}

func selfSigned(t *testing.T) (tls.Certificate, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "127.0.0.1"},
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}, NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	leaf, _ := x509.ParseCertificate(der)
	pool := x509.NewCertPool()
	pool.AddCert(leaf)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, pool
}

func TestSMTPSend(t *testing.T) {
	for _, tc := range []struct {
		name, mode, scheme, user string
		notLoopback              bool
		wantTLS                  bool
		wantErr                  string
	}{
		{"plain without auth", "plain", "smtp", "", false, false, ""},
		{"plain auth to loopback", "plain", "smtp", "ana:p%40ss%20word@", false, false, ""},
		{"refuses plain auth to another host", "plain", "smtp", "ana:p%40ss%20word@", true, false, "refusing to send the SMTP password"},
		{"starttls with auth", "starttls", "smtp", "ana:p%40ss%20word@", true, true, ""},
		{"smtps with auth", "smtps", "smtps", "ana:p%40ss%20word@", true, true, ""},
		{"wrong password is not shown", "starttls", "smtp", "ana:wrong-secret@", false, true, "authenticating as ana"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv, tlsCfg := startServer(t, tc.mode)
			s, err := NewSMTP(SMTPConfig{URL: tc.scheme + "://" + tc.user + srv.addr, TLS: tlsCfg, SendTimeout: 5 * time.Second})
			if err != nil {
				t.Fatal(err)
			}
			if tc.notLoopback {
				s.loopback = func(string) bool { return false }
			}
			err = s.Send(context.Background(), sample())
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("Send = %v, want an error containing %q", err, tc.wantErr)
				}
				if strings.Contains(err.Error(), "wrong-secret") || strings.Contains(err.Error(), "p@ss") {
					t.Errorf("error shows the password: %v", err)
				}
				if tc.notLoopback && len(srv.auth) > 0 {
					t.Errorf("the password was sent in clear text: %q", srv.auth)
				}
				return
			}
			if err != nil {
				t.Fatalf("Send: %v", err)
			}
			srv.mu.Lock()
			defer srv.mu.Unlock()
			if len(srv.msgs) != 1 || srv.tls[0] != tc.wantTLS || !strings.Contains(string(srv.msgs[0]), "Message-ID: <awarded=3Ac1@b.example>") {
				t.Errorf("server got %d messages, TLS %v (want %v)", len(srv.msgs), srv.tls, tc.wantTLS)
			}
			if tc.user != "" && (len(srv.auth) != 1 || srv.auth[0] != "ana:p@ss word") {
				t.Errorf("AUTH = %q, want ana:p@ss word", srv.auth)
			}
		})
	}
}

func TestNewSMTPErrors(t *testing.T) {
	for _, raw := range []string{"http://u:secret@h", "smtp://u:secret@", "smtp://u:secret@h/path", "smtp://u:secret@h:25?x=1"} {
		_, err := NewSMTP(SMTPConfig{URL: raw})
		if err == nil || strings.Contains(err.Error(), "secret") || !strings.Contains(err.Error(), "ACCOLADE_SMTP_URL") {
			t.Errorf("NewSMTP(%q) = %v, want an error naming ACCOLADE_SMTP_URL without the password", raw, err)
		}
	}
	s, err := NewSMTP(SMTPConfig{URL: "smtp://u:secret@mail.example.org"})
	if err != nil || s.addr != "mail.example.org:587" || strings.Contains(s.String(), "secret") {
		t.Errorf("NewSMTP default port: %v, %+v", err, s)
	}
	if got := Redact("smtps://u:p%40ss@mail.example.org:465"); got != "smtps://…@mail.example.org:465" {
		t.Errorf("Redact = %q", got)
	}
	if s, _ := NewSMTP(SMTPConfig{URL: "smtps://mail.example.org"}); s.addr != "mail.example.org:465" {
		t.Errorf("smtps default port: %s", s.addr)
	}
}

func TestSMTPTimeout(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() { // accepts and never says a word
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			defer c.Close()
		}
	}()
	s, _ := NewSMTP(SMTPConfig{URL: "smtp://" + ln.Addr().String(), SendTimeout: 300 * time.Millisecond})
	start := time.Now()
	if err := s.Send(context.Background(), sample()); err == nil || time.Since(start) > 3*time.Second {
		t.Errorf("Send to a silent server = %v after %v, want a timeout within the send timeout", err, time.Since(start))
	}
}
