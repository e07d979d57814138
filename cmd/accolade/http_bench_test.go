package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/accolade-badges/accolade/internal/pgtest"
	"github.com/accolade-badges/accolade/store"
)

// The loopback HTTP benchmarks serve a real data directory (bbolt, keys,
// issuer, awards) with accolade's own http.Server on 127.0.0.1, and drive
// it from client goroutines with keep-alive connections, as a load
// balancer or a verifier's client library would. The per-client limits
// are off (--verify-rate 0 --page-rate 0): every client here shares one
// address.

// benchApp is a running server for the HTTP benchmarks, shared by every
// b.N round of one benchmark.
type benchApp struct {
	m      *Main
	base   string
	client *http.Client
	jwt    string // a credential the server issued
	next   atomic.Int64
	env    map[string]string
	// second is the base URL of a second node on the same database
	// (BenchmarkHTTPTwoNodes), once started.
	second     string
	secondOnce sync.Once
}

var (
	benchDrops   []func() error // the benchmarks' database schemas, dropped by TestMain
	benchDirs    []string       // removed by TestMain
	benchAppOnce sync.Once
	benchAppVal  *benchApp
)

func httpBenchApp(b *testing.B) *benchApp {
	b.Helper()
	benchAppOnce.Do(func() {
		// Not b.TempDir: the server outlives this round of the benchmark
		// (the test binary's exit ends it; the directory is removed then).
		dir, err := os.MkdirTemp("", "accolade-http-bench-")
		if err != nil {
			b.Fatal(err)
		}
		benchDirs = append(benchDirs, dir)
		env := map[string]string{"ACCOLADE_ADMIN_TOKEN": adminToken, "ACCOLADE_DATA": dir}
		if pgtest.Enabled() { // benchreport's pg runs: a database of its own
			url, drop := pgtest.KeptURL(b)
			benchDrops = append(benchDrops, drop)
			if _, err := store.Migrate(url); err != nil {
				b.Fatal(err)
			}
			env["ACCOLADE_DATABASE_URL"], env["ACCOLADE_KEY_PASSPHRASE"] = url, pgPassphrase
		}
		var out bytes.Buffer
		if code := NewMain(strings.NewReader(""), &out, &out, func(k string) string { return env[k] }).
			Execute(context.Background(), []string{"init", "--issuer-name", "Bench Time Bank", "--alg", "EdDSA"}); code != 0 {
			b.Fatalf("init: exit %d\n%s", code, out.String())
		}
		a := &benchApp{env: env, client: &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}}
		a.m, a.base = a.startNode(b, dir)
		a.call(b, "PUT", "/api/v1/achievements/project-trainer", "application/yaml", trainerYAML, http.StatusCreated)
		a.addMembers(b, 1)
		var issued struct{ JWT string }
		json.Unmarshal(a.call(b, "POST", "/api/v1/credentials", "application/json", `{"achievement":"project-trainer","member":"bench-0"}`, http.StatusCreated), &issued)
		a.jwt = issued.JWT
		if v := a.call(b, "POST", "/api/v1/verify", "application/jwt", a.jwt, http.StatusOK); !bytes.Contains(v, []byte(`"verified": true`)) {
			b.Fatalf("the benchmark credential does not verify: %.300s", v)
		}
		benchAppVal = a
	})
	if benchAppVal == nil {
		b.Fatal("the benchmark server did not start")
	}
	return benchAppVal
}

// startNode starts a server on the benchmark's store (the data directory
// dir, or the database both nodes share) and returns it and its base URL.
func (a *benchApp) startNode(b *testing.B, dir string) (*Main, string) {
	b.Helper()
	m := NewMain(strings.NewReader(""), io.Discard, io.Discard, func(k string) string { return a.env[k] })
	if err := m.ParseFlags([]string{"--data", dir, "--addr", "127.0.0.1:0", "--verify-rate", "0", "--page-rate", "0"}); err != nil {
		b.Fatal(err)
	}
	m.Log = slog.New(slog.DiscardHandler)
	if err := m.Run(context.Background()); err != nil {
		b.Fatal(err)
	}
	return m, "http://" + m.Addr()
}

// secondNode starts, once, a second server on the database the first
// uses (PostgreSQL only), and returns its base URL.
func (a *benchApp) secondNode(b *testing.B) string {
	b.Helper()
	a.secondOnce.Do(func() {
		dir, err := os.MkdirTemp("", "accolade-http-bench-")
		if err != nil {
			b.Fatal(err)
		}
		benchDirs = append(benchDirs, dir)
		_, a.second = a.startNode(b, dir)
	})
	if a.second == "" {
		b.Fatal("the second node did not start")
	}
	return a.second
}

func (a *benchApp) call(b *testing.B,
	method, path, ctype, body string, want int) []byte {
	b.Helper()
	req, _ := http.NewRequest(method, a.base+path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+adminToken)
	req.Header.Set("Content-Type", ctype)
	resp, err := a.client.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != want {
		b.Fatalf("%s %s = %d %s, want %d", method, path, resp.StatusCode, out, want)
	}
	return out
}

// addMembers imports n more members (bench-K) and returns the first new K.
func (a *benchApp) addMembers(b *testing.B, n int) int64 {
	b.Helper()
	first := a.next.Add(int64(n)) - int64(n)
	var body bytes.Buffer
	for i := first; i < first+int64(n); i++ {
		fmt.Fprintf(&body, `{"id":"bench-%d","name":"Member %d","email":"bench-%d@example.org"}`+"\n", i, i, i)
	}
	a.call(b, "POST", "/api/v1/import/members", "application/x-ndjson", body.String(), http.StatusOK)
	return first
}

