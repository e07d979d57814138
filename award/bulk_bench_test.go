package award_test

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"runtime"
	"testing"
	"time"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/award"
	"github.com/accolade-badges/accolade/criteria"
	"github.com/accolade-badges/accolade/internal/testutil"
	"github.com/accolade-badges/accolade/store"
)

const everyTeacher = `id: bulk-teacher
name: Teacher
description: Taught at least once.
criteria:
  rule:
    exchanges: {role: teacher, count: 1}
`

// samplePeakHeap records the largest heap in use into peak, sampled every
// 10 ms, until the returned function is called.
func samplePeakHeap(peak *uint64) (stop func()) {
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			*peak = max(*peak, ms.HeapInuse)
			select {
			case <-done:
				return
			case <-time.After(10 * time.Millisecond):
			}
		}
	}()
	return func() { close(done); <-finished }
}

// BenchmarkBulkAward adds an achievement that every member already
// qualifies for: one evaluation of everyone issues a credential (EdDSA VC-JWT and
// Data Integrity proof) to each, durably stored. 2,000 members; 100,000
// with ACCOLADE_BENCH_LARGE=1. It reports credentials a second and the
// largest heap in use during the evaluation.
func BenchmarkBulkAward(b *testing.B) {
	sizes := []int{2_000}
	if os.Getenv("ACCOLADE_BENCH_LARGE") == "1" {
		sizes = append(sizes, 100_000)
	}
	clock := func() time.Time { return now }
	for _, n := range sizes {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			var issued int
			var peak uint64
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				db := testutil.MustOpen(b)
				iss := newIssuer(b, db, clock, nil)
				fill(b, db, n, n) // member m(i*7 mod n) teaches exchange i: everyone teaches once
				svc, err := award.New(award.Config{Store: db, Issuer: iss, Now: clock, Log: slog.New(slog.DiscardHandler)})
				if err != nil {
					b.Fatal(err)
				}
				a, err := criteria.ParseAchievement("bulk.yaml", []byte(everyTeacher))
				if err != nil {
					b.Fatal(err)
				}
				if err := svc.PutAchievement(a); err != nil {
					b.Fatal(err)
				}
				runtime.GC()
				stop := samplePeakHeap(&peak)
				b.StartTimer()
				if _, err := svc.Evaluate(context.Background(), nil); err != nil {
					b.Fatal(err)
				}
				b.StopTimer()
				stop()
				got := len(mustCredentials(b, db, a.ID))
				if got != n {
					b.Fatalf("%d credentials issued, want %d", got, n)
				}
				issued += got
				db.Close()
			}
			b.ReportMetric(float64(issued)/b.Elapsed().Seconds(), "credentials/s")
			b.ReportMetric(float64(peak)/(1<<20), "MiB-peak-heap")
		})
	}
}

func mustCredentials(tb testing.TB, db *store.DB, achievement string) []*accolade.Record {
	tb.Helper()
	recs, err := db.Credentials(accolade.CredentialFilter{Achievement: achievement})
	if err != nil {
		tb.Fatal(err)
	}
	return recs
}
