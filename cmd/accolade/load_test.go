package main

import (
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/accolade-badges/accolade/internal/mailtest"
)

// loadDuration is how long TestLoad drives traffic: 3 s in make test,
// ACCOLADE_LOAD_TIME (a Go duration) in make load.
func loadDuration() time.Duration {
	if d, err := time.ParseDuration(os.Getenv("ACCOLADE_LOAD_TIME")); err == nil && d > 0 {
		return d
	}
	return 3 * time.Second
}

// loadOp is one kind of request of the mix: its name, weight and how to
// make one.
type loadOp struct {
	name   string
	weight int
	do     func(c *http.Client, r *rand.Rand) (*http.Response, error)
}

// loadStats are one kind's answers.
type loadStats struct {
	latencies []time.Duration
	errors    int
	statuses  map[int]int
}

// TestLoad drives mixed traffic at the demo server for a set time from 8
// clients: credential pages and PDFs, verification of our credentials and
// of a did:key issuer's (no fetch), exchanges posted (which award), direct
// issuance, and member pages behind a signed-in session. It reports
// throughput, p50 and p99 per kind, and fails on any error answer (a 5xx,
// a refused connection, or an unexpected 4xx); afterwards the goroutines
// are back to their count before, and the heap did not keep growing.
func TestLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("the load test drives traffic for seconds")
	}
	smtp := mailtest.Start(t)
	a := startAppWith(t, func(m *Main) {
		m.Config.SMTPURL, m.Config.MailFrom = smtp.URL(), "Riverside Badges <badges@example.org>"
		m.VerifyPerSecond, m.SignInPerMinute, m.PagesPerSecond = -1, -1, -1 // one client address here: the limits are not under test
	}, "--demo")
	creds := demoCredentials(t, a)
	var ids []string
	for _, id := range creds {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	ours := credentialJWT(t, a, ids[0])
	foreign := foreignJWT(t)
	member := signInHTTP(t, a, smtp, "olga@example.org")

	var next int64
	var nextMu sync.Mutex
	newID := func() int64 { nextMu.Lock(); defer nextMu.Unlock(); next++; return next }
	get := func(path string) func(*http.Client, *rand.Rand) (*http.Response, error) {
		return func(c *http.Client, _ *rand.Rand) (*http.Response, error) { return c.Get(a.base + path) }
	}
	post := func(c *http.Client, path, ctype, body string, token bool) (*http.Response, error) {
		req, _ := http.NewRequest("POST", a.base+path, strings.NewReader(body))
		req.Header.Set("Content-Type", ctype)
		if token {
			req.Header.Set("Authorization", "Bearer "+adminToken)
		}
		return c.Do(req)
	}
	demoMembers := []string{"ana", "layla", "ananya", "xiaoming", "olga"}
	ops := []loadOp{
		{"credential page", 20, func(c *http.Client, r *rand.Rand) (*http.Response, error) {
			return c.Get(a.base + "/credentials/" + ids[r.IntN(len(ids))])
		}},
		{"PDF certificate", 5, func(c *http.Client, r *rand.Rand) (*http.Response, error) {
			return c.Get(a.base + "/credentials/" + ids[r.IntN(len(ids))] + ".pdf")
		}},
		{"verify ours", 20, func(c *http.Client, _ *rand.Rand) (*http.Response, error) {
			return post(c, "/api/v1/verify", "application/jwt", ours, false)
		}},
		{"verify did:key", 10, func(c *http.Client, _ *rand.Rand) (*http.Response, error) {
			return post(c, "/api/v1/verify", "application/jwt", foreign, false)
		}},
		{"home page", 5, get("/")},
		{"post exchange", 10, func(c *http.Client, r *rand.Rand) (*http.Response, error) {
			t, l := demoMembers[r.IntN(len(demoMembers))], demoMembers[r.IntN(len(demoMembers))]
			if t == l {
				l = "amara"
			}
			return post(c, "/api/v1/exchanges", "application/json", fmt.Sprintf(
				`{"id":"load-%d","kind":"one_to_one","skills":["cooking"],"hours":1,"occurredAt":"2026-03-01T10:00:00Z","teachers":[%q],"learners":[%q],"confirmedBy":[%q]}`,
				newID(), t, l, l), true)
		}},
		{"issue directly", 3, func(c *http.Client, r *rand.Rand) (*http.Response, error) {
			return post(c, "/api/v1/credentials", "application/json", fmt.Sprintf(`{"achievement":"wiki-editor","member":%q}`, demoMembers[r.IntN(len(demoMembers))]), true)
		}},
		{"member page", 10, func(c *http.Client, r *rand.Rand) (*http.Response, error) {
			return member.Get(a.base + []string{"/account", "/account/progress", "/account/exchanges"}[r.IntN(3)])
		}},
	}
	expected := map[string][]int{"issue directly": {http.StatusCreated, http.StatusConflict}, "post exchange": {http.StatusCreated, http.StatusOK}}

	runtime.GC()
	goroutinesBefore := runtime.NumGoroutine()
	var heapBefore runtime.MemStats
	runtime.ReadMemStats(&heapBefore)

	total := 0
	for _, o := range ops {
		total += o.weight
	}
	stats := map[string]*loadStats{}
	for _, o := range ops {
		stats[o.name] = &loadStats{statuses: map[int]int{}}
	}
	var mu sync.Mutex
	var wg sync.WaitGroup
	d := loadDuration()
	deadline := time.Now().Add(d)
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := rand.New(rand.NewPCG(uint64(w), 7))
			c := &http.Client{Timeout: 10 * time.Second}
			for time.Now().Before(deadline) {
				pick, o := r.IntN(total), ops[0]
				for _, op := range ops {
					if pick < op.weight {
						o = op
						break
					}
					pick -= op.weight
				}
				start := time.Now()
				resp, err := o.do(c, r)
				took := time.Since(start)
				status := 0
				if err == nil {
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					status = resp.StatusCode
				}
				mu.Lock()
				s := stats[o.name]
				s.latencies = append(s.latencies, took)
				s.statuses[status]++
				want := expected[o.name]
				if want == nil {
					want = []int{http.StatusOK}
				}
				if !slices.Contains(want, status) {
					s.errors++
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()

	var report strings.Builder
	fmt.Fprintf(&report, "%d clients for %s:\n", 8, d)
	all := 0
	for _, o := range ops {
		s := stats[o.name]
		all += len(s.latencies)
		slices.Sort(s.latencies)
		fmt.Fprintf(&report, "  %-16s %6d requests %7.1f/s  p50 %6.2f ms  p99 %6.2f ms  errors %d %v\n", o.name, len(s.latencies),
			float64(len(s.latencies))/d.Seconds(), ms(percentile(s.latencies, 50)), ms(percentile(s.latencies, 99)), s.errors, s.statuses)
		if s.errors > 0 {
			t.Errorf("%s: %d error answers (statuses %v)", o.name, s.errors, s.statuses)
		}
	}
	fmt.Fprintf(&report, "  all              %6d requests %7.1f/s\n", all, float64(all)/d.Seconds())

	// Flat afterwards: the goroutines settle back, and the heap after a
	// collection holds no growing backlog of the traffic.
	http.DefaultClient.CloseIdleConnections()
	var goroutinesAfter int
	for range 50 {
		runtime.GC()
		if goroutinesAfter = runtime.NumGoroutine(); goroutinesAfter <= goroutinesBefore+4 {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	var heapAfter runtime.MemStats
	runtime.ReadMemStats(&heapAfter)
	fmt.Fprintf(&report, "  goroutines %d before, %d after; heap in use %.1f MiB before, %.1f MiB after", goroutinesBefore, goroutinesAfter,
		float64(heapBefore.HeapInuse)/(1<<20), float64(heapAfter.HeapInuse)/(1<<20))
	t.Log(report.String())
	if goroutinesAfter > goroutinesBefore+4 {
		t.Errorf("goroutines: %d before the load, %d after: something leaks", goroutinesBefore, goroutinesAfter)
	}
	if heapAfter.HeapInuse > heapBefore.HeapInuse+256<<20 {
		t.Errorf("heap in use grew from %d to %d bytes under load", heapBefore.HeapInuse, heapAfter.HeapInuse)
	}
	if all == 0 {
		t.Fatal("no request was made")
	}
}

func percentile(sorted []time.Duration, p int) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	return sorted[min(len(sorted)-1, len(sorted)*p/100)]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

var signInLink = regexp.MustCompile(`https?://[^\s"<>]+/signin/[A-Za-z0-9_-]+`)

// signInHTTP signs email in as a browser would (the form, the mailed link,
// its button) and returns a client holding the session cookie.
func signInHTTP(t *testing.T, a *app, smtp *mailtest.Server, email string) *http.Client {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, Timeout: 10 * time.Second}
	form := func(u string, v url.Values) {
		req, _ := http.NewRequest("POST", u, strings.NewReader(v.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", a.base)
		req.Header.Set("Sec-Fetch-Site", "same-origin")
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode >= 400 {
			t.Fatalf("POST %s = %d", u, resp.StatusCode)
		}
	}
	form(a.base+"/signin", url.Values{"email": {email}})
	msgs := smtp.Wait(10*time.Second, func(m *mailtest.Message) bool {
		return slices.Contains(m.To, email) && signInLink.MatchString(m.Text)
	})
	if len(msgs) == 0 {
		t.Fatalf("no sign-in mail for %s", email)
	}
	link := signInLink.FindString(msgs[len(msgs)-1].Text)
	if link == "" {
		t.Fatalf("no sign-in link in:\n%s", msgs[len(msgs)-1].Text)
	}
	form(link, url.Values{})
	resp, err := c.Get(a.base + "/account")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.Request.URL.Path != "/account" {
		t.Fatalf("signed in as %s, GET /account ends at %s", email, resp.Request.URL)
	}
	return c
}
