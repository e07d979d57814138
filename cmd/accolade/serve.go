package main

import (
	"context"
	"flag"
	"fmt"
	"net/http"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/keys"
)

const serveUsage = "accolade serve [--data DIR] [--addr HOST:PORT] [--base-url URL] [--metrics-addr HOST:PORT] [--log-format text|json] [--page-rate N] [--verify-rate N] [--verify-burst N] [--demo]"

const initUsage = "accolade init [--data DIR] --issuer-name NAME [--base-url URL] [--issuer-id did:web|did:key|url] [--alg RS256|EdDSA|ES256]"

func (m *Main) serveFlags(fs *flag.FlagSet) {
	m.dataFlag(fs)
	m.baseURLFlag(fs)
	fs.StringVar(&m.Config.Addr, "addr", m.Config.Addr, "listen `HOST:PORT` (env ACCOLADE_ADDR)")
	fs.StringVar(&m.Config.MetricsAddr, "metrics-addr", m.Config.MetricsAddr, "also serve GET /metrics (Prometheus text, no token) on `HOST:PORT`, for a scraper on a private network (env ACCOLADE_METRICS_ADDR)")
	fs.StringVar(&m.Config.LogFormat, "log-format", m.Config.LogFormat, "log lines as `text` (the default) or json, one object a line (env ACCOLADE_LOG_FORMAT)")
	fs.StringVar(&m.Config.PageRate, "page-rate", m.Config.PageRate, "public requests a second per client address (`N`, default 100; 0: no limit, e.g. behind a proxy that limits) (env ACCOLADE_PAGE_RATE)")
	fs.StringVar(&m.Config.VerifyRate, "verify-rate", m.Config.VerifyRate, "verifications a second per client address (`N`, default 10; 0: no limit) (env ACCOLADE_VERIFY_RATE)")
	fs.StringVar(&m.Config.VerifyBurst, "verify-burst", m.Config.VerifyBurst, "verifications a client may send at once before the rate applies (`N`, default 30) (env ACCOLADE_VERIFY_BURST)")
	fs.BoolVar(&m.Demo, "demo", false, "add a demo community (issuer, achievements, members, credentials); safe to repeat")
}

// ParseFlags parses the serve command's flags (used by tests that drive Main
// directly).
func (m *Main) ParseFlags(args []string) error {
	fs := m.flagSet("serve", serveUsage)
	m.serveFlags(fs)
	pos, err := m.parse(fs, args)
	if err == nil && len(pos) > 0 {
		err = usagef("serve takes no arguments, got %q", pos)
	}
	return err
}

func (m *Main) serve(ctx context.Context, args []string) error {
	if err := m.ParseFlags(args); err != nil {
		return err
	}
	if err := m.Run(ctx); err != nil {
		m.Close()
		return err
	}
	m.printStartup()
	select {
	case <-ctx.Done():
	case err := <-m.served:
		m.served <- err
	}
	fmt.Fprintln(m.Stderr, "shutting down")
	return m.Close()
}

func (m *Main) printStartup() {
	b := m.Config.BaseURL
	fmt.Fprintf(m.Stderr, `Accolade is serving on http://%s (public URL %s), store in %s

  Home               %s/
  Verify a badge     %s/verify
  Issuer profile     %s/issuers/default
  Public keys        %s/.well-known/jwks.json
`, m.Addr(), b, m.Config.storeName(), b, b, b, b)
	if m.Demo {
		fmt.Fprintf(m.Stderr, "  Demo credentials   %s/ (see \"Recently awarded\")\n", b)
		fmt.Fprintf(m.Stderr, "  Demo mailbox       %s/demo/mail\n", b)
	}
	fmt.Fprintln(m.Stderr, "\nPress Ctrl-C to stop.")
}

type initFlags struct{ name, idMode, alg *string }

func (m *Main) initFlags(fs *flag.FlagSet) initFlags {
	m.dataFlag(fs)
	m.baseURLFlag(fs)
	return initFlags{
		name:   fs.String("issuer-name", "", "display `NAME` of the default issuer (required)"),
		idMode: fs.String("issuer-id", "", "the issuer's id in credentials: did:web, did:key (its Ed25519 key; keys cannot rotate) or url (default: did:web when the base URL is https, url otherwise)"),
		alg:    fs.String("alg", "", "VC-JWT signature algorithm: RS256 (the interoperable baseline, the default), EdDSA (the default and the only choice with --issuer-id did:key) or ES256"),
	}
}

func (m *Main) initCmd(ctx context.Context, args []string) error {
	fs := m.flagSet("init", initUsage)
	f := m.initFlags(fs)
	pos, err := m.parse(fs, args)
	if err != nil {
		return err
	}
	name := *f.name
	switch {
	case len(pos) > 0:
		return usagef("init takes no arguments, got %q", pos)
	case name == "":
		return usagef("--issuer-name is required")
	case *f.idMode != "" && *f.idMode != string(accolade.IDDIDWeb) && *f.idMode != string(accolade.IDDIDKey) && *f.idMode != string(accolade.IDURL):
		return usagef("--issuer-id %q: use did:web, did:key or url", *f.idMode)
	case *f.alg != "" && !keys.Algorithm(*f.alg).Valid():
		return usagef("--alg %q: use RS256, EdDSA or ES256", *f.alg)
	case *f.idMode == string(accolade.IDDIDKey) && *f.alg != "" && *f.alg != string(keys.EdDSA):
		return usagef("--alg %q cannot sign for --issuer-id did:key: a did:key names one Ed25519 key, which signs the VC-JWT too; use --alg EdDSA or leave it out", *f.alg)
	}
	m.idMode, m.alg = accolade.IDMode(*f.idMode), keys.Algorithm(*f.alg)
	defer m.Close()
	created, err := m.open(name)
	if err != nil {
		return err
	}
	if !created {
		fmt.Fprintf(m.Stdout, "%s already has a default issuer; nothing changed\n", m.Config.storeName())
		return nil
	}
	for _, k := range m.Keys.Public("default") {
		fmt.Fprintf(m.Stdout, "created %s key %s\n", k.Alg, k.ID)
	}
	p, err := m.DB.Issuer(accolade.DefaultSlug)
	if err != nil {
		return err
	}
	if _, err := m.DB.AppendAudit(accolade.AuditEntry{Time: m.Now().UTC(), Actor: cliActor(), Issuer: accolade.DefaultSlug,
		Action: "accolade init", Target: "slug=" + accolade.DefaultSlug, Outcome: http.StatusCreated}); err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "initialised %s with issuer %q, id %s\n", m.Config.storeName(), name, accolade.URLs{Base: m.Config.BaseURL}.IssuerID(p))
	return nil
}
