package main

import (
	"context"
	"flag"
	"fmt"
	"net/url"
	"strings"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/api"
)

const membersUsage = "accolade members list [--q NAME] | forget ID [--server URL | --data DIR]"

func (m *Main) membersFlags(fs *flag.FlagSet) *string {
	m.apiFlags(fs)
	return fs.String("q", "", "only members whose name contains `TEXT` (ignoring case)")
}

// membersCmd lists members, one a line: id, name and email separated by
// tabs, in id order, every page of the admin API's listing.
func (m *Main) membersCmd(ctx context.Context, args []string) error {
	fs := m.flagSet("members", membersUsage)
	q := m.membersFlags(fs)
	defer m.Close()
	pos, err := m.parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 && pos[0] == "forget" {
		return m.forgetMember(ctx, pos[1:])
	}
	if len(pos) != 1 || pos[0] != "list" {
		return usagef("give the subcommand list, or forget ID")
	}
	c, mode, err := m.api()
	if err != nil {
		return err
	}
	after := ""
	for {
		v := url.Values{"limit": {"1000"}}
		if *q != "" {
			v.Set("q", *q)
		}
		if after != "" {
			v.Set("after", after)
		}
		var page api.MemberList
		if err := c.do(ctx, "GET", "/api/v1/members?"+v.Encode(), "", nil, &page); err != nil {
			return err
		}
		for _, mem := range page.Members {
			fmt.Fprintf(m.Stdout, "%s\t%s\t%s\n", mem.ID, oneLine(mem.Name), mem.Email)
		}
		if page.Next == "" {
			break
		}
		after = page.Next
	}
	fmt.Fprintf(m.Stderr, "(%s)\n", mode)
	return nil
}

// oneLine keeps a tab or newline in a name from breaking a line of output.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// listCommand parses the flags and the one subcommand, list, of a listing
// command, and opens the admin API (in-process or through --server). The
// caller closes m.
func (m *Main) listCommand(fs *flag.FlagSet, args []string) (*client, string, error) {
	pos, err := m.parse(fs, args)
	if err != nil {
		return nil, "", err
	}
	if len(pos) != 1 || pos[0] != "list" {
		return nil, "", usagef("give the subcommand list")
	}
	return m.api()
}

// forgetMember erases a member's personal data at their request (POST
// /api/v1/members/ID/forget) and says what was erased. It cannot be
// undone: their issued credentials keep verifying from the holder's own
// copies, but the service no longer serves or knows their name.
func (m *Main) forgetMember(ctx context.Context, pos []string) error {
	if len(pos) != 1 {
		return usagef("give the ID of the member to forget")
	}
	c, mode, err := m.storeAPI()
	if err != nil {
		return err
	}
	var out struct {
		Erased accolade.Forgotten `json:"erased"`
	}
	if err := c.do(ctx, "POST", "/api/v1/members/"+url.PathEscape(pos[0])+"/forget", "", nil, &out); err != nil {
		return err
	}
	e := out.Erased
	fmt.Fprintf(m.Stdout, "forgot %s: the name, email, DID and language are gone; %d credentials no longer served (the holder's copies still verify), %d exchanges, %d attestations and %d applications emptied of what they wrote, %d sessions, %d passkeys and %d pending mails removed, %d applications' accesses ended and %d credentials they deposited deleted\n",
		pos[0], e.Credentials, e.Exchanges, e.Attestations, e.Applications, e.Sessions, e.Passkeys, e.Mail, e.Grants, e.Deposited)
	fmt.Fprintf(m.Stderr, "(%s)\n", mode)
	return nil
}
