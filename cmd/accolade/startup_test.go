package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/award"
	"github.com/accolade-badges/accolade/ledger"
	"github.com/accolade-badges/accolade/store"
)

// runMain runs one command on a fresh Main over the data directory dir and
// returns the Main, so that a test can see what the command opened.
func runMain(tb testing.TB, dir string, args ...string) (*Main, int, string) {
	tb.Helper()
	var out, errOut bytes.Buffer
	env := map[string]string{"ACCOLADE_DATA": dir}
	m := NewMain(strings.NewReader(""), &out, &errOut, func(k string) string { return env[k] })
	code := m.Execute(context.Background(), args)
	return m, code, out.String() + errOut.String()
}

// communityWithOneCredential initialises dir, loads the trainer achievement
// (with the two it refers to) and the members of testdata, issues one credential and returns the path
// of its VC-JWT, written into dir.
func communityWithOneCredential(tb testing.TB, dir string) string {
	tb.Helper()
	abs := func(name string) string { p, _ := filepath.Abs(filepath.Join("testdata", name)); return p }
	for _, step := range []struct {
		args []string
		code int // members.csv has one bad row, refused
	}{
		{[]string{"init", "--issuer-name", "Riverside"}, 0},
		{[]string{"achievements", "load", abs("mentor.yaml"), abs("trainer.yaml"), abs("helper.yaml")}, 0},
		{[]string{"import", "members", abs("members.csv")}, exitFailure},
		{[]string{"issue", "--achievement", "trainer", "--member", "mia"}, 0},
	} {
		if _, code, out := runMain(tb, dir, step.args...); code != step.code {
			tb.Fatalf("accolade %q = exit %d, want %d\n%s", step.args, code, step.code, out)
		}
	}
	db, err := store.Open(dir)
	if err != nil {
		tb.Fatal(err)
	}
	defer db.Close()
	recs, err := db.Credentials(accolade.CredentialFilter{Member: "mia"})
	if err != nil || len(recs) != 1 {
		tb.Fatalf("Credentials(mia) = %d, %v; want 1", len(recs), err)
	}
	file := filepath.Join(dir, "mia.jwt")
	if err := os.WriteFile(file, []byte(recs[0].JWT), 0o600); err != nil {
		tb.Fatal(err)
	}
	return file
}

// TestStoreCommandsSkipTheAwardIndex: keys and verify (and init) open the
// store and keyring only; the award service, which loads every member and
// exchange into the criteria index, is made only by commands that issue or
// evaluate.
func TestStoreCommandsSkipTheAwardIndex(t *testing.T) {
	dir := t.TempDir()
	jwt := communityWithOneCredential(t, dir)
	_, _, listed := runMain(t, dir, "keys", "list")
	oldKey := strings.Fields(strings.Split(listed, "\n")[1])[0]

	tests := []struct {
		args   []string
		awards bool
		want   string
	}{
		{[]string{"keys", "list"}, false, "RS256"},
		{[]string{"verify", jwt}, false, "VALID"},
		{[]string{"keys", "rotate"}, false, "new signing keys"},
		{[]string{"keys", "remove", "--force", "--", oldKey}, false, "removed key " + oldKey},
		{[]string{"init", "--issuer-name", "Riverside"}, false, "nothing changed"},
		{[]string{"progress", "mia"}, true, "Trainer — EARNED"}, // the check below can see a load
		{[]string{"members", "list"}, true, "mia"},
	}
	for _, tt := range tests {
		m, code, out := runMain(t, dir, tt.args...)
		if code != 0 || !strings.Contains(out, tt.want) {
			t.Errorf("accolade %q = exit %d, want 0 with %q\n%s", tt.args, code, tt.want, out)
		}
		if loaded := m.Awards != nil; loaded != tt.awards {
			t.Errorf("accolade %q loaded the award index: %v, want %v", tt.args, loaded, tt.awards)
		}
	}
}

