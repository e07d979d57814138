package server

import (
	"cmp"
	"context"
	"crypto/rand"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-webauthn/webauthn/webauthn"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/award"
	"github.com/accolade-badges/accolade/criteria"
	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/issuer"
	"github.com/accolade-badges/accolade/keys"
	"github.com/accolade-badges/accolade/ledger"
	"github.com/accolade-badges/accolade/mail"
	"github.com/accolade-badges/accolade/templates"
	"github.com/accolade-badges/accolade/typeset"
	"github.com/accolade-badges/accolade/verifier"
)

// Store is what the HTTP adapter needs from storage.
type Store interface {
	Issuer(slug string) (*accolade.Profile, error)
	Issuers() ([]*accolade.Profile, error)
	UpdateIssuer(slug string, change func(*accolade.Profile) error) (*accolade.Profile, error)
	Achievement(id string) (*criteria.Achievement, error)
	Achievements() ([]*criteria.Achievement, error)
	Unpublished() (map[string]bool, error)
	Member(id string) (*accolade.Member, error)
	MembersPage(after string, limit int, keep func(*accolade.Member) bool) ([]*accolade.Member, string, error)
	Credential(id string) (*accolade.Record, error)
	Credentials(f accolade.CredentialFilter) ([]*accolade.Record, error)
	RecentCredentials(limit int) ([]*accolade.Record, error)
	CredentialCountsByKey() (map[string]int, error)
	Exchange(id string) (*ledger.Exchange, error)
	Application(id string) (*ledger.Application, error)
	ApplicationsPage(after string, limit int, keep func(*ledger.Application) bool) ([]*ledger.Application, string, error)
	issuerStore  // issuer.go
	imageStore   // image.go
	sessionStore // session.go
	passkeyStore // passkey.go
	tokenStore   // token.go
	auditStore   // audit.go
	walletStore  // wallet.go
	offerStore   // oid4vci.go
}

// PublicKeys lists issuers' public keys and manages their rotation;
// keys.Keyring satisfies it. No private key passes through it.
type PublicKeys interface {
	All() []keys.PublicKey
	Public(issuer string) []keys.PublicKey
	Key(id string) (keys.PublicKey, bool)
	Rotate(issuer string) ([]keys.PublicKey, error)
	Remove(id string, signed int, force bool) error
	EnsureKeys(issuer string, alg keys.Algorithm) (created bool, err error) // a new issuer's keys (issuer.go)
}

// Awards takes in community activity and issues credentials; award.Service
// satisfies it.
type Awards interface {
	PutMember(m *accolade.Member) (created bool, err error)
	PutMembers(list []*accolade.Member) (award.Result, error)
	PutAchievement(a *criteria.Achievement) error
	LoadAchievements(batch []*criteria.Achievement) error
	SetPublished(id string, published bool) (changed bool, err error)
	DeleteAchievement(id string) error
	Issue(ctx context.Context, req issuer.Request) (*accolade.Record, error)
	Bind(ctx context.Context, id, holder string) (*accolade.Record, error)
	SetStatus(id string, status accolade.Status, reason string) (*accolade.Record, error)
	AddExchanges(ctx context.Context, list []*ledger.Exchange) (award.Result, error)
	Confirm(ctx context.Context, id, member string) (*ledger.Exchange, []*accolade.Record, error)
	Withdraw(ctx context.Context, id string) (*ledger.Exchange, error)
	AddAttestations(ctx context.Context, list []*ledger.Attestation) (award.Result, error)
	Apply(a *ledger.Application) (created bool, err error)
	Decide(ctx context.Context, id, reviewer string, approve bool, comment string) (*ledger.Application, []*accolade.Record, error)
	Evaluate(ctx context.Context, members []string) ([]*accolade.Record, error)
	EvaluateIn(ctx context.Context, community string, members []string) ([]*accolade.Record, error)
	Progress(member string) ([]criteria.Result, error)
	dryRunner       // achievement_dryrun.go
	importPreviewer // console_import.go
}

