package criteria

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/ledger"
)

func readFixture(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestParseAchievement(t *testing.T) {
	a, err := ParseAchievement("project-trainer.yaml", readFixture(t, "project-trainer.yaml"))
	if err != nil {
		t.Fatalf("ParseAchievement() = %v", err)
	}
	want := &ExchangeRequirement{Role: Teacher, Kind: []ledger.ExchangeKind{ledger.Workshop},
		Skill: []string{"training"}, Confirmed: true, Within: 365 * Day, Count: 3, Hours: 6, DistinctPartners: 10}
	switch {
	case a.ID != "project-trainer" || a.Issuer != "default" || a.AchievementType != "Certificate" || a.Reviewers != "mentor":
		t.Errorf("ParseAchievement() header = %+v", a)
	case a.ValidFor != 730*Day:
		t.Errorf("ValidFor = %v, want 730 days", a.ValidFor)
	case a.RenewWithin != 30*Day || a.Definition().RenewWithin != 30*Day:
		t.Errorf("RenewWithin = %v, want 30 days", a.RenewWithin)
	case len(a.Criteria.Rule.All) != 3:
		t.Fatalf("rule = %+v, want all of 3", a.Criteria.Rule)
	case !reflect.DeepEqual(a.Criteria.Rule.All[0].Exchanges, want):
		t.Errorf("exchanges = %+v, want %+v", a.Criteria.Rule.All[0].Exchanges, want)
	case *a.Criteria.Rule.All[1].Attestations != AttestationRequirement{Skill: "training", FromHoldersOf: "mentor", Count: 2}:
		t.Errorf("attestations = %+v", a.Criteria.Rule.All[1].Attestations)
	case a.Criteria.Rule.All[2].Holds != "wiki-editor":
		t.Errorf("holds = %q, want wiki-editor", a.Criteria.Rule.All[2].Holds)
	}
	holds, from := a.References()
	if !reflect.DeepEqual(holds, []string{"wiki-editor"}) || !reflect.DeepEqual(from, []string{"mentor"}) {
		t.Errorf("References() = %v, %v, want [wiki-editor], [mentor]", holds, from)
	}
}

// TestAchievementJSON checks that an achievement's JSON is the file's shape:
// it reads back to the same achievement, in YAML or JSON.
func TestAchievementJSON(t *testing.T) {
	for _, name := range []string{"project-trainer.yaml", "senior-trainer.json"} {
		t.Run(name, func(t *testing.T) {
			a, err := ParseAchievement(name, readFixture(t, name))
			if err != nil {
				t.Fatal(err)
			}
			b, err := json.Marshal(a)
			if err != nil {
				t.Fatalf("json.Marshal() = %v", err)
			}
			if name == "project-trainer.yaml" && (!strings.Contains(string(b), `"validFor":"730d"`) || !strings.Contains(string(b), `"renewWithin":"30d"`) || !strings.Contains(string(b), `"within":"365d"`)) {
				t.Errorf("json.Marshal() = %s, want durations as in the file", b)
			}
			var back Achievement
			if err := json.Unmarshal(b, &back); err != nil {
				t.Fatalf("json.Unmarshal(%s) = %v", b, err)
			}
			b2, _ := json.Marshal(&back)
			if string(b) != string(b2) {
				t.Errorf("round trip:\n got %s\nwant %s", b2, b)
			}
		})
	}
}

func TestParseAchievementErrors(t *testing.T) {
	tests := []struct {
		file string
		want []string // each error line, in order
	}{
		{"bad-role.yaml", []string{
			`bad-role.yaml:14: criteria.rule.all[2].exchanges.role: "teachr" is not one of teacher, learner, any (did you mean "teacher"?)`,
		}},
		{"unknown-key.yaml", []string{
			`unknown-key.yaml:4: unknown key "validfor" (did you mean "validFor"?); the keys are id, issuer, name, description, achievementType, image, validFor, renewWithin, suspendable, reviewers, awardOnApproval, criteria`,
			`unknown-key.yaml:10: criteria.rule.exchanges: unknown key "confirmd" (did you mean "confirmed"?); the keys are role, kind, skill, confirmed, within, count, hours, distinctPartners`,
		}},
		{"bad-values.yaml", []string{
			`bad-values.yaml:1: id: "Project_Trainer" is not a lowercase slug`,
			`bad-values.yaml:2: name: is required`,
			`bad-values.yaml:4: achievementType: "Certficate" is not an Open Badges 3.0 achievement type (did you mean "Certificate"?)`,
			`bad-values.yaml:5: validFor: "2 years" is not a positive duration`,
			`bad-values.yaml:6: reviewers: "Mentors!" is not an achievement id`,
			`bad-values.yaml:12: criteria.rule.any[0].exchanges.kind[1]: "lecture" is not one of one_to_one, workshop, circle, mentoring, project`,
			`bad-values.yaml:13: criteria.rule.any[0].exchanges.skill[0]: "Training" is not a skill tag`,
			`bad-values.yaml:14: criteria.rule.any[0].exchanges.count: want a whole number of at least 1, got "0"`,
			`bad-values.yaml:16: criteria.rule.any[1].attestations.within: want a duration with a unit, such as 365d, got "90"`,
			`bad-values.yaml:17: criteria.rule.any[1].attestations.count: want a whole number of at least 1, got "2.5"`,
		}},
		{"bad-renewal.yaml", []string{`bad-renewal.yaml:5: renewWithin: 730d is not shorter than validFor (365d)`}},
		{"bad-renewal-value.yaml", []string{`bad-renewal-value.yaml:4: renewWithin: "a month" is not a positive duration`}},
		{"renewal-no-expiry.yaml", []string{`renewal-no-expiry.yaml:4: renewWithin: needs validFor`}},
		{"two-keys.yaml", []string{`two-keys.yaml:6: criteria.rule: has exchanges and holds; a rule has exactly one of`}},
		{"syntax.yaml", []string{`syntax.yaml:3: malformed YAML or JSON: did not find expected ',' or ']'`}},
		{"empty-all.yaml", []string{`empty-all.yaml:6: criteria.rule.all: is empty: list at least one requirement`}},
		{"duplicate.yaml", []string{`duplicate.yaml:4: name: is given twice (also on line 2)`}},
		{"no-threshold.json", []string{`no-threshold.json:2: criteria.rule.exchanges: needs at least one of count, hours, distinctPartners`}},
		{"bad-expr.yaml", []string{
			`bad-expr.yaml:7: criteria.rule.all[0].expr: invalid expression: unexpected token EOF`,
			`bad-expr.yaml:8: criteria.rule.all[1].expr: all() is not allowed in criteria expressions`,
			`bad-expr.yaml:9: criteria.rule.all[2].expr: invalid expression: unknown name hoursTaugh`,
			`bad-expr.yaml:10: criteria.rule.all[3].expr: invalid expression: expected bool, but got float64`,
			`bad-expr.yaml:11: criteria.rule.all[4].expr: holds() takes one achievement id in quotes`,
			`bad-expr.yaml:12: criteria.rule.all[5].holds: "trainer" is this achievement`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			a, err := ParseAchievement(tt.file, readFixture(t, tt.file))
			if err == nil {
				t.Fatalf("ParseAchievement(%q) = %+v, want an error", tt.file, a)
			}
			if k := errs.KindOf(err); k != errs.Invalid {
				t.Errorf("ParseAchievement(%q) kind = %v, want %v", tt.file, k, errs.Invalid)
			}
			var fe *FileError
			if !errors.As(err, &fe) || fe.File != tt.file {
				t.Errorf("ParseAchievement(%q) = %#v, want a *FileError naming the file", tt.file, err)
			}
			got := strings.Split(err.Error(), "\n")
			if len(got) != len(tt.want) {
				t.Fatalf("ParseAchievement(%q) = %d errors, want %d:\n%v", tt.file, len(got), len(tt.want), err)
			}
			for i, w := range tt.want {
				if !strings.HasPrefix(got[i], w) {
					t.Errorf("ParseAchievement(%q) error %d =\n%s\nwant prefix\n%s", tt.file, i, got[i], w)
				}
			}
		})
	}
}

func TestParseAchievementInputs(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"empty", "", "x.yaml:1: the file is empty"},
		{"not a mapping", "- a\n- b\n", "x.yaml:1: want a mapping of keys to values, got a list"},
		{"anchor", "id: &x a\nname: *x\ndescription: d\n", "x.yaml:1: id: YAML anchors and aliases are not supported"},
		{"rule not a mapping", "id: a\nname: A\ndescription: d\ncriteria:\n  rule: [holds]\n", "x.yaml:5: criteria.rule: want a mapping"},
		{"boolean as text", "id: a\nname: A\ndescription: d\nsuspendable: yes\n", `x.yaml:4: suspendable: want true or false, got "yes"`},
		{"too deep", "id: a\nname: A\ndescription: d\ncriteria:\n  rule: " + strings.Repeat("{all: [", 9) + "{holds: b}" + strings.Repeat("]}", 9) + "\n",
			"criteria.rule.all[0].all[0].all[0].all[0].all[0].all[0].all[0].all[0].all: nests all and any more than 8 deep"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseAchievement("x.yaml", []byte(tt.src))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("ParseAchievement(%q) = %v, want %q", tt.src, err, tt.want)
			}
		})
	}
	big := make([]byte, MaxFileSize+1)
	if _, err := ParseAchievement("big.yaml", big); errs.KindOf(err) != errs.TooLarge {
		t.Errorf("ParseAchievement(big) kind = %v, want %v", errs.KindOf(err), errs.TooLarge)
	}
}

func TestDuration(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration
		out  string
	}{
		{"730d", 730 * Day, "730d"}, {"1y", 365 * Day, "365d"}, {"2w", 14 * Day, "14d"},
		{"12h", 12 * time.Hour, "12h"}, {"90m", 90 * time.Minute, "90m"}, {"30s", 30 * time.Second, "30s"},
		{"1h30m", 90 * time.Minute, "90m"}, {"1.5h", 90 * time.Minute, "90m"}, {"1500ms", 1500 * time.Millisecond, "1.5s"},
	}
	for _, tt := range tests {
		got, err := ParseDuration(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseDuration(%q) = %v, %v, want %v", tt.in, got, err, tt.want)
		}
		if s := FormatDuration(got); s != tt.out {
			t.Errorf("FormatDuration(%v) = %q, want %q", got, s, tt.out)
		}
	}
	for _, bad := range []string{"", "d", "0d", "-1d", "1.5d", "10", "2 years", "99999y"} {
		if d, err := ParseDuration(bad); err == nil {
			t.Errorf("ParseDuration(%q) = %v, want an error", bad, d)
		}
	}
}
