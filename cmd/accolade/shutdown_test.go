package main

import (
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/accolade-badges/accolade/award"
)

// TestGracefulShutdown sends SIGTERM to serve while a verification is in
// flight (its body still arriving): the request is answered in full, new
// connections are refused, the process exits 0 with nothing logged as an
// error, and leaves the index snapshot; a restart on the same data finds
// every credential and sends no award mail a second time.
func TestGracefulShutdown(t *testing.T) {
	if testing.Short() {
		t.Skip("starts accolade twice")
	}
	dir := t.TempDir()
	smtp := startSMTPSink(t, false)
	a := startCrashChild(t, dir, smtp.addr)
	a.api("PUT", "/api/v1/achievements/project-trainer", "application/yaml", trainerYAML, http.StatusCreated)
	a.api("PUT", "/api/v1/members/ana", "application/json", `{"name":"Ana Souza","email":"ana@example.org"}`, http.StatusCreated)
	var issued struct{ ID string }
	if err := json.Unmarshal(a.call("POST", "/api/v1/credentials", `{"achievement":"project-trainer","member":"ana"}`, http.StatusCreated), &issued); err != nil || issued.ID == "" {
		t.Fatalf("issuing: id %q, %v", issued.ID, err)
	}
	id := issued.ID[strings.LastIndex(issued.ID, ":")+1:]
	jwt := string(a.call("GET", "/credentials/"+id+".jwt", "", http.StatusOK))
	waitFor(t, "the award mail", func() bool { _, ids := smtp.counts(); return len(ids) == 1 })

	// A verification whose body is half sent when the signal comes.
	pr, pw := io.Pipe()
	req, _ := http.NewRequest("POST", a.base+"/api/v1/verify", pr)
	req.Header.Set("Content-Type", "text/plain")
	req.ContentLength = int64(len(jwt))
	type answer struct {
		status int
		body   []byte
		err    error
	}
	answered := make(chan answer, 1)
	go func() {
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			answered <- answer{err: err}
			return
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		answered <- answer{resp.StatusCode, b, err}
	}()
	if _, err := pw.Write([]byte(jwt[:len(jwt)/2])); err != nil {
		t.Fatal(err)
	}
	time.Sleep(200 * time.Millisecond) // the server is reading the body
	exited := make(chan error, 1)
	if err := a.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	go func() { exited <- a.cmd.Wait() }()
	waitFor(t, "the listener to close", func() bool {
		c, err := net.DialTimeout("tcp", strings.TrimPrefix(a.base, "http://"), 100*time.Millisecond)
		if err == nil {
			c.Close()
		}
		return err != nil
	})
	select {
	case err := <-exited:
		t.Fatalf("serve exited (%v) with a request in flight", err)
	default:
	}
	if _, err := pw.Write([]byte(jwt[len(jwt)/2:])); err != nil {
		t.Fatal(err)
	}
	pw.Close()
	got := <-answered
	var verdict struct{ Verified bool }
	if got.err != nil || got.status != http.StatusOK || json.Unmarshal(got.body, &verdict) != nil || !verdict.Verified {
		t.Fatalf("the in-flight verification = %d %.200s, %v; want 200 and verified", got.status, got.body, got.err)
	}
	select {
	case err := <-exited:
		if err != nil {
			t.Fatalf("serve exited with %v after SIGTERM, want 0; output:\n%s", err, a.output())
		}
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not exit within 15 s of SIGTERM")
	}
	out := a.output()
	if !strings.Contains(out, "shutting down") {
		t.Errorf("serve's output has no \"shutting down\":\n%s", out)
	}
	for _, bad := range []string{"level=ERROR", "level=WARN", "panic", "database not closed", "timeout"} {
		if strings.Contains(out, bad) {
			t.Errorf("serve's output after SIGTERM has %q:\n%s", bad, out)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, award.SnapshotFile)); err != nil {
		t.Errorf("after a clean shutdown there is no index snapshot: %v", err)
	}

	b := startCrashChild(t, dir, smtp.addr)
	if got := string(b.call("GET", "/credentials/"+id+".jwt", "", http.StatusOK)); got != jwt {
		t.Errorf("after the restart the credential's VC-JWT changed")
	}
	time.Sleep(time.Second) // the mail worker drains the outbox at start
	b.stop()
	if n, ids := smtp.counts(); n != 1 {
		t.Errorf("after a restart the SMTP server was offered %d messages (%q), want still the one award mail", n, ids)
	}
}

// call is api that returns the answer's body.
func (c *crashChild) call(method, path, body string, want int) []byte {
	c.t.Helper()
	req, _ := http.NewRequest(method, c.base+path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+adminToken)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != want {
		c.t.Fatalf("%s %s = %d %s, want %d", method, path, resp.StatusCode, b, want)
	}
	return b
}

// output is what the process wrote so far.
func (c *crashChild) output() string {
	c.w.mu.Lock()
	defer c.w.mu.Unlock()
	return c.out.String()
}
