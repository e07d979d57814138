package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net/url"
	"text/tabwriter"
	"time"

	"github.com/accolade-badges/accolade/api"
)

const auditUsage = `accolade audit [--issuer SLUG] [--json] [--server URL | --data DIR]`

type auditFlags struct {
	issuer *string
	json   *bool
}

func (m *Main) auditFlags(fs *flag.FlagSet) auditFlags {
	m.apiFlags(fs)
	return auditFlags{
		issuer: fs.String("issuer", "", "only the entries of the issuer `SLUG`"),
		json:   fs.Bool("json", false, "print JSON lines, one entry a line, for export"),
	}
}

// auditCmd shows the audit log, oldest first: every change asked of the
// admin API or made by the command line, and every refusal.
func (m *Main) auditCmd(ctx context.Context, args []string) error {
	fs := m.flagSet("audit", auditUsage)
	f := m.auditFlags(fs)
	pos, err := m.parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return usagef("audit takes no arguments")
	}
	defer m.Close()
	c, mode, err := m.storeAPI()
	if err != nil {
		return err
	}
	var entries []api.AuditEntry
	q := url.Values{"limit": {"1000"}}
	if *f.issuer != "" {
		q.Set("issuer", *f.issuer)
	}
	for {
		var page api.AuditLog
		if err := c.do(ctx, "GET", "/api/v1/audit?"+q.Encode(), "", nil, &page); err != nil {
			return err
		}
		entries = append(entries, page.Entries...)
		if page.Next == "" {
			break
		}
		q.Set("after", page.Next)
	}
	if *f.json {
		enc := json.NewEncoder(m.Stdout)
		for _, e := range entries {
			if err := enc.Encode(e); err != nil {
				return err
			}
		}
		return nil
	}
	tw := tabwriter.NewWriter(m.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "TIME\tACTOR\tISSUER\tACTION\tTARGET\tOUTCOME\tNOTE")
	for _, e := range entries {
		note := e.Refusal
		if e.Reason != "" {
			note = "reason: " + e.Reason
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%d\t%s\n", e.Time.Format(time.DateTime), e.Actor, e.Issuer, e.Action, e.Target, e.Outcome, note)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	count := fmt.Sprintf("%d entries", len(entries))
	if len(entries) == 1 {
		count = "1 entry"
	}
	fmt.Fprintf(m.Stderr, "(%s, %s)\n", count, mode)
	return nil
}
