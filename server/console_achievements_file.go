package server

import (
	"cmp"
	"encoding/json"
	"maps"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/accolade-badges/accolade/award"
	"github.com/accolade-badges/accolade/criteria"
	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/templates"
)

// achievementFile writes a stored achievement as an achievement file in
// YAML, in the order of its JSON shape (which is the file's).
func achievementFile(a *criteria.Achievement) (string, error) {
	b, err := json.Marshal(a)
	if err != nil {
		return "", errs.Wrap(errs.Internal, err, "writing achievement %s as a file", a.ID)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(b, &doc); err != nil { // JSON is YAML: the node keeps the key order
		return "", errs.Wrap(errs.Internal, err, "writing achievement %s as a file", a.ID)
	}
	blockStyle(&doc)
	out, err := marshalFile(&doc)
	if err != nil {
		return "", errs.Wrap(errs.Internal, err, "writing achievement %s as a file", a.ID)
	}
	return out, nil
}

// marshalFile writes a YAML document indented by two spaces, as the
// achievement files in the documentation are.
func marshalFile(doc *yaml.Node) (string, error) {
	var b strings.Builder
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(doc); err != nil {
		return "", err
	}
	if err := enc.Close(); err != nil {
		return "", err
	}
	return b.String(), nil
}

// blockStyle writes n and what it holds in YAML's block style, texts of
// several lines as literal blocks.
func blockStyle(n *yaml.Node) {
	n.Style = 0
	if n.Kind == yaml.ScalarNode && strings.Contains(strings.TrimRight(n.Value, "\n"), "\n") {
		n.Style = yaml.LiteralStyle
	}
	for _, c := range n.Content {
		blockStyle(c)
	}
}

// editKeys are the keys the editor's form fields edit (editFile); a key
// under translations is translations.LANG.name|description|narrative.
var editKeys = []string{"name", "description", "achievementType", "criteria.narrative", "validFor", "reviewers", "awardOnApproval", "inLanguage"}

// editFile sets key (a dotted path, one of editKeys or a translation's)
// of the file src to value, keeping the rest of the file (and its
// comments) as it is; an empty value removes the key. awardOnApproval
// takes "true" or "". A file that is not YAML cannot be edited this way:
// the error says to fix it first.
func editFile(src, key, value string) (string, error) {
	path := strings.Split(key, ".")
	okKey := slices.Contains(editKeys, key) || len(path) == 3 && path[0] == "translations" &&
		slices.Contains([]string{"name", "description", "narrative"}, path[2]) && path[1] != ""
	if !okKey {
		return "", errs.Field("set."+key, "is not a field of the editor")
	}
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(src), &doc); err != nil || len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		if strings.TrimSpace(src) != "" {
			return "", errs.Field("yaml", "the file cannot be read as YAML: fix it before changing the fields")
		}
		doc = yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{{Kind: yaml.MappingNode, Tag: "!!map"}}}
	}
	value = strings.ReplaceAll(value, "\r\n", "\n")
	m := doc.Content[0]
	for i, k := range path {
		last := i == len(path)-1
		at := slices.IndexFunc(pairs(m), func(p int) bool { return m.Content[p].Value == k })
		if last {
			if strings.TrimSpace(value) == "" {
				if at >= 0 {
					p := pairs(m)[at]
					m.Content = slices.Delete(m.Content, p, p+2)
				}
				break
			}
			v := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: value}
			if k == "awardOnApproval" {
				v.Tag, v.Value = "!!bool", "true"
			}
			if strings.Contains(strings.TrimRight(value, "\n"), "\n") {
				v.Style = yaml.LiteralStyle
			}
			if at >= 0 {
				m.Content[pairs(m)[at]+1] = v
			} else {
				m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: k}, v)
			}
			break
		}
		if at < 0 {
			if strings.TrimSpace(value) == "" {
				break // nothing to remove
			}
			child := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
			m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: k}, child)
			m = child
			continue
		}
		next := m.Content[pairs(m)[at]+1]
		if next.Kind != yaml.MappingNode {
			return "", errs.Field("yaml", "%s in the file is not a mapping: fix it before changing the fields", strings.Join(path[:i+1], "."))
		}
		m = next
	}
	out, err := marshalFile(&doc)
	if err != nil {
		return "", errs.Wrap(errs.Internal, err, "writing the edited file")
	}
	return out, nil
}

// pairs are the indexes of a mapping node's keys in its Content.
func pairs(m *yaml.Node) []int {
	out := make([]int, 0, len(m.Content)/2)
	for i := 0; i+1 < len(m.Content); i += 2 {
		out = append(out, i)
	}
	return out
}

// fieldsOf are the editor's form fields for a: its translations in tag
// order, and an empty one to add a language.
func fieldsOf(a *criteria.Achievement) templates.AchievementFields {
	f := templates.AchievementFields{Name: a.Name, Description: a.Description, Type: a.AchievementType,
		Narrative: a.Criteria.Narrative, Reviewers: a.Reviewers, AwardOnApproval: a.AwardOnApproval, Lang: a.Lang}
	if a.ValidFor > 0 {
		f.ValidFor = criteria.FormatDuration(a.ValidFor)
	}
	for _, tag := range slices.Sorted(maps.Keys(a.Translations)) {
		t := a.Translations[tag]
		f.Translations = append(f.Translations, templates.TranslationFields{Lang: tag, Name: t.Name, Description: t.Description, Narrative: t.Narrative})
	}
	f.Translations = append(f.Translations, templates.TranslationFields{})
	return f
}

// dryRunView is "who would earn this now": counts, and the members named
// by their first name.
func dryRunView(d *award.DryRun) *templates.ConsoleDryRun {
	v := &templates.ConsoleDryRun{Members: d.Members, WouldEarn: d.WouldEarn, AlreadyHold: d.AlreadyHold, NearlyCount: d.NearlyCount,
		Replaces: d.Replaces, Unpublished: d.Unpublished}
	for _, e := range d.Earners {
		v.Earners = append(v.Earners, firstName(e.Name, e.Member))
	}
	for _, e := range d.Nearly {
		v.Nearly = append(v.Nearly, firstName(e.Name, e.Member))
	}
	v.MoreEarners, v.MoreNearly = d.WouldEarn-len(v.Earners), d.NearlyCount-len(v.Nearly)
	return v
}

// firstName is the first word of a member's name (their id if none).
func firstName(name, id string) string {
	if f := strings.Fields(name); len(f) > 0 {
		return f[0]
	}
	return id
}

// sortConsole sorts the console's achievement list by name, ignoring case.
func sortConsole(list []templates.ConsoleAchievement) {
	slices.SortStableFunc(list, func(a, b templates.ConsoleAchievement) int {
		return cmp.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name))
	})
}
