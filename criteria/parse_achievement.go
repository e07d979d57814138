package criteria

import (
	"fmt"
	"strings"

	"github.com/accolade-badges/accolade"

	"go.yaml.in/yaml/v3"
)

var (
	achievementKeys = []string{"id", "issuer", "name", "description", "achievementType", "image",
		"validFor", "renewWithin", "suspendable", "reviewers", "awardOnApproval", "criteria", "certificate",
		"inLanguage", "translations"}
	certificateKeys = []string{"primaryColor", "accentColor", "logo", "background", "title", "statement",
		"signatory", "signatoryRole", "paperSize"}
	criteriaKeys    = []string{"narrative", "rule"}
	exchangeKeys    = []string{"role", "kind", "skill", "confirmed", "within", "count", "hours", "distinctPartners"}
	attestationKeys = []string{"skill", "within", "fromHoldersOf", "count"}
)

func (d *decoder) achievement(n *yaml.Node) *Achievement {
	d.lines[""] = n.Line
	m := d.mapping(n, "", achievementKeys)
	a := &Achievement{
		ID:              d.str(m["id"], "id"),
		Issuer:          d.str(m["issuer"], "issuer"),
		Name:            d.str(m["name"], "name"),
		Description:     d.str(m["description"], "description"),
		AchievementType: d.str(m["achievementType"], "achievementType"),
		Image:           d.str(m["image"], "image"),
		ValidFor:        d.duration(m["validFor"], "validFor"),
		RenewWithin:     d.duration(m["renewWithin"], "renewWithin"),
		Suspendable:     d.boolean(m["suspendable"], "suspendable"),
		Reviewers:       d.str(m["reviewers"], "reviewers"),
		AwardOnApproval: d.boolean(m["awardOnApproval"], "awardOnApproval"),
		Lang:            d.str(m["inLanguage"], "inLanguage"),
		Translations:    d.translations(m["translations"]),
	}
	if c := m["criteria"]; c != nil && c.Tag != "!!null" {
		cm := d.mapping(c, "criteria", criteriaKeys)
		a.Criteria.Narrative = d.str(cm["narrative"], "criteria.narrative")
		if r := cm["rule"]; r != nil {
			a.Criteria.Rule = d.rule(r, "criteria.rule", 0)
		}
	}
	if c := m["certificate"]; c != nil && c.Tag != "!!null" {
		cm := d.mapping(c, "certificate", certificateKeys)
		a.Certificate = &accolade.CertificateDesign{
			PrimaryColor:  d.str(cm["primaryColor"], "certificate.primaryColor"),
			AccentColor:   d.str(cm["accentColor"], "certificate.accentColor"),
			Logo:          d.str(cm["logo"], "certificate.logo"),
			Background:    d.str(cm["background"], "certificate.background"),
			Title:         d.str(cm["title"], "certificate.title"),
			Statement:     d.str(cm["statement"], "certificate.statement"),
			Signatory:     d.str(cm["signatory"], "certificate.signatory"),
			SignatoryRole: d.str(cm["signatoryRole"], "certificate.signatoryRole"),
			PaperSize:     d.str(cm["paperSize"], "certificate.paperSize"),
		}
	}
	return a
}

func (d *decoder) rule(n *yaml.Node, path string, depth int) *Rule {
	m := d.mapping(n, path, ruleKeys)
	if m == nil {
		return nil
	}
	if len(m) != 1 {
		var got []string
		for _, k := range ruleKeys {
			if m[k] != nil {
				got = append(got, k)
			}
		}
		if len(got) == 0 {
			d.errorf(n, path, "is empty: use one of %s", strings.Join(ruleKeys, ", "))
		} else {
			d.errorf(n, path, "has %s; a rule has exactly one of %s (combine them under all or any)", strings.Join(got, " and "), strings.Join(ruleKeys, ", "))
		}
		return nil
	}
	r := &Rule{}
	switch {
	case m["all"] != nil:
		r.All = d.rules(m["all"], path+".all", depth)
	case m["any"] != nil:
		r.Any = d.rules(m["any"], path+".any", depth)
	case m["exchanges"] != nil:
		r.Exchanges = d.exchanges(m["exchanges"], path+".exchanges")
	case m["attestations"] != nil:
		r.Attestations = d.attestations(m["attestations"], path+".attestations")
	case m["holds"] != nil:
		r.Holds = d.str(m["holds"], path+".holds")
	case m["expr"] != nil:
		r.Expr = d.str(m["expr"], path+".expr")
	}
	return r
}

func (d *decoder) rules(n *yaml.Node, path string, depth int) []*Rule {
	if n.Kind != yaml.SequenceNode {
		d.errorf(n, path, "want a list of requirements, got %s", describeNode(n))
		return nil
	}
	if len(n.Content) == 0 {
		d.errorf(n, path, "is empty: list at least one requirement")
		return nil
	}
	if depth >= MaxRuleDepth {
		d.errorf(n, path, "nests all and any more than %d deep", MaxRuleDepth)
		return nil
	}
	out := make([]*Rule, len(n.Content))
	for i, c := range n.Content {
		f := fmt.Sprintf("%s[%d]", path, i)
		if d.plain(c, f) {
			out[i] = d.rule(c, f, depth+1)
		}
	}
	return out
}

func (d *decoder) exchanges(n *yaml.Node, path string) *ExchangeRequirement {
	m := d.mapping(n, path, exchangeKeys)
	return &ExchangeRequirement{
		Role:             Role(d.str(m["role"], path+".role")),
		Kind:             kinds(d.list(m["kind"], path+".kind")),
		Skill:            d.list(m["skill"], path+".skill"),
		Confirmed:        d.boolean(m["confirmed"], path+".confirmed"),
		Within:           d.duration(m["within"], path+".within"),
		Count:            d.count(m["count"], path+".count"),
		Hours:            d.number(m["hours"], path+".hours"),
		DistinctPartners: d.count(m["distinctPartners"], path+".distinctPartners"),
	}
}

func (d *decoder) attestations(n *yaml.Node, path string) *AttestationRequirement {
	m := d.mapping(n, path, attestationKeys)
	return &AttestationRequirement{
		Skill:         d.str(m["skill"], path+".skill"),
		Within:        d.duration(m["within"], path+".within"),
		FromHoldersOf: d.str(m["fromHoldersOf"], path+".fromHoldersOf"),
		Count:         d.count(m["count"], path+".count"),
	}
}
