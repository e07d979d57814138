package criteria

import (
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/accolade-badges/accolade/ledger"
)

// Benchmark communities: a small one for every `make bench`, and the
// 100,000 members × 1,000,000 exchanges of the criteria issue, run only with
// ACCOLADE_BENCH_LARGE=1 and without -short.
var benchSizes = []struct {
	name               string
	members, exchanges int
	large              bool
}{
	{"10k×100k", 10_000, 100_000, false},
	{"100k×1M", 100_000, 1_000_000, true},
}

func skipLarge(b *testing.B, large bool) {
	if large && (testing.Short() || os.Getenv("ACCOLADE_BENCH_LARGE") != "1") {
		b.Skip("set ACCOLADE_BENCH_LARGE=1 (without -short) for the 1M-exchange benchmarks")
	}
}

// benchGen makes a community: teachers are mostly the first tenth of the
// members; workshops (40%) have 5-15 learners, half of whom confirm; dates
// spread over two years; 2 attestations per member, mostly of teachers, half
// by mentors, a third on training; 5% of members (every 20th) hold mentor
// and half hold wiki-editor.
type benchGen struct {
	rng     *rand.Rand
	members []string
	e       ledger.Exchange // reused: the index copies what it keeps
}

var benchSkills = []string{"training", "editing", "wikidata", "photos", "translation", "commons", "outreach", "coding"}

func newBenchGen(members int) *benchGen {
	g := &benchGen{rng: rand.New(rand.NewPCG(1, 2))}
	for i := range members {
		g.members = append(g.members, "member-"+strconv.Itoa(i))
	}
	return g
}

func (g *benchGen) person(teacher bool) string {
	n := len(g.members)
	if teacher && g.rng.IntN(10) < 7 {
		return g.members[g.rng.IntN(n/10)]
	}
	return g.members[g.rng.IntN(n)]
}

func (g *benchGen) exchange(i int) *ledger.Exchange {
	e, rng := &g.e, g.rng
	e.ID = "x" + strconv.Itoa(i)
	e.Kind = ledger.ExchangeKinds[[]int{0, 0, 0, 1, 1, 1, 1, 2, 3, 4}[rng.IntN(10)]]
	e.Skills = append(e.Skills[:0], benchSkills[rng.IntN(3)])
	if rng.IntN(3) == 0 {
		e.Skills = append(e.Skills, benchSkills[3+rng.IntN(5)])
	}
	e.Hours = float64(1+rng.IntN(6)) / 2
	e.OccurredAt = now.Add(-time.Duration(rng.IntN(730*24)) * time.Hour)
	e.Teachers = append(e.Teachers[:0], g.person(true))
	learners := map[ledger.ExchangeKind]int{ledger.OneToOne: 1, ledger.Workshop: 5 + rng.IntN(11)}[e.Kind]
	if learners == 0 {
		learners = 2 + rng.IntN(5)
	}
	e.Learners, e.ConfirmedBy = e.Learners[:0], e.ConfirmedBy[:0]
	for len(e.Learners) < learners {
		if p := g.person(false); p != e.Teachers[0] && !slices.Contains(e.Learners, p) {
			e.Learners = append(e.Learners, p)
			if rng.IntN(2) == 0 {
				e.ConfirmedBy = append(e.ConfirmedBy, p)
			}
		}
	}
	return e
}

func (g *benchGen) fill(ix *Index, exchanges int) {
	for _, m := range g.members {
		ix.AddMember(m)
	}
	for i := range exchanges {
		ix.PutExchange(g.exchange(i))
	}
	for i := range 2 * len(g.members) {
		attester := g.person(true)
		if i%2 == 0 { // a mentor
			attester = g.members[20*g.rng.IntN(len(g.members)/20)]
		}
		a := &ledger.Attestation{ID: "a" + strconv.Itoa(i), Attester: attester, Member: g.person(true),
			Skill: benchSkills[g.rng.IntN(3)], Statement: "x", CreatedAt: now.Add(-time.Duration(g.rng.IntN(730)) * Day)}
		ix.PutAttestation(a)
	}
	for i, m := range g.members {
		if i%20 == 0 {
			ix.SetHolding(m, "mentor", Holding{Credential: "c", Valid: true})
		}
		if i%2 == 0 {
			ix.SetHolding(m, "wiki-editor", Holding{Credential: "c", Valid: true})
		}
	}
}

// benchIndexes builds each community once per process.
var benchIndexes sync.Map // name -> func() *Index

