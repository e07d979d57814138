package store

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/criteria"
	"github.com/accolade-badges/accolade/internal/pgtest"
	"github.com/accolade-badges/accolade/keys"
	"github.com/accolade-badges/accolade/ledger"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

var (
	g0 = time.Date(2026, 3, 4, 10, 0, 0, 0, time.UTC)
	g1 = g0.Add(24 * time.Hour)
)

// goldenRecords are one of each stored record, every field set.
func goldenRecords() map[string]struct {
	rec       record
	roundTrip func() (any, any) // the domain value and what its record reads back as
} {
	profile := &accolade.Profile{Slug: "default", Name: "Time Bank", URL: "https://bank.example.org", Description: "d",
		Email: "hello@example.org", Alg: keys.EdDSA, IDMode: accolade.IDDIDWeb, Created: g0}
	endorsement := &accolade.Endorsement{ID: "urn:uuid:e", Subject: "https://b.example.org/achievements/t", Endorser: "https://museum.example.org",
		EndorserName: "Museum", Comment: "Good", Attached: true, Created: g0, JSON: []byte(`{"id":"urn:uuid:e"}`), JWT: "a.b.c"}
	member := &accolade.Member{ID: "ana", Name: "Ana", Email: "ana@example.org", DID: "did:example:ana", Lang: "pt-BR", Created: g0, Updated: g1}
	key := &keys.Record{ID: "kid", Issuer: "default", Alg: keys.RS256, Created: g0, Retired: g1, Public: []byte{1, 2}, Sealed: []byte{3, 4}}
	ach := &criteria.Achievement{ID: "trainer", Issuer: "default", Name: "Trainer", Description: "d", AchievementType: "Badge",
		Image: "https://example.org/t.png", ValidFor: 730 * 24 * time.Hour, RenewWithin: 30 * 24 * time.Hour, Suspendable: true, Reviewers: "mentor", AwardOnApproval: true,
		Criteria: criteria.Criteria{Narrative: "n", Rule: &criteria.Rule{All: []*criteria.Rule{
			{Exchanges: &criteria.ExchangeRequirement{Role: criteria.Teacher, Kind: []ledger.ExchangeKind{ledger.Workshop}, Skill: []string{"editing"},
				Confirmed: true, Within: 365 * 24 * time.Hour, Count: 3, Hours: 6, DistinctPartners: 2}},
			{Attestations: &criteria.AttestationRequirement{Skill: "training", Within: 90 * 24 * time.Hour, FromHoldersOf: "mentor", Count: 1}},
			{Any: []*criteria.Rule{{Holds: "first-exchange"}, {Expr: "hours >= 10"}}},
		}}}}
	cred := &accolade.Record{ID: "c1", State: accolade.Issued, Issuer: "default", Achievement: "trainer", Member: "ana", ValidFrom: g0, ValidUntil: g1,
		Status: accolade.Revoked, StatusReason: "mistake", StatusChanged: g1,
		StatusEntries: []accolade.StatusEntry{{Purpose: accolade.PurposeRevocation, List: 1, Index: 94567}, {Purpose: accolade.PurposeSuspension, List: 2, Index: 7}},
		KeyID:         "k1", Alg: "RS256", ProofKeyID: "k2", JWT: "a.b.c", JSON: []byte(`{"x":1}`),
		Evidence: []string{"e1"}, Created: g0, AwardedDate: g0.Add(-time.Hour), Renews: "c0", SupersededBy: "c2", SupersededAt: g1}
	ex := &ledger.Exchange{ID: "e1", Kind: ledger.Workshop, Title: "t", Skills: []string{"editing"}, Hours: 2.5, OccurredAt: g0,
		Teachers: []string{"ana"}, Learners: []string{"bo"}, ConfirmedBy: []string{"bo"}, Rating: 5, Feedback: "f", Withdrawn: true}
	att := &ledger.Attestation{ID: "a1", Attester: "ana", Member: "bo", Skill: "editing", Statement: "s", Level: "l", CreatedAt: g0, Achievement: "trainer"}
	app := &ledger.Application{ID: "p1", Member: "bo", Achievement: "trainer", Narrative: "n", EvidenceURLs: []string{"https://example.org"},
		Status: ledger.Approved, Reviewer: "ana", Comment: "c", CreatedAt: g0, DecidedAt: g1}
	list := &statusListRecord{V: statusListVersion, Issuer: "default", Purpose: "suspension", Number: 2, Used: 3}
	bits := &statusBitsRecord{V: statusListVersion, Bits: []byte{0x80, 0, 1}} // stored ones are 16 KiB
	return map[string]struct {
		rec       record
		roundTrip func() (any, any)
	}{
		"issuer":      {toProfileRecord(profile), func() (any, any) { return profile, profileFromRecord(toProfileRecord(profile)) }},
		"member":      {toMemberRecord(member), func() (any, any) { return member, memberFromRecord(toMemberRecord(member)) }},
		"key":         {toKeyRecord(key), func() (any, any) { return key, keyFromRecord(toKeyRecord(key)) }},
		"achievement": {toAchievementRecord(ach), func() (any, any) { return marshal(ach), marshal(achievementFromRecord(toAchievementRecord(ach))) }},
		"credential":  {toCredentialRecord(cred), func() (any, any) { return cred, credentialFromRecord(toCredentialRecord(cred)) }},
		"status_list": {list, func() (any, any) {
			return &accolade.StatusList{Issuer: "default", Purpose: accolade.PurposeSuspension, Number: 2, Used: 3, Bits: make([]byte, accolade.StatusListSize/8)},
				statusListFromRecords(list, nil)
		}},
		"status_bits": {bits, func() (any, any) {
			l := statusListFromRecords(list, bits) // compared as a summary: 16 KiB print badly
			return "len 131072, bits true and true", fmt.Sprintf("len %d, bits %v and %v", len(l.Bits)*8, l.Bit(0) && !l.Bit(1), l.Bit(23) && !l.Bit(22))
		}},
		"exchange":    {toExchangeRecord(ex), func() (any, any) { return ex, exchangeFromRecord(toExchangeRecord(ex)) }},
		"attestation": {toAttestationRecord(att), func() (any, any) { return att, attestationFromRecord(toAttestationRecord(att)) }},
		"application": {toApplicationRecord(app), func() (any, any) { return app, applicationFromRecord(toApplicationRecord(app)) }},
		"endorsement": {toEndorsementRecord(endorsement), func() (any, any) { return endorsement, endorsementFromRecord(toEndorsementRecord(endorsement)) }},
	}
}

