package criteria

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/accolade-badges/accolade/ledger"
)

// TestPhrases checks that each requirement's Phrase says what its rule
// counts, one per threshold and in the order of the descriptions.
func TestPhrases(t *testing.T) {
	workshop := []ledger.ExchangeKind{ledger.Workshop}
	tests := []struct {
		name     string
		rule     string
		approval bool
		want     []Phrase
		desc     []string // each description's start
	}{
		{"exchanges count", `{exchanges: {role: teacher, kind: [workshop], confirmed: true, within: 365d, count: 3}}`, false,
			[]Phrase{{Counts: CountsExchanges, Role: Teacher, Kinds: workshop, Confirmed: true, Within: 365 * Day}},
			[]string{"Workshops taught, confirmed, last 365 days"}},
		{"every threshold", `{exchanges: {role: learner, kind: [one_to_one, circle], skill: [editing, training], count: 2, hours: 10, distinctPartners: 3}}`, false,
			[]Phrase{
				{Counts: CountsExchanges, Role: Learner, Kinds: []ledger.ExchangeKind{ledger.OneToOne, ledger.Circle}, Skills: []string{"editing", "training"}},
				{Counts: CountsHours, Role: Learner, Kinds: []ledger.ExchangeKind{ledger.OneToOne, ledger.Circle}, Skills: []string{"editing", "training"}},
				{Counts: CountsPartners, Role: Learner, Kinds: []ledger.ExchangeKind{ledger.OneToOne, ledger.Circle}, Skills: []string{"editing", "training"}},
			},
			[]string{"One-to-one exchanges or learning circles attended", "Hours learning in", "Different teachers in"}},
		{"any role, hours and partners", `{exchanges: {role: any, within: 12h, hours: 1.5, distinctPartners: 5}}`, false,
			[]Phrase{{Counts: CountsHours, Role: AnyRole, Within: 12 * time.Hour}, {Counts: CountsPartners, Role: AnyRole, Within: 12 * time.Hour}},
			[]string{"Hours in exchanges", "Different people met in exchanges"}},
		{"attestations", `{attestations: {skill: training, fromHoldersOf: mentor, within: 90d, count: 2}}`, false,
			[]Phrase{{Counts: CountsAttestations, Skills: []string{"training"}, FromHoldersOf: "mentor", Within: 90 * Day}},
			[]string{"People vouching for training who hold mentor, last 90 days"}},
		{"attestations of anything", `{attestations: {count: 1}}`, false,
			[]Phrase{{Counts: CountsAttestations}}, []string{"People vouching:"}},
		{"holds", `{holds: mentor}`, false, []Phrase{{Counts: CountsHolds, Holds: "mentor"}}, []string{"Holds mentor"}},
		{"expr", `{expr: "exchangesTaught >= 2"}`, false, []Phrase{{Counts: CountsExpr}}, []string{"Condition "}},
		{"nested, then approval", `{any: [{holds: mentor}, {all: [{attestations: {count: 1}}, {exchanges: {role: any, count: 1}}]}]}`, true,
			[]Phrase{{Counts: CountsHolds, Holds: "mentor"}, {Counts: CountsAttestations}, {Counts: CountsExchanges, Role: AnyRole}, {Counts: CountsApproval}},
			[]string{"Holds mentor", "People vouching", "Exchanges taken part in", "Application approved"}},
		{"approval alone", "", true, []Phrase{{Counts: CountsApproval}}, []string{"Application approved: 0 of 1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := achievement(t, "test", tt.rule)
			a.AwardOnApproval = tt.approval
			ix := facts{exchanges: []*ledger.Exchange{exchange("e1", "bob", "ada")}}.index() // ada is known
			r := Evaluate(ix, a, "ada", now)
			if len(r.Requirements) != len(tt.want) {
				t.Fatalf("Evaluate() has %d requirements, want %d: %+v", len(r.Requirements), len(tt.want), r.Requirements)
			}
			for i, q := range r.Requirements {
				if !reflect.DeepEqual(q.Phrase, tt.want[i]) {
					t.Errorf("Requirements[%d].Phrase = %+v, want %+v", i, q.Phrase, tt.want[i])
				}
				if !strings.HasPrefix(q.Description, tt.desc[i]) {
					t.Errorf("Requirements[%d].Description = %q, want it to start %q", i, q.Description, tt.desc[i])
				}
			}
		})
	}
}

// TestPhraseShared checks that a result's phrases do not share the rule's
// lists: changing one changes neither the rule nor the other thresholds.
func TestPhraseShared(t *testing.T) {
	a := achievement(t, "test", `{exchanges: {role: teacher, kind: [workshop], skill: [training], count: 1, hours: 2}}`)
	r := Evaluate(facts{}.index(), a, "ada", now)
	r.Requirements[0].Phrase.Skills[0] = "changed"
	r.Requirements[0].Phrase.Kinds[0] = ledger.Project
	if got := r.Requirements[1].Phrase; got.Skills[0] != "training" || got.Kinds[0] != ledger.Workshop {
		t.Errorf("Requirements[1].Phrase = %+v after changing Requirements[0]'s, want skill training, kind workshop", got)
	}
	if q := a.Criteria.Rule.Exchanges; q.Skill[0] != "training" || q.Kind[0] != ledger.Workshop {
		t.Errorf("rule = %+v after changing a phrase, want it unchanged", q)
	}
}

func TestPhraseJSON(t *testing.T) {
	p := Phrase{Counts: CountsExchanges, Role: Teacher, Kinds: []ledger.ExchangeKind{ledger.Workshop}, Confirmed: true, Within: 365 * Day}
	b, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(b), `{"counts":"exchanges","role":"teacher","kinds":["workshop"],"confirmed":true,"within":"365d"}`; got != want {
		t.Errorf("json.Marshal(%+v) = %s, want %s", p, got, want)
	}
}
