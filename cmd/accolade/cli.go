package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/accolade-badges/accolade/errs"
)

// Exit codes.
const (
	exitOK      = 0
	exitFailure = 1 // the command ran and failed (or: the credential is not valid)
	exitUsage   = 2 // bad usage, or input/output error
)

// command is one subcommand: the one table that both help and dispatch
// read.
type command struct {
	name    string
	usage   string
	summary string                          // one line, for accolade help
	flags   func(m *Main, fs *flag.FlagSet) // defines the command's flags, for accolade help COMMAND
	run     func(m *Main, ctx context.Context, args []string) error
}

func commands() []command {
	return []command{
		{"serve", serveUsage, "run the HTTP server",
			func(m *Main, fs *flag.FlagSet) { m.serveFlags(fs) }, (*Main).serve},
		{"init", initUsage, "create a data directory with an issuer and its keys",
			func(m *Main, fs *flag.FlagSet) { m.initFlags(fs) }, (*Main).initCmd},
		{"verify", verifyUsage, "verify a credential (file, URL or - for stdin)",
			func(m *Main, fs *flag.FlagSet) { m.verifyFlags(fs) }, (*Main).verify},
		{"issue", issueUsage, "issue a credential to a member",
			func(m *Main, fs *flag.FlagSet) { m.issueFlags(fs) }, (*Main).issue},
		{"keys", keysUsage, "list, rotate or remove an issuer's signing keys",
			func(m *Main, fs *flag.FlagSet) { m.keysFlags(fs) }, (*Main).keysCmd},
		{"issuers", issuersUsage, "list and create issuers (communities); show or change a profile (name, website, contact, LinkedIn, paper) and logo",
			func(m *Main, fs *flag.FlagSet) { m.issuersFlags(fs) }, (*Main).issuersCmd},
		{"achievements", achievementsUsage, "load, try (who would earn it now), list, publish, unpublish and delete achievements",
			(*Main).achievementsFlags, (*Main).achievementsCmd},
		{"endorsements", endorsementsUsage, "list, issue, attach (verified first) and withdraw OB 3.0 endorsements of achievements and profiles",
			func(m *Main, fs *flag.FlagSet) { m.endorsementsFlags(fs) }, (*Main).endorsementsCmd},
		{"import", importUsage, "import members, exchanges or attestations from CSV or JSONL",
			func(m *Main, fs *flag.FlagSet) { m.importFlags(fs) }, (*Main).importCmd},
		{"progress", progressUsage, "show a member's progress towards each achievement",
			(*Main).progressFlags, (*Main).progressCmd},
		{"members", membersUsage, "list members (id, name, email), for scripts",
			func(m *Main, fs *flag.FlagSet) { m.membersFlags(fs) }, (*Main).membersCmd},
		{"credentials", credentialsUsage, "list issued credentials, such as those expiring soon",
			func(m *Main, fs *flag.FlagSet) { m.credentialsFlags(fs) }, (*Main).credentialsCmd},
		{"pdf", pdfUsage, "write a credential's PDF certificate", func(m *Main, fs *flag.FlagSet) { m.pdfFlags(fs) }, (*Main).pdfCmd},
		{"revoke", revokeUsage, "revoke a credential (final)",
			func(m *Main, fs *flag.FlagSet) { m.statusFlags(fs, "revoke") }, (*Main).revokeCmd},
		{"suspend", suspendUsage, "suspend a credential (suspendable achievements)",
			func(m *Main, fs *flag.FlagSet) { m.statusFlags(fs, "suspend") }, (*Main).suspendCmd},
		{"unsuspend", unsuspendUsage, "lift a credential's suspension",
			func(m *Main, fs *flag.FlagSet) { m.statusFlags(fs, "unsuspend") }, (*Main).unsuspendCmd},
		{"token", tokenUsage, "create, list or revoke API tokens with scopes, for one issuer or the install",
			func(m *Main, fs *flag.FlagSet) { m.tokenFlags(fs) }, (*Main).tokenCmd},
		{"audit", auditUsage, "show the audit log of changes and refusals (--json for JSON lines)",
			func(m *Main, fs *flag.FlagSet) { m.auditFlags(fs) }, (*Main).auditCmd},
		{"backup", backupUsage, "write a consistent copy of the database while serving (the keys in it stay sealed)",
			func(m *Main, fs *flag.FlagSet) { m.backupFlags(fs) }, (*Main).backupCmd},
		{"restore", restoreUsage, "put a backup into an empty data directory", nil, (*Main).restoreCmd},
		{"migrate", migrateUsage, "make or upgrade a PostgreSQL database's schema; with --from-data, copy a data directory into it",
			func(m *Main, fs *flag.FlagSet) { m.migrateFlags(fs) }, (*Main).migrateCmd},
		{"compact", compactUsage, "shrink a stopped data directory's database to its data (bbolt compaction)", nil, (*Main).compactCmd},
		{"help", helpUsage, "show help for a command", nil, (*Main).help},
	}
}

