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

const issuersUsage = `accolade issuers show SLUG [--server URL | --data DIR]
       accolade issuers set SLUG [--name NAME] [--url URL] [--description TEXT] [--email ADDRESS]
                                 [--linkedin-org ID] [--paper a4|letter] [--lang TAG] [--server URL | --data DIR]
       accolade issuers logo SLUG FILE [--server URL | --data DIR]`

// issuerFlags are the profile fields issuers set may change; a flag not
// given leaves its field as it is.
type issuerFlags struct {
	name, url, description, email, linkedInOrg, paper, lang *string
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
	}
}

// issuersCmd shows an issuer's profile, changes fields of it, or sets its
// logo from a PNG or SVG file (logo). set reads
// the profile, changes the fields whose flags are given and writes it back
// (PUT /api/v1/issuers/{slug}), which validates it.
func (m *Main) issuersCmd(ctx context.Context, args []string) error {
	fs := m.flagSet("issuers", issuersUsage)
	f := m.issuersFlags(fs)
	pos, err := m.parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) == 3 && pos[0] == "logo" {
		return m.putImage(ctx, "/api/v1/issuers/"+url.PathEscape(pos[1])+"/logo", "logo of "+pos[1], pos[2])
	}
	if len(pos) != 2 || (pos[0] != "show" && pos[0] != "set") {
		return usagef("give a subcommand, show, set or logo, and the issuer's SLUG (and, for logo, an image FILE, PNG or SVG)")
	}
	set := map[string]bool{}
	fs.Visit(func(fl *flag.Flag) { set[fl.Name] = true })
	changes := 0
	for _, name := range []string{"name", "url", "description", "email", "linkedin-org", "paper", "lang"} {
		if set[name] {
			changes++
		}
	}
	if pos[0] == "show" && changes > 0 {
		return usagef("show takes no profile flags: use set to change the profile")
	}
	if pos[0] == "set" && changes == 0 {
		return usagef("set needs at least one of --name, --url, --description, --email, --linkedin-org, --paper and --lang")
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
	if pos[0] == "set" {
		u := api.IssuerUpdate{Name: p.Name, URL: p.URL, Description: p.Description, Email: p.Email,
			LinkedInOrganizationID: p.LinkedInOrganizationID, PaperSize: p.PaperSize, Lang: p.Lang}
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
