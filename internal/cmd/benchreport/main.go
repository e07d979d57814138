// Command benchreport runs the benchmark suite of docs/PERFORMANCE.md and
// writes its table: every figure beside the baseline measured in the same
// run, as a ratio, and the target. `make bench` runs it; BENCH_FULL=1 adds
// the 100,000- and 1,000,000-record sizes (ACCOLADE_BENCH_LARGE=1 for the
// benchmarks).
//
//	go run ./internal/cmd/benchreport [-o docs/PERFORMANCE.md] [-full]
package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"time"
)

// keptHeading starts the part of the report that a run keeps as it is.
const keptHeading = "## Where the time goes"

// run is one `go test -bench` invocation.
type run struct {
	pkg, bench, benchtime string
	full                  bool // only with -full
	// pg runs the benchmarks on a throwaway PostgreSQL cluster
	// (scripts/pg-test-server, fsync on, as bbolt's): their results are
	// named "pg:" + the benchmark's name.
	pg bool
}

// result is one benchmark line: its metrics by unit (ns/op, req/s, …).
type result map[string]float64

// row is one line of the table: a measure, optionally a baseline from the
// same run, and a target.
type row struct {
	measure  string
	value    func(results) (float64, string, bool) // value, formatted, found
	baseline func(results) (float64, string, bool)
	target   string
	met      func(value, ratio float64) bool
	full     bool
}

type results map[string]result // benchmark name (without -N) → metrics

func main() {
	out := flag.String("o", "docs/PERFORMANCE.md", "write the report to `FILE` (- for none)")
	full := flag.Bool("full", os.Getenv("BENCH_FULL") == "1", "add the 100,000 and 1,000,000-record sizes (env BENCH_FULL=1)")
	flag.Parse()
	start := time.Now()
	rs := results{}
	var commands []string
	pgURL, stopPG := startPostgres()
	for _, r := range suite {
		if r.full && !*full || r.pg && pgURL == "" {
			continue
		}
		args := []string{"test", "-run", "^$", "-bench", r.bench, "-benchtime", r.benchtime, "-count", "1", r.pkg}
		prefix := ""
		if r.pg {
			prefix = "ACCOLADE_TEST_DATABASE_URL=… "
		}
		commands = append(commands, prefix+"go "+strings.Join(quote(args), " "))
		fmt.Fprintf(os.Stderr, "== %sgo %s\n", prefix, strings.Join(quote(args), " "))
		cmd := exec.Command("go", args...)
		cmd.Env = os.Environ()
		if *full {
			cmd.Env = append(cmd.Env, "ACCOLADE_BENCH_LARGE=1")
		}
		if r.pg {
			cmd.Env = append(cmd.Env, "ACCOLADE_TEST_DATABASE_URL="+pgURL)
		}
		var buf bytes.Buffer
		cmd.Stdout = io.MultiWriter(&buf, os.Stderr)
		cmd.Stderr = os.Stderr
		if err := cmd.Run(); err != nil {
			fmt.Fprintf(os.Stderr, "benchreport: %s: %v\n", r.pkg, err)
			stopPG()
			os.Exit(1)
		}
		if !r.pg {
			parse(&buf, rs)
			continue
		}
		pg := results{}
		parse(&buf, pg)
		for name, m := range pg {
			rs["pg:"+name] = m
		}
	}
	stopPG()
	table := render(rs, *full)
	fmt.Println(table)
	if *out == "-" {
		return
	}
	doc := document(table, commands, *full, time.Since(start))
	// The profiles' summary is written by people, from the profiles: kept.
	if old, err := os.ReadFile(*out); err == nil {
		if i := strings.Index(string(old), "\n"+keptHeading); i >= 0 {
			doc += string(old[i:])
		}
	}
	if err := os.WriteFile(*out, []byte(doc), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "benchreport:", err)
		os.Exit(1)
	}
	fmt.Fprintf(os.Stderr, "wrote %s (%s)\n", *out, time.Since(start).Round(time.Second))
}

