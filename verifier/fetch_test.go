package verifier

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"os"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"golang.org/x/time/rate"

	"github.com/accolade-badges/accolade/errs"
)

func TestPublicAddr(t *testing.T) {
	tests := []struct {
		addr string
		want bool
	}{
		{"93.184.215.14", true},
		{"2606:2800:21f:cb07:6820:80da:af6b:8b2c", true},
		{"127.0.0.1", false},
		{"127.9.9.9", false},
		{"::1", false},
		{"10.0.0.1", false},
		{"172.16.5.4", false},
		{"192.168.1.1", false},
		{"169.254.169.254", false},
		{"fe80::1", false},
		{"fc00::1", false},
		{"fd12:3456::1", false},
		{"0.0.0.0", false},
		{"::", false},
		{"224.0.0.1", false},
		{"ff02::1", false},
		{"100.64.0.1", false},
		{"100.127.255.254", false},
		{"255.255.255.255", false},
		{"::ffff:127.0.0.1", false},
		{"::ffff:10.0.0.1", false},
		{"::ffff:169.254.169.254", false},
		{"::ffff:93.184.215.14", true},
		{"64:ff9b::a00:1", false}, // NAT64 of 10.0.0.1
		{"64:ff9b::5db8:d70e", true},
		{"::127.0.0.1", false},
	}
	for _, tt := range tests {
		if got := publicAddr(netip.MustParseAddr(tt.addr)); got != tt.want {
			t.Errorf("publicAddr(%s) = %v, want %v", tt.addr, got, tt.want)
		}
	}
}

// testFetcher returns the default fetcher (internal addresses refused),
// allowing plain http so that a refusal is about the address alone.
func testFetcher(permit func(netip.Addr) bool) *fetcher {
	f := newFetcher(Config{})
	f.client = safeClient(permit, true)
	f.allowHTTP = true
	return f
}

func TestFetchRefusesInternalAddresses(t *testing.T) {
	var hits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	defer srv.Close()
	f := testFetcher(publicAddr)
	for _, u := range []string{
		srv.URL + "/jwks.json", // a live server on 127.0.0.1: must not be reached
		"http://10.0.0.1/jwks.json",
		"http://[::1]:9/jwks.json",
		"http://169.254.169.254/latest/meta-data/",
		"http://[::ffff:127.0.0.1]:9/x",
		"http://100.64.0.1/x",
		"http://0.0.0.0:9/x",
	} {
		_, _, err := f.get(context.Background(), u, "*/*", 1024)
		if !errors.Is(err, ErrBlockedAddress) || errs.KindOf(err) != errs.Forbidden {
			t.Errorf("get(%s) error = %v, want ErrBlockedAddress (Forbidden)", u, err)
		}
		if err != nil && !strings.Contains(err.Error(), "private or internal network") {
			t.Errorf("get(%s) error = %q, want a plain message", u, err)
		}
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("the loopback server got %d requests, want 0", n)
	}
}

func TestFetchDefaultIsHTTPSOnly(t *testing.T) {
	f := newFetcher(Config{})
	_, _, err := f.get(context.Background(), "http://example.com/jwks.json", "*/*", 1024)
	if err == nil || !strings.Contains(err.Error(), "only https") {
		t.Errorf("get(http URL) error = %v, want only https", err)
	}
	_, _, err = f.get(context.Background(), "https://10.0.0.1/jwks.json", "*/*", 1024)
	if !errors.Is(err, ErrBlockedAddress) {
		t.Errorf("get(https://10.0.0.1) error = %v, want ErrBlockedAddress", err)
	}
}

// loopbackOnly allows the test server on 127.0.0.1 and nothing else
// internal.
func loopbackOnly(a netip.Addr) bool { return a.IsLoopback() || publicAddr(a) }

