package server

import (
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/accolade-badges/accolade/verifier"
)

// install is a whole Accolade of its own (store, keyring, base URL),
// served over HTTP on loopback, with its verifier allowed to fetch from
// loopback (as only tests may: the default refuses internal addresses).
type install struct {
	*testServer
	base     string
	srv      *httptest.Server
	requests atomic.Int64 // requests the install has served
}

func newInstall(t *testing.T, name string) *install {
	t.Helper()
	srv := httptest.NewUnstartedServer(nil)
	in := &install{srv: srv, base: "http://" + srv.Listener.Addr().String()}
	in.testServer = newTestServer(t, in.base)
	p, err := in.db.Issuer("default")
	mustOK(t, err)
	p.Name = name
	mustOK(t, in.db.PutIssuer(p))
	fetchFromLoopback(t, in.s, in.base)
	srv.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		in.requests.Add(1)
		in.s.ServeHTTP(w, r)
	})
	srv.Start()
	t.Cleanup(srv.Close)
	return in
}

// fetchFromLoopback gives s a verifier with nothing cached that may fetch
// from loopback, so that it reaches an install of newInstall.
func fetchFromLoopback(t *testing.T, s *Server, base string) {
	t.Helper()
	v, err := verifier.New(verifier.Config{Local: local{s}, BaseURL: base, Now: s.now, AllowPrivateNetworks: true})
	mustOK(t, err)
	s.verifier = v
}
