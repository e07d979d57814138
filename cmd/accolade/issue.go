package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"

	"github.com/accolade-badges/accolade/api"
)

const issueUsage = "accolade issue --achievement ID --member ID [--server URL | --data DIR]"

type issueFlags struct{ achievement, member *string }

func (m *Main) issueFlags(fs *flag.FlagSet) issueFlags {
	m.apiFlags(fs)
	return issueFlags{
		achievement: fs.String("achievement", "", "achievement `ID` (required)"),
		member:      fs.String("member", "", "member `ID` (required)"),
	}
}

// issue issues one credential, through a running server's admin API when
// --server is given, otherwise directly on the data directory.
func (m *Main) issue(ctx context.Context, args []string) error {
	fs := m.flagSet("issue", issueUsage)
	f := m.issueFlags(fs)
	pos, err := m.parse(fs, args)
	if err != nil {
		return err
	}
	switch {
	case len(pos) > 0:
		return usagef("issue takes no arguments, got %q", pos)
	case *f.achievement == "" || *f.member == "":
		return usagef("--achievement and --member are required")
	}
	defer m.Close()
	c, mode, err := m.api()
	if err != nil {
		return err
	}
	var out api.Issued
	body, _ := json.Marshal(api.IssueRequest{Achievement: *f.achievement, Member: *f.member})
	if err := c.do(ctx, "POST", "/api/v1/credentials", "application/json", body, &out); err != nil {
		return err
	}
	fmt.Fprintf(m.Stderr, "issued %s\n", mode)
	fmt.Fprintf(m.Stdout, "%s\n%s\n", out.ID, out.URL)
	return nil
}