// Config configures a Server.
type Config struct {
	Store  Store
	Keys   PublicKeys
	Awards Awards
	Pages  *templates.Renderer
	// StatusLists signs the status lists served at RouteStatusList.
	StatusLists StatusLists
	BaseURL     string
	AdminToken  string // accepted as an install-wide bearer token with every scope; empty: only stored tokens
	// AdminActor names the holder of AdminToken in the audit log (default
	// "bootstrap"; the command line's in-process server: "cli:USER").
	AdminActor string
	// Rand makes API tokens' secrets (default crypto/rand).
	Rand io.Reader
	Now  func() time.Time
	Log  *slog.Logger
	// AllowPrivateNetworks lets the verifier fetch from loopback and private
	// addresses. For tests only.
	AllowPrivateNetworks bool
	// VerifyInsecure lets the verifier follow plain http links and private
	// addresses, warning in the verdict: for the command line on a
	// person's own machine only, never for a served process.
	VerifyInsecure bool
	// PagesPerSecond and PageBurst limit every public request (pages,
	// credential files, key documents, sign-in, verification) per client
	// address (defaults 100 a second, bursts of 400; negative: off): a
	// ceiling against one client flooding the service, far above what a
	// person or a verifier asks. Verification has its own, lower, limit.
	PagesPerSecond float64
	PageBurst      int
	// VerifyPerSecond and VerifyBurst limit verification requests per client
	// address (defaults 10 and 30; a negative rate turns the limit off).
	VerifyPerSecond float64
	VerifyBurst     int
	// Fonts draw PDF certificates and generated badges; nil: the bundled
	// fonts (typeset.Default).
	Fonts *typeset.Fonts
	// SessionIdle and SessionMaxAge bound a member's session: signed out
	// after SessionIdle without a visit, and SessionMaxAge after signing
	// in (defaults 7 and 30 days).
	SessionIdle, SessionMaxAge time.Duration
	// SignInPerMinute limits sign-in requests per client address (default
	// 5 a minute, burst 10; negative: off). Each address may get at most
	// 3 links in 15 minutes, whatever the client.
	SignInPerMinute float64
	// Members and UnsubscribeSecret serve the unsubscribe links of mail
	// (GET and POST /unsubscribe/{token}); either unset: no such route.
	Members           MemberSettings
	UnsubscribeSecret []byte
	// DemoMail, when set, is served at GET /demo/mail (the demo only).
	DemoMail *mail.Mailbox
	// Metrics records requests and verifications (served at GET /metrics);
	// nil: metrics of the server's own, without the outbox's depth.
	Metrics *Metrics
	// VCIssuer signs credentials clients build (VC-API POST
	// /credentials/issue); nil, or a Store that is not a VCStore: the
	// route answers 404.
	VCIssuer VCIssuer
}

// Server is the HTTP adapter.
type Server struct {
	store       Store
	vcIssuer    VCIssuer
	vcStore     VCStore
	oauth       oauthStore // nil: no Open Badges API
	keys        PublicKeys
	awards      Awards
	pages       *templates.Renderer
	statusLists StatusLists
	verifier    *verifier.Verifier
	urls        accolade.URLs
	adminToken  string
	adminActor  string
	rand        io.Reader
	now         func() time.Time
	log         *slog.Logger
	mux         *routeMux

	verifyLimit *clientLimiter
	pageLimit   *clientLimiter // every public request
	// registerLimit counts OAuth client registrations per address.
	registerLimit *clientLimiter
	badges        badgeCache // generated default badges
	fonts         *typeset.Fonts

	sessions                              sessionStore
	sessionIdle, sessionMaxAge            time.Duration
	signInClientLimit, signInAddressLimit *clientLimiter
	lastPrune                             atomic.Int64 // when sessions were last pruned, Unix ns
	crossOrigin                           *http.CrossOriginProtection
	mail                                  mailPages          // unsubscribe.go
	webauthn                              *webauthn.WebAuthn // passkey.go; nil: no passkeys
	metrics                               *Metrics           // metrics.go
	walletMu                              sync.Mutex         // one wallet collection at a time (wallet.go)
	walletIssue                           sync.Mutex         // one OpenID4VCI collection at a time (oid4vci_credential.go)
}