func TestFetchRedirects(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/to-private", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://10.0.0.1/jwks.json", http.StatusFound)
	})
	mux.HandleFunc("/to-metadata", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://169.254.169.254/latest/meta-data/", http.StatusFound)
	})
	mux.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/loop", http.StatusFound)
	})
	mux.HandleFunc("/to-file", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "file:///etc/passwd", http.StatusFound)
	})
	mux.HandleFunc("/hop", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/ok", http.StatusFound)
	})
	mux.HandleFunc("/ok", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(`{"keys":[]}`)) })
	srv := httptest.NewServer(mux)
	defer srv.Close()
	f := testFetcher(loopbackOnly)
	tests := []struct {
		path    string
		wantErr string
		blocked bool
	}{
		{"/to-private", "private or internal network", true},
		{"/to-metadata", "private or internal network", true},
		{"/loop", "redirected more than 3 times", false},
		{"/to-file", "only https", false},
		{"/hop", "", false},
	}
	for _, tt := range tests {
		body, _, err := f.get(context.Background(), srv.URL+tt.path, "*/*", 1024)
		switch {
		case tt.wantErr == "" && err != nil:
			t.Errorf("get(%s) error = %v, want none", tt.path, err)
		case tt.wantErr == "" && string(body) != `{"keys":[]}`:
			t.Errorf("get(%s) body = %q", tt.path, body)
		case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
			t.Errorf("get(%s) error = %v, want %q", tt.path, err, tt.wantErr)
		case tt.blocked && !errors.Is(err, ErrBlockedAddress):
			t.Errorf("get(%s) error = %v, want ErrBlockedAddress", tt.path, err)
		}
	}
}

func TestFetchLimits(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/slow" {
			select {
			case <-time.After(10 * time.Second):
			case <-r.Context().Done():
			}
			return
		}
		w.Write([]byte(strings.Repeat("x", 2048)))
	}))
	defer srv.Close()
	f := testFetcher(loopbackOnly)
	_, _, err := f.get(context.Background(), srv.URL+"/big", "*/*", 1024)
	if !errors.Is(err, ErrTooLarge) || errs.KindOf(err) != errs.TooLarge {
		t.Errorf("get(2 KiB body, limit 1 KiB) error = %v, want ErrTooLarge", err)
	}
	if body, _, err := f.get(context.Background(), srv.URL+"/big", "*/*", 2048); err != nil || len(body) != 2048 {
		t.Errorf("get(2 KiB body, limit 2 KiB) = %d bytes, %v; want the body", len(body), err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	if _, _, err := f.get(ctx, srv.URL+"/slow", "*/*", 1024); errs.KindOf(err) != errs.Unavailable {
		t.Errorf("get(slow) error = %v, want Unavailable", err)
	}
}

func TestFetchRateLimit(t *testing.T) {
	f := testFetcher(loopbackOnly)
	f.limiter = rate.NewLimiter(rate.Every(time.Hour), 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer srv.Close()
	if _, _, err := f.get(context.Background(), srv.URL, "*/*", 10); err != nil {
		t.Fatalf("first get: %v", err)
	}
	_, _, err := f.get(context.Background(), srv.URL, "*/*", 10)
	if errs.KindOf(err) != errs.Unavailable || !strings.Contains(err.Error(), "too many") {
		t.Errorf("second get error = %v, want Unavailable: too many", err)
	}
}

func TestFetchCache(t *testing.T) {
	var hits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Write([]byte(`{"keys":[]}`))
	}))
	defer srv.Close()
	f := testFetcher(loopbackOnly)
	clock := time.Now()
	f.now = func() time.Time { return clock }
	for range 3 {
		if _, err := f.getCached(context.Background(), srv.URL+"/jwks.json", "*/*"); err != nil {
			t.Fatal(err)
		}
	}
	if n := hits.Load(); n != 1 {
		t.Errorf("3 cached gets made %d requests, want 1", n)
	}
	clock = clock.Add(cacheTTL + time.Second)
	f.getCached(context.Background(), srv.URL+"/jwks.json", "*/*")
	if n := hits.Load(); n != 2 {
		t.Errorf("a get after the TTL made %d requests in all, want 2", n)
	}
	for i := range cacheEntries + 10 {
		f.mu.Lock()
		if len(f.cache) >= cacheEntries {
			f.evictLocked(clock)
		}
		f.cache[string(rune(i))+"x"] = cacheEntry{expires: clock.Add(time.Duration(i) * time.Second)}
		f.mu.Unlock()
	}
	if len(f.cache) > cacheEntries {
		t.Errorf("cache holds %d entries, want at most %d", len(f.cache), cacheEntries)
	}
}

