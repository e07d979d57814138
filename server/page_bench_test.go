package server_test

import (
	"encoding/base64"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/criteria"
	"github.com/accolade-badges/accolade/issuer"
	"github.com/accolade-badges/accolade/keys"
	"github.com/accolade-badges/accolade/server"
	"github.com/accolade-badges/accolade/store"
	"github.com/accolade-badges/accolade/templates"
)

var benchNow = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)

// benchSizes are the numbers of stored credentials the page benchmarks run
// at; 100,000 (about 800 MB to build) only with ACCOLADE_BENCH_LARGE=1.
func benchSizes() []int {
	sizes := []int{1_000, 10_000}
	if os.Getenv("ACCOLADE_BENCH_LARGE") == "1" {
		sizes = append(sizes, 100_000)
	}
	return sizes
}

// benchServer is a server over a real store holding n issued credentials,
// and the id of one of them.
type benchServer struct {
	srv, ideal *server.Server
	some       string
	fileSize   int64 // the database file's size with the credentials stored
	db         *store.DB
}

// newestFirst stands in for an indexed RecentCredentials over the
// benchmark store, whose credential ids follow their creation: point
// lookups of the newest, however many are stored. It shows what the home
// page costs apart from the query while store/query.go scans.
type newestFirst struct {
	*store.DB
	n int
}

