package main

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"time"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/criteria"
	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/issuer"
	"github.com/accolade-badges/accolade/ledger"
)

// demoFiles are the demo community's achievement definitions, in the
// stable achievement file format (they double as examples).
//
//go:embed demo/*.yaml
var demoFiles embed.FS

// demoMembers have names in several scripts, as real communities do. Some
// chose to be listed by name on the public pages; the others appear there
// only as a count.
var demoMembers = []accolade.Member{
	{ID: "ana", Name: "Ana Souza", Email: "ana@example.org", Lang: "pt-BR", Listed: true},
	{ID: "layla", Name: "ليلى حداد", Email: "layla@example.org", Lang: "ar", LatinName: "Layla Haddad", Listed: true},
	{ID: "ananya", Name: "अनन्या शर्मा", Email: "ananya@example.org", Lang: "hi"},
	{ID: "xiaoming", Name: "王小明", Email: "xiaoming@example.org", Lang: "zh", LatinName: "Wang Xiaoming", Listed: true},
	{ID: "olga", Name: "Ольга Иванова", Email: "olga@example.org", Lang: "ru"},
	{ID: "kwame", Name: "Kwame Mensah", Email: "kwame@example.org", Lang: "en", DID: "did:example:kwame", Listed: true},
	{ID: "lucia", Name: "Lucía Fernández", Email: "lucia@example.org", Lang: "es", Listed: true},
	{ID: "mateo", Name: "Mateo Rossi", Email: "mateo@example.org", Lang: "it"},
	{ID: "sipho", Name: "Sipho Dlamini", Email: "sipho@example.org", Lang: "zu"},
	{ID: "lan", Name: "Nguyễn Thị Lan", Email: "lan@example.org", Lang: "vi"},
	{ID: "yusuf", Name: "Yusuf Demir", Email: "yusuf@example.org", Lang: "tr"},
	{ID: "priya", Name: "பிரியா ராமன்", Email: "priya@example.org", Lang: "ta"},
	{ID: "noa", Name: "נועה לוי", Email: "noa@example.org", Lang: "he", Listed: true},
	{ID: "ingrid", Name: "Ingrid Øvergård", Email: "ingrid@example.org", Lang: "nb"},
	{ID: "kenji", Name: "田中健二", Email: "kenji@example.org", Lang: "ja", Listed: true},
	{ID: "amara", Name: "Amara Okafor", Email: "amara@example.org", Lang: "en", Listed: true},
	{ID: "tomas", Name: "Tomáš Novák", Email: "tomas@example.org", Lang: "cs"},
	{ID: "zainab", Name: "زينب علي", Email: "zainab@example.org", Lang: "ar"},
}

// demoAwards are credentials the demo issues directly (achievements without
// a rule); the others are earned from the activity below.
var demoAwards = []struct{ member, achievement string }{
	{"xiaoming", "wiki-editor"},
}

// demoExchange is a past exchange: daysAgo before the demo starts.
type demoExchange struct {
	id, kind, title, skill string
	daysAgo                int
	hours                  float64
	teachers, learners     []string
	confirmedBy            []string
}