// TestFetchFresh: a status list is cached for as long as its ttl says,
// never longer than cacheTTL, and not at all for zero.
func TestFetchFresh(t *testing.T) {
	var hits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("Cache-Control", r.URL.Query().Get("cc"))
		w.Write([]byte(`{}`))
	}))
	defer srv.Close()
	f := testFetcher(loopbackOnly)
	clock := time.Now()
	f.now = func() time.Time { return clock }
	byHeader := func(_ []byte, h http.Header) time.Duration {
		d, ok := maxAge(h)
		if !ok {
			return time.Hour // capped at cacheTTL
		}
		return d
	}
	tests := []struct {
		cc    string
		after time.Duration // a second get this much later
		want  int64         // requests made by the two gets
	}{
		{"", cacheTTL - time.Second, 1},
		{"", cacheTTL + time.Second, 2},
		{"max-age=30", 20 * time.Second, 1},
		{"max-age=30", 40 * time.Second, 2},
		{"no-store", 0, 2},
		{"no-cache, max-age=60", 0, 2},
	}
	for i, tt := range tests {
		hits.Store(0)
		clock = clock.Add(time.Hour)
		u := srv.URL + "/list?cc=" + url.QueryEscape(tt.cc)
		key := fmt.Sprint("list ", i)
		f.getFresh(context.Background(), key, u, "*/*", 100, byHeader)
		clock = clock.Add(tt.after)
		f.getFresh(context.Background(), key, u, "*/*", 100, byHeader)
		if n := hits.Load(); n != tt.want {
			t.Errorf("Cache-Control %q, second get after %v: %d requests, want %d", tt.cc, tt.after, n, tt.want)
		}
	}
}

