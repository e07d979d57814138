package main

import (
	"context"
	"flag"
	"fmt"
	"net/url"
	"text/tabwriter"
	"time"

	"github.com/accolade-badges/accolade/api"
)

const keysUsage = `accolade keys list   [--issuer SLUG] [--server URL | --data DIR]
       accolade keys rotate [--issuer SLUG] [--server URL | --data DIR]
       accolade keys remove KEY-ID [--force] [--issuer SLUG] [--server URL | --data DIR]`

type keysFlags struct {
	issuer *string
	force  *bool
}

func (m *Main) keysFlags(fs *flag.FlagSet) keysFlags {
	m.apiFlags(fs)
	return keysFlags{
		issuer: fs.String("issuer", "default", "issuer `SLUG`"),
		force:  fs.Bool("force", false, "remove a retired key even though credentials it signed will stop verifying"),
	}
}

// keysCmd lists, rotates and removes an issuer's keys. Rotation keeps the
// old keys published as verification-only, so issued credentials keep
// verifying.
func (m *Main) keysCmd(ctx context.Context, args []string) error {
	fs := m.flagSet("keys", keysUsage)
	f := m.keysFlags(fs)
	pos, err := m.parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		return usagef("give a subcommand: list, rotate or remove")
	}
	sub, rest := pos[0], pos[1:]
	if (sub == "remove") != (len(rest) == 1) || len(rest) > 1 {
		return usagef("%s takes %s", sub, map[bool]string{true: "one KEY-ID", false: "no arguments"}[sub == "remove"])
	}
	if sub != "list" && sub != "rotate" && sub != "remove" {
		return usagef("unknown subcommand %q: use list, rotate or remove", sub)
	}
	defer m.Close()
	c, mode, err := m.storeAPI()
	if err != nil {
		return err
	}
	base := "/api/v1/issuers/" + url.PathEscape(*f.issuer) + "/keys"
	switch sub {
	case "list":
		var out api.KeyList
		if err := c.do(ctx, "GET", base, "", nil, &out); err != nil {
			return err
		}
		m.printKeys(out)
	case "rotate":
		var out api.KeyList
		if err := c.do(ctx, "POST", base+"/rotate", "", nil, &out); err != nil {
			return err
		}
		fmt.Fprintf(m.Stdout, "new signing keys for %s (the old ones stay published for verification):\n", *f.issuer)
		m.printKeys(out)
	case "remove":
		q := ""
		if *f.force {
			q = "?force=true"
		}
		var out api.KeyRemoved
		if err := c.do(ctx, "DELETE", base+"/"+url.PathEscape(rest[0])+q, "", nil, &out); err != nil {
			return err
		}
		fmt.Fprintf(m.Stdout, "removed key %s; %d credentials signed with it no longer verify\n", out.Removed, out.NoLongerVerifiable)
	}
	fmt.Fprintf(m.Stderr, "(%s)\n", mode)
	return nil
}

func (m *Main) printKeys(l api.KeyList) {
	tw := tabwriter.NewWriter(m.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "KEY ID\tALG\tSTATE\tCREATED\tCREDENTIALS SIGNED")
	for _, k := range l.Keys {
		state := "active"
		if !k.Active {
			state = "retired " + k.Retired.Format(time.DateOnly)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\n", k.ID, k.Alg, state, k.Created.Format(time.DateOnly), k.Signed)
	}
	tw.Flush()
}
