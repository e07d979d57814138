package main

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"math"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/award"
	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/issuer"
	"github.com/accolade-badges/accolade/keys"
	"github.com/accolade-badges/accolade/server"
	"github.com/accolade-badges/accolade/store"
	"github.com/accolade-badges/accolade/templates"
	"github.com/accolade-badges/accolade/typeset"
)

// Main is the program: its configuration and, once opened, the store,
// keyring, services and HTTP server it wires together.
type Main struct {
	Config Config
	Demo   bool

	Stdin          io.Reader
	Stdout, Stderr io.Writer
	Now            func() time.Time
	Rand           io.Reader
	Log            *slog.Logger
	// VerifyPerSecond and VerifyBurst, when not zero, replace the server's
	// default limit of verifications per client (ACCOLADE_VERIFY_RATE and
	// ACCOLADE_VERIFY_BURST; a negative rate: off).
	VerifyPerSecond float64
	VerifyBurst     int
	// PagesPerSecond, when not zero, replaces the server's default limit
	// of public requests per client (ACCOLADE_PAGE_RATE, where 0 is off;
	// here a negative rate is off).
	PagesPerSecond float64
	// SignInPerMinute, when not zero, replaces the server's default limit
	// of sign-in requests per client (tests sign many people in from one
	// address).
	SignInPerMinute float64

	DB     *store.DB
	Keys   *keys.Keyring
	Issuer *issuer.Service
	Awards *award.Service
	// Metrics are the process's Prometheus metrics (made with the
	// store, by metrics()).
	Metrics *server.Metrics
	Server  *server.Server

	// isTerminal, when set, replaces the check whether standard input is a
	// terminal (tests of revoke's question).
	isTerminal func() bool

	idMode accolade.IDMode // for init: the default issuer's id mode
	alg    keys.Algorithm  // for init: the default issuer's VC-JWT algorithm
	// insecureFetch: the in-process verifier may follow plain http and
	// private addresses (the verify command without --strict).
	insecureFetch bool
	http          *http.Server
	listener      net.Listener
	// metricsListener and metricsHTTP serve GET /metrics on
	// --metrics-addr; nil without it.
	metricsListener net.Listener
	metricsHTTP     *http.Server
	served          chan error
	mail            *mailer // serve's mail (mail.go)
	stopFollow      func()  // stops serve's following of the other nodes' changes, on a database
	// stopFollowingKeys stops reloading the keys and pruning the change
	// feed of a shared database (follow_shared.go); nil when nothing runs.
	stopFollowingKeys func()
	// KeyReloadEvery is how often a node of a shared database reloads the
	// keys; zero: keyReloadEvery (tests set it shorter).
	KeyReloadEvery time.Duration
}

// NewMain returns a Main reading configuration from env.
func NewMain(stdin io.Reader, stdout, stderr io.Writer, env func(string) string) *Main {
	return &Main{
		Config: defaultConfig(env),
		Stdin:  stdin, Stdout: stdout, Stderr: stderr,
		Now: time.Now, Rand: rand.Reader,
		Log: slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelInfo})),
	}
}

// open opens the data directory: the store and the keyring (unsealing the
// private keys), and nothing that reads every member or exchange, so that
// commands which never issue (keys, verify, init) start in constant time;
// openAwards adds the services that issue. The issuer slug is created with
// name when the store has no issuer yet and name is not empty. Only then
// (init and serve) may the data directory be created: without a name, a
// directory holding no database is an errs.NotFound error saying what to do,
// so that a forgotten --server never starts a new community with new keys.
func (m *Main) open(createIssuer string) (created bool, err error) {
	if m.Config.DatabaseURL != "" {
		return m.openDatabase(createIssuer)
	}
	if createIssuer == "" {
		if err := m.requireDataDir(); err != nil {
			return false, err
		}
	}
	if err := m.prepareBaseURL(); err != nil {
		return false, err
	}
	if m.DB, err = store.Open(m.Config.DataDir); err != nil {
		return false, err
	}
	return m.openKeys(createIssuer)
}

