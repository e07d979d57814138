package server

import (
	"errors"
	"fmt"
	"math"
	"net"
	"net/http"
	"sync"
	"time"

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
	ok, _ := l.reserve(remoteAddr)
	return ok
}

// reserve reports whether the client at remoteAddr may make a request now
// and, when it may not, how long until it may.
func (l *clientLimiter) reserve(remoteAddr string) (bool, time.Duration) {
	if l == nil || l.rate <= 0 {
		return true, 0
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
	now := time.Now()
	res := lim.ReserveN(now, 1)
	if d := res.DelayFrom(now); d > 0 || !res.OK() {
		res.CancelAt(now)
		if !res.OK() {
			d = time.Minute
		}
		return false, d
	}
	return true, 0
}

// rateLimited is the error for a client over the limit: RateLimited, with
// the time until it may try again.
type rateLimited struct {
	retry  time.Duration
	signIn bool // sign-in requests, not verifications
}

func (e *rateLimited) Error() string {
	what := "verifications"
	if e.signIn {
		what = "sign-in requests"
	}
	return fmt.Sprintf("Too many %s from your network; try again in %s.", what, plural(e.retrySeconds(), "second"))
}

func (e *rateLimited) Unwrap() error { return errs.E(errs.RateLimited, "%s", e.Error()) }

// retrySeconds is the Retry-After value: whole seconds, at least 1.
func (e *rateLimited) retrySeconds() int {
	return max(1, int(math.Ceil(e.retry.Seconds())))
}

// retryAfter is the Retry-After value for err, or 1 when err does not say.
func retryAfter(err error) int {
	var rl *rateLimited
	if errors.As(err, &rl) {
		return rl.retrySeconds()
	}
	return 1
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// checkVerifyLimit counts one verification against the client's limit: only
// requests that verify something count, not views of the empty form.
func (s *Server) checkVerifyLimit(r *http.Request) error {
	if ok, retry := s.verifyLimit.reserve(r.RemoteAddr); !ok {
		return &rateLimited{retry: retry}
	}
	return nil
}

// limited wraps a handler with the per-client verification limit.
func (s *Server) limited(h handler) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		if err := s.checkVerifyLimit(r); err != nil {
			return err
		}
		return h(w, r)
	}
}
