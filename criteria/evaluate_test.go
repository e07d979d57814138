package criteria

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/accolade-badges/accolade/ledger"
)

type evalCase struct {
	name    string
	facts   facts
	rule    string
	member  string
	earned  bool
	current []float64 // each requirement's current value, in order
}

func runEvalCases(t *testing.T, cases []evalCase) {
	t.Helper()
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			a := achievement(t, "test", tt.rule)
			r := Evaluate(tt.facts.index(), a, tt.member, now)
			if r.Earned != tt.earned {
				t.Errorf("Evaluate(%q) earned = %v, want %v (%+v)", tt.member, r.Earned, tt.earned, r.Requirements)
			}
			if got := currents(r); !slices.Equal(got, tt.current) {
				t.Errorf("Evaluate(%q) current = %v, want %v", tt.member, got, tt.current)
			}
		})
	}
}

func TestEvaluateConfirmation(t *testing.T) {
	teach := `{exchanges: {role: teacher, confirmed: true, count: 1}}`
	learn := `{exchanges: {role: learner, confirmed: true, count: 1}}`
	anyRole := `{exchanges: {role: any, confirmed: true, count: 1}}`
	runEvalCases(t, []evalCase{
		{"unconfirmed does not count", facts{exchanges: []*ledger.Exchange{exchange("e1", "ada", "bob")}}, teach, "ada", false, []float64{0}},
		{"confirmed by a learner counts", facts{exchanges: []*ledger.Exchange{exchange("e1", "ada", "bob,cy", confirmed("cy"))}}, teach, "ada", true, []float64{1}},
		{"confirmed by oneself does not count", facts{exchanges: []*ledger.Exchange{exchange("e1", "ada", "bob", confirmed("ada"))}}, teach, "ada", false, []float64{0}},
		{"confirmed by a co-teacher does not count", facts{exchanges: []*ledger.Exchange{exchange("e1", "ada,dee", "bob", confirmed("dee"))}}, teach, "ada", false, []float64{0}},
		{"role any: a co-teacher's confirmation does not count", facts{exchanges: []*ledger.Exchange{exchange("e1", "ada,dee", "bob", confirmed("dee"))}}, anyRole, "ada", false, []float64{0}},
		{"role any: a learner confirmed only by fellow learners does not count", facts{exchanges: []*ledger.Exchange{exchange("e1", "ada", "bob,cy", confirmed("cy"))}}, anyRole, "bob", false, []float64{0}},
		{"role any: a learner confirmed by the teacher counts", facts{exchanges: []*ledger.Exchange{exchange("e1", "ada", "bob,cy", confirmed("ada"))}}, anyRole, "bob", true, []float64{1}},
		{"role any: a teacher confirmed by a learner counts", facts{exchanges: []*ledger.Exchange{exchange("e1", "ada,dee", "bob", confirmed("bob"))}}, anyRole, "ada", true, []float64{1}},
		{"learner: confirmed by the teacher", facts{exchanges: []*ledger.Exchange{exchange("e1", "ada", "bob,cy", confirmed("ada"))}}, learn, "bob", true, []float64{1}},
		{"learner: confirmed by another learner only", facts{exchanges: []*ledger.Exchange{exchange("e1", "ada", "bob,cy", confirmed("cy"))}}, learn, "bob", false, []float64{0}},
		{"without confirmed everything counts", facts{exchanges: []*ledger.Exchange{exchange("e1", "ada", "bob")}}, `{exchanges: {role: teacher, count: 1}}`, "ada", true, []float64{1}},
	})
}

