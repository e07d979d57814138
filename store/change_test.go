package store

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/internal/pgtest"
	"github.com/accolade-badges/accolade/ledger"
)

// writeFacts writes a member, an exchange (then confirms it) and an
// attestation through db.
func writeFacts(t *testing.T, db *DB, suffix string) {
	t.Helper()
	at := time.Date(2026, 3, 4, 10, 0, 0, 0, time.UTC)
	for _, id := range []string{"ana" + suffix, "bo" + suffix} {
		if _, err := db.PutMember(&accolade.Member{ID: id, Name: id, Created: at, Updated: at}); err != nil {
			t.Fatal(err)
		}
	}
	x := &ledger.Exchange{ID: "x" + suffix, Kind: ledger.Workshop, Skills: []string{"training"}, Hours: 1, OccurredAt: at,
		Teachers: []string{"ana" + suffix}, Learners: []string{"bo" + suffix}}
	if _, _, err := db.PutExchanges([]*ledger.Exchange{x}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.UpdateExchange(x.ID, func(e *ledger.Exchange) error { return e.Confirm("bo" + suffix) }); err != nil {
		t.Fatal(err)
	}
	att := &ledger.Attestation{ID: "a" + suffix, Attester: "bo" + suffix, Member: "ana" + suffix, Skill: "training", Statement: "Good.", CreatedAt: at}
	if _, _, err := db.PutAttestations([]*ledger.Attestation{att}); err != nil {
		t.Fatal(err)
	}
}

// TestChangesBolt: a bbolt file keeps no change feed: the writes that
// append to it on PostgreSQL write nothing to it.
func TestChangesBolt(t *testing.T) {
	if pgtest.Enabled() {
		t.Skip("the bbolt case")
	}
	db := MustOpenInternal(t)
	writeFacts(t, db, "")
	list, last, err := db.Changes(0, 100)
	if err != nil || len(list) != 0 || last != 0 {
		t.Fatalf("Changes on bbolt = %v, %d, %v; want none", list, last, err)
	}
	if n, err := db.LastChange(); err != nil || n != 0 {
		t.Fatalf("LastChange on bbolt = %d, %v; want 0", n, err)
	}
	if id := db.NodeID(); id != "" {
		t.Fatalf("NodeID on bbolt = %q, want empty", id)
	}
	dump, err := db.Dump()
	if err != nil {
		t.Fatal(err)
	}
	if n := len(dump[string(bucketChanges)]); n != 0 {
		t.Fatalf("bucket %s holds %d records on bbolt, want 0", bucketChanges, n)
	}
}

// TestChangesShared: on a database two handles share, each write of an
// indexed record appends one event, numbered 1, 2, … without a gap,
// naming the writing handle; Changes pages through them; appends from
// both handles at once never share a number; PruneChanges keeps the
// newest.
func TestChangesShared(t *testing.T) {
	if !pgtest.Enabled() {
		t.Skipf("the change feed is kept on a shared database only: %s is not set", pgtest.EnvURL)
	}
	u := pgtest.URL(t)
	if _, err := Migrate(u); err != nil {
		t.Fatal(err)
	}
	var nodes [2]*DB
	for i := range nodes {
		db, err := OpenDatabase("", u)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		nodes[i] = db
	}
	a, b := nodes[0], nodes[1]
	if a.NodeID() == "" || a.NodeID() == b.NodeID() {
		t.Fatalf("NodeIDs %q and %q: want two different ids", a.NodeID(), b.NodeID())
	}
	writeFacts(t, a, "")
	want := []accolade.Change{
		{Seq: 1, Kind: accolade.ChangeMember, ID: "ana"},
		{Seq: 2, Kind: accolade.ChangeMember, ID: "bo"},
		{Seq: 3, Kind: accolade.ChangeExchange, ID: "x"},
		{Seq: 4, Kind: accolade.ChangeExchange, ID: "x"},
		{Seq: 5, Kind: accolade.ChangeAttestation, ID: "a"},
	}
	list, last, err := b.Changes(0, 100)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != len(want) || last != 5 {
		t.Fatalf("Changes(0) = %d events, last %d; want %d, last 5: %+v", len(list), last, len(want), list)
	}
	for i, c := range list {
		w := want[i]
		if c.Seq != w.Seq || c.Kind != w.Kind || c.ID != w.ID || c.Node != a.NodeID() || c.At.IsZero() {
			t.Errorf("change %d = %+v, want %+v by node %s", i, c, w, a.NodeID())
		}
	}
	if page, last, err := b.Changes(3, 1); err != nil || len(page) != 1 || page[0].Seq != 4 || last != 4 {
		t.Fatalf("Changes(3, 1) = %+v, %d, %v; want event 4", page, last, err)
	}
	if page, last, err := b.Changes(5, 10); err != nil || len(page) != 0 || last != 5 {
		t.Fatalf("Changes(5, 10) = %+v, %d, %v; want none, last 5", page, last, err)
	}
	// A write refused changes nothing, so appends nothing.
	if _, err := a.UpdateExchange("nosuch", func(*ledger.Exchange) error { return nil }); err == nil {
		t.Fatal("UpdateExchange(nosuch) = nil error")
	}
	if n, err := b.LastChange(); err != nil || n != 5 {
		t.Fatalf("LastChange after a refused write = %d, %v; want 5", n, err)
	}

	// Both handles at once: every event numbered once, no gap.
	var wg sync.WaitGroup
	const each = 10
	for i, db := range nodes {
		wg.Go(func() {
			for j := range each {
				if _, err := db.PutMember(&accolade.Member{ID: fmt.Sprintf("m%d-%d", i, j), Name: "M"}); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	list, last, err = a.Changes(5, 1000)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2*each || last != 5+2*each {
		t.Fatalf("after concurrent writes: %d events, last %d; want %d, last %d", len(list), last, 2*each, 5+2*each)
	}
	seen := map[string]bool{}
	for i, c := range list {
		if c.Seq != uint64(6+i) || seen[c.ID] {
			t.Fatalf("event %d = %+v: want seq %d, each member once", i, c, 6+i)
		}
		seen[c.ID] = true
	}

	// Pruning everything older than now keeps the newest, so numbering
	// goes on from it.
	n, err := a.PruneChanges(time.Now().Add(time.Minute))
	if err != nil || n != int(last)-1 {
		t.Fatalf("PruneChanges = %d, %v; want %d", n, err, last-1)
	}
	if got, err := a.LastChange(); err != nil || got != last {
		t.Fatalf("LastChange after pruning = %d, %v; want %d", got, err, last)
	}
	if _, err := b.PutMember(&accolade.Member{ID: "late", Name: "Late"}); err != nil {
		t.Fatal(err)
	}
	if list, _, err := a.Changes(0, 10); err != nil || len(list) != 2 || list[1].Seq != last+1 {
		t.Fatalf("Changes after pruning and one write = %+v, %v; want events %d and %d", list, err, last, last+1)
	}
}
