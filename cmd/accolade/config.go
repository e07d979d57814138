package main

import (
	"flag"
	"fmt"
	"net"
	"path/filepath"
	"strings"

	"github.com/accolade-badges/accolade/store"
)

// Config is the configuration shared by the commands. Flags override the
// environment, which overrides the defaults.
type Config struct {
	DataDir string // ACCOLADE_DATA; default "data"
	// DatabaseURL (ACCOLADE_DATABASE_URL, --database) is a PostgreSQL
	// database (postgres://user:password@host:5432/accolade) holding the
	// store instead of the data directory's bbolt file, so that several
	// nodes can share it; its schema is made by accolade migrate.
	DatabaseURL   string
	Addr          string // ACCOLADE_ADDR; default "127.0.0.1:8080"
	MetricsAddr   string // ACCOLADE_METRICS_ADDR; empty: metrics only at GET /api/v1/metrics
	LogFormat     string // ACCOLADE_LOG_FORMAT: text (default) or json
	PageRate      string // ACCOLADE_PAGE_RATE, --page-rate: public requests a second per client (default 100; 0: off)
	VerifyRate    string // ACCOLADE_VERIFY_RATE, --verify-rate: verifications a second per client (default 10; 0: off)
	VerifyBurst   string // ACCOLADE_VERIFY_BURST, --verify-burst: verifications in a burst per client (default 30)
	BaseURL       string // ACCOLADE_BASE_URL; default "http://" + Addr
	AdminToken    string // ACCOLADE_ADMIN_TOKEN; when empty, serve makes one for the run
	KeyPassphrase string // ACCOLADE_KEY_PASSPHRASE; when empty, a key file in DataDir seals the keys
	Server        string // ACCOLADE_SERVER: send data-changing commands to this server
	Token         string // ACCOLADE_TOKEN: the admin token for Server
	// FontDir (ACCOLADE_FONT_DIR) is a directory of TrueType fonts (.ttf),
	// such as /usr/share/fonts, searched for letters the bundled fonts
	// lack (Thai, Georgian, Bengali, …) when drawing certificates and
	// badges; empty: the bundled fonts only.
	FontDir string
	// SMTPURL (ACCOLADE_SMTP_URL) is the SMTP server serve sends mail
	// through: smtp://user:password@host:587 (STARTTLS) or
	// smtps://user:password@host:465; empty: mail is written to the log.
	SMTPURL string
	// MailFrom (ACCOLADE_MAIL_FROM) is the address mail comes from;
	// required with SMTPURL.
	MailFrom string
	// VCAPIStatus (ACCOLADE_VCAPI_STATUS) lists, comma-separated, the
	// status purposes (revocation, suspension) given to every VCDM 2.0
	// credential signed through POST /credentials/issue whose request asks
	// for none; empty: only what requests ask for.
	VCAPIStatus string
}

// Default values.
const (
	DefaultDataDir = "data"
	DefaultAddr    = "127.0.0.1:8080"
	keyFileName    = "keyring.key"
)

func defaultConfig(env func(string) string) Config {
	c := Config{
		DataDir: env("ACCOLADE_DATA"), DatabaseURL: env("ACCOLADE_DATABASE_URL"), Addr: env("ACCOLADE_ADDR"), MetricsAddr: env("ACCOLADE_METRICS_ADDR"), LogFormat: env("ACCOLADE_LOG_FORMAT"), PageRate: env("ACCOLADE_PAGE_RATE"),
		VerifyRate: env("ACCOLADE_VERIFY_RATE"), VerifyBurst: env("ACCOLADE_VERIFY_BURST"), BaseURL: env("ACCOLADE_BASE_URL"),
		AdminToken: env("ACCOLADE_ADMIN_TOKEN"), KeyPassphrase: env("ACCOLADE_KEY_PASSPHRASE"),
		Server: env("ACCOLADE_SERVER"), Token: env("ACCOLADE_TOKEN"), FontDir: env("ACCOLADE_FONT_DIR"),
		SMTPURL: env("ACCOLADE_SMTP_URL"), MailFrom: env("ACCOLADE_MAIL_FROM"), VCAPIStatus: env("ACCOLADE_VCAPI_STATUS"),
	}
	if c.DataDir == "" {
		c.DataDir = DefaultDataDir
	}
	if c.Addr == "" {
		c.Addr = DefaultAddr
	}
	return c
}

// vcapiStatus reads ACCOLADE_VCAPI_STATUS.
func (c Config) vcapiStatus() ([]string, error) {
	var out []string
	for _, p := range strings.Split(c.VCAPIStatus, ",") {
		switch p = strings.TrimSpace(p); p {
		case "":
		case "revocation", "suspension":
			out = append(out, p)
		default:
			return nil, fmt.Errorf("ACCOLADE_VCAPI_STATUS: %q is not a status purpose; give revocation, suspension or both, separated by a comma", p)
		}
	}
	return out, nil
}

func (m *Main) dataFlag(fs *flag.FlagSet) {
	fs.StringVar(&m.Config.DataDir, "data", m.Config.DataDir, "data `DIR`ectory holding the database (env ACCOLADE_DATA)")
	m.databaseFlag(fs)
}

func (m *Main) databaseFlag(fs *flag.FlagSet) {
	fs.StringVar(&m.Config.DatabaseURL, "database", m.Config.DatabaseURL,
		"a PostgreSQL database `URL` (postgres://user:password@host:5432/accolade) holding the store instead of the data directory, shared by several nodes (env ACCOLADE_DATABASE_URL)")
}

func (m *Main) baseURLFlag(fs *flag.FlagSet) {
	fs.StringVar(&m.Config.BaseURL, "base-url", m.Config.BaseURL, "public base `URL` of the service (env ACCOLADE_BASE_URL; default http://ADDR)")
}

// apiFlags are the flags of every command that works through the admin
// API: a running server, or the data directory directly.
func (m *Main) apiFlags(fs *flag.FlagSet) {
	m.dataFlag(fs)
	m.baseURLFlag(fs)
	m.serverFlag(fs)
}

func (m *Main) serverFlag(fs *flag.FlagSet) {
	fs.StringVar(&m.Config.Server, "server", m.Config.Server, "send the command to the running server at `URL` (env ACCOLADE_SERVER, token in ACCOLADE_TOKEN) instead of opening the data directory")
}

// baseURLFor derives a base URL from a listen address: a wildcard or empty
// host becomes 127.0.0.1.
func baseURLFor(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "http://" + addr
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "127.0.0.1"
	}
	return "http://" + net.JoinHostPort(host, port)
}

// storeName names where the store is, for messages: the data directory,
// or the database (never its password).
func (c Config) storeName() string {
	if c.DatabaseURL != "" {
		return store.DescribeDatabase(c.DatabaseURL)
	}
	return "the data directory " + displayDir(c.DataDir)
}

func (c Config) keyFile() string { return filepath.Join(c.DataDir, keyFileName) }

func trimSlash(s string) string { return strings.TrimRight(s, "/") }