// BenchmarkStartup measures a direct-mode command from start to exit on a
// store with many exchanges: `keys list` and `verify FILE --data DIR`,
// which must not grow with the exchanges, beside opening the data directory
// with the award index (what issue, import and serve do) as the baseline.
// 100,000 members and 1,000,000 exchanges only with ACCOLADE_BENCH_LARGE=1.
func BenchmarkStartup(b *testing.B) {
	sizes := []struct{ members, exchanges int }{{1_000, 10_000}, {10_000, 100_000}}
	if os.Getenv("ACCOLADE_BENCH_LARGE") == "1" {
		sizes = append(sizes, struct{ members, exchanges int }{100_000, 1_000_000})
	}
	for _, sz := range sizes {
		dir := b.TempDir()
		jwt := communityWithOneCredential(b, dir)
		fillExchanges(b, dir, sz.members, sz.exchanges)
		name := fmt.Sprintf("exchanges=%d", sz.exchanges)
		b.Run(name+"/keys-list", func(b *testing.B) {
			for b.Loop() {
				if _, code, out := runMain(b, dir, "keys", "list"); code != 0 {
					b.Fatalf("keys list = exit %d\n%s", code, out)
				}
			}
		})
		b.Run(name+"/verify", func(b *testing.B) {
			for b.Loop() {
				if _, code, out := runMain(b, dir, "verify", jwt); code != 0 {
					b.Fatalf("verify = exit %d\n%s", code, out)
				}
			}
		})
		// Opening with the award index, built from the records (no
		// snapshot), then saving the snapshot as Close does.
		snapshot := filepath.Join(dir, award.SnapshotFile)
		b.Run(name+"/open-with-award-index", func(b *testing.B) {
			var write time.Duration
			for b.Loop() {
				if err := os.Remove(snapshot); err != nil && !os.IsNotExist(err) {
					b.Fatal(err)
				}
				m := openWithAwards(b, dir)
				start := time.Now()
				if err := m.Awards.WriteSnapshot(); err != nil {
					b.Fatal(err)
				}
				write += time.Since(start)
				m.Close()
			}
			b.ReportMetric(write.Seconds()/float64(b.N), "s/snapshot-write")
			if fi, err := os.Stat(snapshot); err == nil {
				b.ReportMetric(float64(fi.Size())/(1<<20), "MiB-snapshot")
			}
		})
		// Opening with the award index read from the snapshot, which is
		// current: what a restart after a clean shutdown does.
		b.Run(name+"/open-with-award-index-from-snapshot", func(b *testing.B) {
			openWithAwards(b, dir).Close() // the snapshot is current
			if _, err := os.Stat(snapshot); err != nil {
				b.Fatalf("no snapshot: %v", err)
			}
			for b.Loop() {
				openWithAwards(b, dir).Close()
			}
		})
		// serve, from start to its first answer, then a clean shutdown
		// (outside the time): the index from the snapshot.
		b.Run(name+"/serve-from-snapshot", func(b *testing.B) {
			openWithAwards(b, dir).Close() // the snapshot is current
			for b.Loop() {
				m := serveUntilHealthy(b, dir)
				b.StopTimer()
				if err := m.Close(); err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
			}
		})
	}
}

// serveUntilHealthy runs serve on dir and a free port, and returns once
// GET /healthz has answered 200.
func serveUntilHealthy(b *testing.B, dir string) *Main {
	b.Helper()
	env := map[string]string{"ACCOLADE_DATA": dir, "ACCOLADE_ADDR": "127.0.0.1:0", "ACCOLADE_ADMIN_TOKEN": "bench-token"}
	m := NewMain(strings.NewReader(""), io.Discard, io.Discard, func(k string) string { return env[k] })
	if err := m.Run(context.Background()); err != nil {
		b.Fatal(err)
	}
	resp, err := http.Get("http://" + m.Addr() + "/healthz")
	if err != nil {
		b.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b.Fatalf("GET /healthz = %d", resp.StatusCode)
	}
	return m
}

// openWithAwards opens the data directory and the award service, as serve
// does before it listens.
func openWithAwards(b *testing.B, dir string) *Main {
	m, _, _ := runMain(b, dir, "--help")
	m.Config.DataDir = dir
	if _, err := m.open(""); err != nil {
		b.Fatal(err)
	}
	if err := m.openAwards(); err != nil {
		b.Fatal(err)
	}
	return m
}

// fillExchanges adds members and workshops with 5 learners each, in
// batches, as award's BenchmarkLoad does.
func fillExchanges(b *testing.B, dir string, members, exchanges int) {
	b.Helper()
	db, err := store.Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	now := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	var ms []*accolade.Member
	for i := range members {
		ms = append(ms, &accolade.Member{ID: fmt.Sprintf("m%d", i), Name: "Member", Email: fmt.Sprintf("m%d@example.org", i)})
		if len(ms) == 5000 || i == members-1 {
			if _, err := db.PutMembers(ms); err != nil {
				b.Fatal(err)
			}
			ms = ms[:0]
		}
	}
	var batch []*ledger.Exchange
	for i := range exchanges {
		id := func(k int) string { return fmt.Sprintf("m%d", (i*7+k*13)%members) }
		learners := []string{id(1), id(2), id(3), id(4), id(5)}
		batch = append(batch, &ledger.Exchange{ID: fmt.Sprintf("ex-%d", i), Kind: "workshop", Skills: []string{"training"},
			Hours: 2, OccurredAt: now.Add(-time.Duration(i%300) * 24 * time.Hour), Teachers: []string{id(0)},
			Learners: learners, ConfirmedBy: learners[:3]})
		if len(batch) == 5000 || i == exchanges-1 {
			if _, _, err := db.PutExchanges(batch); err != nil {
				b.Fatal(err)
			}
			batch = batch[:0]
		}
	}
}
