package main

import (
	"context"
	"flag"
	"fmt"
	"net/url"
	"os"

	"github.com/accolade-badges/accolade/criteria"
)

const achievementsUsage = "accolade achievements load FILE... [--server URL | --data DIR]"

func (m *Main) achievementsFlags(fs *flag.FlagSet) {
	m.apiFlags(fs)
}

// achievementsCmd loads achievement files (YAML or JSON). Every file is
// checked first: if any is invalid, nothing is loaded, and the error names
// the file, the line and the problem.
func (m *Main) achievementsCmd(ctx context.Context, args []string) error {
	fs := m.flagSet("achievements", achievementsUsage)
	m.achievementsFlags(fs)
	pos, err := m.parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) < 2 || pos[0] != "load" {
		return usagef("give load and at least one FILE")
	}
	type file struct {
		id   string
		body []byte
	}
	var files []file
	for _, path := range pos[1:] {
		b, err := os.ReadFile(path)
		if err != nil {
			return usagef("%v", err)
		}
		a, err := criteria.ParseAchievement(path, b)
		if err != nil {
			return fmt.Errorf("%w\nnothing was loaded", err)
		}
		files = append(files, file{a.ID, b})
	}
	defer m.Close()
	c, mode, err := m.api()
	if err != nil {
		return err
	}
	for i, f := range files {
		if err := c.do(ctx, "PUT", "/api/v1/achievements/"+url.PathEscape(f.id), "application/yaml", f.body, nil); err != nil {
			return fmt.Errorf("%s: %w", pos[1+i], err)
		}
		fmt.Fprintf(m.Stdout, "loaded %s from %s\n", f.id, pos[1+i])
	}
	fmt.Fprintf(m.Stderr, "(%s)\n", mode)
	return nil
}