// TestFetchErrorsArePlain checks that every way a fetch can fail is told
// in plain words naming only the link's host: never an address of ours, a
// resolver, or a Go error string.
func TestFetchErrorsArePlain(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/missing", http.NotFound)
	mux.HandleFunc("/broken", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusInternalServerError)
	})
	mux.HandleFunc("/teapot", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusTeapot)
	})
	mux.HandleFunc("/odd-reason", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(599) // no standard reason phrase
	})
	mux.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/loop", http.StatusFound)
	})
	mux.HandleFunc("/to-private", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://10.0.0.1/x", http.StatusFound)
	})
	mux.HandleFunc("/to-ftp", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "ftp://example.org/x", http.StatusFound)
	})
	mux.HandleFunc("/big", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(strings.Repeat("x", 2048)))
	})
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(10 * time.Second):
		case <-r.Context().Done():
		}
	})
	mux.HandleFunc("/hangup", func(w http.ResponseWriter, r *http.Request) {
		conn, _, err := w.(http.Hijacker).Hijack()
		if err == nil {
			conn.Close()
		}
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	tlsSrv := httptest.NewUnstartedServer(mux) // self-signed: not trusted
	tlsSrv.Config.ErrorLog = log.New(io.Discard, "", 0)
	tlsSrv.StartTLS()
	defer tlsSrv.Close()
	closed := closedPort(t)
	host := strings.TrimPrefix(srv.URL, "http://")

	tests := []struct {
		name    string
		url     string
		permit  func(netip.Addr) bool
		kind    errs.Kind
		want    string
		timeout time.Duration
	}{
		// The resolver's answers are faked (dialFails), so the test sends
		// no DNS query; the messages must not show the resolver.
		{"unknown host", "http://nothing-here.invalid/badge", loopbackOnly, errs.NotFound,
			"the address nothing-here.invalid could not be found", 0},
		{"resolver failure", "http://flaky.invalid/badge", loopbackOnly, errs.Unavailable,
			"the address flaky.invalid could not be looked up right now", 0},
		{"network unreachable", "http://far.invalid/badge", loopbackOnly, errs.Unavailable,
			"far.invalid cannot be reached from this service", 0},
		{"closed port", "http://" + closed + "/badge", loopbackOnly, errs.Unavailable,
			closed + " refused the connection", 0},
		{"timeout", srv.URL + "/slow", loopbackOnly, errs.Unavailable,
			host + " did not answer in time", 200 * time.Millisecond},
		{"hang-up", srv.URL + "/hangup", loopbackOnly, errs.Unavailable,
			host + " closed the connection before answering", 0},
		{"self-signed certificate", tlsSrv.URL + "/missing", loopbackOnly, errs.Unavailable,
			strings.TrimPrefix(tlsSrv.URL, "https://") + "'s certificate is not trusted", 0},
		{"404", srv.URL + "/missing", loopbackOnly, errs.NotFound, host + " answered 404 Not Found", 0},
		{"500", srv.URL + "/broken", loopbackOnly, errs.Unavailable, host + " answered 500 Internal Server Error", 0},
		{"418", srv.URL + "/teapot", loopbackOnly, errs.Invalid, host + " answered 418 I'm a teapot", 0},
		{"non-standard status", srv.URL + "/odd-reason", loopbackOnly, errs.Unavailable, host + " answered 599", 0},
		{"blocked", srv.URL + "/missing", publicAddr, errs.Forbidden,
			"the address " + host + " is not on the public internet", 0},
		{"redirect to a private address", srv.URL + "/to-private", loopbackOnly, errs.Forbidden,
			"the address " + host + " is not on the public internet", 0},
		{"redirect loop", srv.URL + "/loop", loopbackOnly, errs.Invalid, host + " redirected more than 3 times", 0},
		{"redirect to ftp", srv.URL + "/to-ftp", loopbackOnly, errs.Invalid,
			host + ` redirected to a link that cannot be followed: only https links can be followed, not "ftp:"`, 0},
		{"too large", srv.URL + "/big", loopbackOnly, errs.TooLarge,
			"the document at " + srv.URL + "/big is larger than 1 KiB", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := testFetcher(tt.permit)
			if err, ok := dialFails[tt.name]; ok {
				f.client.Transport.(*http.Transport).DialContext = func(context.Context, string, string) (net.Conn, error) {
					return nil, err
				}
			}
			ctx := context.Background()
			if tt.timeout > 0 {
				var cancel context.CancelFunc
				ctx, cancel = context.WithTimeout(ctx, tt.timeout)
				defer cancel()
			}
			_, _, err := f.get(ctx, tt.url, "*/*", 1024)
			if err == nil {
				t.Fatalf("get(%s) succeeded, want an error", tt.url)
			}
			if got := errs.KindOf(err); got != tt.kind {
				t.Errorf("get(%s) kind = %v, want %v (%v)", tt.url, got, tt.kind, err)
			}
			if !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("get(%s) error = %q, want it to start %q", tt.url, err, tt.want)
			}
			assertPlain(t, err.Error())
		})
	}
}

// dialFails are the dial errors, as Go's resolver and dialer report them,
// of the cases that must not touch the network.
var dialFails = map[string]error{
	"unknown host": &net.OpError{Op: "dial", Net: "tcp", Err: &net.DNSError{
		Err: "no such host", Name: "nothing-here.invalid", Server: "10.255.255.53:53", IsNotFound: true}},
	"resolver failure": &net.OpError{Op: "dial", Net: "tcp", Err: &net.DNSError{
		Err: "server misbehaving", Name: "flaky.invalid", Server: "10.255.255.53:53", IsTemporary: true}},
	"network unreachable": &net.OpError{Op: "dial", Net: "tcp", Addr: &net.TCPAddr{IP: net.IPv4(10, 1, 2, 3), Port: 80},
		Err: &os.SyscallError{Syscall: "connect", Err: syscall.ENETUNREACH}},
}

// assertPlain fails when msg shows internals: a resolver, an address we
// did not get from the user, or Go's error vocabulary.
func assertPlain(t *testing.T, msg string) {
	t.Helper()
	for _, bad := range []string{"lookup ", ":53", "dial ", "tcp", "x509", "tls:", "Get \"", "EOF",
		"context deadline", "connection reset", "10.0.0.1", "10.1.2.3", "10.255", "resolv", "misbehaving", "unreachable"} {
		if strings.Contains(msg, bad) {
			t.Errorf("error %q shows internals (%q)", msg, bad)
		}
	}
}

// closedPort is host:port on loopback where nothing listens.
func closedPort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}
