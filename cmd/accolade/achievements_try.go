package main

import (
	"context"
	"fmt"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/accolade-badges/accolade/api"
	"github.com/accolade-badges/accolade/criteria"
)

// tryAchievement prints who would earn the achievement in path if it were
// loaded now (POST /api/v1/achievements/dry-run): the counts, the members
// who would earn it with their progress, and those one requirement short.
// Nothing is stored or issued. The file is parsed here first, so that a
// mistake names the file and line.
func (m *Main) tryAchievement(ctx context.Context, path string) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return usagef("%v", err)
	}
	a, err := criteria.ParseAchievement(path, b)
	if err != nil {
		return fmt.Errorf("%w\nnothing was tried", err)
	}
	defer m.Close()
	c, mode, err := m.api()
	if err != nil {
		return err
	}
	var d api.DryRun
	if err := c.do(ctx, "POST", "/api/v1/achievements/dry-run", "application/yaml", b, &d); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	what := "new"
	if d.Replaces {
		what = "replacing the stored one"
	}
	fmt.Fprintf(m.Stdout, "%s (%s, %s): %d of %d members would earn it now; holding it already: %d; one requirement short: %d\n",
		a.ID, oneLine(a.Name), what, d.WouldEarn, d.Members, d.AlreadyHold, d.NearlyCount)
	if d.Unpublished {
		fmt.Fprintln(m.Stdout, "it is unpublished: nothing is awarded until it is published")
	}
	m.printDryRunMembers("would earn it", d.Earners, d.WouldEarn)
	m.printDryRunMembers("one requirement short", d.Nearly, d.NearlyCount)
	fmt.Fprintf(m.Stderr, "(nothing was stored or issued; %s)\n", mode)
	return nil
}

// printDryRunMembers prints a list of a dry run, each member with their
// progress on each requirement.
func (m *Main) printDryRunMembers(title string, list []api.DryRunMember, total int) {
	if total == 0 {
		return
	}
	fmt.Fprintf(m.Stdout, "\n%s:\n", title)
	tw := tabwriter.NewWriter(m.Stdout, 0, 4, 2, ' ', 0)
	for _, e := range list {
		var reqs []string
		for _, r := range e.Requirements {
			mark := "✗"
			if r.Met {
				mark = "✓"
			}
			reqs = append(reqs, mark+" "+r.Description)
		}
		renewal := ""
		if e.Renewal {
			renewal = " (renewal)"
		}
		fmt.Fprintf(tw, "  %s\t%s%s\t%s\n", e.Member, oneLine(e.Name), renewal, strings.Join(reqs, "; "))
	}
	tw.Flush()
	if total > len(list) {
		fmt.Fprintf(m.Stdout, "  … and %d more\n", total-len(list))
	}
}