func TestEvaluatePartners(t *testing.T) {
	two := []*ledger.Exchange{
		exchange("e1", "ada", "bob,cy,dee", confirmed("bob")),
		exchange("e2", "ada,eve", "cy,fay", confirmed("cy,eve")),
	}
	runEvalCases(t, []evalCase{
		{"distinct learners over exchanges", facts{exchanges: two}, `{exchanges: {role: teacher, distinctPartners: 4}}`, "ada", true, []float64{4}},
		{"only confirming learners count", facts{exchanges: two}, `{exchanges: {role: teacher, confirmed: true, distinctPartners: 2}}`, "ada", true, []float64{2}},
		{"role any does not count co-teachers", facts{exchanges: two}, `{exchanges: {role: any, distinctPartners: 5}}`, "ada", false, []float64{4}},
		{"role any confirmed: a confirming co-teacher is no partner", facts{exchanges: two}, `{exchanges: {role: any, confirmed: true, distinctPartners: 3}}`, "ada", false, []float64{2}},
		{"role any does not count fellow learners", facts{exchanges: two}, `{exchanges: {role: any, distinctPartners: 2}}`, "cy", true, []float64{2}},
		{"role any: teachers when learning, learners when teaching", facts{exchanges: append(slices.Clone(two), exchange("e3", "cy", "gus", confirmed("gus")))},
			`{exchanges: {role: any, confirmed: true, count: 2, distinctPartners: 2}}`, "cy", true, []float64{2, 2}},
		{"learner partners are teachers", facts{exchanges: two}, `{exchanges: {role: learner, distinctPartners: 2}}`, "cy", true, []float64{2}},
		{"never one's own partner", facts{exchanges: []*ledger.Exchange{exchange("e1", "ada", "ada,bob", confirmed("ada"))}},
			`{exchanges: {role: any, distinctPartners: 1}}`, "ada", true, []float64{1}},
		{"all thresholds must be met", facts{exchanges: two}, `{exchanges: {role: teacher, count: 2, hours: 4, distinctPartners: 5}}`, "ada", false, []float64{2, 4, 4}},
	})
}

func TestEvaluateFilters(t *testing.T) {
	mixed := []*ledger.Exchange{
		exchange("e1", "ada", "bob", skills("wikidata")),
		exchange("e2", "ada", "bob", skills("editing", "training"), kind(ledger.Circle), hours(1.5)),
		exchange("e3", "ada", "bob", skills("photos")),
		exchange("e4", "ada,dee", "bob", hours(3)),
	}
	runEvalCases(t, []evalCase{
		{"skill: any listed skill", facts{exchanges: mixed}, `{exchanges: {role: teacher, skill: [wikidata, editing], count: 2}}`, "ada", true, []float64{2}},
		{"skill nobody has", facts{exchanges: mixed}, `{exchanges: {role: teacher, skill: [knitting], count: 1}}`, "ada", false, []float64{0}},
		{"kind filter", facts{exchanges: mixed}, `{exchanges: {role: teacher, kind: [circle, mentoring], count: 1}}`, "ada", true, []float64{1}},
		{"single kind as a scalar", facts{exchanges: mixed}, `{exchanges: {role: teacher, kind: workshop, count: 3}}`, "ada", true, []float64{3}},
		{"hours in full per participant", facts{exchanges: mixed}, `{exchanges: {role: teacher, hours: 3}}`, "dee", true, []float64{3}},
		{"hours summed", facts{exchanges: mixed}, `{exchanges: {role: teacher, hours: 9}}`, "ada", false, []float64{8.5}},
		{"learner side", facts{exchanges: mixed}, `{exchanges: {role: learner, count: 4}}`, "bob", true, []float64{4}},
		{"teacher role excludes learning", facts{exchanges: mixed}, `{exchanges: {role: teacher, count: 1}}`, "bob", false, []float64{0}},
	})
}

func TestEvaluateWindows(t *testing.T) {
	timed := []*ledger.Exchange{
		exchange("e1", "ada", "bob", on(daysAgo(31))),
		exchange("e2", "ada", "bob", on(daysAgo(30))),
		exchange("e3", "ada", "bob", on(daysAgo(2))),
		exchange("e4", "ada", "bob", on(now.Add(time.Hour))), // after the evaluation time
	}
	atts := []*ledger.Attestation{
		attest("a1", "cy", "ada", at(daysAgo(100))),
		attest("a2", "dee", "ada", at(daysAgo(10))),
		attest("a3", "eve", "ada", at(now.Add(time.Minute))),
	}
	runEvalCases(t, []evalCase{
		{"within includes its start", facts{exchanges: timed}, `{exchanges: {role: teacher, within: 30d, count: 2}}`, "ada", true, []float64{2}},
		{"within excludes older", facts{exchanges: timed}, `{exchanges: {role: teacher, within: 720h, count: 3}}`, "ada", false, []float64{2}},
		{"no window: all up to now", facts{exchanges: timed}, `{exchanges: {role: teacher, count: 3}}`, "ada", true, []float64{3}},
		{"attestations within", facts{attestations: atts}, `{attestations: {within: 90d, count: 1}}`, "ada", true, []float64{1}},
		{"attestations up to now", facts{attestations: atts}, `{attestations: {count: 3}}`, "ada", false, []float64{2}},
	})
}

