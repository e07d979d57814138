package criteria

import (
	"errors"
	"strings"
	"testing"

	"github.com/accolade-badges/accolade/errs"
)

const trainerFile = `id: trainer
name: Trainer
description: Trains.
reviewers: mentr
criteria:
  rule:
    all:
      - holds: wiki-editr
      - attestations:
          fromHoldersOf: mentr
          count: 2
      - expr: holds("senior") or hoursTaught >= 3
`

const mentorFile = `id: mentor
name: Mentor
description: Mentors.
reviewers: mentor
criteria:
  rule:
    any:
      - attestations:
          fromHoldersOf: mentor
          count: 2
      - holds: trainer
`

func mustParse(t *testing.T, name, src string) *Achievement {
	t.Helper()
	a, err := ParseAchievement(name, []byte(src))
	if err != nil {
		t.Fatalf("ParseAchievement(%q) = %v", name, err)
	}
	return a
}

func TestCheckReferences(t *testing.T) {
	trainer, mentor := mustParse(t, "trainer.yaml", trainerFile), mustParse(t, "mentor.yaml", mentorFile)
	tests := []struct {
		name  string
		batch []*Achievement
		known []string
		want  []string // each error line, in order; none: no error
	}{
		{"unknown, single file", []*Achievement{trainer}, []string{"mentor", "wiki-editor", "senior"}, []string{
			`trainer.yaml:4: reviewers: there is no achievement "mentr" (did you mean "mentor"?)`,
			`trainer.yaml:8: criteria.rule.all[0].holds: there is no achievement "wiki-editr" (did you mean "wiki-editor"?)`,
			`trainer.yaml:10: criteria.rule.all[1].attestations.fromHoldersOf: there is no achievement "mentr" (did you mean "mentor"?)`,
		}},
		{"unknown in an expression, no suggestion", []*Achievement{trainer}, []string{"mentr", "wiki-editr"}, []string{
			`trainer.yaml:12: criteria.rule.all[2].expr: there is no achievement "senior"; load it first, or in the same batch`,
		}},
		{"all known", []*Achievement{trainer}, []string{"mentr", "wiki-editr", "senior"}, nil},
		{"self as reviewers and fromHoldersOf", []*Achievement{mentor}, []string{"trainer"}, nil},
		{"batch: suggested from the batch", []*Achievement{mentor, trainer}, []string{"wiki-editor", "senior"}, []string{
			`trainer.yaml:4: reviewers: there is no achievement "mentr" (did you mean "mentor"?)`,
			`trainer.yaml:8: criteria.rule.all[0].holds: there is no achievement "wiki-editr" (did you mean "wiki-editor"?)`,
			`trainer.yaml:10: criteria.rule.all[1].attestations.fromHoldersOf: there is no achievement "mentr" (did you mean "mentor"?)`,
		}},
		{"batch: mentor needs trainer", []*Achievement{mentor}, nil, []string{
			`mentor.yaml:11: criteria.rule.any[1].holds: there is no achievement "trainer"; load it first, or in the same batch`,
		}},
		{"batch: they refer to each other", []*Achievement{mentor, trainer}, []string{"mentr", "wiki-editr", "senior"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckReferences(tt.batch, tt.known)
			if tt.want == nil {
				if err != nil {
					t.Fatalf("CheckReferences() = %v, want nil", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("CheckReferences() = nil, want %d errors", len(tt.want))
			}
			var fe *FileError
			if errs.KindOf(err) != errs.Invalid || !errors.As(err, &fe) {
				t.Errorf("CheckReferences() = %#v, want *FileError of kind Invalid", err)
			}
			if got := strings.Split(err.Error(), "\n"); strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("CheckReferences() =\n%s\nwant\n%s", err, strings.Join(tt.want, "\n"))
			}
		})
	}
}

func TestCheckReferencesSelfHolds(t *testing.T) {
	a := mustParse(t, "x.yaml", "id: x\nname: X\ndescription: d\ncriteria:\n  rule:\n    expr: holds(\"x\")\n")
	err := CheckReferences([]*Achievement{a}, nil)
	if err == nil || err.Error() != `x.yaml:6: criteria.rule.expr: "x" is this achievement; a rule cannot require the achievement it awards` {
		t.Errorf("CheckReferences() = %v, want holds(self) refused", err)
	}
}

func TestParseTabLine(t *testing.T) {
	src := "id: a\nname: A\ndescription: d\ncriteria:\n  narrative: x\n  rule:\n    holds: b\n\tx: 1\n"
	_, err := ParseAchievement("tab.yaml", []byte(src))
	if want := "tab.yaml:8: malformed YAML or JSON: found a tab character"; err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("ParseAchievement(tab on line 8) = %v, want prefix %q", err, want)
	}
}
