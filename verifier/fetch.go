package verifier

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"golang.org/x/time/rate"

	"github.com/accolade-badges/accolade/errs"
)

// Fetch limits.
const (
	connectTimeout = 3 * time.Second
	fetchTimeout   = 5 * time.Second
	maxRedirects   = 3
	cacheTTL       = 5 * time.Minute
	cacheEntries   = 512
	fetchRate      = 20 // outgoing fetches per second, sustained
	fetchBurst     = 40
	maxRateWait    = time.Second // longest a fetch waits for the rate limiter
)

// Errors returned by fetches.
var (
	// ErrBlockedAddress is returned when a fetch would connect to a
	// loopback, private, link-local or otherwise internal address.
	ErrBlockedAddress = errors.New("address is not on the public internet")
	// ErrTooLarge is returned when a fetched body exceeds its limit.
	ErrTooLarge = errors.New("response too large")
	// errTooManyRedirects is returned when a fetch is redirected more than
	// maxRedirects times.
	errTooManyRedirects = errors.New("too many redirects")
)

// fetcher fetches documents over HTTP with the safety rules of the package
// documentation, and caches key documents.
type fetcher struct {
	onFetch   func(outcome string) // nil: nobody is told
	client    *http.Client
	allowHTTP bool // plain http (tests)
	maxBytes  int64
	limiter   *rate.Limiter
	now       func() time.Time

	mu    sync.Mutex
	cache map[string]cacheEntry
}

type cacheEntry struct {
	body      []byte
	mediaType string
	expires   time.Time
}

// newFetcher returns the fetcher cfg asks for.
func newFetcher(cfg Config) *fetcher {
	f := &fetcher{
		client:    cfg.HTTPClient,
		allowHTTP: cfg.AllowPrivateNetworks || cfg.AllowInsecure,
		maxBytes:  cfg.MaxFetchBytes,
		limiter:   rate.NewLimiter(fetchRate, fetchBurst),
		now:       time.Now,
		cache:     map[string]cacheEntry{},
		onFetch:   cfg.OnFetch,
	}
	if f.maxBytes == 0 {
		f.maxBytes = DefaultMaxFetchBytes
	}
	if f.client == nil {
		permit := publicAddr
		if cfg.AllowPrivateNetworks || cfg.AllowInsecure {
			permit = func(netip.Addr) bool { return true }
		}
		f.client = safeClient(permit, f.allowHTTP)
	}
	return f
}

// safeClient returns an HTTP client that connects only to addresses permit
// allows, checked on the resolved address just before connecting (so a DNS
// answer that changes between lookups cannot smuggle in an internal
// address), never uses a proxy, and follows at most maxRedirects redirects,
// each to an https URL (or http when allowHTTP).
func safeClient(permit func(netip.Addr) bool, allowHTTP bool) *http.Client {
	dialer := &net.Dialer{
		Timeout: connectTimeout,
		Control: func(network, address string, _ syscall.RawConn) error {
			return checkDialAddr(address, permit)
		},
	}
	tr := &http.Transport{
		Proxy:                  nil,
		DialContext:            dialer.DialContext,
		ForceAttemptHTTP2:      true,
		TLSHandshakeTimeout:    connectTimeout,
		ResponseHeaderTimeout:  fetchTimeout,
		MaxResponseHeaderBytes: 32 << 10,
		MaxIdleConns:           32,
		IdleConnTimeout:        90 * time.Second,
	}
	return &http.Client{
		Transport: tr,
		Timeout:   fetchTimeout,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) > maxRedirects {
				return errTooManyRedirects
			}
			return checkScheme(req.URL, allowHTTP)
		},
	}
}

// checkDialAddr refuses to dial an address permit does not allow.
func checkDialAddr(address string, permit func(netip.Addr) bool) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("dialing %q: %w", address, ErrBlockedAddress)
	}
	if !permit(ap.Addr()) {
		return fmt.Errorf("refusing to connect to %s: %w", ap.Addr(), ErrBlockedAddress)
	}
	return nil
}