func marshal(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// TestRecordGolden pins the stored bytes of every record: a renamed tag or
// a new field fails here, so that a format change is always on purpose (and
// comes with a record version and a migration). Run with -update to accept.
func TestRecordGolden(t *testing.T) {
	for name, tt := range goldenRecords() {
		t.Run(name, func(t *testing.T) {
			got, err := json.Marshal(tt.rec)
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", name+".golden")
			if *update {
				if err := os.WriteFile(path, append(got, '\n'), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, bytes.TrimSuffix(want, []byte("\n"))) {
				t.Errorf("stored %s record =\n%s\nwant (%s)\n%s", name, got, path, want)
			}
		})
	}
}

// TestRecordRoundTrip: every field survives the trip to a record and back.
func TestRecordRoundTrip(t *testing.T) {
	for name, tt := range goldenRecords() {
		if want, got := tt.roundTrip(); !reflect.DeepEqual(got, want) {
			t.Errorf("%s read back as %+v, want %+v", name, got, want)
		}
	}
}

// TestRestoreDoesNotValidate: an achievement that today's checks refuse
// (as a stricter release might refuse an older one) still reads back.
func TestRestoreDoesNotValidate(t *testing.T) {
	db := MustOpenInternal(t)
	bad := &achievementRecord{V: achievementVersion, ID: "Not A Slug", Name: "", AchievementType: "Nope",
		Rule: &ruleRecord{All: []*ruleRecord{{Expr: "hours >= 1"}, {Expr: "not ( valid"}}}}
	if err := db.kv.update(func(tx kvTx) error { return put(tx, bucketAchievements, bad.ID, bad) }); err != nil {
		t.Fatal(err)
	}
	a, err := db.Achievement(bad.ID)
	if err != nil {
		t.Fatalf("Achievement of a record that fails validation: %v, want it read back", err)
	}
	if a.Validate() == nil || len(a.Criteria.Rule.All) != 2 {
		t.Errorf("Achievement = %+v; want the stored, invalid, rule", a)
	}
}

// MustOpenInternal opens a real database for tb and closes it when tb
// ends: a bbolt file in a temporary directory, or a fresh PostgreSQL
// schema when ACCOLADE_TEST_DATABASE_URL is set (internal/pgtest). Every
// test of the package opens its database here (store_test's MustOpen
// too), so that one suite runs on both engines.
// OpenNodes opens n stores on one fresh PostgreSQL schema, as n nodes of
// a shared database, closed when tb ends; it skips tb, saying why, when
// ACCOLADE_TEST_DATABASE_URL is not set.
func OpenNodes(tb testing.TB, n int) []*DB {
	tb.Helper()
	if !pgtest.Enabled() {
		tb.Skipf("%d nodes need a shared database: %s is not set", n, pgtest.EnvURL)
	}
	u := pgtest.URL(tb)
	if _, err := Migrate(u); err != nil {
		tb.Fatal(err)
	}
	nodes := make([]*DB, n)
	for i := range nodes {
		db, err := OpenDatabase("", u)
		if err != nil {
			tb.Fatal(err)
		}
		tb.Cleanup(func() { db.Close() })
		nodes[i] = db
	}
	return nodes
}

func MustOpenInternal(tb testing.TB) *DB {
	tb.Helper()
	var db *DB
	var err error
	if u := pgtest.URL(tb); u != "" {
		if _, err = Migrate(u); err == nil {
			db, err = OpenDatabase("", u)
		}
	} else {
		db, err = Open(tb.TempDir())
	}
	if err != nil {
		tb.Fatalf("Open: %v", err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}
