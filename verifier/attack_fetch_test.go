package verifier

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"sync/atomic"
	"testing"
)

// TestFetchRedirectAndRebindingToLoopback: a document host that the
// fetcher may reach (here 127.0.0.2, standing for a public address)
// redirects to a listener on 127.0.0.1, by address and by a hostname that
// resolves there; the fetch is refused and the listener accepts no
// connection. The check runs on the dialled address, after resolution,
// so a DNS answer that changes between lookups cannot get through either.
func TestFetchRedirectAndRebindingToLoopback(t *testing.T) {
	victim, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer victim.Close()
	var accepted atomic.Int64
	go func() {
		for {
			c, err := victim.Accept()
			if err != nil {
				return
			}
			accepted.Add(1)
			c.Close()
		}
	}()
	port := victim.Addr().(*net.TCPAddr).Port
	ln, err := net.Listen("tcp", "127.0.0.2:0")
	if err != nil {
		t.Skipf("127.0.0.2 is not available here: %v", err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/by-address", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, fmt.Sprintf("http://127.0.0.1:%d/jwks.json", port), http.StatusFound)
	})
	mux.HandleFunc("/by-name", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, fmt.Sprintf("http://localhost:%d/jwks.json", port), http.StatusFound)
	})
	mux.HandleFunc("/by-mapped", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, fmt.Sprintf("http://[::ffff:127.0.0.1]:%d/jwks.json", port), http.StatusFound)
	})
	var redirects atomic.Int64
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		redirects.Add(1)
		mux.ServeHTTP(w, r)
	}))
	srv.Listener = ln
	srv.Start()
	defer srv.Close()
	only := netip.MustParseAddr("127.0.0.2")
	f := testFetcher(func(a netip.Addr) bool { return a == only })
	for _, path := range []string{"/by-address", "/by-name", "/by-mapped"} {
		_, _, err := f.get(context.Background(), srv.URL+path, "*/*", 1024)
		if !errors.Is(err, ErrBlockedAddress) {
			t.Errorf("get(%s) error = %v, want ErrBlockedAddress", path, err)
		}
	}
	if n := redirects.Load(); n != 3 {
		t.Errorf("the redirecting host answered %d requests, want 3 (each fetch must reach it first)", n)
	}
	if n := accepted.Load(); n != 0 {
		t.Errorf("the listener on 127.0.0.1:%d accepted %d connections, want 0", port, n)
	}
}