// blockedPrefixes are special-purpose ranges (RFC 6890 and successors) that
// netip's predicates do not cover.
var blockedPrefixes = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),       // "this network"
	netip.MustParsePrefix("100.64.0.0/10"),   // carrier-grade NAT
	netip.MustParsePrefix("192.0.0.0/24"),    // IETF protocol assignments
	netip.MustParsePrefix("192.0.2.0/24"),    // documentation
	netip.MustParsePrefix("198.18.0.0/15"),   // benchmarking
	netip.MustParsePrefix("198.51.100.0/24"), // documentation
	netip.MustParsePrefix("203.0.113.0/24"),  // documentation
	netip.MustParsePrefix("240.0.0.0/4"),     // reserved, and broadcast
	netip.MustParsePrefix("::/96"),           // IPv4-compatible (deprecated)
	netip.MustParsePrefix("64:ff9b:1::/48"),  // local-use NAT64
	netip.MustParsePrefix("100::/64"),        // discard-only
	netip.MustParsePrefix("2001:db8::/32"),   // documentation
	netip.MustParsePrefix("fec0::/10"),       // site-local (deprecated)
}

// nat64 is the well-known NAT64 prefix: its last 32 bits are an IPv4 address.
var nat64 = netip.MustParsePrefix("64:ff9b::/96")

// publicAddr reports whether a is a public unicast address that a fetch
// for another issuer's document may connect to. IPv4-mapped and NAT64
// forms are judged by the IPv4 address they carry.
func publicAddr(a netip.Addr) bool {
	a = a.Unmap()
	if a.Is6() && nat64.Contains(a) {
		b := a.As16()
		a = netip.AddrFrom4([4]byte(b[12:]))
	}
	if !a.IsValid() || a.IsLoopback() || a.IsPrivate() || a.IsUnspecified() ||
		a.IsLinkLocalUnicast() || a.IsLinkLocalMulticast() ||
		a.IsInterfaceLocalMulticast() || a.IsMulticast() {
		return false
	}
	for _, p := range blockedPrefixes {
		if p.Contains(a) {
			return false
		}
	}
	return true
}

// checkScheme allows https URLs, and http ones when allowHTTP.
func checkScheme(u *url.URL, allowHTTP bool) error {
	switch {
	case u.Scheme == "https":
	case u.Scheme == "http" && allowHTTP:
	default:
		return errs.E(errs.Invalid, "only https links can be followed, not %q", u.Scheme+":")
	}
	if u.Host == "" || u.User != nil {
		return errs.E(errs.Invalid, "the link %q has no host or carries a password", u.Redacted())
	}
	return nil
}

// get fetches rawURL (its fragment dropped) and returns its body, at most
// limit bytes, and its media type. It fails with an Unavailable error when
// the host cannot be reached, the rate limit is exceeded or the status is
// not 200, Invalid for a link it will not follow, and TooLarge (wrapping
// ErrTooLarge) for an oversized body.
func (f *fetcher) get(ctx context.Context, rawURL, accept string, limit int64) ([]byte, string, error) {
	body, mt, _, err := f.getHeader(ctx, rawURL, accept, limit)
	return body, mt, err
}

// getHeader is get that also returns the response's header.
func (f *fetcher) getHeader(ctx context.Context, rawURL, accept string, limit int64) ([]byte, string, http.Header, error) {
	body, mt, h, err := f.fetch(ctx, rawURL, accept, limit)
	if f.onFetch != nil {
		outcome := "ok"
		if err != nil {
			outcome = errs.KindOf(err).String()
		}
		f.onFetch(outcome)
	}
	return body, mt, h, err
}

// fetch is getHeader without the report of its outcome.
func (f *fetcher) fetch(ctx context.Context, rawURL, accept string, limit int64) ([]byte, string, http.Header, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, "", nil, errs.E(errs.Invalid, "%q is not a link", rawURL)
	}
	u.Fragment, u.RawFragment = "", ""
	if err := checkScheme(u, f.allowHTTP); err != nil {
		return nil, "", nil, err
	}
	if err := f.wait(ctx); err != nil {
		return nil, "", nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, "", nil, errs.E(errs.Invalid, "%q is not a link", u.Redacted())
	}
	req.Header.Set("Accept", accept)
	req.Header.Set("User-Agent", "Accolade-verifier/1")
	resp, err := f.client.Do(req)
	if err != nil {
		return nil, "", nil, fetchError(u, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, "", nil, statusError(u, resp.StatusCode)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return nil, "", nil, fetchError(u, err)
	}
	if int64(len(body)) > limit {
		return nil, "", nil, &fetchErr{kind: errs.TooLarge, sentinel: ErrTooLarge,
			msg: fmt.Sprintf("the document at %s is larger than %s", u.Redacted(), errs.Size(limit))}
	}
	mt, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	return body, mt, resp.Header, nil
}