const helpUsage = "accolade help [COMMAND]"

// usageError is a mistake in the command line.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

// Execute runs the command line args and returns the process exit code.
func (m *Main) Execute(ctx context.Context, args []string) int {
	if len(args) == 0 {
		m.printHelp()
		return exitUsage
	}
	name := canonicalCommand(args[0])
	if name == "-h" || name == "--help" || name == "-help" {
		m.printHelp()
		return exitOK
	}
	for _, c := range commands() {
		if c.name != name {
			continue
		}
		err := c.run(m, ctx, args[1:])
		return m.exitCode(c, err)
	}
	fmt.Fprintf(m.Stderr, "accolade: unknown command %q\n\n", name)
	m.printHelp()
	return exitUsage
}

// singular holds the other spelling of the commands with a plural (or
// singular) name: `accolade member
// forget ID` is `accolade members forget ID`.
var singular = map[string]string{"member": "members", "achievement": "achievements", "issuer": "issuers",
	"credential": "credentials", "tokens": "token", "endorsement": "endorsements"}

// canonicalCommand is the command name for name, singular or plural.
func canonicalCommand(name string) string {
	if c, ok := singular[name]; ok {
		return c
	}
	return name
}

func (m *Main) exitCode(c command, err error) int {
	var ue usageError
	var code exitError
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, flag.ErrHelp):
		return exitOK
	case errors.As(err, &code):
		return int(code)
	case errors.As(err, &ue):
		fmt.Fprintf(m.Stderr, "accolade %s: %s\nusage: %s\n", c.name, ue.msg, c.usage)
		return exitUsage
	}
	fmt.Fprintf(m.Stderr, "accolade %s: %v\n", c.name, err)
	if errs.KindOf(err) == errs.Invalid {
		return exitUsage
	}
	return exitFailure
}

// exitError asks Execute to exit with a code, having printed what it had to.
type exitError int

func (e exitError) Error() string { return fmt.Sprintf("exit %d", int(e)) }

func (m *Main) printHelp() {
	var b strings.Builder
	b.WriteString("accolade issues and verifies Open Badges 3.0 credentials.\n\nUsage:\n  accolade COMMAND [flags]\n\nCommands:\n")
	for _, c := range commands() {
		fmt.Fprintf(&b, "  %-13s %s\n", c.name, c.summary)
	}
	b.WriteString(`
Environment:
  ACCOLADE_DATA            data directory (default ./data)
  ACCOLADE_DATABASE_URL    a PostgreSQL database (postgres://…) holding the store instead (see accolade migrate)
  ACCOLADE_ADDR            listen address for serve (default 127.0.0.1:8080)
  ACCOLADE_BASE_URL        public base URL (default http://ADDR)
  ACCOLADE_ADMIN_TOKEN     install-wide bearer token with every scope, accepted by serve
  ACCOLADE_KEY_PASSPHRASE  passphrase that encrypts private keys (default: a key file in the data directory)
  ACCOLADE_SERVER          a running server to send commands to (with ACCOLADE_TOKEN)
  ACCOLADE_TOKEN           the API token sent to ACCOLADE_SERVER (see accolade token)

Run "accolade help COMMAND" for a command's flags.
`)
	io.WriteString(m.Stdout, b.String())
}

func (m *Main) help(ctx context.Context, args []string) error {
	if len(args) == 0 {
		m.printHelp()
		return nil
	}
	for _, c := range commands() {
		if c.name != canonicalCommand(args[0]) {
			continue
		}
		fs := m.flagSet(c.name, c.usage)
		if c.flags != nil {
			c.flags(m, fs)
		}
		fs.SetOutput(m.Stdout)
		fs.Usage()
		return nil
	}
	return usagef("unknown command %q", args[0])
}

// flagSet returns a FlagSet that reports errors instead of exiting.
func (m *Main) flagSet(name, usage string) *flag.FlagSet {
	fs := flag.NewFlagSet("accolade "+name, flag.ContinueOnError)
	fs.SetOutput(io.Discard) // errors are reported once, by Execute
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "usage: %s\n\nFlags:\n", usage)
		fs.PrintDefaults()
	}
	return fs
}

// parse parses flags, turning flag errors into usage errors and printing
// help for -h. Flags may come before or after positional arguments.
//
// Everything after "--" is positional: a key id may start with '-'.
func (m *Main) parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos, rest []string
	for i, a := range args {
		if a == "--" {
			args, rest = args[:i], args[i+1:]
			break
		}
	}
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				fs.SetOutput(m.Stdout)
				fs.Usage()
				return nil, err
			}
			msg := err.Error()
			if strings.HasPrefix(msg, "flag provided but not defined") {
				msg += " (an id that starts with '-'? put -- before it)"
			}
			return nil, usageError{msg}
		}
		args = fs.Args()
		if len(args) == 0 {
			return append(pos, rest...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}
