package main

import (
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/internal/pgtest"
	"github.com/accolade-badges/accolade/store"
)

// crashKills is how many times TestCrashIssuance kills the server: a few
// in make test, ACCOLADE_CRASH_KILLS in make crash.
func crashKills() int {
	if n, err := strconv.Atoi(os.Getenv("ACCOLADE_CRASH_KILLS")); err == nil && n > 0 {
		return n
	}
	return 4
}

const crashAchievements = `{"files":[{"name":"c.yaml","content":"id: host\nname: Host\ndescription: Issued by hand.\nachievementType: Badge\n"},
{"name":"t.yaml","content":"id: teacher\nname: Teacher\ndescription: Taught once.\ncriteria:\n  rule:\n    exchanges: {role: teacher, confirmed: true, count: 1}\n"}]}`

// TestCrashIssuance kills accolade serve with SIGKILL at random moments
// while clients issue credentials directly and post exchanges that award
// them by rule, many at once. After every kill the data directory opens,
// and: every issued credential is complete (JSON and VC-JWT) and verifies
// once the server is back; no member holds two valid credentials for one
// achievement; no status list index is given twice; every credential's
// award mail is in the outbox exactly once; every credential the server
// answered as issued (201, or in an exchange's answer) is stored. Under
// make test-pg the store is a fresh PostgreSQL schema instead, and the
// same holds of it.
func TestCrashIssuance(t *testing.T) {
	if testing.Short() {
		t.Skip("the crash test starts and kills a server several times")
	}
	dir := t.TempDir()
	// The same public address across restarts (each child listens on a new
	// port): credentials issued before a kill name the issuer by it.
	t.Setenv("ACCOLADE_BASE_URL", "https://badges.example.org")
	sink := startSMTPSink(t, false)
	databaseURL := pgtest.URL(t)
	var env []string
	if databaseURL != "" {
		if _, err := store.Migrate(databaseURL); err != nil {
			t.Fatal(err)
		}
		env = []string{"ACCOLADE_DATABASE_URL=" + databaseURL, "ACCOLADE_KEY_PASSPHRASE=" + pgPassphrase}
	}
	child := startCrashChild(t, dir, sink.addr, env...)
	child.api("POST", "/api/v1/achievements", "application/json", crashAchievements, http.StatusOK)
	var members strings.Builder
	members.WriteString("id,name,email\n")
	const n = 120
	for i := range n {
		fmt.Fprintf(&members, "m%d,Member %d,m%d@example.org\n", i, i, i)
	}
	child.api("POST", "/api/v1/import/members", "text/csv", members.String(), http.StatusOK)
	var exchange atomic.Int64
	answered := &answeredIDs{ids: map[string]bool{}}
	checked := 0
	for kill := range crashKills() {
		stop := make(chan struct{})
		var wg sync.WaitGroup
		for w := range 6 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				r := rand.New(rand.NewPCG(uint64(kill), uint64(w)))
				for {
					select {
					case <-stop:
						return
					default:
					}
					a, b := r.IntN(n), r.IntN(n)
					if a == b {
						continue
					}
					var path, body string
					if w%2 == 0 {
						path, body = "/api/v1/credentials", fmt.Sprintf(`{"achievement":"host","member":"m%d"}`, a)
					} else {
						path = "/api/v1/exchanges"
						body = fmt.Sprintf(`{"id":"x%d","kind":"one_to_one","skills":["cooking"],"hours":1,"occurredAt":"2026-03-01T10:00:00Z","teachers":["m%d"],"learners":["m%d"],"confirmedBy":["m%d"]}`,
							exchange.Add(1), a, b, b)
					}
					req, _ := http.NewRequest("POST", child.base+path, strings.NewReader(body))
					req.Header.Set("Authorization", "Bearer "+adminToken)
					req.Header.Set("Content-Type", "application/json")
					if resp, err := http.DefaultClient.Do(req); err == nil {
						answered.note(resp)
					} else {
						time.Sleep(5 * time.Millisecond) // the server is gone: until it is back
					}
				}
			}()
		}
		time.Sleep(time.Duration(80+rand.IntN(400)) * time.Millisecond)
		child.kill()
		close(stop)
		wg.Wait()
		checked += checkAfterCrash(t, dir, databaseURL, kill, answered.all())
		child = startCrashChild(t, dir, sink.addr, env...)
		verifyStored(t, child)
	}
	child.stop()
	if checked == 0 {
		t.Fatal("no credential was issued before any kill: the test checked nothing")
	}
	t.Logf("%d kills; %d credentials checked after them", crashKills(), checked)
}

// answeredIDs collects the ids of the credentials the server answered as
// issued (a direct issue's 201, an exchange's "issued" list).
type answeredIDs struct {
	mu  sync.Mutex
	ids map[string]bool
}

