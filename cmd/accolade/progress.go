package main

import (
	"context"
	"flag"
	"fmt"
	"net/url"

	"github.com/accolade-badges/accolade/api"
)

const progressUsage = "accolade progress MEMBER [--server URL | --data DIR]"

func (m *Main) progressFlags(fs *flag.FlagSet) {
	m.apiFlags(fs)
}

// progressCmd prints, for a member, each achievement with a rule: earned or
// not, and every requirement's progress.
func (m *Main) progressCmd(ctx context.Context, args []string) error {
	fs := m.flagSet("progress", progressUsage)
	m.progressFlags(fs)
	pos, err := m.parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("give one MEMBER id")
	}
	defer m.Close()
	c, _, err := m.api()
	if err != nil {
		return err
	}
	var p api.Progress
	if err := c.do(ctx, "GET", "/api/v1/members/"+url.PathEscape(pos[0])+"/progress", "", nil, &p); err != nil {
		return err
	}
	for _, a := range p.Achievements {
		state := "not yet"
		if a.Earned {
			state = "EARNED"
			if a.Credential != nil {
				state += " (credential " + *a.Credential + ")"
			}
		}
		fmt.Fprintf(m.Stdout, "%s — %s\n", a.Name, state)
		for _, r := range a.Requirements {
			mark := "[ ]"
			if r.Met {
				mark = "[x]"
			}
			fmt.Fprintf(m.Stdout, "  %s %s\n", mark, r.Description)
		}
	}
	if len(p.Achievements) == 0 {
		fmt.Fprintln(m.Stdout, "no achievements with criteria rules yet")
	}
	return nil
}