// wait takes a token from the rate limiter, waiting at most maxRateWait.
func (f *fetcher) wait(ctx context.Context) error {
	res := f.limiter.Reserve()
	if d := res.Delay(); d > maxRateWait {
		res.Cancel()
		return errs.E(errs.Unavailable, "too many keys are being fetched right now; try again in a moment")
	} else if d > 0 {
		t := time.NewTimer(d)
		defer t.Stop()
		select {
		case <-ctx.Done():
			res.Cancel()
			return errs.E(errs.Unavailable, "too many keys are being fetched right now; try again in a moment")
		case <-t.C:
		}
	}
	return nil
}

// fetchErr is a fetch failure in plain words that name only what the user
// gave (the host of the link), never an address of ours, a resolver or a Go
// error string. It carries an error kind, and a sentinel for errors.Is.
type fetchErr struct {
	kind     errs.Kind
	msg      string
	sentinel error // ErrBlockedAddress, ErrTooLarge, or nil
}

func (e *fetchErr) Error() string { return e.msg }

// Unwrap exposes the kind (for errs.KindOf) and the sentinel (for errors.Is).
func (e *fetchErr) Unwrap() []error {
	out := []error{&errs.Error{Kind: e.kind, Msg: e.msg}}
	if e.sentinel != nil {
		out = append(out, e.sentinel)
	}
	return out
}

func unavailable(format string, args ...any) error {
	return &fetchErr{kind: errs.Unavailable, msg: fmt.Sprintf(format, args...)}
}

// statusError describes an answer other than 200 OK. The reason phrase is
// the standard one, not the one the remote server sent. A missing document
// is NotFound, a server failure Unavailable, anything else Invalid.
func statusError(u *url.URL, code int) error {
	status := fmt.Sprint(code)
	if text := http.StatusText(code); text != "" {
		status += " " + text
	}
	kind := errs.Invalid
	switch {
	case code == http.StatusNotFound || code == http.StatusGone:
		kind = errs.NotFound
	case code >= 500 || code == http.StatusTooManyRequests || code == http.StatusRequestTimeout:
		kind = errs.Unavailable
	}
	return &fetchErr{kind: kind, msg: fmt.Sprintf("%s answered %s", u.Host, status)}
}