func TestEvaluateAttestations(t *testing.T) {
	mentor := func(member string, h Holding) holdingFact { return holdingFact{member, "mentor", h} }
	atts := []*ledger.Attestation{
		attest("a1", "cy", "ada"), attest("a2", "cy", "ada"), // the same attester twice
		attest("a3", "dee", "ada"), attest("a4", "eve", "ada", skill("editing")),
		attest("a5", "fay", "ada"), attest("a6", "ada", "ada"), // self: rejected by ledger, ignored here
	}
	holders := []holdingFact{
		mentor("cy", valid),
		mentor("dee", Holding{Credential: "c2", Valid: false}),                        // revoked
		mentor("eve", Holding{Credential: "c3", Valid: true, ValidUntil: daysAgo(1)}), // expired
		mentor("fay", Holding{Credential: "c4", Valid: true, ValidUntil: now}),        // expires now
		mentor("ada", valid),
	}
	runEvalCases(t, []evalCase{
		{"distinct attesters", facts{attestations: atts}, `{attestations: {count: 4}}`, "ada", true, []float64{4}},
		{"skill", facts{attestations: atts}, `{attestations: {skill: training, count: 3}}`, "ada", true, []float64{3}},
		{"unknown skill", facts{attestations: atts}, `{attestations: {skill: knitting, count: 1}}`, "ada", false, []float64{0}},
		{"fromHoldersOf: valid only", facts{attestations: atts, holdings: holders}, `{attestations: {fromHoldersOf: mentor, count: 2}}`, "ada", false, []float64{1}},
		{"fromHoldersOf: unknown achievement", facts{attestations: atts}, `{attestations: {fromHoldersOf: mentor, count: 1}}`, "ada", false, []float64{0}},
		{"fromHoldersOf: expiry in the future", facts{attestations: atts, holdings: []holdingFact{
			mentor("cy", Holding{Valid: true, ValidUntil: now.Add(time.Second)})}}, `{attestations: {fromHoldersOf: mentor, count: 1}}`, "ada", true, []float64{1}},
	})
}

func TestEvaluateHolds(t *testing.T) {
	h := func(x Holding) facts { return facts{holdings: []holdingFact{{"ada", "editor", x}}} }
	runEvalCases(t, []evalCase{
		{"valid", h(valid), `{holds: editor}`, "ada", true, []float64{1}},
		{"revoked", h(Holding{Valid: false}), `{holds: editor}`, "ada", false, []float64{0}},
		{"expired", h(Holding{Valid: true, ValidUntil: daysAgo(1)}), `{holds: editor}`, "ada", false, []float64{0}},
		{"someone else's", h(valid), `{holds: editor}`, "bob", false, []float64{0}},
		{"any of", h(valid), `{any: [{holds: other}, {holds: editor}]}`, "ada", true, []float64{0, 1}},
		{"all of", h(valid), `{all: [{holds: other}, {holds: editor}]}`, "ada", false, []float64{0, 1}},
	})
}