// openDatabase is open for a store in PostgreSQL (Config.DatabaseURL),
// which accolade migrate has made: the keys in it are sealed with
// ACCOLADE_KEY_PASSPHRASE, which every node sharing the database knows (a
// key file would be one node's).
func (m *Main) openDatabase(createIssuer string) (bool, error) {
	if !store.IsDatabaseURL(m.Config.DatabaseURL) {
		return false, errs.E(errs.Invalid, "--database (ACCOLADE_DATABASE_URL): give a postgres:// URL, such as postgres://accolade:PASSWORD@db.example.org:5432/accolade")
	}
	if m.Config.KeyPassphrase == "" {
		return false, errs.E(errs.Invalid, "with a database (--database, ACCOLADE_DATABASE_URL) set ACCOLADE_KEY_PASSPHRASE: the private keys in it are sealed with a passphrase that every node sharing it knows, not with one node's key file")
	}
	if err := m.prepareBaseURL(); err != nil {
		return false, err
	}
	var err error
	if m.DB, err = store.OpenDatabase("", m.Config.DatabaseURL); err != nil {
		return false, err
	}
	return m.openKeys(createIssuer)
}

// prepareBaseURL defaults and checks the base URL.
func (m *Main) prepareBaseURL() error {
	if m.Config.BaseURL == "" {
		m.Config.BaseURL = baseURLFor(m.Config.Addr)
	}
	m.Config.BaseURL = trimSlash(m.Config.BaseURL)
	return accolade.CheckBaseURL(m.Config.BaseURL)
}

// openKeys opens the keyring over the opened store, and creates the
// default issuer when createIssuer names one.
func (m *Main) openKeys(createIssuer string) (created bool, err error) {
	sealer, err := m.sealer()
	if err != nil {
		return false, err
	}
	if m.Keys, err = keys.Open(keys.Config{Store: m.DB, Sealer: sealer, Rand: m.Rand, Now: m.Now}); err != nil {
		return false, fmt.Errorf("opening keyring: %w", err)
	}
	if createIssuer != "" {
		if created, err = m.ensureDefaultIssuer(createIssuer); err != nil {
			return false, err
		}
	}
	return created, nil
}

// openAwards makes the issuing service and the award service over the
// opened store. The award service loads every member, exchange and
// attestation into the criteria index: seconds on a large community, so
// only commands that issue or evaluate call it.
func (m *Main) openAwards() error {
	vcStatus, err := m.Config.vcapiStatus()
	if err != nil {
		return err
	}
	m.Issuer, err = issuer.New(issuer.Config{Store: m.DB, Keys: m.Keys, BaseURL: m.Config.BaseURL, Now: m.Now, Rand: m.Rand, VCStatus: vcStatus})
	if err != nil {
		return err
	}
	// The index snapshot is a file beside a bbolt store, marked with its
	// transaction ids; a node of a shared database builds its index from
	// the records at every start.
	snapshot := filepath.Join(m.Config.DataDir, award.SnapshotFile)
	if m.Config.DatabaseURL != "" {
		snapshot = ""
	}
	m.Awards, err = award.New(award.Config{Store: m.DB, Issuer: countingIssuer{m.Issuer, m.metrics()}, Now: m.Now, Log: m.Log,
		Snapshot: snapshot})
	return err
}

// metrics returns the process's metrics, made on first use over the
// opened store (for the outbox's depth).
func (m *Main) metrics() *server.Metrics {
	if m.Metrics == nil {
		m.Metrics = server.NewMetrics(m.DB.OutboxDepth)
	}
	return m.Metrics
}

// countingIssuer counts the credentials the award service issues (every
// credential is issued through it: by rule, on approval, or directly).
type countingIssuer struct {
	award.Issuer
	metrics *server.Metrics
}

func (c countingIssuer) Issue(ctx context.Context, req issuer.Request) (*accolade.Record, error) {
	rec, err := c.Issuer.Issue(ctx, req)
	if err == nil {
		c.metrics.Issued(rec)
	}
	return rec, err
}