// New returns a Server, rejecting incomplete configuration.
func New(cfg Config) (*Server, error) {
	if cfg.Store == nil || cfg.Keys == nil || cfg.Awards == nil || cfg.Pages == nil || cfg.StatusLists == nil || cfg.Now == nil {
		return nil, errs.E(errs.Invalid, "server: Store, Keys, Awards, Pages, StatusLists and Now are required")
	}
	if err := accolade.CheckBaseURL(cfg.BaseURL); err != nil {
		return nil, err
	}
	s := &Server{
		store: cfg.Store, keys: cfg.Keys, awards: cfg.Awards, pages: cfg.Pages, statusLists: cfg.StatusLists,
		urls: accolade.URLs{Base: cfg.BaseURL}, adminToken: cfg.AdminToken, now: cfg.Now, log: logger(cfg.Log),
		fonts: cfg.Fonts, mail: mailPages{members: cfg.Members, secret: cfg.UnsubscribeSecret, box: cfg.DemoMail},
	}
	s.adminActor, s.rand, s.metrics = cmp.Or(cfg.AdminActor, "bootstrap"), cfg.Rand, cfg.Metrics
	s.vcIssuer = cfg.VCIssuer
	s.vcStore, _ = cfg.Store.(VCStore)
	s.oauth, _ = cfg.Store.(oauthStore)
	if s.metrics == nil {
		s.metrics = NewMetrics(nil)
	}
	if s.rand == nil {
		s.rand = rand.Reader
	}
	if s.fonts == nil {
		s.fonts = typeset.Default()
	}
	if cfg.VerifyPerSecond == 0 {
		cfg.VerifyPerSecond = 10
	}
	if cfg.VerifyBurst == 0 {
		cfg.VerifyBurst = 30
	}
	s.verifyLimit = newClientLimiter(cfg.VerifyPerSecond, max(cfg.VerifyBurst, 1))
	if cfg.PagesPerSecond == 0 {
		cfg.PagesPerSecond = 100
	}
	if cfg.PageBurst == 0 {
		cfg.PageBurst = 400
	}
	s.pageLimit = newClientLimiter(cfg.PagesPerSecond, max(cfg.PageBurst, 1))
	s.registerLimit = newClientLimiter(registrationsPerHour/3600.0, registrationsPerHour)
	if err := s.configureSessions(cfg); err != nil {
		return nil, err
	}
	v, err := verifier.New(verifier.Config{
		Local: local{s}, BaseURL: cfg.BaseURL, Now: cfg.Now, AllowPrivateNetworks: cfg.AllowPrivateNetworks,
		AllowInsecure: cfg.VerifyInsecure, OnFetch: s.metrics.fetched,
	})
	if err != nil {
		return nil, err
	}
	s.verifier = v
	s.webauthn = newPasskeys(cfg.BaseURL)
	s.routes()
	return s, nil
}

