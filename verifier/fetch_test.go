package verifier

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync/atomic"
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
		{"/loop", "redirects", false},
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
