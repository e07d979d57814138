package store

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/internal/pgtest"
)

// TestClaimNotices: on a bbolt file ClaimNotices is DueNotices; on a
// database two nodes share, two stores claiming at once never get the
// same notice, every due notice goes to one of them, and a claim that is
// not ended (a node that stopped mid-send) is due again once its lease
// ends.
func TestClaimNotices(t *testing.T) {
	now := time.Date(2026, 3, 4, 10, 0, 0, 0, time.UTC)
	notices := func(db *DB, n int) {
		t.Helper()
		for i := range n {
			if err := db.Enqueue(&accolade.Notice{ID: fmt.Sprintf("n%03d", i), Kind: accolade.NoticeAwarded, Member: "ana", Created: now}); err != nil {
				t.Fatal(err)
			}
		}
	}
	if !pgtest.Enabled() {
		db := MustOpenInternal(t)
		notices(db, 3)
		for range 2 { // reading only: the same notices both times
			if list, err := db.ClaimNotices(now, time.Minute, 10); err != nil || len(list) != 3 {
				t.Fatalf("ClaimNotices on bbolt = %d, %v; want 3", len(list), err)
			}
		}
		t.Skipf("the claims of two nodes need a shared database: %s is not set", pgtest.EnvURL)
	}
	nodes := OpenNodes(t, 2)
	const total = 60
	notices(nodes[0], total)
	var mu sync.Mutex
	got := map[string]int{}
	var wg sync.WaitGroup
	for i, db := range nodes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range total { // a bound, should claims ever hand a notice out again
				list, err := db.ClaimNotices(now, time.Minute, 7)
				if err != nil {
					t.Errorf("node %d: ClaimNotices: %v", i, err)
					return
				}
				if len(list) == 0 {
					return
				}
				for _, n := range list {
					mu.Lock()
					got[n.ID]++
					mu.Unlock()
					if n.ID != "n000" { // n000's node "stops" before sending it
						if err := db.MarkSent(n.ID, now); err != nil {
							t.Errorf("node %d: MarkSent(%s): %v", i, n.ID, err)
						}
					}
				}
			}
		}()
	}
	wg.Wait()
	if len(got) != total {
		t.Errorf("%d notices claimed, want %d", len(got), total)
	}
	for id, n := range got {
		if n != 1 {
			t.Errorf("notice %s claimed %d times", id, n)
		}
	}
	if list, _ := nodes[1].ClaimNotices(now.Add(59*time.Second), time.Minute, 10); len(list) != 0 {
		t.Errorf("within the lease, %d notices are due again", len(list))
	}
	if list, _ := nodes[1].ClaimNotices(now.Add(61*time.Second), time.Minute, 10); len(list) != 1 || list[0].ID != "n000" {
		t.Errorf("after the lease, due again: %v; want n000, whose node stopped", list)
	}
}