func (s *Server) routes() {
	m := &routeMux{ServeMux: http.NewServeMux()}
	m.HandleFunc("GET /healthz", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeBytes(w, http.StatusOK, "text/plain; charset=utf-8", []byte("ok\n"))
	}))
	m.HandleFunc("GET /{$}", s.public(s.home))
	m.HandleFunc("GET /static/{name}", s.public(s.static))
	m.HandleFunc("GET "+accolade.RouteCredential, s.public(s.getCredential))
	m.HandleFunc("GET "+accolade.RouteIssuer, s.public(s.getIssuer))
	m.HandleFunc("GET "+accolade.RouteKey, s.public(s.getKey))
	m.HandleFunc("GET "+accolade.RouteMultikey, s.public(s.getMultikey))
	m.HandleFunc("GET "+accolade.RouteDIDDocument, s.public(s.getDIDDocument))
	m.HandleFunc("GET "+accolade.RouteAchievement, s.public(s.getAchievement))
	m.HandleFunc("GET "+accolade.RouteBadge, s.public(s.getBadge))
	m.HandleFunc("GET "+accolade.RouteJWKS, s.public(s.getJWKS))
	m.HandleFunc("GET "+accolade.RouteStatusList, s.public(s.getStatusList))
	m.HandleFunc("GET /verify", s.public(s.verifyPage)) // limited when it verifies a link
	m.HandleFunc("POST /verify", s.public(s.limited(s.verifyForm)))
	m.HandleFunc("POST /language", s.public(s.setLanguage))
	m.HandleFunc("POST /api/v1/verify", s.public(s.limited(s.verifyAPI)))
	// The W3C VC-API (vcapi.go): verification is public and limited like
	// /api/v1/verify; issuing and status need a token.
	m.HandleFunc("POST /credentials/verify", s.public(s.limited(s.verifyVC)))
	m.HandleFunc("POST /presentations/verify", s.public(s.limited(s.verifyVP)))
	m.HandleFunc("POST /credentials/issue", s.allow(accolade.ScopeCredentialsIssue, s.issueVC))
	m.HandleFunc("POST /credentials/status", s.allow(accolade.ScopeCredentialsRevoke, s.updateVCStatus))

	s.signInRoutes(m)
	s.oauthRoutes(m)
	s.passkeyRoutes(m)
	s.memberRoutes(m)
	s.consoleRoutes(m)
	s.achievementRoutes(m)
	s.imageRoutes(m)
	s.mailRoutes(m)
	s.tokenRoutes(m)
	s.backupRoutes(m)
	s.forgetRoutes(m)
	s.walletRoutes(m)
	s.oid4vciRoutes(m)
	m.HandleFunc("GET /api/v1/metrics", s.allow(accolade.ScopeRead, s.getMetrics))
	m.HandleFunc("PUT /api/v1/members/{id}", s.allow(accolade.ScopeMembersWrite, s.putMember))
	m.HandleFunc("GET /api/v1/members", s.allow(accolade.ScopeRead, s.listMembers))
	m.HandleFunc("GET /api/v1/members/{id}", s.allow(accolade.ScopeRead, s.getMember))
	m.HandleFunc("POST /api/v1/credentials", s.allow(accolade.ScopeCredentialsIssue, s.postCredential))
	m.HandleFunc("GET /api/v1/credentials", s.allow(accolade.ScopeRead, s.listCredentials))
	m.HandleFunc("POST /api/v1/credentials/{id}/{action}", s.allow(accolade.ScopeCredentialsRevoke, s.changeStatus))
	m.HandleFunc("GET /api/v1/issuers", s.allow(accolade.ScopeRead, s.listIssuers))
	m.HandleFunc("POST /api/v1/issuers", s.allow(accolade.ScopeIssuersAdmin, s.postIssuer))
	m.HandleFunc("GET /api/v1/issuers/{slug}", s.allow(accolade.ScopeRead, s.getIssuerAPI))
	m.HandleFunc("PUT /api/v1/issuers/{slug}", s.allow(accolade.ScopeIssuersAdmin, s.putIssuer))
	m.HandleFunc("GET /api/v1/issuers/{slug}/keys", s.allow(accolade.ScopeRead, s.listKeys))
	m.HandleFunc("POST /api/v1/issuers/{slug}/keys/rotate", s.allow(accolade.ScopeKeysAdmin, s.rotateKeys))
	m.HandleFunc("DELETE /api/v1/issuers/{slug}/keys/{id}", s.allow(accolade.ScopeKeysAdmin, s.removeKey))
	m.HandleFunc("POST /api/v1/exchanges", s.allow(accolade.ScopeActivityWrite, s.postExchange))
	m.HandleFunc("GET /api/v1/exchanges/{id}", s.allow(accolade.ScopeRead, s.getExchange))
	m.HandleFunc("DELETE /api/v1/exchanges/{id}", s.allow(accolade.ScopeActivityWrite, s.withdrawExchange))
	m.HandleFunc("POST /api/v1/exchanges/{id}/confirmations", s.allow(accolade.ScopeActivityWrite, s.confirmExchange))
	m.HandleFunc("POST /api/v1/attestations", s.allow(accolade.ScopeActivityWrite, s.postAttestation))
	m.HandleFunc("POST /api/v1/applications", s.allow(accolade.ScopeActivityWrite, s.postApplication))
	m.HandleFunc("GET /api/v1/applications", s.allow(accolade.ScopeRead, s.listApplications))
	m.HandleFunc("GET /api/v1/applications/{id}", s.allow(accolade.ScopeRead, s.getApplication))
	m.HandleFunc("POST /api/v1/applications/{id}/decision", s.allow(accolade.ScopeActivityWrite, s.decideApplication))
	m.HandleFunc("POST /api/v1/awards/evaluate", s.allow(accolade.ScopeCredentialsIssue, s.evaluate))
	m.HandleFunc("GET /api/v1/members/{id}/progress", s.allow(accolade.ScopeRead, s.progress))
	m.HandleFunc("GET "+routeMemberCLR, s.allow(accolade.ScopeRead, s.memberCLR)) // clr.go
	m.HandleFunc("POST /api/v1/import/{kind}", s.allow(accolade.ScopeActivityWrite, s.importRows))
	m.HandleFunc("POST /api/v1/endorsements", s.allow(accolade.ScopeCredentialsIssue, s.postEndorsement)) // endorsement.go
	m.HandleFunc("POST /api/v1/endorsements/attach", s.allow(accolade.ScopeCredentialsIssue, s.attachEndorsement))
	m.HandleFunc("GET /api/v1/endorsements", s.allow(accolade.ScopeRead, s.listEndorsements))
	m.HandleFunc("DELETE /api/v1/endorsements/{id}", s.allow(accolade.ScopeCredentialsIssue, s.deleteEndorsement))
	s.mux = m
}

