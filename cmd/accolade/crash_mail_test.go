package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	netmail "net/mail"
	"os"
	"os/exec"
	"os/signal"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
)

// smtpSink is an SMTP server for tests: it counts the messages it is
// offered (DATA begun) and keeps the Message-IDs of those it accepted.
// With stall, it never answers a message's DATA.
type smtpSink struct {
	addr    string
	stall   chan struct{} // closed at cleanup; nil: accept at once
	mu      sync.Mutex
	offered int
	ids     []string
}

func startSMTPSink(t *testing.T, stall bool) *smtpSink {
	t.Helper()
	k := &smtpSink{}
	if stall {
		k.stall = make(chan struct{})
	}
	s := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return &sinkSession{k: k}, nil }))
	s.Domain, s.AllowInsecureAuth = "localhost", true
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	k.addr = ln.Addr().String()
	go s.Serve(ln)
	t.Cleanup(func() {
		if k.stall != nil {
			close(k.stall)
		}
		s.Close()
	})
	return k
}

func (k *smtpSink) counts() (offered int, ids []string) {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.offered, append([]string(nil), k.ids...)
}

type sinkSession struct{ k *smtpSink }

func (s *sinkSession) Reset()                               {}
func (s *sinkSession) Logout() error                        { return nil }
func (s *sinkSession) Mail(string, *smtp.MailOptions) error { return nil }
func (s *sinkSession) Rcpt(string, *smtp.RcptOptions) error { return nil }
func (s *sinkSession) Data(r io.Reader) error {
	s.k.mu.Lock()
	s.k.offered++
	s.k.mu.Unlock()
	if s.k.stall != nil {
		io.Copy(io.Discard, r)
		<-s.k.stall
		return fmt.Errorf("stalled")
	}
	msg, err := netmail.ReadMessage(r)
	if err != nil {
		return err
	}
	io.Copy(io.Discard, msg.Body)
	s.k.mu.Lock()
	s.k.ids = append(s.k.ids, msg.Header.Get("Message-ID"))
	s.k.mu.Unlock()
	return nil
}

// TestCrashMailChild is the accolade process of TestCrashMail: it runs
// the command line in ACCOLADE_CRASH_ARGS when ACCOLADE_CRASH_CHILD is set,
// and is skipped otherwise.
func TestCrashMailChild(t *testing.T) {
	if os.Getenv("ACCOLADE_CRASH_CHILD") == "" {
		t.Skip("run by TestCrashMail")
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM) // as main does
	defer stop()
	m := NewMain(os.Stdin, os.Stdout, os.Stderr, os.Getenv)
	os.Exit(m.Execute(ctx, strings.Fields(os.Getenv("ACCOLADE_CRASH_ARGS"))))
}

// TestCrashMail kills serve (SIGKILL) while its SMTP server stalls on the
// award mail, restarts it with a working server, and checks that the mail
// arrives exactly once, and that a further restart sends nothing again.
func TestCrashMail(t *testing.T) {
	if testing.Short() {
		t.Skip("starts accolade three times")
	}
	dir := t.TempDir()
	stalled := startSMTPSink(t, true)
	a := startCrashChild(t, dir, stalled.addr)
	a.api("PUT", "/api/v1/achievements/project-trainer", "application/yaml", trainerYAML, http.StatusCreated)
	a.api("PUT", "/api/v1/members/ana", "application/json", `{"name":"Ana Souza","email":"ana@example.org","lang":"pt-BR"}`, http.StatusCreated)
	a.api("POST", "/api/v1/credentials", "application/json", `{"achievement":"project-trainer","member":"ana"}`, http.StatusCreated)
	waitFor(t, "the stalled SMTP server to be offered the award mail", func() bool { n, _ := stalled.counts(); return n > 0 })
	a.kill()

	working := startSMTPSink(t, false)
	b := startCrashChild(t, dir, working.addr)
	waitFor(t, "the award mail at the working SMTP server", func() bool { _, ids := working.counts(); return len(ids) > 0 })
	time.Sleep(500 * time.Millisecond) // a second send would come at once
	b.stop()
	if _, ids := working.counts(); len(ids) != 1 || !strings.HasPrefix(ids[0], "<awarded=3A") {
		t.Fatalf("after the restart the SMTP server got %q, want one award mail", ids)
	}

	c := startCrashChild(t, dir, working.addr)
	time.Sleep(time.Second) // the worker drains the outbox at start
	c.stop()
	if n, ids := working.counts(); n != 1 {
		t.Errorf("after a further restart the SMTP server was offered %d messages (%q), want still 1", n, ids)
	}
}

type crashChild struct {
	t    *testing.T
	cmd  *exec.Cmd
	base string
	out  *strings.Builder
	w    *syncWriter // out's writer, with its lock
}

// startCrashChild starts accolade serve as a child process on the data
// directory, sending mail to smtpAddr; env adds to its environment (a
// database URL and passphrase, for a store in PostgreSQL).
func startCrashChild(t *testing.T, dir, smtpAddr string, env ...string) *crashChild {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashMailChild$")
	cmd.Env = append(os.Environ(), "ACCOLADE_CRASH_CHILD=1",
		"ACCOLADE_CRASH_ARGS=serve --data "+dir+" --addr "+addr,
		"ACCOLADE_ADMIN_TOKEN="+adminToken, "ACCOLADE_SMTP_URL=smtp://"+smtpAddr, "ACCOLADE_MAIL_FROM=badges@example.org")
	cmd.Env = append(cmd.Env, env...)
	out := &strings.Builder{}
	w := &syncWriter{w: out}
	cmd.Stdout, cmd.Stderr = w, w
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	c := &crashChild{t: t, cmd: cmd, base: "http://" + addr, out: out, w: w}
	t.Cleanup(func() { c.cmd.Process.Kill(); c.cmd.Wait() })
	waitFor(t, "accolade serve to answer /healthz", func() bool {
		resp, err := http.Get(c.base + "/healthz")
		if err == nil {
			resp.Body.Close()
		}
		return err == nil && resp.StatusCode == http.StatusOK
	})
	return c
}

func (c *crashChild) api(method, path, ctype, body string, want int) {
	c.t.Helper()
	req, _ := http.NewRequest(method, c.base+path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+adminToken)
	req.Header.Set("Content-Type", ctype)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != want {
		c.t.Fatalf("%s %s = %d %s, want %d", method, path, resp.StatusCode, b, want)
	}
}

func (c *crashChild) kill() {
	c.cmd.Process.Kill()
	c.cmd.Wait()
}

// stop ends the process as Ctrl-C would, and waits for it.
func (c *crashChild) stop() {
	c.cmd.Process.Signal(syscall.SIGTERM)
	c.cmd.Wait()
}

func waitFor(t *testing.T, what string, ok func() bool) {
	t.Helper()
	for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if ok() {
			return
		}
	}
	t.Fatalf("timed out waiting for %s", what)
}

// syncWriter serialises writes to a shared builder.
type syncWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}
