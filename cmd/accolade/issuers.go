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

const issuersUsage = `accolade issuers list [--server URL | --data DIR]
       accolade issuers create SLUG --name NAME [--url URL] [--description TEXT] [--email ADDRESS]
                                 [--linkedin-org ID] [--paper a4|letter] [--lang TAG]
                                 [--alg RS256|EdDSA|ES256] [--id-mode did:web|did:key|url] [--server URL | --data DIR]
       accolade issuers show SLUG [--server URL | --data DIR]
       accolade issuers update SLUG [--name NAME] [--url URL] [--description TEXT] [--email ADDRESS]
                                 [--linkedin-org ID] [--paper a4|letter] [--lang TAG] [--server URL | --data DIR]
                                 (set is another name for update)
       accolade issuers logo SLUG FILE [--server URL | --data DIR]`

// issuerFlags are the profile fields issuers update may change; a flag not
// given leaves its field as it is.
type issuerFlags struct {
	name, url, description, email, linkedInOrg, paper, lang *string
	alg, idMode                                             *string // create only
}

func (m *Main) issuersFlags(fs *flag.FlagSet) issuerFlags {
	m.apiFlags(fs)
	return issuerFlags{
		name:        fs.String("name", "", "the issuer's `NAME`, shown on every page and credential"),
		url:         fs.String("url", "", "the organisation's website (`URL`); empty to remove it"),
		description: fs.String("description", "", "what the community recognises (`TEXT`), shown on the home page"),
		email:       fs.String("email", "", "public contact `ADDRESS`, shown on the issuer's page"),
		linkedInOrg: fs.String("linkedin-org", "", "the LinkedIn organisation `ID` (a number), for Add to LinkedIn links"),
		paper:       fs.String("paper", "", "paper size of PDF certificates: `a4` or letter"),
		lang:        fs.String("lang", "", "default language `TAG` of certificates, such as en or fr"),
		alg:         fs.String("alg", "", "create: the VC-JWT algorithm, `RS256` (default), EdDSA (default and only choice for did:key) or ES256"),
		idMode:      fs.String("id-mode", "", "create: the issuer's id in credentials, `did:web`, did:key (its Ed25519 key, which cannot rotate) or url (default: did:web when the base URL is https)"),
	}
}

// issuersCmd lists issuers, creates one (with its keys), shows an issuer's
// profile, changes fields of it, or sets its logo from a PNG or SVG file
// (logo). update (or its older name, set) reads the profile, changes the
// fields whose flags are given and writes it back (PUT
// /api/v1/issuers/{slug}), which validates it.
func (m *Main) issuersCmd(ctx context.Context, args []string) error {
	fs := m.flagSet("issuers", issuersUsage)
	f := m.issuersFlags(fs)
	pos, err := m.parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 && pos[0] == "set" {
		pos[0] = "update"
	}
	set := map[string]bool{}
	fs.Visit(func(fl *flag.Flag) { set[fl.Name] = true })
	if len(pos) > 0 && pos[0] != "create" && (set["alg"] || set["id-mode"]) {
		return usagef("--alg and --id-mode are chosen when an issuer is created, with create")
	}
	changes := 0
	for _, name := range []string{"name", "url", "description", "email", "linkedin-org", "paper", "lang"} {
		if set[name] {
			changes++
		}
	}
	switch {
	case len(pos) == 3 && pos[0] == "logo":
		return m.putImage(ctx, "/api/v1/issuers/"+url.PathEscape(pos[1])+"/logo", "logo of "+pos[1], pos[2])
	case len(pos) == 1 && pos[0] == "list":
		if changes > 0 {
			return usagef("list takes no profile flags")
		}
		return m.listIssuers(ctx)
	case len(pos) == 2 && pos[0] == "create":
		return m.createIssuer(ctx, pos[1], f, set)
	}
	if len(pos) != 2 || (pos[0] != "show" && pos[0] != "update") {
		return usagef("give a subcommand, list, create, show, update or logo, and the issuer's SLUG (and, for logo, an image FILE, PNG or SVG)")
	}
	if pos[0] == "show" && changes > 0 {
		return usagef("show takes no profile flags: use update to change the profile")
	}
	if pos[0] == "update" && changes == 0 {
		return usagef("update needs at least one of --name, --url, --description, --email, --linkedin-org, --paper and --lang")
	}
	defer m.Close()
	c, mode, err := m.storeAPI()
	if err != nil {
		return err
	}
	path := "/api/v1/issuers/" + url.PathEscape(pos[1])
	var p api.Issuer
	if err := c.do(ctx, "GET", path, "", nil, &p); err != nil {
		return err
	}
	if pos[0] == "update" {
		u := api.IssuerUpdate{Name: p.Name, URL: p.URL, Description: p.Description, Email: p.Email,
			LinkedInOrganizationID: p.LinkedInOrganizationID, PaperSize: p.PaperSize, Lang: p.Lang, Coordinators: p.Coordinators}
		for name, field := range map[string]struct {
			to   *string
			from *string
		}{
			"name": {&u.Name, f.name}, "url": {&u.URL, f.url}, "description": {&u.Description, f.description},
			"email": {&u.Email, f.email}, "linkedin-org": {&u.LinkedInOrganizationID, f.linkedInOrg},
			"paper": {&u.PaperSize, f.paper}, "lang": {&u.Lang, f.lang},
		} {
			if set[name] {
				*field.to = *field.from
			}
		}
		body, _ := json.Marshal(u)
		if err := c.do(ctx, "PUT", path, "application/json", body, &p); err != nil {
			return err
		}
	}
	m.printIssuer(p)
	fmt.Fprintf(m.Stderr, "(%s)\n", mode)
	return nil
}

