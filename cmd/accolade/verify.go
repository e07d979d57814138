package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/store"
	"github.com/accolade-badges/accolade/verifier"
)

const verifyUsage = "accolade verify FILE|URL|- [--json] [--strict] [--server URL | --data DIR]"

// maxVerifyInput bounds a credential read from a file or stdin: a PDF
// certificate or a photo of a printed one (its QR code) may be as large as
// the verifier reads.
const maxVerifyInput = verifier.MaxFileBytes

func (m *Main) verifyFlags(fs *flag.FlagSet) (asJSON, strict *bool) {
	m.apiFlags(fs)
	return fs.Bool("json", false, "print the verdict as JSON"),
		fs.Bool("strict", false, "refuse to fetch keys over plain http or from private addresses, as a server does")
}

// verify verifies a credential and exits 0 when the outcome is valid, 1
// for any other outcome, 2 on a usage or input error. With --server it asks
// that server; with a data directory that no server holds it knows this
// service's issuers; otherwise it verifies standalone. Without --strict it
// follows plain http and private addresses (a person's own machine is no
// target for request forgery), warning in the verdict.
func (m *Main) verify(ctx context.Context, args []string) error {
	fs := m.flagSet("verify", verifyUsage)
	asJSON, strict := m.verifyFlags(fs)
	pos, err := m.parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("give one FILE, URL or - (standard input)")
	}
	m.insecureFetch = !*strict
	v, err := m.verdict(ctx, pos[0])
	if err != nil {
		return err
	}
	if *asJSON {
		b, _ := json.MarshalIndent(v, "", "  ")
		fmt.Fprintf(m.Stdout, "%s\n", b)
	} else {
		printVerdict(m.Stdout, v)
	}
	if !v.Verified {
		return exitError(exitFailure)
	}
	return nil
}

func (m *Main) verdict(ctx context.Context, arg string) (verifier.Verdict, error) {
	var input []byte
	if !isURL(arg) {
		var err error
		if input, err = m.readInput(arg); err != nil {
			return verifier.Verdict{}, err
		}
	}
	if m.Config.Server != "" {
		return m.remoteVerdict(ctx, arg, input)
	}
	if v, ok, err := m.localVerdict(ctx, arg, input); ok || err != nil {
		return v, err
	}
	ver, err := verifier.New(verifier.Config{Now: m.Now, AllowInsecure: m.insecureFetch})
	if err != nil {
		return verifier.Verdict{}, err
	}
	if input == nil {
		return ver.VerifyURL(ctx, arg), nil
	}
	return ver.Verify(ctx, input, ""), nil
}

func (m *Main) readInput(arg string) ([]byte, error) {
	var r io.Reader = m.Stdin
	if arg != "-" {
		f, err := os.Open(arg)
		if err != nil {
			return nil, errs.Wrap(errs.Invalid, err, "reading credential")
		}
		defer f.Close()
		r = f
	}
	b, err := io.ReadAll(io.LimitReader(r, maxVerifyInput+1))
	if err != nil {
		return nil, errs.Wrap(errs.Invalid, err, "reading credential")
	}
	if len(b) > maxVerifyInput {
		return nil, errs.E(errs.Invalid, "%s is larger than %d MiB", arg, maxVerifyInput>>20)
	}
	return b, nil
}

func (m *Main) remoteVerdict(ctx context.Context, arg string, input []byte) (verifier.Verdict, error) {
	c, err := m.client()
	if err != nil {
		return verifier.Verdict{}, err
	}
	var v verifier.Verdict
	if input == nil {
		input, _ = json.Marshal(map[string]string{"url": arg})
	}
	err = c.do(ctx, "POST", "/api/v1/verify", "", input, &v)
	return v, err
}

// localVerdict verifies with this service's issuers when the data
// directory exists and no server holds it, or a database is configured;
// ok is false otherwise.
func (m *Main) localVerdict(ctx context.Context, arg string, input []byte) (verifier.Verdict, bool, error) {
	if _, err := os.Stat(filepath.Join(m.Config.DataDir, store.FileName)); err != nil && m.Config.DatabaseURL == "" {
		return verifier.Verdict{}, false, nil
	}
	defer m.Close()
	if _, err := m.open(""); err != nil {
		if errs.KindOf(err) == errs.Unavailable {
			fmt.Fprintf(m.Stderr, "note: %v; verifying without it\n", err)
			return verifier.Verdict{}, false, nil
		}
		return verifier.Verdict{}, false, err
	}
	srv, err := m.newServer("", "")
	if err != nil {
		return verifier.Verdict{}, false, err
	}
	if input == nil {
		return srv.VerifyURL(ctx, arg), true, nil
	}
	return srv.Verify(ctx, input, ""), true, nil
}

var statusWords = map[verifier.Status]string{
	verifier.Pass: "pass", verifier.Fail: "FAIL", verifier.Warn: "warn", verifier.Skip: "skip",
}

// outcomeWords are the first line of a printed verdict.
var outcomeWords = map[verifier.Outcome]string{
	verifier.OutcomeValid: "VALID", verifier.OutcomeExpired: "GENUINE, BUT EXPIRED",
	verifier.OutcomeRevoked: "GENUINE, BUT REVOKED", verifier.OutcomeSuspended: "GENUINE, BUT SUSPENDED",
	verifier.OutcomeUnconfirmedIssuer: "UNCONFIRMED ISSUER", verifier.OutcomeInvalid: "NOT VALID",
	verifier.OutcomeUnverifiable: "CANNOT CHECK", verifier.OutcomeUnreadable: "NOT A CREDENTIAL",
}

func printVerdict(w io.Writer, v verifier.Verdict) {
	head, ok := outcomeWords[v.Outcome]
	if !ok {
		head = strings.ToUpper(string(v.Outcome))
	}
	fmt.Fprintf(w, "%s (%s)\n%s\n", head, v.Outcome, v.Summary)
	if v.Format != "" {
		fmt.Fprintf(w, "format: %s\n", v.Format)
	}
	for _, c := range v.Checks {
		label := c.Label
		if label == "" {
			label = c.Check
		}
		fmt.Fprintf(w, "  %-4s  %-10s %s\n", statusWords[c.Status], label, strings.TrimSpace(c.Message))
	}
}
