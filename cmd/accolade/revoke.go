package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net/url"
	"os"
	"strings"

	"github.com/accolade-badges/accolade/api"
)

const (
	revokeUsage    = "accolade revoke CREDENTIAL-ID --reason TEXT [--yes] [--server URL | --data DIR]"
	suspendUsage   = "accolade suspend CREDENTIAL-ID --reason TEXT [--server URL | --data DIR]"
	unsuspendUsage = "accolade unsuspend CREDENTIAL-ID [--reason TEXT] [--server URL | --data DIR]"
)

type statusFlags struct {
	reason *string
	yes    *bool
}

func (m *Main) statusFlags(fs *flag.FlagSet, action string) statusFlags {
	m.apiFlags(fs)
	f := statusFlags{reason: fs.String("reason", "", "why (kept private: never shown on the credential's page)")}
	if action == "revoke" {
		f.yes = fs.Bool("yes", false, "revoke without asking (needed when standard input is not a terminal)")
	}
	return f
}

func (m *Main) revokeCmd(ctx context.Context, args []string) error {
	return m.statusCmd(ctx, "revoke", revokeUsage, args)
}

func (m *Main) suspendCmd(ctx context.Context, args []string) error {
	return m.statusCmd(ctx, "suspend", suspendUsage, args)
}

func (m *Main) unsuspendCmd(ctx context.Context, args []string) error {
	return m.statusCmd(ctx, "unsuspend", unsuspendUsage, args)
}

// statusCmd revokes, suspends or unsuspends one credential through the
// admin API. Revocation is final, so it asks first on a terminal, and
// without one needs --yes.
func (m *Main) statusCmd(ctx context.Context, action, usage string, args []string) error {
	fs := m.flagSet(action, usage)
	f := m.statusFlags(fs, action)
	pos, err := m.parse(fs, args)
	if err != nil {
		return err
	}
	reason := strings.TrimSpace(*f.reason)
	switch {
	case len(pos) != 1:
		return usagef("give one CREDENTIAL-ID")
	case reason == "" && action != "unsuspend":
		return usagef("--reason is required: say why (it stays private)")
	}
	id := strings.TrimPrefix(pos[0], "urn:uuid:")
	if action == "revoke" && !*f.yes && !m.stdinIsTerminal() {
		return usagef("revoking is final and standard input is not a terminal to ask on: pass --yes to revoke %s", id)
	}
	defer m.Close()
	c, mode, err := m.api()
	if err != nil {
		return err
	}
	if action == "revoke" && !*f.yes && !m.confirmRevoke(id) {
		fmt.Fprintln(m.Stderr, "not revoked")
		return exitError(exitFailure)
	}
	var body []byte
	if reason != "" {
		body, _ = json.Marshal(api.StatusChange{Reason: reason})
	}
	var out api.Credential
	if err := c.do(ctx, "POST", "/api/v1/credentials/"+url.PathEscape(id)+"/"+action, "application/json", body, &out); err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "%s: %s (%s of %s)\n", out.ID, out.Status, out.Achievement, out.Member)
	fmt.Fprintf(m.Stderr, "(%s)\n", mode)
	return nil
}

// confirmRevoke asks on the terminal whether to revoke id and reports
// whether the answer was yes.
func (m *Main) confirmRevoke(id string) bool {
	fmt.Fprintf(m.Stderr, "Revoke credential %s? Revocation is final: it cannot be undone. Type yes to revoke: ", id)
	answer, _ := bufio.NewReader(m.Stdin).ReadString('\n')
	a := strings.ToLower(strings.TrimSpace(answer))
	return a == "yes" || a == "y"
}

// stdinIsTerminal reports whether standard input is a terminal.
func (m *Main) stdinIsTerminal() bool {
	if m.isTerminal != nil {
		return m.isTerminal()
	}
	f, ok := m.Stdin.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