// drive sends n requests through c from clients goroutines, request(i) making the
// i-th; it reports requests a second and latency percentiles. With every
// set, the clients start each request at its slot of a schedule of that
// many a second (an open loop) instead of as soon as the last answered.
func drive(b *testing.B, c *http.Client, clients, n int, every float64, request func(i int) (*http.Request, int)) {
	b.Helper()
	lat := make([]time.Duration, n)
	var next atomic.Int64
	start := time.Now()
	b.ResetTimer()
	var wg sync.WaitGroup
	for range clients {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				if every > 0 {
					time.Sleep(time.Until(start.Add(time.Duration(float64(i) / every * float64(time.Second)))))
				}
				req, want := request(i)
				t0 := time.Now()
				resp, err := c.Do(req)
				if err != nil {
					b.Error(err)
					return
				}
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				lat[i] = time.Since(t0)
				if resp.StatusCode != want {
					b.Errorf("request %d = %d %.200s, want %d", i, resp.StatusCode, body, want)
					return
				}
			}
		})
	}
	wg.Wait()
	b.StopTimer()
	slices.Sort(lat)
	ms := func(q float64) float64 { return float64(lat[min(len(lat)-1, int(q*float64(len(lat))))]) / 1e6 }
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "req/s")
	b.ReportMetric(ms(0.50), "p50-ms")
	b.ReportMetric(ms(0.99), "p99-ms")
}

// BenchmarkHTTPIssue issues credentials through POST /api/v1/credentials
// from 4 concurrent clients, each credential to a new member: EdDSA
// VC-JWT and Data Integrity proof, stored durably before the 201.
func BenchmarkHTTPIssue(b *testing.B) {
	a := httpBenchApp(b)
	first := a.addMembers(b, b.N)
	drive(b, a.client, 4, b.N, 0, func(i int) (*http.Request, int) {
		req, _ := http.NewRequest("POST", a.base+"/api/v1/credentials",
			strings.NewReader(fmt.Sprintf(`{"achievement":"project-trainer","member":"bench-%d"}`, first+int64(i))))
		req.Header.Set("Authorization", "Bearer "+adminToken)
		req.Header.Set("Content-Type", "application/json")
		return req, http.StatusCreated
	})
}

// verifyPeak is the rate BenchmarkHTTPVerify/clients=8 reached, for the
// half-peak run after it.
var verifyPeak float64

// BenchmarkHTTPVerify verifies one of the server's VC-JWTs (EdDSA) with
// POST /api/v1/verify: in process (the same server's Verify, no HTTP: the
// baseline), from 8 clients as fast as they are answered (the peak), and
// at half that rate (an open loop), where the latency target applies.
func BenchmarkHTTPVerify(b *testing.B) {
	a := httpBenchApp(b)
	verify := func(int) (*http.Request, int) {
		req, _ := http.NewRequest("POST", a.base+"/api/v1/verify", strings.NewReader(a.jwt))
		req.Header.Set("Content-Type", "application/jwt")
		return req, http.StatusOK
	}
	b.Run("in-process", func(b *testing.B) {
		ctx := context.Background()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if v := a.m.Server.Verify(ctx, []byte(a.jwt), "application/jwt"); !v.Verified {
					b.Errorf("Verify = %s", v.Outcome)
					return
				}
			}
		})
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
	})
	b.Run("clients=8", func(b *testing.B) {
		drive(b, a.client, 8, b.N, 0, verify)
		verifyPeak = float64(b.N) / b.Elapsed().Seconds()
	})
	b.Run("half-peak", func(b *testing.B) {
		if verifyPeak == 0 {
			b.Skip("run with clients=8 first")
		}
		drive(b, a.client, 16, b.N, verifyPeak/2, verify)
	})
}

func TestMain(m *testing.M) {
	code := m.Run()
	for _, d := range benchDirs {
		os.RemoveAll(d)
	}
	for _, drop := range benchDrops {
		if err := drop(); err != nil {
			fmt.Fprintln(os.Stderr, "dropping a benchmark's schema:", err)
		}
	}
	os.Exit(code)
}

// BenchmarkHTTPTwoNodes is BenchmarkHTTPIssue and BenchmarkHTTPVerify's
// peak through two nodes sharing one PostgreSQL database, the requests
// alternating between them as a round-robin load balancer would send
// them. Both nodes run in this process, on the same cores: it measures
// what sharing the database costs (conflicts, retries, the change feed),
// not what a second machine would add.
func BenchmarkHTTPTwoNodes(b *testing.B) {
	if !pgtest.Enabled() {
		b.Skipf("two nodes need a shared database: %s is not set (make bench runs this on a throwaway PostgreSQL)", pgtest.EnvURL)
	}
	a := httpBenchApp(b)
	bases := []string{a.base, a.secondNode(b)}
	b.Run("issue", func(b *testing.B) {
		first := a.addMembers(b, b.N)
		drive(b, a.client, 4, b.N, 0, func(i int) (*http.Request, int) {
			req, _ := http.NewRequest("POST", bases[i%2]+"/api/v1/credentials",
				strings.NewReader(fmt.Sprintf(`{"achievement":"project-trainer","member":"bench-%d"}`, first+int64(i))))
			req.Header.Set("Authorization", "Bearer "+adminToken)
			req.Header.Set("Content-Type", "application/json")
			return req, http.StatusCreated
		})
	})
	b.Run("verify", func(b *testing.B) {
		drive(b, a.client, 8, b.N, 0, func(i int) (*http.Request, int) {
			req, _ := http.NewRequest("POST", bases[i%2]+"/api/v1/verify", strings.NewReader(a.jwt))
			req.Header.Set("Content-Type", "application/jwt")
			return req, http.StatusOK
		})
	})
}
