package server

import (
	"net"
	"net/http"
	"sync"

	"golang.org/x/time/rate"

	"github.com/accolade-badges/accolade/errs"
)

// clientLimiter limits requests per client address. Verification is public
// and costs real CPU (a Data Integrity proof is about 1.5 ms), so one client
// cannot take the service from everyone else.
type clientLimiter struct {
	rate  rate.Limit
	burst int

	mu      sync.Mutex
	clients map[string]*rate.Limiter
}

// maxClients bounds the limiter's memory: past it, the table starts afresh.
const maxClients = 10000

func newClientLimiter(perSecond float64, burst int) *clientLimiter {
	return &clientLimiter{rate: rate.Limit(perSecond), burst: burst, clients: map[string]*rate.Limiter{}}
}

// allow reports whether the client at remoteAddr may make a request now.
func (l *clientLimiter) allow(remoteAddr string) bool {
	if l == nil || l.rate <= 0 {
		return true
	}
	host, _, err := net.SplitHostPort(remoteAddr)
	if err != nil {
		host = remoteAddr
	}
	l.mu.Lock()
	lim, ok := l.clients[host]
	if !ok {
		if len(l.clients) >= maxClients {
			l.clients = map[string]*rate.Limiter{}
		}
		lim = rate.NewLimiter(l.rate, l.burst)
		l.clients[host] = lim
	}
	l.mu.Unlock()
	return lim.Allow()
}

// limited wraps a handler with the per-client limit.
func (s *Server) limited(h handler) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		if !s.verifyLimit.allow(r.RemoteAddr) {
			return errs.E(errs.RateLimited, "too many verification requests from your address: wait a moment and try again")
		}
		return h(w, r)
	}
}
