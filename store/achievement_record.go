package store

import (
	"time"

	"github.com/accolade-badges/accolade"

	"github.com/accolade-badges/accolade/criteria"
	"github.com/accolade-badges/accolade/ledger"
)

// achievementVersion is the version of achievementRecord.
// Version 2 added renewWithinNanos.
const achievementVersion = 2

// achievementRecord is the stored form of a criteria.Achievement: its
// fields and rule tree, durations in nanoseconds. It is rebuilt with
// criteria.Restore, which compiles expressions but checks nothing, so an
// achievement stored by an older release (whose rules a newer release may
// find too loose) still loads; the checks apply when it is next put. The
// alternative, keeping the achievement file and parsing it leniently, would
// tie the stored format to the file format that this split is meant to free.
type achievementRecord struct {
	V               int           `json:"v"`
	ID              string        `json:"id"`
	Issuer          string        `json:"issuer,omitempty"`
	Name            string        `json:"name"`
	Description     string        `json:"description"`
	AchievementType string        `json:"achievementType,omitempty"`
	Image           string        `json:"image,omitempty"`
	ValidFor        int64         `json:"validForNanos,omitempty"`
	RenewWithin     int64         `json:"renewWithinNanos,omitempty"`
	Suspendable     bool          `json:"suspendable,omitempty"`
	Reviewers       string        `json:"reviewers,omitempty"`
	AwardOnApproval bool          `json:"awardOnApproval,omitempty"`
	Narrative       string        `json:"narrative,omitempty"`
	Rule            *ruleRecord   `json:"rule,omitempty"`
	Certificate     *designRecord `json:"certificate,omitempty"`
	// Lang and Translations: an achievement in several languages.
	Lang         string                       `json:"inLanguage,omitempty"`
	Translations map[string]translationRecord `json:"translations,omitempty"`
}

// translationRecord is the stored form of an accolade.AchievementText.
type translationRecord struct {
	Name        string `json:"name,omitempty"`
	Description string `json:"description,omitempty"`
	Narrative   string `json:"narrative,omitempty"`
}

func toTranslationRecords(m map[string]accolade.AchievementText) map[string]translationRecord {
	if len(m) == 0 {
		return nil
	}
	out := make(map[string]translationRecord, len(m))
	for k, v := range m {
		out[k] = translationRecord(v)
	}
	return out
}

func translationsFromRecords(m map[string]translationRecord) map[string]accolade.AchievementText {
	if len(m) == 0 {
		return nil
	}
	out := make(map[string]accolade.AchievementText, len(m))
	for k, v := range m {
		out[k] = accolade.AchievementText(v)
	}
	return out
}

// designRecord is the stored form of an accolade.CertificateDesign.
type designRecord struct {
	PrimaryColor  string `json:"primaryColor,omitempty"`
	AccentColor   string `json:"accentColor,omitempty"`
	Logo          string `json:"logo,omitempty"`
	Background    string `json:"background,omitempty"`
	Title         string `json:"title,omitempty"`
	Statement     string `json:"statement,omitempty"`
	Signatory     string `json:"signatory,omitempty"`
	SignatoryRole string `json:"signatoryRole,omitempty"`
	PaperSize     string `json:"paperSize,omitempty"`
}

// ruleRecord is one node of an achievement's rule.
type ruleRecord struct {
	All          []*ruleRecord                 `json:"all,omitempty"`
	Any          []*ruleRecord                 `json:"any,omitempty"`
	Exchanges    *exchangeRequirementRecord    `json:"exchanges,omitempty"`
	Attestations *attestationRequirementRecord `json:"attestations,omitempty"`
	Holds        string                        `json:"holds,omitempty"`
	Expr         string                        `json:"expr,omitempty"`
}

type exchangeRequirementRecord struct {
	Role             string   `json:"role"`
	Kind             []string `json:"kind,omitempty"`
	Skill            []string `json:"skill,omitempty"`
	Confirmed        bool     `json:"confirmed,omitempty"`
	Within           int64    `json:"withinNanos,omitempty"`
	Count            int      `json:"count,omitempty"`
	Hours            float64  `json:"hours,omitempty"`
	DistinctPartners int      `json:"distinctPartners,omitempty"`
}

