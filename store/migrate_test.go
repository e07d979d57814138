package store_test

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/internal/pgtest"
	"github.com/accolade-badges/accolade/ledger"
	"github.com/accolade-badges/accolade/store"
)

// MainData is a data directory written by main as of 2026-12-01 (schema
// version 1, envelopes): `accolade serve --demo --base-url
// https://badges.example.org`, then over the admin API a revocation of
// olga's first-exchange, the helper achievement (testdata of cmd/accolade),
// two applications for it, one approved (which issued lucia a credential),
// and helper unpublished.
const MainData = "testdata/main-2026-12-01"

// CopyMainData copies MainData into a fresh directory, which opening
// upgrades in place.
func CopyMainData(tb testing.TB) string {
	tb.Helper()
	dir := tb.TempDir()
	for _, name := range []string{store.FileName, "keyring.key"} {
		b, err := os.ReadFile(filepath.Join(MainData, name))
		if err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o600); err != nil {
			tb.Fatal(err)
		}
	}
	return dir
}

func TestOpenMainData(t *testing.T) {
	pgtest.SkipOnPostgres(t, "upgrades a bbolt file of an old schema")
	dir := CopyMainData(t)
	for round := range 2 { // the second open finds schema 3 and changes nothing
		db, err := store.Open(dir)
		if err != nil {
			t.Fatalf("Open(main data), round %d: %v", round, err)
		}
		checkMainData(t, db)
		db.Close()
	}
}

func checkMainData(t *testing.T, db *store.DB) {
	t.Helper()
	count := func(name string, n int, err error, want int) {
		if err != nil || n != want {
			t.Errorf("%s = %d, %v; want %d", name, n, err, want)
		}
	}
	members, err := db.Members()
	count("members", len(members), err, 18)
	achs, err := db.Achievements()
	count("achievements", len(achs), err, 5)
	exchanges := 0
	err = db.EachExchange(func(*ledger.Exchange) error { exchanges++; return nil })
	count("exchanges", exchanges, err, 10)
	attestations := 0
	err = db.EachAttestation(func(*ledger.Attestation) error { attestations++; return nil })
	count("attestations", attestations, err, 4) // 3 of the demo, 1 of the approval
	apps, err := db.Applications("")
	count("applications", len(apps), err, 2)
	creds, err := db.Credentials(accolade.CredentialFilter{})
	count("credentials", len(creds), err, 10)
	if un, _ := db.Unpublished(); !un["helper"] {
		t.Errorf("Unpublished = %v, want helper", un)
	}
	revoked := 0
	want := map[string]int{}
	for _, r := range creds {
		if r.Status == accolade.Revoked {
			revoked++
		}
		want[r.KeyID]++
		if r.ProofKeyID != r.KeyID {
			want[r.ProofKeyID]++
		}
	}
	count("revoked credentials", revoked, nil, 1)
	got, err := db.CredentialCountsByKey()
	if err != nil || !maps.Equal(got, want) {
		t.Errorf("CredentialCountsByKey = %v, %v; want %v", got, err, want)
	}
	recent, err := db.RecentCredentials(3)
	count("recent credentials", len(recent), err, 3)
	if len(recent) == 3 && recent[0].ID != creds[len(creds)-1].ID {
		t.Errorf("RecentCredentials(3)[0] = %s, want the newest, %s", recent[0].ID, creds[len(creds)-1].ID)
	}
}

func TestRefuseNewerSchema(t *testing.T) {
	pgtest.SkipOnPostgres(t, "a bbolt file of a newer schema")
	dir := t.TempDir()
	db, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	b, err := bolt.Open(filepath.Join(dir, store.FileName), 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Update(func(tx *bolt.Tx) error { return tx.Bucket([]byte("meta")).Put([]byte("schema"), []byte("99")) }); err != nil {
		t.Fatal(err)
	}
	b.Close()
	_, err = store.Open(dir)
	if errs.KindOf(err) != errs.Invalid || !strings.Contains(fmt.Sprint(err), "newer accolade") {
		t.Fatalf("Open of a schema 99 file: %v, want an Invalid error saying a newer accolade wrote it", err)
	}
}

func TestRecentCredentialsAndCounts(t *testing.T) {
	db := MustOpen(t)
	seed(t, db)
	for i, key := range []string{"k1", "k1", "k2"} {
		id, at := fmt.Sprintf("c%d", i), t0.Add(time.Duration(i)*time.Hour)
		rec := &accolade.Record{ID: id, State: accolade.Pending, Member: fmt.Sprintf("m%d", i), Achievement: "trainer", Status: accolade.Active, ValidFrom: at, Created: at}
		if err := db.ReserveCredential(rec, at); err != nil {
			t.Fatal(err)
		}
		rec.State, rec.KeyID, rec.ProofKeyID = accolade.Issued, key, "ed"
		if err := db.CompleteCredential(rec); err != nil {
			t.Fatal(err)
		}
	}
	// A reservation is neither recent nor counted.
	if err := db.ReserveCredential(&accolade.Record{ID: "c9", State: accolade.Pending, Member: "x", Achievement: "trainer", Created: t0.Add(9 * time.Hour)}, t0); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		limit int
		want  string
	}{{0, ""}, {2, "c2,c1"}, {10, "c2,c1,c0"}} {
		got, err := db.RecentCredentials(tt.limit)
		var ids []string
		for _, r := range got {
			ids = append(ids, r.ID)
		}
		if err != nil || strings.Join(ids, ",") != tt.want {
			t.Errorf("RecentCredentials(%d) = %v, %v; want %s", tt.limit, ids, err, tt.want)
		}
	}
	if _, err := db.SetStatus("c0", accolade.Revoked, "r", t0); err != nil {
		t.Fatal(err)
	}
	got, err := db.CredentialCountsByKey()
	if want := map[string]int{"k1": 2, "k2": 1, "ed": 3}; err != nil || !maps.Equal(got, want) {
		t.Errorf("CredentialCountsByKey = %v, %v; want %v", got, err, want)
	}
}