// startPostgres starts a throwaway PostgreSQL cluster with fsync on
// (scripts/pg-test-server), for the suite's pg runs, and returns its URL
// and how to stop it; without PostgreSQL's server it says so and returns
// "", and those rows are not measured.
func startPostgres() (url string, stop func()) {
	cmd := exec.Command("scripts/pg-test-server")
	cmd.Env = append(os.Environ(), "PG_TEST_FSYNC=on")
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		fmt.Fprintf(os.Stderr, "benchreport: no PostgreSQL cluster (%v): its rows are not measured\n", err)
		return "", func() {}
	}
	var dir string
	for _, line := range strings.Split(string(out), "\n") {
		if v, ok := strings.CutPrefix(line, "DIR="); ok {
			dir = v
		}
		if v, ok := strings.CutPrefix(line, "URL="); ok {
			url = v
		}
	}
	stopped := false
	return url, func() {
		if !stopped && dir != "" {
			stopped = true
			exec.Command("scripts/pg-test-server", "stop", dir).Run()
		}
	}
}

func quote(args []string) []string {
	out := make([]string, len(args))
	for i, a := range args {
		if strings.ContainsAny(a, "^$|()*? ") {
			a = "'" + a + "'"
		}
		out[i] = a
	}
	return out
}

// parse reads `go test -bench` output lines:
//
//	BenchmarkName/sub-2   100   12345 ns/op   3.5 req/s
func parse(r io.Reader, rs results) {
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 4 || !strings.HasPrefix(f[0], "Benchmark") {
			continue
		}
		name := f[0]
		if i := strings.LastIndex(name, "-"); i > 0 {
			if _, err := strconv.Atoi(name[i+1:]); err == nil {
				name = name[:i]
			}
		}
		m := result{}
		for i := 2; i+1 < len(f); i += 2 {
			if v, err := strconv.ParseFloat(f[i], 64); err == nil {
				m[f[i+1]] = v
			}
		}
		rs[name] = m
	}
}

// metric is the named benchmark's metric, formatted with format.
func metric(bench, unit, format string) func(results) (float64, string, bool) {
	return func(rs results) (float64, string, bool) {
		v, ok := rs[bench][unit]
		return v, fmt.Sprintf(format, v), ok
	}
}

func thousands(v float64) string {
	s := strconv.FormatInt(int64(v+0.5), 10)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

func render(rs results, full bool) string {
	var b strings.Builder
	b.WriteString("| measure | result | baseline (same run) | ratio | target | met |\n|---|---|---|---|---|---|\n")
	for _, r := range table {
		if r.full && !full {
			continue
		}
		v, vs, ok := r.value(rs)
		if !ok {
			fmt.Fprintf(&b, "| %s | not measured |  |  | %s |  |\n", r.measure, r.target)
			continue
		}
		base, ratio, ratioS := "", 0.0, ""
		if r.baseline != nil {
			bv, bs, ok := r.baseline(rs)
			if ok && bv > 0 {
				base, ratio = bs, v/bv
				ratioS = fmt.Sprintf("%.0f%%", 100*ratio)
			}
		}
		met := ""
		if r.met != nil {
			met = "no"
			if r.met(v, ratio) {
				met = "yes"
			}
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s |\n", r.measure, vs, base, ratioS, r.target, met)
	}
	return b.String()
}

func document(table string, commands []string, full bool, took time.Duration) string {
	var b strings.Builder
	b.WriteString(preamble)
	fmt.Fprintf(&b, "\n## The last run\n\n%s, %s, Go %s on %s/%s, %d cores (%s), %s of memory; `make bench`%s took %s.\n\n",
		time.Now().UTC().Format("2 January 2006 15:04 UTC"), hostDescription(), strings.TrimPrefix(runtime.Version(), "go"),
		runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), cpuModel(), memory(), map[bool]string{true: " with BENCH_FULL=1"}[full], took.Round(time.Second))
	b.WriteString(table)
	b.WriteString("\nThe commands it ran:\n\n```\n")
	for _, c := range commands {
		b.WriteString(c + "\n")
	}
	b.WriteString("```\n")
	b.WriteString(notes)
	return b.String()
}

func hostDescription() string {
	if h, err := os.Hostname(); err == nil && h != "" {
		return "host " + h
	}
	return "this machine"
}

func cpuModel() string {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return "CPU unknown"
	}
	for _, l := range strings.Split(string(b), "\n") {
		if k, v, ok := strings.Cut(l, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return "CPU unknown"
}

func memory() string {
	b, err := os.ReadFile("/proc/meminfo")
	if err != nil {
		return "unknown"
	}
	for _, l := range strings.Split(string(b), "\n") {
		if f := strings.Fields(l); len(f) >= 2 && f[0] == "MemTotal:" {
			kb, _ := strconv.ParseFloat(f[1], 64)
			return fmt.Sprintf("%.0f GiB", kb/(1<<20))
		}
	}
	return "unknown"
}
