package main

import (
	"context"
	"flag"
	"fmt"
	"net/url"
	"time"

	"github.com/accolade-badges/accolade/api"
)

const credentialsUsage = "accolade credentials list [--member ID] [--achievement ID] [--expiring-within 30d] [--server URL | --data DIR]"

type credentialsOptions struct{ member, achievement, expiring *string }

func (m *Main) credentialsFlags(fs *flag.FlagSet) credentialsOptions {
	m.apiFlags(fs)
	return credentialsOptions{
		member:      fs.String("member", "", "only the credentials of member `ID`"),
		achievement: fs.String("achievement", "", "only the credentials for achievement `ID`"),
		expiring:    fs.String("expiring-within", "", "only those valid now that expire within `DURATION` (such as 30d) and are not yet renewed"),
	}
}

// credentialsCmd lists issued credentials, one a line: id, member,
// achievement, status and validUntil ("-" when it does not expire),
// separated by tabs, oldest first.
func (m *Main) credentialsCmd(ctx context.Context, args []string) error {
	fs := m.flagSet("credentials", credentialsUsage)
	o := m.credentialsFlags(fs)
	defer m.Close()
	c, mode, err := m.listCommand(fs, args)
	if err != nil {
		return err
	}
	v := url.Values{}
	for k, p := range map[string]*string{"member": o.member, "achievement": o.achievement, "expiringWithin": o.expiring} {
		if *p != "" {
			v.Set(k, *p)
		}
	}
	var list api.CredentialList
	if err := c.do(ctx, "GET", "/api/v1/credentials?"+v.Encode(), "", nil, &list); err != nil {
		return err
	}
	for _, cr := range list.Credentials {
		until := "-"
		if cr.ValidUntil != nil {
			until = cr.ValidUntil.UTC().Format(time.RFC3339)
		}
		fmt.Fprintf(m.Stdout, "%s\t%s\t%s\t%s\t%s\n", cr.ID, cr.Member, cr.Achievement, cr.Status, until)
	}
	fmt.Fprintf(m.Stderr, "(%s)\n", mode)
	return nil
}