func TestEvaluateDuplicatesAndWithdrawal(t *testing.T) {
	rule := `{exchanges: {role: teacher, confirmed: true, count: 1}}`
	runEvalCases(t, []evalCase{
		{"posted twice counts once", facts{exchanges: []*ledger.Exchange{
			exchange("e1", "ada", "bob", confirmed("bob")), exchange("e1", "ada", "bob", confirmed("bob"))}},
			`{exchanges: {role: teacher, count: 1, hours: 2, distinctPartners: 1}}`, "ada", true, []float64{1, 2, 1}},
		{"confirmation posted later", facts{exchanges: []*ledger.Exchange{
			exchange("e1", "ada", "bob"), exchange("e1", "ada", "bob", confirmed("bob"))}}, rule, "ada", true, []float64{1}},
		{"withdrawn", facts{exchanges: []*ledger.Exchange{
			exchange("e1", "ada", "bob", confirmed("bob")), exchange("e1", "ada", "bob", confirmed("bob"), withdrawn)}}, rule, "ada", false, []float64{0}},
		{"replaced with other people", facts{exchanges: []*ledger.Exchange{
			exchange("e1", "ada", "bob", confirmed("bob")), exchange("e1", "cy", "bob,dee", confirmed("bob"))}}, rule, "ada", false, []float64{0}},
	})
	ix := facts{exchanges: []*ledger.Exchange{exchange("e1", "ada", "bob", confirmed("bob"))}}.index()
	ix.RemoveExchange("e1")
	if r := Evaluate(ix, achievement(t, "test", rule), "ada", now); r.Earned {
		t.Errorf("Evaluate(%q) after RemoveExchange earned = true, want false", "ada")
	}
}

func TestEvaluateResult(t *testing.T) {
	ix := facts{
		exchanges: []*ledger.Exchange{
			exchange("e1", "ada", "bob,cy", confirmed("bob"), titled("Editing basics"), on(time.Date(2026, 3, 4, 18, 0, 0, 0, time.UTC))),
			exchange("e2", "ada", "bob", confirmed("bob"), on(daysAgo(2))),
		},
		attestations: []*ledger.Attestation{attest("a1", "cy", "ada", func(a *ledger.Attestation) { a.Level = "advanced" })},
		holdings:     []holdingFact{{"cy", "mentor", valid}, {"ada", "wiki-editor", Holding{Credential: "urn:uuid:1", Valid: true}}},
	}.index()
	a := achievement(t, "project-trainer", `{all: [{exchanges: {role: teacher, kind: [workshop], skill: [training], confirmed: true, within: 365d, count: 3}}, {attestations: {skill: training, fromHoldersOf: mentor, count: 1}}, {holds: wiki-editor}]}`)
	r := Evaluate(ix, a, "ada", now)
	wantDesc := []string{
		"Workshops taught, confirmed, skill training, last 365 days: 2 of 3",
		"People vouching for training who hold mentor: 1 of 1",
		"Holds wiki-editor: 1 of 1",
	}
	for i, q := range r.Requirements {
		if i >= len(wantDesc) || q.Description != wantDesc[i] {
			t.Errorf("Requirements[%d].Description = %q, want %q", i, q.Description, wantDesc[min(i, len(wantDesc)-1)])
		}
	}
	if r.Earned || r.Requirements[0].Met || !r.Requirements[1].Met {
		t.Errorf("Evaluate() = %+v, want not earned, first requirement unmet, second met", r)
	}
	if got := r.Requirements[0].Evidence; !slices.Equal(got, []string{"e2", "e1"}) {
		t.Errorf("Requirements[0].Evidence = %v, want [e2 e1] (most recent first)", got)
	}
	wantEv := []Evidence{
		{ID: "a1", Kind: EvidenceAttestation, Narrative: "Attestation of training (advanced), 2026-04-30", Attester: "cy", Statement: "Good."},
		{ID: "urn:uuid:1", Kind: EvidenceCredential, Narrative: "Holds wiki-editor", Achievement: "wiki-editor"},
	}
	if !slices.Equal(r.Evidence, wantEv) {
		t.Errorf("Evidence = %+v, want %+v", r.Evidence, wantEv)
	}
	ix.PutExchange(exchange("e3", "ada", "dee", confirmed("dee")))
	r = Evaluate(ix, a, "ada", now)
	if !r.Earned || len(r.Evidence) != 5 {
		t.Fatalf("Evaluate() after a third workshop = %+v, want earned with 5 pieces of evidence", r)
	}
	if got, want := r.Evidence[2].Narrative, "Workshop 'Editing basics', 2 learners, 2026-03-04"; got != want {
		t.Errorf("Evidence[2].Narrative = %q, want %q", got, want)
	}
	for _, e := range r.Evidence {
		if strings.Contains(e.Narrative, "@") || strings.Contains(e.Narrative, "bob") {
			t.Errorf("Evidence narrative %q names a person", e.Narrative)
		}
	}
}