// note reads and closes an answer, keeping the ids of the credentials it
// says were issued.
func (a *answeredIDs) note(resp *http.Response) {
	defer resp.Body.Close()
	var body struct {
		ID     string `json:"id"`
		Issued []struct {
			ID string `json:"id"`
		} `json:"issued"`
	}
	data, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode/100 != 2 || json.Unmarshal(data, &body) != nil {
		return // cut off by the kill, or refused: nothing was promised
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if resp.StatusCode == http.StatusCreated && body.ID != "" {
		a.ids[body.ID] = true
	}
	for _, c := range body.Issued {
		a.ids[c.ID] = true
	}
}

func (a *answeredIDs) all() []string {
	a.mu.Lock()
	defer a.mu.Unlock()
	out := make([]string, 0, len(a.ids))
	for id := range a.ids {
		out = append(out, id)
	}
	return out
}

// checkAfterCrash opens the killed server's store (the data directory, or
// the database at databaseURL) and checks the
// store's invariants, and that every credential in answered (the ids the
// server answered as issued) is stored; it returns how many issued
// credentials it checked.
func checkAfterCrash(t *testing.T, dir, databaseURL string, kill int, answered []string) int {
	t.Helper()
	db, err := store.OpenDatabase(dir, databaseURL)
	if err != nil {
		t.Fatalf("kill %d: the data directory does not open: %v", kill, err)
	}
	defer db.Close()
	recs, err := db.Credentials(accolade.CredentialFilter{})
	if err != nil {
		t.Fatal(err)
	}
	valid := map[string]string{}
	indexes := map[string]string{}
	issued := 0
	now := time.Now()
	for _, r := range recs {
		for _, e := range r.StatusEntries {
			k := fmt.Sprintf("%s/%s/%d#%d", r.Issuer, e.Purpose, e.List, e.Index)
			if other, dup := indexes[k]; dup {
				t.Errorf("kill %d: status index %s is given to %s and %s", kill, k, other, r.ID)
			}
			indexes[k] = r.ID
		}
		if r.State != accolade.Issued {
			continue
		}
		issued++
		if len(r.JSON) == 0 || r.JWT == "" || r.KeyID == "" {
			t.Errorf("kill %d: credential %s is issued but incomplete (json %d bytes, jwt %d)", kill, r.ID, len(r.JSON), len(r.JWT))
		}
		if r.Valid(now) && r.SupersededBy == "" {
			k := r.Member + "/" + r.Achievement
			if other, dup := valid[k]; dup {
				t.Errorf("kill %d: %s holds two valid %s credentials, %s and %s", kill, r.Member, r.Achievement, other, r.ID)
			}
			valid[k] = r.ID
		}
	}
	mail, err := db.Outbox(1 << 20)
	if err != nil {
		t.Fatal(err)
	}
	awards := map[string]int{}
	for _, e := range mail {
		if e.Notice.Kind == accolade.NoticeAwarded {
			awards[e.Notice.Credential]++
		}
	}
	stored := map[string]bool{}
	for _, r := range recs {
		if r.State == accolade.Issued && awards[r.ID] != 1 {
			t.Errorf("kill %d: credential %s has %d award mails in the outbox, want 1", kill, r.ID, awards[r.ID])
		}
		stored[r.ID] = r.State == accolade.Issued
	}
	for _, id := range answered {
		if !stored[id] {
			t.Errorf("kill %d: credential %s was answered as issued but is not stored", kill, id)
		}
	}
	if kill == 0 {
		t.Logf("kill 0: %d credentials answered as issued, %d stored", len(answered), issued)
	}
	return issued
}

// verifyStored verifies the VC-JWTs of up to 20 stored credentials, the
// newest first (what was issued just before the kill), through the
// restarted server (its verify limit allows a burst of 30).
func verifyStored(t *testing.T, c *crashChild) {
	t.Helper()
	req, _ := http.NewRequest("GET", c.base+"/api/v1/credentials", nil)
	req.Header.Set("Authorization", "Bearer "+adminToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var list struct {
		Credentials []struct {
			ID string `json:"id"`
		} `json:"credentials"`
	}
	mustOKJSON(t, resp.Body, &list)
	creds := list.Credentials
	if len(creds) > 20 {
		creds = creds[len(creds)-20:]
	}
	for _, cr := range creds {
		r, err := http.Get(c.base + "/credentials/" + cr.ID + ".jwt")
		if err != nil {
			t.Fatal(err)
		}
		jwt, _ := io.ReadAll(r.Body)
		r.Body.Close()
		v, err := http.Post(c.base+"/api/v1/verify", "application/jwt", strings.NewReader(string(jwt)))
		if err != nil {
			t.Fatal(err)
		}
		var verdict struct {
			Outcome string `json:"outcome"`
		}
		mustOKJSON(t, v.Body, &verdict)
		if verdict.Outcome != "valid" {
			t.Errorf("credential %s after a crash: outcome %q, want valid", cr.ID, verdict.Outcome)
		}
	}
}

// mustOKJSON decodes a JSON answer's body into v and closes it.
func mustOKJSON(t *testing.T, body io.ReadCloser, v any) {
	t.Helper()
	defer body.Close()
	if err := json.NewDecoder(body).Decode(v); err != nil {
		t.Fatal(err)
	}
}
