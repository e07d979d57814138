package main

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"sort"

	"github.com/accolade-badges/accolade/criteria"
	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/issuer"
)

// demoFiles are the demo community's achievement definitions, in the
// stable achievement file format (they double as examples).
//
//go:embed demo/*.yaml
var demoFiles embed.FS

// demoMembers have names in several scripts, as real communities do.
var demoMembers = []issuer.Member{
	{ID: "ana", Name: "Ana Souza", Email: "ana@example.org", Lang: "pt-BR"},
	{ID: "layla", Name: "ليلى حداد", Email: "layla@example.org", Lang: "ar"},
	{ID: "ananya", Name: "अनन्या शर्मा", Email: "ananya@example.org", Lang: "hi"},
	{ID: "xiaoming", Name: "王小明", Email: "xiaoming@example.org", Lang: "zh"},
	{ID: "olga", Name: "Ольга Иванова", Email: "olga@example.org", Lang: "ru"},
	{ID: "kwame", Name: "Kwame Mensah", Email: "kwame@example.org", Lang: "en", DID: "did:example:kwame"},
}

// demoAwards are credentials the demo issues directly.
var demoAwards = []struct{ member, achievement string }{
	{"ana", "mentor"}, {"layla", "mentor"}, {"xiaoming", "wiki-editor"}, {"ananya", "first-exchange"},
}

// seedDemo adds the demo community. Every step is idempotent, so restarting
// with --demo duplicates nothing.
func (m *Main) seedDemo(ctx context.Context) error {
	p, err := m.DB.Issuer(issuer.DefaultSlug)
	if err != nil {
		return err
	}
	if p.Name == "Accolade issuer" {
		p.Name, p.URL = "Riverside Skill Exchange", ""
		p.Description = "A time bank where neighbours teach each other, one hour for one hour."
		if err := m.DB.PutIssuer(p); err != nil {
			return err
		}
	}
	names, err := fs.Glob(demoFiles, "demo/*.yaml")
	if err != nil {
		return err
	}
	sort.Strings(names)
	for _, name := range names {
		b, _ := demoFiles.ReadFile(name)
		a, err := criteria.ParseAchievement(name, b)
		if err != nil {
			return err
		}
		if err := m.Awards.PutAchievement(a); err != nil {
			return err
		}
	}
	now := m.Now().UTC()
	for _, mem := range demoMembers {
		mem.Created, mem.Updated = now, now
		if _, err := m.DB.Member(mem.ID); err == nil {
			continue
		}
		if _, err := m.Awards.PutMember(&mem); err != nil {
			return err
		}
	}
	for _, a := range demoAwards {
		_, err := m.Awards.Issue(ctx, issuer.Request{Achievement: a.achievement, Member: a.member})
		if err != nil && errs.KindOf(err) != errs.Conflict {
			return fmt.Errorf("issuing %s to %s: %w", a.achievement, a.member, err)
		}
	}
	return nil
}