// createIssuer creates an issuer and its keys (POST /api/v1/issuers).
func (m *Main) createIssuer(ctx context.Context, slug string, f issuerFlags, set map[string]bool) error {
	if !set["name"] {
		return usagef("create needs --name: the community's name, shown on every page and credential")
	}
	body, _ := json.Marshal(api.IssuerCreate{Slug: slug, Name: *f.name, URL: *f.url, Description: *f.description,
		Email: *f.email, LinkedInOrganizationID: *f.linkedInOrg, PaperSize: *f.paper, Lang: *f.lang,
		Alg: *f.alg, IDMode: *f.idMode})
	defer m.Close()
	c, mode, err := m.storeAPI()
	if err != nil {
		return err
	}
	var p api.Issuer
	if err := c.do(ctx, "POST", "/api/v1/issuers", "application/json", body, &p); err != nil {
		return err
	}
	m.printIssuer(p)
	fmt.Fprintf(m.Stderr, "(created issuer %s with its keys, %s)\n", p.Slug, mode)
	return nil
}

// listIssuers prints every issuer, one a line.
func (m *Main) listIssuers(ctx context.Context) error {
	defer m.Close()
	c, mode, err := m.storeAPI()
	if err != nil {
		return err
	}
	var list api.IssuerList
	if err := c.do(ctx, "GET", "/api/v1/issuers", "", nil, &list); err != nil {
		return err
	}
	tw := tabwriter.NewWriter(m.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "SLUG\tNAME\tALG\tID")
	for _, p := range list.Issuers {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", p.Slug, oneLine(p.Name), p.Alg, p.ID)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(m.Stderr, "(%d issuers, %s)\n", len(list.Issuers), mode)
	return nil
}

func (m *Main) printIssuer(p api.Issuer) {
	tw := tabwriter.NewWriter(m.Stdout, 0, 4, 2, ' ', 0)
	for _, row := range [][2]string{
		{"slug", p.Slug}, {"name", oneLine(p.Name)}, {"url", p.URL}, {"description", oneLine(p.Description)},
		{"email", p.Email}, {"logo", p.Logo}, {"linkedin-org", p.LinkedInOrganizationID},
		{"paper", p.PaperSize}, {"lang", p.Lang}, {"alg", p.Alg}, {"id", p.ID}, {"profile", p.Profile},
		{"created", p.Created.Format(time.RFC3339)},
	} {
		fmt.Fprintf(tw, "%s\t%s\n", row[0], row[1])
	}
	tw.Flush()
}