type attestationRequirementRecord struct {
	Skill         string `json:"skill,omitempty"`
	Within        int64  `json:"withinNanos,omitempty"`
	FromHoldersOf string `json:"fromHoldersOf,omitempty"`
	Count         int    `json:"count"`
}

func (r *achievementRecord) version() (int, int) { return r.V, achievementVersion }

func toAchievementRecord(a *criteria.Achievement) *achievementRecord {
	return &achievementRecord{V: achievementVersion, ID: a.ID, Issuer: a.Issuer, Name: a.Name, Description: a.Description,
		AchievementType: a.AchievementType, Image: a.Image, ValidFor: int64(a.ValidFor), RenewWithin: int64(a.RenewWithin), Suspendable: a.Suspendable,
		Reviewers: a.Reviewers, AwardOnApproval: a.AwardOnApproval, Narrative: a.Criteria.Narrative,
		Rule: toRuleRecord(a.Criteria.Rule), Certificate: (*designRecord)(a.Certificate),
		Lang: a.Lang, Translations: toTranslationRecords(a.Translations)}
}

func achievementFromRecord(r *achievementRecord) *criteria.Achievement {
	return criteria.Restore(&criteria.Achievement{ID: r.ID, Issuer: r.Issuer, Name: r.Name, Description: r.Description,
		AchievementType: r.AchievementType, Image: r.Image, ValidFor: time.Duration(r.ValidFor), RenewWithin: time.Duration(r.RenewWithin), Suspendable: r.Suspendable,
		Reviewers: r.Reviewers, AwardOnApproval: r.AwardOnApproval,
		Criteria:    criteria.Criteria{Narrative: r.Narrative, Rule: ruleFromRecord(r.Rule)},
		Certificate: (*accolade.CertificateDesign)(r.Certificate),
		Lang:        r.Lang, Translations: translationsFromRecords(r.Translations)})
}

func toRuleRecord(r *criteria.Rule) *ruleRecord {
	if r == nil {
		return nil
	}
	out := &ruleRecord{All: mapRules(r.All, toRuleRecord), Any: mapRules(r.Any, toRuleRecord), Holds: r.Holds, Expr: r.Expr}
	if q := r.Exchanges; q != nil {
		out.Exchanges = &exchangeRequirementRecord{Role: string(q.Role), Kind: mapStrings[ledger.ExchangeKind, string](q.Kind), Skill: q.Skill,
			Confirmed: q.Confirmed, Within: int64(q.Within), Count: q.Count, Hours: q.Hours, DistinctPartners: q.DistinctPartners}
	}
	if q := r.Attestations; q != nil {
		out.Attestations = &attestationRequirementRecord{Skill: q.Skill, Within: int64(q.Within), FromHoldersOf: q.FromHoldersOf, Count: q.Count}
	}
	return out
}

func ruleFromRecord(r *ruleRecord) *criteria.Rule {
	if r == nil {
		return nil
	}
	out := &criteria.Rule{All: mapRules(r.All, ruleFromRecord), Any: mapRules(r.Any, ruleFromRecord), Holds: r.Holds, Expr: r.Expr}
	if q := r.Exchanges; q != nil {
		out.Exchanges = &criteria.ExchangeRequirement{Role: criteria.Role(q.Role), Kind: mapStrings[string, ledger.ExchangeKind](q.Kind),
			Skill: q.Skill, Confirmed: q.Confirmed, Within: time.Duration(q.Within), Count: q.Count, Hours: q.Hours,
			DistinctPartners: q.DistinctPartners}
	}
	if q := r.Attestations; q != nil {
		out.Attestations = &criteria.AttestationRequirement{Skill: q.Skill, Within: time.Duration(q.Within), FromHoldersOf: q.FromHoldersOf, Count: q.Count}
	}
	return out
}

// mapRules converts a list of rules, keeping nil as nil (an empty all or
// any is kept empty, not dropped).
func mapRules[A, B any](list []*A, f func(*A) *B) []*B {
	if list == nil {
		return nil
	}
	out := make([]*B, len(list))
	for i, x := range list {
		out[i] = f(x)
	}
	return out
}

func mapStrings[A, B ~string](list []A) []B {
	if list == nil {
		return nil
	}
	out := make([]B, len(list))
	for i, s := range list {
		out[i] = B(s)
	}
	return out
}