func (c countingIssuer) Bind(ctx context.Context, id, holder string) (*accolade.Record, error) {
	rec, err := c.Issuer.Bind(ctx, id, holder)
	if err == nil {
		c.metrics.Issued(rec)
	}
	return rec, err
}

// requireDataDir returns an errs.NotFound error when the data directory
// holds no database.
func (m *Main) requireDataDir() error {
	if _, err := os.Stat(filepath.Join(m.Config.DataDir, store.FileName)); err == nil {
		return nil
	} else if !errors.Is(err, fs.ErrNotExist) {
		return errs.Wrap(errs.Invalid, err, "data directory %s", displayDir(m.Config.DataDir))
	}
	return errs.E(errs.NotFound, "no data directory at %s: run `accolade init`, or pass `--server URL`", displayDir(m.Config.DataDir))
}

// displayDir shows a relative directory as ./dir, so that it reads as a path.
func displayDir(dir string) string {
	if filepath.IsAbs(dir) || strings.HasPrefix(dir, ".") {
		return dir
	}
	return "." + string(filepath.Separator) + dir
}

func (m *Main) sealer() (*keys.Sealer, error) {
	if m.Config.KeyPassphrase != "" {
		return keys.NewPassphraseSealer(m.Config.KeyPassphrase)
	}
	return keys.LoadOrCreateKeyFile(m.Config.keyFile(), m.Rand)
}

// ensureDefaultIssuer creates the default issuer and its keys when the store
// has none, and makes sure every issuer has signing keys.
func (m *Main) ensureDefaultIssuer(name string) (bool, error) {
	created := false
	if _, err := m.DB.Issuer(accolade.DefaultSlug); errs.KindOf(err) == errs.NotFound {
		p := &accolade.Profile{Slug: accolade.DefaultSlug, Name: name, Alg: m.alg, IDMode: m.idMode, Created: m.Now().UTC()}
		if err := p.Validate(); err != nil {
			return false, err
		}
		if err := m.DB.PutIssuer(p); err != nil {
			return false, err
		}
		created = true
	} else if err != nil {
		return false, err
	}
	issuers, err := m.DB.Issuers()
	if err != nil {
		return false, err
	}
	for _, p := range issuers {
		if _, err := m.Keys.EnsureIssuer(p.Slug); err != nil {
			return false, fmt.Errorf("keys of issuer %s: %w", p.Slug, err)
		}
		if _, err := m.Keys.Signer(p.Slug, p.Alg); errs.KindOf(err) == errs.NotFound {
			if _, err := m.Keys.Generate(p.Slug, p.Alg); err != nil { // ES256
				return false, fmt.Errorf("%s key of issuer %s: %w", p.Alg, p.Slug, err)
			}
		}
		if changed, err := accolade.PinDIDKey(p, m.Keys.Public(p.Slug)); err != nil {
			return false, fmt.Errorf("did:key of issuer %s: %w", p.Slug, err)
		} else if changed {
			if _, err := m.DB.UpdateIssuer(p.Slug, func(q *accolade.Profile) error {
				_, err := accolade.PinDIDKey(q, m.Keys.Public(q.Slug))
				return err
			}); err != nil {
				return false, fmt.Errorf("did:key of issuer %s: %w", p.Slug, err)
			}
		}
	}
	return created, nil
}

