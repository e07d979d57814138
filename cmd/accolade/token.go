package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net/url"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/api"
)

const tokenUsage = `accolade token create --name NAME --scope S[,S...] [--issuer SLUG | --owner] [--server URL | --data DIR]
       accolade token list   [--issuer SLUG] [--server URL | --data DIR]
       accolade token revoke TOKEN-ID [--server URL | --data DIR]`

type tokenFlags struct {
	name, issuer, scope *string
	owner               *bool
}

func (m *Main) tokenFlags(fs *flag.FlagSet) tokenFlags {
	m.apiFlags(fs)
	var names []string
	for _, s := range accolade.AllScopes {
		names = append(names, string(s))
	}
	return tokenFlags{
		name:   fs.String("name", "", "what the token is for, shown in lists and the audit log (create)"),
		issuer: fs.String("issuer", "", "the issuer `SLUG` the token acts for (create: default \"default\"; list: only that issuer's tokens)"),
		scope:  fs.String("scope", "", "comma-separated `SCOPES` (create): "+strings.Join(names, ", ")),
		owner:  fs.Bool("owner", false, "create an install-wide token, for every issuer"),
	}
}

// tokenCmd creates, lists and revokes API tokens. A token's secret is
// printed once, when it is created: only its hash is stored.
func (m *Main) tokenCmd(ctx context.Context, args []string) error {
	fs := m.flagSet("token", tokenUsage)
	f := m.tokenFlags(fs)
	pos, err := m.parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		return usagef("give a subcommand: create, list or revoke")
	}
	sub, rest := pos[0], pos[1:]
	switch {
	case sub != "create" && sub != "list" && sub != "revoke":
		return usagef("unknown subcommand %q: use create, list or revoke", sub)
	case sub == "revoke" && len(rest) != 1:
		return usagef("revoke takes one TOKEN-ID (see accolade token list)")
	case sub != "revoke" && len(rest) != 0:
		return usagef("%s takes no arguments", sub)
	case sub == "create" && *f.owner && *f.issuer != "":
		return usagef("give --issuer or --owner, not both")
	case sub == "create" && strings.TrimSpace(*f.name) == "":
		return usagef("--name is required: say who or what will use the token")
	case sub == "create" && strings.TrimSpace(*f.scope) == "":
		return usagef("--scope is required: one or more of the scopes in accolade help token, separated by commas")
	}
	defer m.Close()
	c, mode, err := m.storeAPI()
	if err != nil {
		return err
	}
	switch sub {
	case "create":
		err = m.createToken(ctx, c, f)
	case "list":
		err = m.listTokens(ctx, c, *f.issuer)
	case "revoke":
		if err = c.do(ctx, "DELETE", "/api/v1/tokens/"+url.PathEscape(rest[0]), "", nil, nil); err == nil {
			fmt.Fprintf(m.Stdout, "revoked token %s: requests with it are refused from now on\n", rest[0])
		}
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stderr, "(%s)\n", mode)
	return nil
}

func (m *Main) createToken(ctx context.Context, c *client, f tokenFlags) error {
	req := api.TokenRequest{Name: strings.TrimSpace(*f.name), Issuer: *f.issuer}
	if !*f.owner && req.Issuer == "" {
		req.Issuer = accolade.DefaultSlug
	}
	for _, s := range strings.Split(*f.scope, ",") {
		if s = strings.TrimSpace(s); s != "" {
			req.Scopes = append(req.Scopes, s)
		}
	}
	body, err := json.Marshal(req)
	if err != nil {
		return err
	}
	var out api.TokenCreated
	if err := c.do(ctx, "POST", "/api/v1/tokens", "application/json", body, &out); err != nil {
		return err
	}
	who := "every issuer (install-wide)"
	if out.Issuer != "" {
		who = "issuer " + out.Issuer
	}
	fmt.Fprintf(m.Stdout, "created token %s %q for %s with %s\n", out.ID, out.Name, who, strings.Join(out.Scopes, ", "))
	fmt.Fprintf(m.Stdout, "\n  %s\n\nThis secret is shown only now and cannot be shown again: keep it somewhere safe (send it as Authorization: Bearer …, or set ACCOLADE_TOKEN).\n", out.Secret)
	return nil
}

func (m *Main) listTokens(ctx context.Context, c *client, issuer string) error {
	path := "/api/v1/tokens"
	if issuer != "" {
		path += "?issuer=" + url.QueryEscape(issuer)
	}
	var out api.TokenList
	if err := c.do(ctx, "GET", path, "", nil, &out); err != nil {
		return err
	}
	if len(out.Tokens) == 0 {
		fmt.Fprintln(m.Stdout, "no tokens")
		return nil
	}
	tw := tabwriter.NewWriter(m.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tNAME\tISSUER\tSCOPES\tCREATED\tLAST USED\tSTATE")
	for _, t := range out.Tokens {
		iss, used, state := t.Issuer, "never", "active"
		if iss == "" {
			iss = "(install-wide)"
		}
		if t.LastUsed != nil {
			used = t.LastUsed.Format(time.DateTime)
		}
		if t.Revoked != nil {
			state = "revoked " + t.Revoked.Format(time.DateOnly)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", t.ID, t.Name, iss, strings.Join(t.Scopes, ","),
			t.Created.Format(time.DateOnly), used, state)
	}
	return tw.Flush()
}
