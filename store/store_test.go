package store_test

import (
	"os"
	"os/exec"
	"sync"
	"testing"
	"time"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/criteria"
	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/internal/pgtest"
	"github.com/accolade-badges/accolade/issuer"
	"github.com/accolade-badges/accolade/keys"
	"github.com/accolade-badges/accolade/store"
)

// The store satisfies the interfaces the domain packages declare.
var (
	_ issuer.Store = (*store.DB)(nil)
	_ keys.Store   = (*store.DB)(nil)
)

// MustOpen opens a real database: bbolt, or PostgreSQL when
// ACCOLADE_TEST_DATABASE_URL is set (see MustOpenInternal).
func MustOpen(tb testing.TB) *store.DB {
	tb.Helper()
	return store.MustOpenInternal(tb)
}

var t0 = time.Date(2026, 3, 4, 10, 0, 0, 0, time.UTC)

func seed(tb testing.TB, db *store.DB) {
	tb.Helper()
	if err := db.PutIssuer(&accolade.Profile{Slug: "default", Name: "Time Bank", Alg: keys.RS256}); err != nil {
		tb.Fatal(err)
	}
	if err := db.PutAchievement(&criteria.Achievement{ID: "trainer", Name: "Trainer", Description: "d"}); err != nil {
		tb.Fatal(err)
	}
	if _, err := db.PutMember(&accolade.Member{ID: "ana", Name: "Ana", Email: "ana@example.org"}); err != nil {
		tb.Fatal(err)
	}
}

func TestNotFound(t *testing.T) {
	db := MustOpen(t)
	for name, fn := range map[string]func() error{
		"issuer":      func() error { _, err := db.Issuer("x"); return err },
		"achievement": func() error { _, err := db.Achievement("x"); return err },
		"member":      func() error { _, err := db.Member("x"); return err },
		"credential":  func() error { _, err := db.Credential("x"); return err },
		"key":         func() error { return db.DeleteKey("x") },
	} {
		if err := fn(); errs.KindOf(err) != errs.NotFound {
			t.Errorf("%s: kind = %v (%v), want NotFound", name, errs.KindOf(err), err)
		}
	}
}

func TestAchievementNeedsIssuer(t *testing.T) {
	db := MustOpen(t)
	err := db.PutAchievement(&criteria.Achievement{ID: "a", Issuer: "nope", Name: "A"})
	if errs.FieldOf(err) != "issuer" {
		t.Fatalf("PutAchievement with unknown issuer: err = %v, want an issuer field error", err)
	}
	if _, err := db.Achievement("a"); errs.KindOf(err) != errs.NotFound {
		t.Errorf("rejected achievement was stored: %v", err)
	}
}

func TestPutMemberKeepsCreated(t *testing.T) {
	db := MustOpen(t)
	m := &accolade.Member{ID: "ana", Name: "Ana", Email: "a@x.org", Created: t0}
	if created, err := db.PutMember(m); err != nil || !created {
		t.Fatalf("PutMember = %v, %v; want created", created, err)
	}
	m2 := &accolade.Member{ID: "ana", Name: "Ana B", Email: "a@x.org", Created: t0.Add(time.Hour)}
	if created, err := db.PutMember(m2); err != nil || created {
		t.Fatalf("second PutMember = %v, %v; want replaced", created, err)
	}
	got, _ := db.Member("ana")
	if got.Name != "Ana B" || !got.Created.Equal(t0) {
		t.Errorf("Member = %+v, want new name and original created time", got)
	}
}

func reserve(db *store.DB, id string, now time.Time) error {
	return db.ReserveCredential(&accolade.Record{ID: id, State: accolade.Pending, Member: "ana", Achievement: "trainer",
		Status: accolade.Active, ValidFrom: now, Created: now}, now)
}

func TestReserveIsExactlyOnceUnderConcurrency(t *testing.T) {
	db := MustOpen(t)
	seed(t, db)
	var wg sync.WaitGroup
	var mu sync.Mutex
	ok := 0
	for i := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := reserve(db, "id-"+string(rune('a'+i)), t0)
			if err == nil {
				mu.Lock()
				ok++
				mu.Unlock()
			} else if errs.KindOf(err) != errs.Conflict {
				t.Errorf("reserve: %v, want nil or Conflict", err)
			}
		}()
	}
	wg.Wait()
	if ok != 1 {
		t.Fatalf("%d concurrent reservations succeeded, want exactly 1", ok)
	}
}

func TestReservationLifecycle(t *testing.T) {
	db := MustOpen(t)
	seed(t, db)
	if err := reserve(db, "c1", t0); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Credential("c1"); errs.KindOf(err) != errs.NotFound {
		t.Errorf("pending credential is visible: %v", err)
	}
	// A stale reservation (a crash mid-issue) stops blocking.
	if err := reserve(db, "c2", t0.Add(3*time.Minute)); err != nil {
		t.Fatalf("reserve after stale reservation: %v", err)
	}
	if err := db.ReleaseCredential("c1"); err != nil {
		t.Fatal(err)
	}
	rec := &accolade.Record{ID: "c2", State: accolade.Issued, Member: "ana", Achievement: "trainer", Status: accolade.Active,
		ValidFrom: t0, ValidUntil: t0.Add(24 * time.Hour), Created: t0, KeyID: "k1", JWT: "a.b.c"}
	if err := db.CompleteCredential(rec); err != nil {
		t.Fatal(err)
	}
	if err := db.CompleteCredential(rec); errs.KindOf(err) != errs.Conflict {
		t.Errorf("completing twice: %v, want Conflict", err)
	}
	if err := reserve(db, "c3", t0.Add(time.Hour)); errs.KindOf(err) != errs.Conflict {
		t.Errorf("reserve while holding a valid credential: %v, want Conflict", err)
	}
	if err := reserve(db, "c4", t0.Add(25*time.Hour)); err != nil {
		t.Errorf("reserve after expiry: %v, want success", err)
	}
	got, err := db.Credentials(accolade.CredentialFilter{Member: "ana"})
	if err != nil || len(got) != 1 || got[0].ID != "c2" {
		t.Fatalf("Credentials(member) = %v, %v; want [c2]", got, err)
	}
	if got, _ := db.Credentials(accolade.CredentialFilter{KeyID: "k1"}); len(got) != 1 {
		t.Errorf("Credentials(key k1) = %d records, want 1", len(got))
	}
	if _, err := db.SetStatus("c2", accolade.Revoked, "mistake", t0); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SetStatus("c2", accolade.Active, "", t0); errs.KindOf(err) != errs.Conflict {
		t.Errorf("un-revoking: %v, want Conflict", err)
	}
}

// TestSecondProcessGetsClearError runs a helper process that tries to open a
// database this test holds.
func TestSecondProcessGetsClearError(t *testing.T) {
	pgtest.SkipOnPostgres(t, "the lock of a bbolt file")
	if dir := os.Getenv("STORE_HELPER_DIR"); dir != "" {
		_, err := store.Open(dir)
		if errs.KindOf(err) != errs.Unavailable {
			t.Fatalf("Open of a held directory: %v, want Unavailable", err)
		}
		return
	}
	dir := t.TempDir()
	db, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	start := time.Now()
	cmd := exec.Command(os.Args[0], "-test.run=TestSecondProcessGetsClearError", "-test.v")
	cmd.Env = append(cmd.Environ(), "STORE_HELPER_DIR="+dir)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("helper process: %v\n%s", err, out)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("second open took %v; want about a second", d)
	}
}
