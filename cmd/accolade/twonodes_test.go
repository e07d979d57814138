package main

import (
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/accolade-badges/accolade/internal/pgtest"
	"github.com/accolade-badges/accolade/store"
)

// TestPostgresTwoNodes runs two accolade serve processes on one
// PostgreSQL database, each with its own mail worker and SMTP server,
// and, through both at once, issues credentials directly (the same
// members on both nodes) and posts exchanges that award by rule. Then:
// no member holds two valid credentials for one achievement, no status
// index is given twice, every credential answered as issued is stored
// with one award notice, each award mail is sent once (by one node or
// the other), and a credential issued on one node verifies on the other,
// as does its revocation at once.
//
// and a member and exchange posted to one node show in the other's
// progress within a few seconds (its index follows the change feed).
func TestPostgresTwoNodes(t *testing.T) {
	if !pgtest.Enabled() {
		t.Skipf("%s is not set: make test-pg runs this on a throwaway PostgreSQL", pgtest.EnvURL)
	}
	if testing.Short() {
		t.Skip("starts two servers")
	}
	url := pgtest.URL(t)
	if _, err := store.Migrate(url); err != nil {
		t.Fatal(err)
	}
	t.Setenv("ACCOLADE_BASE_URL", "https://badges.example.org")
	env := []string{"ACCOLADE_DATABASE_URL=" + url, "ACCOLADE_KEY_PASSPHRASE=" + pgPassphrase}
	sinkA, sinkB := startSMTPSink(t, false), startSMTPSink(t, false)
	// The first node makes the default issuer and its keys; the second
	// starts once they exist (a node loads the keys at start).
	a := startCrashChild(t, t.TempDir(), sinkA.addr, env...)
	a.api("POST", "/api/v1/achievements", "application/json", crashAchievements, http.StatusOK)
	var members strings.Builder
	members.WriteString("id,name,email\n")
	const n = 40
	for i := range n {
		fmt.Fprintf(&members, "m%d,Member %d,m%d@example.org\n", i, i, i)
	}
	a.api("POST", "/api/v1/import/members", "text/csv", members.String(), http.StatusOK)
	b := startCrashChild(t, t.TempDir(), sinkB.addr, env...)
	nodes := []*crashChild{a, b}

	answered := &answeredIDs{ids: map[string]bool{}}
	var refused, failed, exchange atomic.Int64
	var wg sync.WaitGroup
	deadline := time.Now().Add(3 * time.Second)
	for w := range 6 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := rand.New(rand.NewPCG(7, uint64(w)))
			for time.Now().Before(deadline) {
				node := nodes[r.IntN(2)]
				x, y := r.IntN(n), r.IntN(n)
				if x == y {
					continue
				}
				path, body := "/api/v1/credentials", fmt.Sprintf(`{"achievement":"host","member":"m%d"}`, x)
				if w%3 == 2 {
					path = "/api/v1/exchanges"
					body = fmt.Sprintf(`{"id":"x%d","kind":"one_to_one","skills":["cooking"],"hours":1,"occurredAt":"2026-03-01T10:00:00Z","teachers":["m%d"],"learners":["m%d"],"confirmedBy":["m%d"]}`,
						exchange.Add(1), x, y, y)
				}
				req, _ := http.NewRequest("POST", node.base+path, strings.NewReader(body))
				req.Header.Set("Authorization", "Bearer "+adminToken)
				req.Header.Set("Content-Type", "application/json")
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Errorf("POST %s: %v", path, err)
					return
				}
				switch {
				case resp.StatusCode == http.StatusConflict:
					refused.Add(1)
				case resp.StatusCode >= 500:
					b, _ := io.ReadAll(resp.Body)
					failed.Add(1)
					t.Logf("POST %s = %d %.200s", path, resp.StatusCode, b)
				}
				answered.note(resp)
			}
		}()
	}
	wg.Wait()
	ids := answered.all()
	if len(ids) < n/2 {
		t.Fatalf("only %d credentials were issued", len(ids))
	}
	t.Logf("two nodes: %d credentials answered as issued, %d requests refused as already held, %d failed", len(ids), refused.Load(), failed.Load())
	if failed.Load() > 0 {
		t.Errorf("%d requests failed with a server error", failed.Load())
	}

	// Each credential on the other node: issued by either, verified by
	// both; a revocation through one shows on the other at once.
	for i, id := range ids[:6] {
		from, other := nodes[i%2], nodes[1-i%2]
		jwt := get(t, from.base+"/credentials/"+id+".jwt")
		if got := verifyOn(t, other, jwt); got != "valid" {
			t.Errorf("credential %s on the other node: %s", id, got)
		}
		if i < 3 {
			from.api("POST", "/api/v1/credentials/"+id+"/revoke", "application/json", `{"reason":"test"}`, http.StatusOK)
			if got := verifyOn(t, other, jwt); got != "revoked" {
				t.Errorf("credential %s revoked on one node: %s on the other", id, got)
			}
		}
	}

	// A member and an exchange posted to A reach B's progress pages
	// (B follows A's change feed every second).
	a.api("POST", "/api/v1/import/members", "text/csv", "id,name,email\nlate,Late,late@example.org\n", http.StatusOK)
	a.api("POST", "/api/v1/exchanges", "application/json", `{"id":"xlate","kind":"one_to_one","skills":["cooking"],"hours":1,"occurredAt":"2026-03-01T10:00:00Z","teachers":["late"],"learners":["m0"],"confirmedBy":["m0"]}`, http.StatusCreated)
	waitFor(t, "node B's progress of a member whose exchange was posted to node A", func() bool {
		req, _ := http.NewRequest("GET", b.base+"/api/v1/members/late/progress", nil)
		req.Header.Set("Authorization", "Bearer "+adminToken)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return false
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode == http.StatusOK && strings.Contains(string(body), "xlate")
	})

	// Every award mail, once, from one node or the other.
	sent := func() map[string]int {
		m := map[string]int{}
		for _, s := range []*smtpSink{sinkA, sinkB} {
			_, got := s.counts()
			for _, id := range got {
				if strings.HasPrefix(id, "<awarded=3A") {
					m[id]++
				}
			}
		}
		return m
	}
	waitFor(t, "an award mail for every credential", func() bool { return len(sent()) >= len(ids) })
	time.Sleep(time.Second) // a second send would come soon after
	a.stop()
	b.stop()
	for id, k := range sent() {
		if k != 1 {
			t.Errorf("award mail %s was sent %d times", id, k)
		}
	}
	_, fromA := sinkA.counts()
	_, fromB := sinkB.counts()
	t.Logf("award mails: %d sent by node A, %d by node B", len(fromA), len(fromB))
	checkAfterCrash(t, "", url, 0, ids)
}

func get(t *testing.T, u string) string {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s = %d %s", u, resp.StatusCode, b)
	}
	return string(b)
}

func verifyOn(t *testing.T, c *crashChild, jwt string) string {
	t.Helper()
	resp, err := http.Post(c.base+"/api/v1/verify", "application/jwt", strings.NewReader(jwt))
	if err != nil {
		t.Fatal(err)
	}
	var v struct {
		Outcome string `json:"outcome"`
	}
	mustOKJSON(t, resp.Body, &v)
	return v.Outcome
}