func (s newestFirst) RecentCredentials(limit int) ([]*accolade.Record, error) {
	var out []*accolade.Record
	for i := s.n - 1; i >= 0 && len(out) < limit; i-- {
		r, err := s.Credential(credentialID(i))
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

func credentialID(i int) string { return fmt.Sprintf("00000000-0000-4000-8000-%012d", i) }

// benchServers caches one store per size, so that the sub-benchmarks of
// every page share it.
var benchServers sync.Map // int -> *benchServer

func serverWith(b *testing.B, n int) *benchServer {
	b.Helper()
	if v, ok := benchServers.Load(n); ok {
		return v.(*benchServer)
	}
	dir, err := os.MkdirTemp(benchTempRoot(), "accolade-bench-")
	if err != nil {
		b.Fatal(err)
	}
	db, err := store.Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	// The cached stores live until the test binary exits.
	some := fillCredentials(b, db, n)
	sealer, err := keys.NewPassphraseSealer("benchmark passphrase")
	if err != nil {
		b.Fatal(err)
	}
	ring, err := keys.Open(keys.Config{Store: db, Sealer: sealer, Now: func() time.Time { return benchNow }})
	if err != nil {
		b.Fatal(err)
	}
	pages, err := templates.New()
	if err != nil {
		b.Fatal(err)
	}
	newServer := func(st server.Store) *server.Server {
		lists, err := issuer.NewStatusLists(issuer.StatusListsConfig{Store: db, Keys: ring, BaseURL: "https://badges.example.org", Now: func() time.Time { return benchNow }})
		if err != nil {
			b.Fatal(err)
		}
		srv, err := server.New(server.Config{Store: st, Keys: ring, Awards: noAwards{}, Pages: pages, StatusLists: lists,
			BaseURL: "https://badges.example.org", Now: func() time.Time { return benchNow }, PagesPerSecond: -1})
		if err != nil {
			b.Fatal(err)
		}
		return srv
	}
	bs := &benchServer{srv: newServer(db), ideal: newServer(newestFirst{db, n}), some: some, db: db}
	if fi, err := os.Stat(filepath.Join(dir, store.FileName)); err == nil {
		bs.fileSize = fi.Size()
	}
	benchServers.Store(n, bs)
	benchDirs = append(benchDirs, dir) // removed by TestMain

	return bs
}

var benchDirs []string

// benchTempRoot is where the benchmark stores go: memory (/dev/shm) where
// there is one, since the store syncs every credential to disk on its own
// and building 100,000 of them one fsync at a time takes many minutes.
func benchTempRoot() string {
	if fi, err := os.Stat("/dev/shm"); err == nil && fi.IsDir() {
		return "/dev/shm"
	}
	return ""
}

func TestMain(m *testing.M) {
	code := m.Run()
	for _, d := range benchDirs {
		os.RemoveAll(d)
	}
	os.Exit(code)
}

// noAwards stands in for the award service, which no public page uses.
type noAwards struct{ server.Awards }

// fillCredentials stores an issuer, an achievement, n members and one
// issued credential for each (a ~3 KB JSON and its ~4 KB VC-JWT, as issuing
// makes them, but unsigned), through the store's own reserve-and-complete,
// so that whatever the store indexes on the way is filled. It returns the
// id of the credential in the middle.
func fillCredentials(b *testing.B, db *store.DB, n int) string {
	b.Helper()
	if err := db.PutIssuer(&accolade.Profile{Slug: "default", Name: "Time Bank", Alg: keys.RS256, Created: benchNow}); err != nil {
		b.Fatal(err)
	}
	if err := db.PutAchievement(&criteria.Achievement{ID: "project-trainer", Name: "Project Trainer",
		Description: "Recognises volunteers who train others.", AchievementType: "Certificate",
		Criteria: criteria.Criteria{Narrative: "Ran at least 3 confirmed workshops."}}); err != nil {
		b.Fatal(err)
	}
	var ms []*accolade.Member
	for i := range n {
		ms = append(ms, &accolade.Member{ID: fmt.Sprintf("m%d", i), Name: fmt.Sprintf("Member %d", i), Email: fmt.Sprintf("m%d@example.org", i)})
		if len(ms) == 5000 || i == n-1 {
			if _, err := db.PutMembers(ms); err != nil {
				b.Fatal(err)
			}
			ms = ms[:0]
		}
	}
	for i := range n {
		id := credentialID(i)
		created := benchNow.Add(-time.Duration(n-i) * time.Minute)
		rec := &accolade.Record{ID: id, State: accolade.Pending, Issuer: "default", Achievement: "project-trainer",
			Member: fmt.Sprintf("m%d", i), ValidFrom: created, Status: accolade.Active, Created: created}
		if err := db.ReserveCredential(rec, created); err != nil {
			b.Fatal(err)
		}
		rec.State, rec.KeyID, rec.Alg, rec.ProofKeyID = accolade.Issued, "key-rsa", "RS256", "key-ed"
		rec.JSON = credentialJSON(id, rec.Member, created)
		rec.JWT = "eyJhbGciOiJSUzI1NiIsImtpZCI6ImtleS1yc2EiLCJ0eXAiOiJKV1QifQ." +
			base64.RawURLEncoding.EncodeToString(rec.JSON) + "." + strings.Repeat("s", 342)
		if err := db.CompleteCredential(rec); err != nil {
			b.Fatal(err)
		}
	}
	return credentialID(n / 2)
}

// credentialJSON is an OpenBadgeCredential of about 3 KB.
func credentialJSON(id, member string, created time.Time) []byte {
	return fmt.Appendf(nil, `{"@context":["https://www.w3.org/ns/credentials/v2","https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
"id":"urn:uuid:%s","type":["VerifiableCredential","OpenBadgeCredential"],
"issuer":{"id":"https://badges.example.org/issuers/default","type":["Profile"],"name":"Time Bank"},
"validFrom":%q,"name":"Project Trainer",
"credentialSubject":{"type":["AchievementSubject"],"name":"Member %s","identifier":[{"type":"IdentityObject","identityHash":"sha256$%s","identityType":"emailAddress","hashed":true,"salt":"%s"}],
"achievement":{"id":"https://badges.example.org/achievements/project-trainer","type":["Achievement"],"name":"Project Trainer","description":"Recognises volunteers who train others.","achievementType":"Certificate","criteria":{"narrative":"Ran at least 3 confirmed workshops."}}},
"evidence":[%s],
"credentialStatus":{"id":"https://badges.example.org/status/1#%s","type":"BitstringStatusListEntry","statusPurpose":"revocation"},
"proof":{"type":"DataIntegrityProof","cryptosuite":"eddsa-rdfc-2022","created":%q,"verificationMethod":"https://badges.example.org/issuers/default/keys/key-ed/multikey","proofPurpose":"assertionMethod","proofValue":"z%s"}}`,
		id, created.Format(time.RFC3339), member, strings.Repeat("a", 64), strings.Repeat("b", 32),
		strings.TrimSuffix(strings.Repeat(`{"id":"urn:uuid:ex","type":["Evidence"],"name":"Workshop","narrative":"Workshop 'Editing basics', 2 h, 12 learners, confirmed by three of them, 2026-03-04"},`, 12), ","),
		id, created.Format(time.RFC3339), strings.Repeat("5", 86))
}

func benchmarkPage(b *testing.B, ideal bool, path func(*benchServer) string, want string) {
	for _, n := range benchSizes() {
		b.Run(fmt.Sprintf("credentials=%d", n), func(b *testing.B) {
			bs := *serverWith(b, n)
			if ideal {
				bs.srv = bs.ideal
			}
			req := httptest.NewRequest("GET", path(&bs), nil)
			req.Header.Set("Accept", "text/html")
			check := func() {
				w := httptest.NewRecorder()
				bs.srv.ServeHTTP(w, req)
				if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), want) {
					body, _ := io.ReadAll(w.Result().Body)
					b.Fatalf("GET %s = %d, want 200 with %q\n%.500s", req.URL.Path, w.Code, want, body)
				}
			}
			check()
			b.ResetTimer()
			for b.Loop() {
				w := httptest.NewRecorder()
				bs.srv.ServeHTTP(w, req)
			}
			b.StopTimer()
			check()
		})
	}
}