// pageCSP is the Content-Security-Policy of every answer (images and the
// demo mailbox set stricter ones): scripts and styles only from the
// site's own files (no inline script or style, no eval), no plugins, no
// <base> rewriting, forms posting only back to the site, and no framing.
const pageCSP = "default-src 'self'; img-src 'self' data: https:; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// ServeHTTP serves a request with security headers and panic recovery.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start, pattern := time.Now(), "" // the wall clock, whatever s.now says
	sw := &statusWriter{ResponseWriter: w}
	w = sw
	defer func() { s.metrics.observe(pattern, sw.code(), time.Since(start)) }()
	h := w.Header()
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Frame-Options", "DENY")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	h.Set("Content-Security-Policy", pageCSP)
	defer func() {
		if v := recover(); v != nil {
			if v == http.ErrAbortHandler {
				panic(v)
			}
			s.writeError(w, r, errs.E(errs.Internal, "panic: %v", v))
		}
	}()
	if r.Body != nil && r.Method != http.MethodGet && r.Method != http.MethodHead {
		r.Body = http.MaxBytesReader(w, r.Body, maxRequestBody)
	}
	if _, pattern = s.mux.Handler(r); pattern == "" {
		s.unrouted(w, r)
		return
	}
	if err := s.crossOrigin.Check(r); err != nil {
		s.crossSiteRefused(w, r, pattern)
		return
	}
	s.mux.ServeHTTP(w, r)
}

// crossSiteRefused refuses a state-changing request sent from another
// site (403), and records the refusal in the audit log as the signed-in
// member's, if the browser sent a session, else as anonymous: the log
// holds refusals too, and this one may be an attack on that member.
func (s *Server) crossSiteRefused(w http.ResponseWriter, r *http.Request, pattern string) {
	err := errs.E(errs.Forbidden, "%s", s.locale(r).T("signin.error.crossSite"))
	rw := &statusWriter{ResponseWriter: w}
	e := accolade.AuditEntry{Time: s.now().UTC(), Action: pattern, Target: "path=" + shortPath(r), Actor: "anonymous"}
	if m, _, _ := s.session(r); m != nil {
		e.Actor, e.Issuer = "member:"+m.ID, accolade.DefaultSlug
	}
	s.writeError(rw, r, err)
	s.auditRequest(rw, &e, err)
}

// unrouted answers a request that no route takes: 404 for an unknown path,
// 405 (with Allow) for a known path with another method, as an HTML page
// for browsers and a problem document otherwise. The mux decides which, so
// its pattern precedence stays the only routing rule.
func (s *Server) unrouted(w http.ResponseWriter, r *http.Request) {
	h, _ := s.mux.Handler(r)
	rec := &statusRecorder{header: http.Header{}}
	h.ServeHTTP(rec, r)
	var err error
	switch rec.status {
	case http.StatusMethodNotAllowed:
		allow := rec.header.Get("Allow")
		w.Header().Set("Allow", allow)
		err = &methodNotAllowed{msg: fmt.Sprintf("%s does not accept %s requests; it accepts %s.", shortPath(r), r.Method, allow)}
	default:
		err = errs.E(errs.NotFound, "There is no page at %s.", shortPath(r))
	}
	s.writeError(w, r, err)
}

// methodNotAllowed is the error for a known path asked with another
// method: a routing matter, so it has no error kind of its own.
type methodNotAllowed struct{ msg string }

func (e *methodNotAllowed) Error() string { return e.msg }

// shortPath is the request path for a message, cut to a readable length.
func shortPath(r *http.Request) string {
	p := r.URL.Path
	if len(p) > 100 {
		p = strings.ToValidUTF8(p[:100], "") + "…"
	}
	return p
}

// statusRecorder keeps the status and headers a handler writes, and drops
// its body.
type statusRecorder struct {
	header http.Header
	status int
}

func (r *statusRecorder) Header() http.Header { return r.header }
func (r *statusRecorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return len(b), nil
}
func (r *statusRecorder) WriteHeader(status int) {
	if r.status == 0 {
		r.status = status
	}
}
