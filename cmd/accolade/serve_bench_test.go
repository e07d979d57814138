package main

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/criteria"
	"github.com/accolade-badges/accolade/store"
)

// BenchmarkServe measures serve as a separate process (this test binary
// run as accolade, see TestCrashMailChild) on a community of members,
// exchanges and issued credentials: the time from start to its first
// answer with the award index built from the records (the first start, or
// one after a crash), then, after a clean shutdown, from its snapshot; and
// the process's resident memory once it has answered a round of public
// requests (home page, credential pages, verification, status list).
// 1,000 members, 10,000 exchanges and 10,000 credentials; with
// ACCOLADE_BENCH_LARGE=1 also 100,000, 1,000,000 and 1,000,000 (about
// 12 GB of disk, and a few minutes to fill).
//
// The credentials are copies of one issued credential under other ids
// and members (10 achievements per member): as large as real ones, each
// with a status entry and its award mail sent, but signed only once.
func BenchmarkServe(b *testing.B) {
	sizes := []struct{ members, exchanges, credentials int }{{1_000, 10_000, 10_000}}
	if os.Getenv("ACCOLADE_BENCH_LARGE") == "1" {
		sizes = append(sizes, struct{ members, exchanges, credentials int }{10_000, 100_000, 100_000},
			struct{ members, exchanges, credentials int }{100_000, 1_000_000, 1_000_000})
	}
	for _, sz := range sizes {
		b.Run(fmt.Sprintf("credentials=%d", sz.credentials), func(b *testing.B) {
			dir := b.TempDir()
			communityWithOneCredential(b, dir)
			fillExchanges(b, dir, sz.members, sz.exchanges)
			some := fillCopies(b, dir, sz.members, sz.credentials)
			for b.Loop() {
				b.StopTimer()
				os.Remove(dir + "/index.snapshot")
				records := startServeChild(b, dir)
				records.publicRound(b, some)
				b.ReportMetric(records.rss(b)["VmHWM"], "MiB-peak-rss-from-records")
				records.stop(b)
				snap := startServeChild(b, dir)
				snap.publicRound(b, some)
				rss := snap.rss(b)
				rate, p99 := snap.issueRound(b, sz.members, curveIssues)
				snap.stop(b)
				b.ReportMetric(rate, "issued/s")
				b.ReportMetric(p99, "issue-p99-ms")
				b.StartTimer()
				b.ReportMetric(records.started.Seconds(), "s-start-from-records")
				b.ReportMetric(snap.started.Seconds(), "s-start-from-snapshot")
				b.ReportMetric(rss["VmRSS"], "MiB-rss")
				b.ReportMetric(rss["RssAnon"], "MiB-rss-anon")
				b.ReportMetric(rss["RssFile"], "MiB-rss-file")
				b.ReportMetric(rss["VmHWM"], "MiB-peak-rss")
			}
		})
	}
}

// fillCopies stores n issued credentials, copies of mia's under new ids,
// for members m0… of fillExchanges and achievements bench-0 to bench-9,
// with their award mail marked sent, from many goroutines at once (the
// store's group commit shares their transactions). It returns some of
// their ids.
func fillCopies(b *testing.B, dir string, members, n int) []string {
	b.Helper()
	db, err := store.Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	recs, err := db.Credentials(accolade.CredentialFilter{Member: "mia"})
	if err != nil || len(recs) != 1 {
		b.Fatalf("Credentials(mia) = %d, %v", len(recs), err)
	}
	model := recs[0]
	const achievements = 10
	for i := range achievements {
		if err := db.PutAchievement(&criteria.Achievement{ID: fmt.Sprintf("bench-%d", i), Name: fmt.Sprintf("Bench %d", i),
			Description: "Issued by hand."}); err != nil {
			b.Fatal(err)
		}
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	errc := make(chan error, 1)
	for range 64 {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				if err := storeCopy(db, model, i, i%members, i/members%achievements); err != nil {
					select {
					case errc <- err:
					default:
					}
					return
				}
			}
		})
	}
	wg.Wait()
	select {
	case err := <-errc:
		b.Fatal(err)
	default:
	}
	if _, err := db.PruneOutbox(time.Now().Add(time.Hour)); err != nil {
		b.Fatal(err)
	}
	return []string{copyID(0), copyID(n / 2), copyID(n - 1)}
}

func copyID(i int) string { return fmt.Sprintf("00000000-0000-4000-8000-%012d", i) }

func storeCopy(db *store.DB, model *accolade.Record, i, member, ach int) error {
	created := model.Created.Add(time.Duration(i) * time.Second)
	rec := &accolade.Record{ID: copyID(i), State: accolade.Pending, Issuer: model.Issuer,
		Achievement: fmt.Sprintf("bench-%d", ach), Member: fmt.Sprintf("m%d", member),
		ValidFrom: created, Status: accolade.Active, Created: created,
		StatusEntries: []accolade.StatusEntry{{Purpose: accolade.PurposeRevocation, Index: i * 7919}}}
	if err := db.ReserveCredential(rec, created); err != nil {
		return err
	}
	rec.State, rec.JSON, rec.JWT = accolade.Issued, model.JSON, model.JWT
	rec.KeyID, rec.Alg, rec.ProofKeyID = model.KeyID, model.Alg, model.ProofKeyID
	if err := db.CompleteCredential(rec); err != nil {
		return err
	}
	return db.MarkSent("awarded:"+rec.ID, created)
}

