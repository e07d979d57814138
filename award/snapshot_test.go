package award_test

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/award"
	"github.com/accolade-badges/accolade/internal/pgtest"
	"github.com/accolade-badges/accolade/ledger"
	"github.com/accolade-badges/accolade/store"
)

// TestSnapshot checks that a service started from the index snapshot
// knows what one started from the records knows, and that the snapshot is
// used only while the database is as it was when it was written.
func TestSnapshot(t *testing.T) {
	pgtest.SkipOnPostgres(t, "index snapshots need bbolt's snapshot marks")
	svc, db := communityService(t)
	ctx := context.Background()
	if _, err := svc.AddExchanges(ctx, []*ledger.Exchange{
		workshop("d1", "ana", "ben"), workshop("d2", "ana", "ben"), inCity(workshop("c1", "gus", "ana")),
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.AddAttestations(ctx, []*ledger.Attestation{
		{ID: "a1", Attester: "ben", Member: "ana", Skill: "training", Statement: "Clear and patient.", CreatedAt: now},
	}); err != nil {
		t.Fatal(err)
	}
	recs, err := db.Credentials(accolade.CredentialFilter{Member: "gus"})
	if err != nil || len(recs) != 1 {
		t.Fatalf("gus's credentials = %d, %v; want the city trainer's", len(recs), err)
	}
	if _, err := svc.SetStatus(recs[0].ID, accolade.Revoked, "issued in error"); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), award.SnapshotFile)
	members := []string{"ana", "ben", "gus"}
	want := knowledge(t, svc, members)

	first, log := snapshotService(t, db, path)
	if !strings.Contains(log.String(), "snapshot not used: no snapshot") {
		t.Errorf("with no snapshot file, the log says:\n%s", log)
	}
	if err := first.WriteSnapshot(); err != nil {
		t.Fatal(err)
	}
	again, log := snapshotService(t, db, path)
	if !strings.Contains(log.String(), "from=\"the snapshot\"") {
		t.Fatalf("after WriteSnapshot, the next start does not read the snapshot; the log says:\n%s", log)
	}
	if got := knowledge(t, again, members); !reflect.DeepEqual(got, want) {
		t.Errorf("from the snapshot the service knows\n%+v\nfrom the records\n%+v", got, want)
	}
	// The service started from the snapshot goes on as one started from
	// the records does.
	if _, err := again.AddExchanges(ctx, []*ledger.Exchange{workshop("d3", "ben", "ana")}); err != nil {
		t.Fatal(err)
	}
	rebuilt, _ := snapshotService(t, db, "")
	if got, want := knowledge(t, again, members), knowledge(t, rebuilt, members); !reflect.DeepEqual(got, want) {
		t.Errorf("after one more workshop, the service started from the snapshot knows\n%+v\nwant\n%+v", got, want)
	}

	// Any write makes the snapshot stale.
	if _, err := db.PutMember(&accolade.Member{ID: "hal", Name: "Hal", Email: "hal@example.org"}); err != nil {
		t.Fatal(err)
	}
	stale, log := snapshotService(t, db, path)
	if !strings.Contains(log.String(), "the database changed since it was written") {
		t.Errorf("after a write, the log says:\n%s", log)
	}
	members = append(members, "hal")
	rebuilt, _ = snapshotService(t, db, "")
	if got, want := knowledge(t, stale, members), knowledge(t, rebuilt, members); !reflect.DeepEqual(got, want) {
		t.Errorf("after a write, the service knows\n%+v\nwant\n%+v", got, want)
	}
	if err := stale.WriteSnapshot(); err != nil {
		t.Fatal(err)
	}

	// A damaged file is not used.
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	data[len(data)/2] ^= 1
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	damaged, log := snapshotService(t, db, path)
	if !strings.Contains(log.String(), "damaged") {
		t.Errorf("with a damaged snapshot, the log says:\n%s", log)
	}
	if got, want := knowledge(t, damaged, members), knowledge(t, rebuilt, members); !reflect.DeepEqual(got, want) {
		t.Errorf("with a damaged snapshot, the service knows\n%+v\nwant\n%+v", got, want)
	}
}

// TestSnapshotUnchanged checks that WriteSnapshot does not rewrite a
// snapshot that is current.
func TestSnapshotUnchanged(t *testing.T) {
	pgtest.SkipOnPostgres(t, "index snapshots need bbolt's snapshot marks")
	_, db := communityService(t)
	path := filepath.Join(t.TempDir(), award.SnapshotFile)
	first, _ := snapshotService(t, db, path)
	if err := first.WriteSnapshot(); err != nil {
		t.Fatal(err)
	}
	mark, _ := db.SnapshotMark()
	again, _ := snapshotService(t, db, path)
	if err := again.WriteSnapshot(); err != nil {
		t.Fatal(err)
	}
	if m, _ := db.SnapshotMark(); m != mark {
		t.Errorf("WriteSnapshot of a current snapshot made a new mark %q (was %q)", m, mark)
	}
}

// snapshotService starts a service over db with the snapshot at path,
// and returns it with its log.
func snapshotService(t *testing.T, db *store.DB, path string) (*award.Service, *bytes.Buffer) {
	t.Helper()
	var log bytes.Buffer
	svc, err := award.New(award.Config{Store: db, Issuer: noIssuer{}, Now: func() time.Time { return now },
		Log: slog.New(slog.NewTextHandler(&log, &slog.HandlerOptions{Level: slog.LevelDebug})), Snapshot: path})
	if err != nil {
		t.Fatal(err)
	}
	return svc, &log
}

// knowledge is what the service knows of members: their progress and
// facts.
func knowledge(t *testing.T, svc *award.Service, members []string) map[string]any {
	t.Helper()
	out := map[string]any{}
	for _, m := range members {
		p, err := svc.Progress(m)
		if err != nil {
			t.Fatal(err)
		}
		out[m+" progress"] = p
		ex, err := svc.MemberExchanges(m)
		if err != nil {
			t.Fatal(err)
		}
		about, by, err := svc.MemberAttestations(m)
		if err != nil {
			t.Fatal(err)
		}
		out[m+" facts"] = []any{ex, about, by}
	}
	return out
}

// TestForgottenLeavesNoWords checks that after a member is forgotten, the
// statements of attestations about them are gone from the index, so from
// the snapshot written at shutdown too.
func TestForgottenLeavesNoWords(t *testing.T) {
	pgtest.SkipOnPostgres(t, "index snapshots need bbolt's snapshot marks")
	svc, db := communityService(t)
	const words = "Explains Wikidata queries with great patience."
	if _, err := svc.AddAttestations(context.Background(), []*ledger.Attestation{
		{ID: "a1", Attester: "ben", Member: "ana", Skill: "training", Statement: words, CreatedAt: now},
	}); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), award.SnapshotFile)
	snap, _ := snapshotService(t, db, path)
	written := func() string {
		t.Helper()
		os.Remove(path)
		snap, _ = snapshotService(t, db, path)
		if err := snap.WriteSnapshot(); err != nil {
			t.Fatal(err)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		return string(data)
	}
	if !strings.Contains(written(), words) {
		t.Fatal("the snapshot does not hold the statement before the erasure: this test checks nothing")
	}
	if _, err := db.ForgetMember("ana", now); err != nil {
		t.Fatal(err)
	}
	if err := snap.Forgotten("ana"); err != nil {
		t.Fatal(err)
	}
	if err := snap.WriteSnapshot(); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(data), words) {
		t.Error("after Forgotten, the snapshot still holds the erased statement")
	}
}