func TestEvaluateHeld(t *testing.T) {
	ix := facts{holdings: []holdingFact{{"ada", "test", Holding{Credential: "urn:uuid:9", Valid: true}}}}.index()
	r := Evaluate(ix, achievement(t, "test", `{exchanges: {role: teacher, count: 5}}`), "ada", now)
	if !r.Earned || !r.Held || r.Credential != "urn:uuid:9" || r.Requirements[0].Met {
		t.Errorf("Evaluate(holder) = %+v, want earned and held, requirement unmet", r)
	}
	r = Evaluate(ix, achievement(t, "test", ""), "ada", now)
	if !r.Earned || len(r.Requirements) != 0 {
		t.Errorf("Evaluate(holder, no rule) = %+v, want earned without requirements", r)
	}
	if r := Evaluate(ix, achievement(t, "test", ""), "nobody", now); r.Earned {
		t.Errorf("Evaluate(%q, no rule) earned = true, want false", "nobody")
	}
}

func TestEvaluateApproval(t *testing.T) {
	a := achievement(t, "helper", `{exchanges: {role: any, count: 10}}`)
	a.AwardOnApproval = true
	approval := &ledger.Attestation{ID: "application:1", Attester: "rev", Member: "ada", Statement: "ok",
		CreatedAt: daysAgo(1), Achievement: "helper"}
	ix := facts{attestations: []*ledger.Attestation{approval}}.index()
	r := Evaluate(ix, a, "ada", now)
	if !r.Earned || len(r.Requirements) != 2 || r.Requirements[1].Description != "Application approved: 1 of 1" {
		t.Errorf("Evaluate(approved) = %+v, want earned by approval", r)
	}
	a.AwardOnApproval = false
	if r := Evaluate(ix, a, "ada", now); r.Earned {
		t.Errorf("Evaluate(approved, no awardOnApproval) earned = true, want false")
	}
	// An approval counts as an attestation for its own achievement's rule
	// whatever the skill, and for no other achievement.
	own := achievement(t, "helper", `{attestations: {skill: training, count: 1}}`)
	other := achievement(t, "other", `{attestations: {count: 1}}`)
	if r := Evaluate(ix, own, "ada", now); !r.Earned {
		t.Errorf("Evaluate(own achievement) earned = false, want true")
	}
	if r := Evaluate(ix, other, "ada", now); r.Earned {
		t.Errorf("Evaluate(other achievement) earned = true, want false")
	}
}

func TestEvidenceHours(t *testing.T) {
	ix := facts{exchanges: []*ledger.Exchange{exchange("e1", "ada", "bob,cy", hours(2), titled("Editing basics"), confirmed("bob"))}}.index()
	for _, tt := range []struct{ rule, want string }{
		{`{exchanges: {role: teacher, hours: 2}}`, "Workshop 'Editing basics', 2 h, 2 learners, "},
		{`{exchanges: {role: teacher, count: 1}}`, "Workshop 'Editing basics', 2 learners, "},
	} {
		r := Evaluate(ix, achievement(t, "test", tt.rule), "ada", now)
		if len(r.Evidence) != 1 || !strings.HasPrefix(r.Evidence[0].Narrative, tt.want) {
			t.Errorf("Evaluate(%s) evidence = %+v, want a narrative starting %q", tt.rule, r.Evidence, tt.want)
		}
	}
}

func TestTrimStatement(t *testing.T) {
	long := strings.Repeat("very good trainer ", 30)
	got := TrimStatement(long)
	if n := len([]rune(got)); n > MaxStatement || !strings.HasSuffix(got, "…") || strings.HasSuffix(got, " …") {
		t.Errorf("TrimStatement(long) = %q (%d characters), want at most %d ending in a word and …", got, n, MaxStatement)
	}
	if got := TrimStatement("  Ran three\n great  sessions. "); got != "Ran three great sessions." {
		t.Errorf("TrimStatement() = %q, want white space collapsed", got)
	}
}