// Run opens the data directory and starts serving; it returns once the
// server is listening. Close stops it.
func (m *Main) Run(ctx context.Context) error {
	if err := m.Config.checkMailConfig(); err != nil {
		return err
	}
	if err := m.parseRates(); err != nil {
		return err
	}
	switch m.Config.LogFormat {
	case "", "text":
	case "json":
		m.Log = slog.New(slog.NewJSONHandler(m.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	default:
		return usagef("--log-format %q: use text or json", m.Config.LogFormat)
	}
	ln, err := net.Listen("tcp", m.Config.Addr)
	if err != nil {
		return errs.Wrap(errs.Unavailable, err, "listening on %s", m.Config.Addr)
	}
	m.listener = ln
	if m.Config.MetricsAddr != "" {
		if m.metricsListener, err = net.Listen("tcp", m.Config.MetricsAddr); err != nil {
			return errs.Wrap(errs.Unavailable, err, "listening for metrics on %s", m.Config.MetricsAddr)
		}
	}
	if m.Config.BaseURL == "" {
		m.Config.BaseURL = baseURLFor(ln.Addr().String())
	}
	if _, err = m.open("Accolade issuer"); err != nil {
		return err
	}
	if err := m.openAwards(); err != nil {
		return err
	}
	if m.Config.DatabaseURL != "" { // other nodes may share it: their writes reach the index within a second
		fctx, cancel := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() { defer close(done); m.Awards.Follow(fctx, time.Second) }()
		m.stopFollow = func() { cancel(); <-done }
	}
	if m.Demo {
		if err := m.seedDemo(ctx); err != nil {
			return fmt.Errorf("seeding the demo community: %w", err)
		}
	}
	if m.Config.AdminToken == "" {
		m.Config.AdminToken = randomToken(m.Rand)
		fmt.Fprintf(m.Stderr, "admin token for this run: %s (set ACCOLADE_ADMIN_TOKEN to choose one)\n", m.Config.AdminToken)
	}
	if err := m.openMail(); err != nil {
		return err
	}
	if m.Server, err = m.newServer(m.Config.AdminToken, ""); err != nil {
		return err
	}
	if err := m.startMail(); err != nil {
		return err
	}
	m.stopFollowingKeys = m.followShared()
	m.serveHTTP()
	return nil
}

// newServer builds the HTTP adapter over the opened data directory, with
// the award service when openAwards made one. actor names the holder of
// adminToken in the audit log ("": "bootstrap").
func (m *Main) newServer(adminToken, actor string) (*server.Server, error) {
	fonts, err := m.fonts()
	if err != nil {
		return nil, err
	}
	pages, err := templates.New()
	if err != nil {
		return nil, err
	}
	var awards server.Awards = noAwards{}
	if m.Awards != nil {
		awards = m.Awards
	}
	lists, err := issuer.NewStatusLists(issuer.StatusListsConfig{Store: m.DB, Keys: m.Keys, BaseURL: m.Config.BaseURL, Now: m.Now})
	if err != nil {
		return nil, err
	}
	cfg := server.Config{
		Store: m.DB, Keys: m.Keys, Awards: awards, Pages: pages, StatusLists: lists, BaseURL: m.Config.BaseURL,
		AdminToken: adminToken, AdminActor: actor, Now: m.Now, Log: m.Log, VerifyInsecure: m.insecureFetch, VerifyPerSecond: m.VerifyPerSecond, VerifyBurst: m.VerifyBurst, PagesPerSecond: m.PagesPerSecond,
		SignInPerMinute: m.SignInPerMinute,
		Fonts:           fonts, Metrics: m.metrics(), VCIssuer: m.Issuer,
	}
	if m.mail != nil { // serve
		cfg.Members, cfg.UnsubscribeSecret, cfg.DemoMail = m.DB, m.mail.secret, m.mail.box
	}
	return server.New(cfg)
}

// fonts returns the fonts of certificates and badges: the bundled ones,
// and the directory ACCOLADE_FONT_DIR names for letters they lack.
func (m *Main) fonts() (*typeset.Fonts, error) {
	if m.Config.FontDir == "" {
		return nil, nil // the server's default: the bundled fonts
	}
	if st, err := os.Stat(m.Config.FontDir); err != nil || !st.IsDir() {
		return nil, fmt.Errorf("ACCOLADE_FONT_DIR: %s is not a directory of fonts", m.Config.FontDir)
	}
	return typeset.New(m.Config.FontDir)
}

// noAwards is the award service of an in-process server for a command
// that opened no award index (keys, verify): those commands' requests never
// reach it, and a call would be a bug, which the server's panic recovery
// answers as an internal error.
type noAwards struct{ server.Awards }

func (m *Main) serveHTTP() {
	ln := m.listener
	m.http = &http.Server{
		Handler: m.Server, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second,
		WriteTimeout: 60 * time.Second, IdleTimeout: 120 * time.Second, MaxHeaderBytes: 64 << 10,
		ErrorLog: slog.NewLogLogger(m.Log.Handler(), slog.LevelWarn),
	}
	m.served = make(chan error, 1)
	go func() { m.served <- m.http.Serve(ln) }()
	if m.metricsListener != nil {
		mux := http.NewServeMux()
		mux.Handle("GET /metrics", m.metrics().Handler())
		m.metricsHTTP = &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second, WriteTimeout: 30 * time.Second,
			ErrorLog: slog.NewLogLogger(m.Log.Handler(), slog.LevelWarn)}
		go m.metricsHTTP.Serve(m.metricsListener)
	}
}

// MetricsAddr returns the address metrics are served on, "" for none.
func (m *Main) MetricsAddr() string {
	if m.metricsListener == nil {
		return ""
	}
	return m.metricsListener.Addr().String()
}

// Addr returns the address the server listens on (useful with port 0).
func (m *Main) Addr() string {
	if m.listener == nil {
		return ""
	}
	return m.listener.Addr().String()
}

// parseRates reads the per-client limits of the configuration: a rate of
// 0 switches its limit off (the server's negative rate).
func (m *Main) parseRates() error {
	rate := func(value, flag, env, what, example string, into *float64) error {
		if value == "" || *into != 0 {
			return nil
		}
		r, err := strconv.ParseFloat(value, 64)
		if err != nil || r < 0 || math.IsInf(r, 0) || math.IsNaN(r) {
			return usagef("%s (or %s) %q: give %s a second per client address, such as %s, or 0 for no limit", flag, env, value, what, example)
		}
		if *into = r; r == 0 {
			*into = -1
		}
		return nil
	}
	if err := rate(m.Config.PageRate, "--page-rate", "ACCOLADE_PAGE_RATE", "public requests", "100", &m.PagesPerSecond); err != nil {
		return err
	}
	if err := rate(m.Config.VerifyRate, "--verify-rate", "ACCOLADE_VERIFY_RATE", "verifications", "10", &m.VerifyPerSecond); err != nil {
		return err
	}
	if v := m.Config.VerifyBurst; v != "" && m.VerifyBurst == 0 {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return usagef("--verify-burst (or ACCOLADE_VERIFY_BURST) %q: give how many verifications a client may send at once, a whole number such as 30", v)
		}
		m.VerifyBurst = n
	}
	return nil
}

