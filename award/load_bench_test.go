package award_test

import (
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/award"
	"github.com/accolade-badges/accolade/ledger"
	"github.com/accolade-badges/accolade/store"
)

// BenchmarkLoad measures start-up: reading every member, exchange and
// attestation from bbolt into the criteria index. The 100,000-member,
// 1,000,000-exchange size runs only with ACCOLADE_BENCH_LARGE=1.
func BenchmarkLoad(b *testing.B) {
	sizes := []struct{ members, exchanges int }{{10_000, 100_000}}
	if os.Getenv("ACCOLADE_BENCH_LARGE") == "1" {
		sizes = append(sizes, struct{ members, exchanges int }{100_000, 1_000_000})
	}
	for _, sz := range sizes {
		b.Run(fmt.Sprintf("%dk×%dk", sz.members/1000, sz.exchanges/1000), func(b *testing.B) {
			db, err := store.Open(b.TempDir())
			if err != nil {
				b.Fatal(err)
			}
			defer db.Close()
			fill(b, db, sz.members, sz.exchanges)
			b.ResetTimer()
			for b.Loop() {
				if _, err := award.New(award.Config{Store: db, Issuer: noIssuer{}, Now: func() time.Time { return now }}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(sz.exchanges)*float64(b.N)/b.Elapsed().Seconds(), "exchanges/s")
		})
	}
}

// fill stores members and workshops with 5 learners each, in batches.
func fill(b *testing.B, db *store.DB, members, exchanges int) {
	b.Helper()
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