// curveIssues is how many credentials issueRound issues.
const curveIssues = 2000

// issueRound issues n new credentials through POST /api/v1/credentials
// from 4 connections, members m0… for a new achievement each time members
// run out, and returns the rate and the p99 latency: issuance as the store
// grows.
func (c *serveChild) issueRound(b *testing.B, members, n int) (rate, p99ms float64) {
	b.Helper()
	for k := 0; k*members < n; k++ {
		yaml := fmt.Sprintf("id: curve-%d\nname: Curve %d\ndescription: Issued by hand.\n", k, k)
		c.call(b, "PUT", "/api/v1/achievements/curve-"+strconv.Itoa(k), "application/yaml", yaml, http.StatusCreated)
	}
	lat := make([]time.Duration, n)
	var next atomic.Int64
	var wg sync.WaitGroup
	start := time.Now()
	for range 4 {
		wg.Go(func() {
			for i := int(next.Add(1)) - 1; i < n; i = int(next.Add(1)) - 1 {
				t0 := time.Now()
				c.call(b, "POST", "/api/v1/credentials", "application/json",
					fmt.Sprintf(`{"achievement":"curve-%d","member":"m%d"}`, i/members, i%members), http.StatusCreated)
				lat[i] = time.Since(t0)
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	slices.Sort(lat)
	return float64(n) / elapsed.Seconds(), float64(lat[n*99/100]) / 1e6
}

// call sends one admin API request and checks its status.
func (c *serveChild) call(b *testing.B, method, path, ctype, body string, want int) {
	req, _ := http.NewRequest(method, c.base+path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+adminToken)
	req.Header.Set("Content-Type", ctype)
	resp, err := c.client.Do(req)
	if err != nil {
		b.Error(err)
		return
	}
	got, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != want {
		b.Errorf("%s %s = %d %.300s, want %d", method, path, resp.StatusCode, got, want)
	}
}

// serveChild is serve running as a child process.
type serveChild struct {
	cmd    *exec.Cmd
	base   string
	client *http.Client // keeps a connection for each of issueRound's

	started time.Duration // from start to the first answer of /healthz
	out     *strings.Builder
	w       *syncWriter
}

func startServeChild(b *testing.B, dir string) *serveChild {
	b.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashMailChild$")
	cmd.Env = append(os.Environ(), "ACCOLADE_CRASH_CHILD=1", "ACCOLADE_CRASH_ARGS=serve --data "+dir+" --addr "+addr,
		"ACCOLADE_ADMIN_TOKEN="+adminToken, "ACCOLADE_VERIFY_RATE=0", "ACCOLADE_PAGE_RATE=0")
	c := &serveChild{cmd: cmd, base: "http://" + addr, out: &strings.Builder{},
		client: &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 8}}}
	c.w = &syncWriter{w: c.out}
	cmd.Stdout, cmd.Stderr = c.w, c.w
	start := time.Now()
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	for deadline := start.Add(5 * time.Minute); ; time.Sleep(5 * time.Millisecond) {
		resp, err := http.Get(c.base + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				break
			}
		}
		if time.Now().After(deadline) {
			b.Fatalf("serve did not answer within 5 minutes:\n%s", c.output())
		}
	}
	c.started = time.Since(start)
	return c
}

func (c *serveChild) output() string {
	c.w.mu.Lock()
	defer c.w.mu.Unlock()
	return c.out.String()
}

// publicRound asks what a visitor and a verifier ask: the home page, the
// credential pages and files of ids, their verification and the status
// list.
func (c *serveChild) publicRound(b *testing.B, ids []string) {
	b.Helper()
	get := func(path string) string {
		resp, err := http.Get(c.base + path)
		if err != nil {
			b.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusOK {
			b.Fatalf("GET %s = %d %.300s", path, resp.StatusCode, body)
		}
		return string(body)
	}
	get("/")
	for _, id := range ids {
		get("/credentials/" + id)
		jwt := get("/credentials/" + id + ".jwt")
		resp, err := http.Post(c.base+"/api/v1/verify", "text/plain", strings.NewReader(jwt))
		if err != nil {
			b.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			b.Fatalf("POST /api/v1/verify = %d", resp.StatusCode)
		}
	}
	get("/status/default/revocation-1")
}

// rss reads the child's memory figures from /proc, in MiB.
func (c *serveChild) rss(b *testing.B) map[string]float64 {
	b.Helper()
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", c.cmd.Process.Pid))
	if err != nil {
		b.Skipf("no /proc here: %v", err)
	}
	defer f.Close()
	out := map[string]float64{}
	s := bufio.NewScanner(f)
	for s.Scan() {
		k, v, ok := strings.Cut(s.Text(), ":")
		if fields := strings.Fields(v); ok && len(fields) == 2 && fields[1] == "kB" {
			if kb, err := strconv.ParseFloat(fields[0], 64); err == nil {
				out[k] = kb / 1024
			}
		}
	}
	return out
}

// stop sends SIGTERM and waits for a clean exit (which writes the index
// snapshot).
func (c *serveChild) stop(b *testing.B) {
	b.Helper()
	c.cmd.Process.Signal(syscall.SIGTERM)
	if err := c.cmd.Wait(); err != nil {
		b.Fatalf("serve exited with %v:\n%s", err, c.output())
	}
}