// Close stops the server gracefully, then the mail worker, and closes the
// store.
func (m *Main) Close() error {
	var errList []error
	if m.http != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := m.http.Shutdown(ctx); err != nil {
			errList = append(errList, err)
		}
		if err := <-m.served; err != nil && !errors.Is(err, http.ErrServerClosed) {
			errList = append(errList, err)
		}
		m.http = nil
	} else if m.listener != nil {
		m.listener.Close()
	}
	m.listener = nil
	if m.metricsHTTP != nil {
		errList = append(errList, m.metricsHTTP.Close())
		m.metricsHTTP = nil
	} else if m.metricsListener != nil {
		m.metricsListener.Close()
	}
	m.metricsListener = nil
	m.stopMail()
	if m.stopFollowingKeys != nil {
		m.stopFollowingKeys()
		m.stopFollowingKeys = nil
	}
	if m.stopFollow != nil {
		m.stopFollow()
		m.stopFollow = nil
	}
	if m.Awards != nil && m.DB != nil { // nothing writes now: save the index for the next start
		if err := m.Awards.WriteSnapshot(); err != nil {
			m.Log.Warn("the criteria index was not saved; the next start builds it from the records", "error", err)
		}
	}
	if m.DB != nil {
		errList = append(errList, m.DB.Close())
		m.DB = nil
	}
	return errors.Join(errList...)
}

func randomToken(r io.Reader) string {
	b := make([]byte, 24)
	if _, err := io.ReadFull(r, b); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	return fmt.Sprintf("%x", b)
}

func isURL(s string) bool { return strings.HasPrefix(s, "https://") || strings.HasPrefix(s, "http://") }