// demoExchanges earn Ana and Layla the Mentor badge, and Kwame, with two
// mentors' attestations, Project Trainer. Olga is part-way there.
var demoExchanges = []demoExchange{
	{"demo-mentoring-1", "mentoring", "Planning a first workshop", "mentoring", 200, 6, []string{"ana"}, []string{"lucia"}, []string{"lucia"}},
	{"demo-mentoring-2", "mentoring", "Running a skill circle", "mentoring", 150, 5, []string{"ana"}, []string{"mateo"}, []string{"mateo"}},
	{"demo-mentoring-3", "mentoring", "Facilitation basics", "mentoring", 180, 5, []string{"layla"}, []string{"sipho"}, []string{"sipho"}},
	{"demo-mentoring-4", "mentoring", "Teaching adults", "mentoring", 120, 5, []string{"layla"}, []string{"lan"}, []string{"lan"}},
	{"demo-ws-1", "workshop", "Editing basics", "training", 90, 2, []string{"kwame"}, []string{"lucia", "mateo", "sipho", "lan"}, []string{"lucia", "mateo", "sipho", "lan"}},
	{"demo-ws-2", "workshop", "Citing sources", "training", 60, 2, []string{"kwame"}, []string{"yusuf", "priya", "noa", "ingrid"}, []string{"yusuf", "priya", "noa", "ingrid"}},
	{"demo-ws-3", "workshop", "Uploading photos", "training", 30, 2, []string{"kwame"}, []string{"kenji", "amara", "tomas", "zainab"}, []string{"kenji", "amara", "tomas"}},
	{"demo-ws-4", "workshop", "Bicycle repair", "training", 45, 3, []string{"olga"}, []string{"lucia", "mateo", "yusuf"}, []string{"lucia", "yusuf"}},
	{"demo-ws-5", "workshop", "Bread baking", "training", 20, 3, []string{"olga"}, []string{"priya", "noa", "kenji"}, []string{"priya", "noa", "kenji"}},
	{"demo-circle-1", "circle", "Conversation circle", "languages", 10, 1.5, []string{"ananya"}, []string{"xiaoming", "zainab"}, []string{"xiaoming"}},
}

// demoAttestations: mentors vouch for trainers.
var demoAttestations = []ledger.Attestation{
	{ID: "demo-att-1", Attester: "ana", Member: "kwame", Skill: "training", Statement: "Kwame prepares his workshops carefully and every learner leaves with something they can use."},
	{ID: "demo-att-2", Attester: "layla", Member: "kwame", Skill: "training", Statement: "A patient, clear trainer; I have watched three of his sessions."},
	{ID: "demo-att-3", Attester: "ana", Member: "olga", Skill: "training", Statement: "Olga's repair workshops are always full."},
}

// seedDemo adds the demo community. Every step is idempotent, so restarting
// with --demo duplicates nothing.
func (m *Main) seedDemo(ctx context.Context) error {
	p, err := m.DB.Issuer(accolade.DefaultSlug)
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
	if len(p.Coordinators) == 0 { // Amara runs the demo community (the console)
		if _, err := m.DB.UpdateIssuer(accolade.DefaultSlug, func(p *accolade.Profile) error {
			p.Coordinators = []string{"amara"}
			return nil
		}); err != nil {
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
	for _, mem := range demoMembers {
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
	return m.seedDemoActivity(ctx, m.Now().UTC())
}

// seedDemoActivity posts the demo's exchanges and attestations once; the
// credentials they earn are awarded as they arrive.
func (m *Main) seedDemoActivity(ctx context.Context, now time.Time) error {
	var list []*ledger.Exchange
	for _, d := range demoExchanges {
		if _, err := m.DB.Exchange(d.id); err == nil {
			continue // posted on an earlier start
		}
		list = append(list, &ledger.Exchange{
			ID: d.id, Kind: ledger.ExchangeKind(d.kind), Title: d.title, Skills: []string{d.skill}, Hours: d.hours,
			OccurredAt: now.AddDate(0, 0, -d.daysAgo).Truncate(time.Hour), Teachers: d.teachers, Learners: d.learners,
			ConfirmedBy: d.confirmedBy,
		})
	}
	res, err := m.Awards.AddExchanges(ctx, list)
	if err := errors.Join(append(res.Errors, err)...); err != nil {
		return err
	}
	atts := make([]*ledger.Attestation, len(demoAttestations))
	for i := range demoAttestations {
		a := demoAttestations[i]
		a.CreatedAt = now.AddDate(0, 0, -5)
		atts[i] = &a
	}
	res, err = m.Awards.AddAttestations(ctx, atts)
	return errors.Join(append(res.Errors, err)...)
}