// BenchmarkHomePage serves the home page, whose list of the ten newest
// credentials must not cost more as credentials accumulate.
func BenchmarkHomePage(b *testing.B) {
	benchmarkPage(b, false, func(*benchServer) string { return "/" }, "Member ")
}

// BenchmarkHomePageIdealIndex is BenchmarkHomePage with newestFirst in
// place of the store's RecentCredentials: the page's own cost.
func BenchmarkHomePageIdealIndex(b *testing.B) {
	benchmarkPage(b, true, func(*benchServer) string { return "/" }, "Member ")
}

// BenchmarkCredentialPage serves one credential's page.
func BenchmarkCredentialPage(b *testing.B) {
	benchmarkPage(b, false, func(bs *benchServer) string { return "/credentials/" + bs.some }, "Project Trainer")
}

// BenchmarkStoreFileSize reports the database file's size per 100,000
// stored credentials (each with its JSON and VC-JWT, member and indexes),
// at each benchmark size: what a community's disk will hold. The file is
// written as the server writes it, two transactions per credential, and
// grows beyond its contents; "compacted" is the size after a backup and
// accolade compact.
func BenchmarkStoreFileSize(b *testing.B) {
	for _, n := range benchSizes() {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			bs := serverWith(b, n)
			dir := b.TempDir()
			f, err := os.Create(filepath.Join(dir, store.FileName))
			if err != nil {
				b.Fatal(err)
			}
			if _, err := bs.db.Backup(f); err != nil {
				b.Fatal(err)
			}
			if err := f.Close(); err != nil {
				b.Fatal(err)
			}
			_, compacted, err := store.Compact(dir)
			if err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
			}
			perCredential := func(size int64) float64 { return float64(size) * 100_000 / float64(n) / (1 << 20) }
			b.ReportMetric(perCredential(bs.fileSize), "MiB/100k-credentials")
			b.ReportMetric(perCredential(compacted), "MiB/100k-compacted")
			b.ReportMetric(float64(compacted)/float64(n), "bytes/credential-compacted")
		})
	}
}