// fetchError turns a client error into plain words about u's host. Network
// failures are Unavailable (the caller cannot check now), a blocked address
// is Forbidden and a redirect that cannot be followed is Invalid.
func fetchError(u *url.URL, err error) error {
	host := u.Host
	var (
		dnsErr  *net.DNSError
		certErr *tls.CertificateVerificationError
		hostErr x509.HostnameError
		authErr x509.UnknownAuthorityError
		invErr  x509.CertificateInvalidError
		recErr  tls.RecordHeaderError
		alert   tls.AlertError
		ie      *errs.Error
	)
	switch {
	case errors.Is(err, ErrBlockedAddress):
		return &fetchErr{kind: errs.Forbidden, sentinel: ErrBlockedAddress,
			msg: fmt.Sprintf("the address %s is not on the public internet (this service does not contact private or internal networks)", host)}
	case errors.Is(err, errTooManyRedirects):
		return &fetchErr{kind: errs.Invalid, msg: fmt.Sprintf("%s redirected more than %d times", host, maxRedirects)}
	case errors.As(err, &ie):
		// A redirect that checkScheme refused: its message is already plain.
		return &fetchErr{kind: ie.Kind, msg: fmt.Sprintf("%s redirected to a link that cannot be followed: %s", host, ie.Msg)}
	case errors.As(err, &dnsErr):
		if dnsErr.IsNotFound {
			return &fetchErr{kind: errs.NotFound, msg: fmt.Sprintf("the address %s could not be found", u.Hostname())}
		}
		return unavailable("the address %s could not be looked up right now", u.Hostname())
	case errors.Is(err, context.DeadlineExceeded) || isTimeout(err):
		return unavailable("%s did not answer in time", host)
	case errors.Is(err, context.Canceled):
		return unavailable("the request to %s was cancelled", host)
	case errors.As(err, &certErr), errors.As(err, &hostErr), errors.As(err, &authErr), errors.As(err, &invErr):
		return unavailable("%s's certificate is not trusted", host)
	case errors.As(err, &recErr), errors.As(err, &alert):
		return unavailable("a secure connection to %s could not be made", host)
	case errors.Is(err, syscall.ECONNREFUSED):
		return unavailable("%s refused the connection", host)
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return unavailable("%s closed the connection before answering", host)
	case errors.Is(err, syscall.ENETUNREACH), errors.Is(err, syscall.EHOSTUNREACH):
		return unavailable("%s cannot be reached from this service", host)
	}
	return unavailable("%s could not be reached", host)
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// getCached is get for key documents (JWKS, DID and controller documents):
// answers are cached for cacheTTL, limited to f.maxBytes.
func (f *fetcher) getCached(ctx context.Context, rawURL, accept string) ([]byte, error) {
	now := f.now()
	f.mu.Lock()
	e, ok := f.cache[rawURL]
	f.mu.Unlock()
	if ok && now.Before(e.expires) {
		return e.body, nil
	}
	body, _, err := f.get(ctx, rawURL, accept, f.maxBytes)
	if err != nil {
		return nil, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.cache) >= cacheEntries {
		f.evictLocked(now)
	}
	f.cache[rawURL] = cacheEntry{body: body, expires: now.Add(cacheTTL)}
	return body, nil
}

// evictLocked drops expired entries, then the one closest to expiry until
// there is room for one more.
func (f *fetcher) evictLocked(now time.Time) {
	for k, e := range f.cache {
		if !now.Before(e.expires) {
			delete(f.cache, k)
		}
	}
	for len(f.cache) >= cacheEntries {
		var oldest string
		var at time.Time
		for k, e := range f.cache {
			if oldest == "" || e.expires.Before(at) {
				oldest, at = k, e.expires
			}
		}
		delete(f.cache, oldest)
	}
}

// getFresh is get for status lists: an answer is cached under key for as
// long as ttl says (at most cacheTTL; not at all for zero), so that a busy
// verifier does not fetch a list per credential. ttl is given the body and
// the response header.
func (f *fetcher) getFresh(ctx context.Context, key, rawURL, accept string, limit int64, ttl func([]byte, http.Header) time.Duration) ([]byte, string, error) {
	now := f.now()
	f.mu.Lock()
	e, ok := f.cache[key]
	f.mu.Unlock()
	if ok && now.Before(e.expires) {
		return e.body, e.mediaType, nil
	}
	body, mt, h, err := f.getHeader(ctx, rawURL, accept, limit)
	if err != nil {
		return nil, "", err
	}
	if d := min(ttl(body, h), cacheTTL); d > 0 {
		f.mu.Lock()
		defer f.mu.Unlock()
		if len(f.cache) >= cacheEntries {
			f.evictLocked(now)
		}
		f.cache[key] = cacheEntry{body: body, mediaType: mt, expires: now.Add(d)}
	}
	return body, mt, nil
}

// maxAge returns the freshness lifetime the Cache-Control header gives
// (max-age, or zero for no-store and no-cache), and reports whether it
// gives one.
func maxAge(h http.Header) (time.Duration, bool) {
	for _, v := range h.Values("Cache-Control") {
		for _, d := range strings.Split(v, ",") {
			name, val, _ := strings.Cut(strings.TrimSpace(strings.ToLower(d)), "=")
			switch name {
			case "no-store", "no-cache":
				return 0, true
			case "max-age":
				n, err := strconv.Atoi(strings.Trim(val, `"`))
				if err != nil || n < 0 {
					return 0, true
				}
				return time.Duration(n) * time.Second, true
			}
		}
	}
	return 0, false
}
