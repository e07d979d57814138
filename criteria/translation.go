package criteria

import (
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/ob3"
)

// translationKeys are the keys of one language under translations.
var translationKeys = []string{"name", "description", "narrative"}

// translations reads the translations mapping: language tag → name,
// description and criteria narrative in that language.
func (d *decoder) translations(n *yaml.Node) map[string]accolade.AchievementText {
	if n == nil || n.Tag == "!!null" {
		return nil
	}
	d.lines["translations"] = n.Line
	if n.Kind != yaml.MappingNode {
		d.errorf(n, "translations", "want a mapping of language tags (such as fr or pt-BR) to name, description and narrative, got %s", describeNode(n))
		return nil
	}
	out := make(map[string]accolade.AchievementText, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		path := "translations." + k.Value
		if _, dup := out[k.Value]; dup {
			d.errorAt(k.Line, path, "is given twice")
			continue
		}
		m := d.mapping(v, path, translationKeys)
		d.lines[path] = k.Line // problems with the language itself point at its tag
		if m == nil {
			continue
		}
		out[k.Value] = accolade.AchievementText{
			Name:        d.str(m["name"], path+".name"),
			Description: d.str(m["description"], path+".description"),
			Narrative:   d.str(m["narrative"], path+".narrative"),
		}
	}
	return out
}

// validateLanguages checks inLanguage and the translations: Open Badges
// language codes, one translation per language (whatever the case), none
// for the achievement's own language, and each with some text, within the
// main text's limits.
func validateLanguages(p *problems, a *Achievement) {
	if a.Lang != "" && !ob3.ValidLanguage(a.Lang) {
		p.add("inLanguage", "%q is not a language code such as en, fr or pt-BR (lowercase language, then an uppercase region)", a.Lang)
	}
	tags := make([]string, 0, len(a.Translations))
	for tag := range a.Translations {
		tags = append(tags, tag)
	}
	slices.Sort(tags)
	for i, tag := range tags {
		t, path := a.Translations[tag], "translations."+tag
		switch {
		case !ob3.ValidLanguage(tag):
			p.add(path, "%q is not a language code such as fr or pt-BR", tag)
		case strings.EqualFold(tag, a.Lang):
			p.add(path, "is the achievement's own language (inLanguage): write that text in name, description and criteria.narrative")
		case i > 0 && strings.EqualFold(tag, tags[i-1]):
			p.add(path, "is given twice (as %s too)", tags[i-1])
		case t.Name == "" && t.Description == "" && t.Narrative == "":
			p.add(path, "has no text: give at least its name, description or narrative")
		}
		checkText(p, path+".name", t.Name, MaxNameLen, false)
		checkText(p, path+".description", t.Description, MaxDescriptionLen, false)
		checkText(p, path+".narrative", t.Narrative, MaxDescriptionLen, false)
	}
}