func benchIndex(b *testing.B, size int) *Index {
	s := benchSizes[size]
	f, _ := benchIndexes.LoadOrStore(s.name, sync.OnceValue(func() *Index {
		ix := NewIndex()
		newBenchGen(s.members).fill(ix, s.exchanges)
		return ix
	}))
	return f.(func() *Index)()
}

// benchEngine returns an engine over the community with the Project Trainer
// of DESIGN.md, or only its exchanges requirement. With fresh the engine has
// a community of its own, which it may change.
func benchEngine(b *testing.B, size int, exchangesOnly, fresh bool) *Engine {
	data, err := os.ReadFile("testdata/project-trainer.yaml")
	if err != nil {
		b.Fatal(err)
	}
	a, err := ParseAchievement("project-trainer.yaml", data)
	if err != nil {
		b.Fatal(err)
	}
	if exchangesOnly {
		a.Criteria.Rule = a.Criteria.Rule.All[0]
	}
	ix := benchIndex(b, size)
	if fresh {
		ix = NewIndex()
		newBenchGen(benchSizes[size].members).fill(ix, benchSizes[size].exchanges)
	}
	en := NewEngine(ix)
	if err := en.SetAchievement(a); err != nil {
		b.Fatal(err)
	}
	return en
}

// BenchmarkGenerate is the baseline of BenchmarkIndexBuild: making the
// exchanges without indexing them.
func BenchmarkGenerate(b *testing.B) {
	for _, s := range benchSizes {
		b.Run(s.name, func(b *testing.B) {
			skipLarge(b, s.large)
			for b.Loop() {
				g := newBenchGen(s.members)
				for i := range s.exchanges {
					g.exchange(i)
				}
			}
		})
	}
}

// BenchmarkIndexBuild makes a community and indexes it, and reports the
// heap the index keeps per exchange (attestations and members included).
func BenchmarkIndexBuild(b *testing.B) {
	for _, s := range benchSizes {
		b.Run(s.name, func(b *testing.B) {
			skipLarge(b, s.large)
			for b.Loop() {
				newBenchGen(s.members).fill(NewIndex(), s.exchanges)
			}
			before := heapInUse()
			ix := NewIndex()
			newBenchGen(s.members).fill(ix, s.exchanges)
			b.ReportMetric(float64(heapInUse()-before)/float64(s.exchanges), "heapB/exchange")
			runtime.KeepAlive(ix)
		})
	}
}

func heapInUse() int64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return int64(m.HeapAlloc)
}

// BenchmarkEvaluateAll evaluates every member on Project Trainer, as a full
// POST /api/v1/awards/evaluate does; the index is built outside the timer.
// "exchanges-only" keeps only the exchanges requirement, so that every
// member's exchanges are scanned (no short cut through holds).
func BenchmarkEvaluateAll(b *testing.B) {
	for size, s := range benchSizes {
		for _, only := range []bool{false, true} {
			name := s.name + "/project-trainer"
			if only {
				name = s.name + "/exchanges-only"
			}
			b.Run(name, func(b *testing.B) {
				skipLarge(b, s.large)
				en := benchEngine(b, size, only, false)
				var awards int
				for b.Loop() {
					awards = len(en.EvaluateAll(now, nil))
				}
				b.ReportMetric(float64(awards), "awards")
				b.ReportMetric(float64(s.members)*float64(b.N)/b.Elapsed().Seconds(), "members/s")
			})
		}
	}
}

// BenchmarkIncremental posts one new workshop, then evaluates the members it
// affects, as the server does on POST /api/v1/exchanges.
func BenchmarkIncremental(b *testing.B) {
	for size, s := range benchSizes {
		b.Run(s.name, func(b *testing.B) {
			skipLarge(b, s.large)
			en := benchEngine(b, size, false, true)
			g := newBenchGen(s.members)
			g.rng = rand.New(rand.NewPCG(3, 4))
			i := 0
			for b.Loop() {
				e := g.exchange(0)
				e.ID, e.Kind, e.OccurredAt = fmt.Sprintf("bench-%d", i), ledger.Workshop, now.Add(-time.Hour)
				i++
				en.Index().PutExchange(e)
				en.EvaluateAll(now, en.Affected(Change{Exchange: e}))
			}
		})
	}
}

// BenchmarkProgress evaluates one busy member on Project Trainer with every
// requirement's progress and evidence, as GET .../progress does.
func BenchmarkProgress(b *testing.B) {
	en := benchEngine(b, 0, false, false)
	for b.Loop() {
		en.Progress("member-1", now)
	}
}
