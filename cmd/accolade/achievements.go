package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net/url"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/accolade-badges/accolade/api"
	"github.com/accolade-badges/accolade/criteria"
)

const achievementsUsage = `accolade achievements load FILE...            [--server URL | --data DIR]
       accolade achievements try FILE               (who would earn it now: nothing is stored or issued)
       accolade achievements list [WORDS...]
       accolade achievements publish|unpublish|delete ID
       accolade achievements image ID FILE`

func (m *Main) achievementsFlags(fs *flag.FlagSet) {
	m.apiFlags(fs)
}

// achievementsCmd loads, lists, publishes, unpublishes and deletes
// achievements, through a running server's admin API or directly on the
// data directory.
func (m *Main) achievementsCmd(ctx context.Context, args []string) error {
	fs := m.flagSet("achievements", achievementsUsage)
	m.achievementsFlags(fs)
	pos, err := m.parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		return usagef("give load, try, list, publish, unpublish or delete")
	}
	switch verb := pos[0]; verb {
	case "load":
		if len(pos) < 2 {
			return usagef("give load and at least one FILE")
		}
		return m.loadAchievements(ctx, pos[1:])
	case "try":
		if len(pos) != 2 {
			return usagef("give try and one achievement FILE")
		}
		return m.tryAchievement(ctx, pos[1])
	case "list":
		return m.listAchievements(ctx, pos[1:])
	case "publish", "unpublish", "delete":
		if len(pos) != 2 {
			return usagef("give %s and one achievement ID", verb)
		}
		return m.changeAchievement(ctx, verb, pos[1])
	case "image":
		if len(pos) != 3 {
			return usagef("give image, one achievement ID and an image FILE (PNG or SVG)")
		}
		return m.achievementImage(ctx, pos[1], pos[2])
	default:
		return usagef("unknown achievements command %q: use load, try, list, publish, unpublish or delete", verb)
	}
}

// loadAchievements loads achievement files (YAML or JSON) together: they
// may refer to each other. Every file is checked first, and the achievements
// they refer to must exist or be among the files: if any problem is found,
// nothing is loaded, and the error names the file, the line and the problem.
// An image named by a path (image: badge.svg) is checked with the files
// (achievementImageFile) and uploaded just before they are loaded, which
// names it.
func (m *Main) loadAchievements(ctx context.Context, paths []string) error {
	var files []api.AchievementFile
	var batch []*criteria.Achievement
	images := map[string]*imageFile{}
	for _, path := range paths {
		b, err := os.ReadFile(path)
		if err != nil {
			return usagef("%v", err)
		}
		a, err := criteria.ParseAchievement(path, b)
		if err != nil {
			return fmt.Errorf("%w\nnothing was loaded", err)
		}
		if images[a.ID], err = achievementImageFile(path, a); err != nil {
			return fmt.Errorf("%w\nnothing was loaded", err)
		}
		files = append(files, api.AchievementFile{Name: path, Content: string(b)})
		batch = append(batch, a)
	}
	defer m.Close()
	c, mode, err := m.api()
	if err != nil {
		return err
	}
	// Images first (stored by content, so one left over by a batch that is
	// then refused is harmless), so that the achievements load with them:
	// no credential is ever issued from an achievement without its image.
	for i, a := range batch {
		if img := images[a.ID]; img != nil {
			out, err := uploadImage(ctx, c, "POST", "/api/v1/images", img)
			if err != nil {
				return fmt.Errorf("%s: %w\nnothing was loaded", img.path, err)
			}
			files[i].Image = out.URL
		}
	}
	// The batch endpoint checks the references against what is stored,
	// naming the file and line, and loads all or nothing.
	body, err := json.Marshal(api.AchievementFiles{Files: files})
	if err != nil {
		return err
	}
	if err := c.do(ctx, "POST", "/api/v1/achievements", "application/json", body, nil); err != nil {
		return fmt.Errorf("%w\nnothing was loaded", err)
	}
	for i, a := range batch {
		fmt.Fprintf(m.Stdout, "loaded %s from %s\n", a.ID, paths[i])
		if img := images[a.ID]; img != nil {
			fmt.Fprintf(m.Stdout, "image of %s from %s: %s\n", a.ID, img.path, files[i].Image)
		}
	}
	fmt.Fprintf(m.Stderr, "(%s)\n", mode)
	return nil
}

// fetchAchievements returns every achievement whose name or id contains
// the words of q, following the pages.
func fetchAchievements(ctx context.Context, c *client, q string) ([]api.Achievement, error) {
	var out []api.Achievement
	after := ""
	for {
		v := url.Values{"limit": {"500"}}
		if after != "" {
			v.Set("after", after)
		}
		if q != "" {
			v.Set("q", q)
		}
		var page api.AchievementList
		if err := c.do(ctx, "GET", "/api/v1/achievements?"+v.Encode(), "", nil, &page); err != nil {
			return nil, err
		}
		out = append(out, page.Achievements...)
		if page.Next == "" {
			return out, nil
		}
		after = page.Next
	}
}

// listAchievements prints the achievements whose name or id contains every
// word, with their published state.
func (m *Main) listAchievements(ctx context.Context, words []string) error {
	defer m.Close()
	c, mode, err := m.api()
	if err != nil {
		return err
	}
	list, err := fetchAchievements(ctx, c, strings.Join(words, " "))
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(m.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tNAME\tSTATE\tAWARDED")
	for _, a := range list {
		state, how := "published", "directly"
		if !a.Published {
			state = "unpublished"
		}
		if a.Automatic {
			how = "by rule"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", a.ID, a.Name, state, how)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(m.Stderr, "(%d achievements, %s)\n", len(list), mode)
	return nil
}

// changeAchievement publishes, unpublishes or deletes an achievement.
func (m *Main) changeAchievement(ctx context.Context, verb, id string) error {
	defer m.Close()
	c, mode, err := m.api()
	if err != nil {
		return err
	}
	path := "/api/v1/achievements/" + url.PathEscape(id)
	if verb == "delete" {
		err = c.do(ctx, "DELETE", path, "", nil, nil)
	} else {
		err = c.do(ctx, "POST", path+"/"+verb, "", nil, nil)
	}
	if err != nil {
		return err
	}
	done := map[string]string{"publish": "published", "unpublish": "unpublished", "delete": "deleted"}[verb]
	fmt.Fprintf(m.Stdout, "%s %s\n", id, done)
	fmt.Fprintf(m.Stderr, "(%s)\n", mode)
	return nil
}
