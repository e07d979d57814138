package award

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/text/unicode/bidi"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/criteria"
	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/issuer"
	"github.com/accolade-badges/accolade/ledger"
)

// Store is what awarding needs from storage.
type Store interface {
	Member(id string) (*accolade.Member, error)
	Members() ([]*accolade.Member, error)
	PutMember(m *accolade.Member) (bool, error)
	PutMembers(list []*accolade.Member) ([]ledger.Outcome, error)
	Achievement(id string) (*criteria.Achievement, error)
	Achievements() ([]*criteria.Achievement, error)
	PutAchievement(a *criteria.Achievement) error
	PutAchievements(list []*criteria.Achievement) error
	Issuers() ([]*accolade.Profile, error)
	Unpublished() (map[string]bool, error)
	SetPublished(id string, published bool, at time.Time) (changed bool, err error)
	DeleteAchievement(id string) error
	Credential(id string) (*accolade.Record, error)
	Credentials(f accolade.CredentialFilter) ([]*accolade.Record, error)
	// CredentialsHeld returns who holds every issued credential, oldest first.
	CredentialsHeld() ([]accolade.Held, error)
	SetStatus(id string, status accolade.Status, reason string, at time.Time) (*accolade.Record, error)

	PutExchanges(list []*ledger.Exchange) ([]ledger.Outcome, []error, error)
	Exchange(id string) (*ledger.Exchange, error)
	UpdateExchange(id string, change func(*ledger.Exchange) error) (*ledger.Exchange, error)
	EachExchange(fn func(*ledger.Exchange) error) error
	PutAttestations(list []*ledger.Attestation) ([]ledger.Outcome, []error, error)
	EachAttestation(fn func(*ledger.Attestation) error) error
	PutApplication(a *ledger.Application) (ledger.Outcome, error)
	DecideApplication(id string, decide func(*ledger.Application) (*ledger.Attestation, error)) (*ledger.Application, *ledger.Attestation, error)
	MemberStore // member pages' queries (member.go)
}

// Issuer issues one credential; issuer.Service satisfies it.
type Issuer interface {
	Issue(ctx context.Context, req issuer.Request) (*accolade.Record, error)
	// Bind issues the copy of credential id that a wallet collects, bound
	// to the holder's DID (issuer.Service.Bind).
	Bind(ctx context.Context, id, holder string) (*accolade.Record, error)
}

// Config configures a Service.
type Config struct {
	Store  Store
	Issuer Issuer
	Now    func() time.Time
	Log    *slog.Logger
	// Rand draws the ids of exchanges, attestations and applications
	// members record (member.go); nil: crypto/rand.
	Rand io.Reader
	// Snapshot, when set, is the path of the index snapshot (snapshot.go):
	// New reads the criteria index from it when it is current, and
	// WriteSnapshot writes it. Store must then be a SnapshotStore.
	Snapshot string
}

// Service takes in activity and awards credentials.
type Service struct {
	store  Store
	issuer Issuer
	now    func() time.Time
	log    *slog.Logger
	rand   io.Reader

	mu          sync.RWMutex // serialises every change and its awarding; dry runs read under it
	communities *communities

	snapshot     string        // Config.Snapshot
	marks        SnapshotStore // Store, when snapshot is set
	snapshotMark string        // the mark of the snapshot file, when it was read or written

	feed     Feed          // Store, when it keeps a change feed (follow.go)
	followed atomic.Uint64 // the last change of the feed applied to the index
}

// New loads every achievement, member, fact and valid credential into the
// criteria index and returns the Service.
func New(cfg Config) (*Service, error) {
	if cfg.Store == nil || cfg.Issuer == nil || cfg.Now == nil {
		return nil, errs.E(errs.Invalid, "award: Store, Issuer and Now are required")
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	if cfg.Rand == nil {
		cfg.Rand = rand.Reader
	}
	s := &Service{store: cfg.Store, issuer: cfg.Issuer, now: cfg.Now, log: cfg.Log, rand: cfg.Rand, communities: newCommunities(),
		snapshot: cfg.Snapshot}
	if s.snapshot != "" {
		var ok bool
		if s.marks, ok = cfg.Store.(SnapshotStore); !ok {
			return nil, errs.E(errs.Invalid, "award: Config.Snapshot is set, but the store keeps no snapshot marks")
		}
	}
	if f, ok := cfg.Store.(Feed); ok {
		// Read before the index is loaded: a change made meanwhile is
		// applied again by CatchUp, which is harmless.
		last, err := f.LastChange()
		if err != nil {
			return nil, fmt.Errorf("reading the change feed: %w", err)
		}
		s.feed = f
		s.followed.Store(last)
	}
	if err := s.load(); err != nil {
		return nil, fmt.Errorf("loading community activity: %w", err)
	}
	return s, nil
}

// load builds the criteria index: from the snapshot when it is current,
// else from the records.
func (s *Service) load() error {
	start := time.Now()
	from := "the records"
	fromSnapshot := false
	if s.snapshot != "" {
		engines, err := s.readSnapshot()
		var stale errStale
		switch {
		case err == nil:
			s.communities.engines, fromSnapshot, from = engines, true, "the snapshot"
		case errors.As(err, &stale):
			from = "the records (snapshot not used: " + stale.Error() + ")"
			// Useless now, and it may hold words erased since (see
			// Forgotten): it goes, and shutdown writes a new one.
			if err := os.Remove(s.snapshot); err != nil && !errors.Is(err, fs.ErrNotExist) {
				s.log.Warn("removing the stale index snapshot", "error", err)
			}
		default:
			return err
		}
	}
	if err := s.loadAchievements(); err != nil {
		return err
	}
	if !fromSnapshot {
		if err := s.loadFacts(); err != nil {
			return err
		}
	}
	var members, exchanges int
	s.communities.each(func(_ string, en *criteria.Engine) {
		m, e, _ := en.Index().Len()
		members, exchanges = members+m, exchanges+e
	})
	level, took := slog.LevelDebug, time.Since(start)
	if took >= time.Second { // worth saying at start-up
		level = slog.LevelInfo
	}
	s.log.Log(context.Background(), level, "criteria index ready", "from", from, "members", members, "exchanges", exchanges, "took", took.Round(time.Millisecond))
	return nil
}

// loadAchievements puts every achievement in its community's engine:
// published ones with their rules, unpublished ones only placed.
func (s *Service) loadAchievements() error {
	achs, err := s.store.Achievements()
	if err != nil {
		return err
	}
	unpublished, err := s.store.Unpublished()
	if err != nil {
		return err
	}
	for _, a := range achs {
		s.communities.place(a)
		if unpublished[a.ID] {
			continue // not awarded while unpublished
		}
		if err := s.communities.setAchievement(a); err != nil {
			return fmt.Errorf("achievement %s: %w", a.ID, err)
		}
	}
	return nil
}

// loadFacts indexes every member, exchange, attestation and credential.
func (s *Service) loadFacts() error {
	members, err := s.store.Members()
	if err != nil {
		return err
	}
	for _, m := range members {
		s.communities.addMember(m)
	}
	c := s.communities
	if err := s.store.EachExchange(func(e *ledger.Exchange) error {
		c.of(ledger.CommunityOf(e.Community)).Index().PutExchange(e)
		return nil
	}); err != nil {
		return err
	}
	if err := s.store.EachAttestation(func(a *ledger.Attestation) error {
		c.of(ledger.CommunityOf(a.Community)).Index().PutAttestation(a)
		return nil
	}); err != nil {
		return err
	}
	held, err := s.store.CredentialsHeld()
	if err != nil {
		return err
	}
	for _, h := range held {
		s.communities.setHeld(h)
	}
	return nil
}

// setHolding records a credential in its community's index.
func (s *Service) setHolding(r *accolade.Record) { s.communities.setHolding(r) }

// memberExists reports whether a member is stored.
func (s *Service) memberExists(id string) bool {
	_, err := s.store.Member(id)
	return err == nil
}

// award evaluates members (and, to a fixed point, those their new awards
// affect) and issues every credential now earned. No members, no work: the
// full scan is awardIn with no members. The caller holds s.mu.
func (s *Service) award(ctx context.Context, members []string) ([]*accolade.Record, error) {
	if len(members) == 0 {
		return nil, nil
	}
	return s.awardIn(ctx, "", members)
}

// awardIn evaluates members (nil: everyone) in the community slug ("":
// every one) and issues what they earned. An award in one community affects no other (a rule
// names only its own community's achievements), so each engine runs to
// its own fixed point.
func (s *Service) awardIn(ctx context.Context, slug string, members []string) ([]*accolade.Record, error) {
	var out []*accolade.Record
	var err error
	now := s.now()
	s.communities.each(func(c string, en *criteria.Engine) {
		if err != nil || slug != "" && c != slug {
			return
		}
		var issued []*accolade.Record
		issued, err = s.issueAwards(ctx, en.EvaluateAll(now, members))
		out = append(out, issued...)
	})
	return out, err
}

// issueWorkers is how many awards are issued at once. Signing takes well
// under a millisecond of CPU; the commit that makes a credential durable
// takes several of waiting on the disk. The workers waiting for one commit
// share the next (the store's group commit), so with many of them every
// core signs while the disk writes. 2,000 awards on 2 cores: 4 workers
// shared 1,642 transactions, 32 shared 300 (BenchmarkBulkAward).
var issueWorkers = 16 * runtime.GOMAXPROCS(0)

// issueAwards issues the awards, several at once, and returns what was
// issued in the awards' order, without the signed forms (JSON, JWT: the
// store has them), so that an evaluation that awards 100,000 credentials
// does not hold 100,000 signed credentials in memory. An award already
// held (or renewed) is skipped. On an error no further award is started;
// what was issued before it, or beside it, is still returned with the
// first error.
func (s *Service) issueAwards(ctx context.Context, awards []criteria.Award) ([]*accolade.Record, error) {
	type result struct {
		rec    *accolade.Record
		renews string
		err    error
	}
	results := make([]result, len(awards))
	issue := func(i int) bool {
		a := awards[i]
		renews, err := s.renewal(a.Member, a.Achievement)
		if err != nil {
			results[i].err = fmt.Errorf("finding %s's credential for %s to renew: %w", a.Member, a.Achievement, err)
			return false
		}
		rec, err := s.issuer.Issue(ctx, issuer.Request{Achievement: a.Achievement, Member: a.Member, Evidence: s.evidence(a.Result), Renews: renews})
		switch {
		case errs.KindOf(err) == errs.Conflict: // already held or renewed: nothing to do
		case err != nil:
			results[i].err = fmt.Errorf("issuing %s to %s: %w", a.Achievement, a.Member, err)
			return false
		default:
			light := *rec
			light.JSON, light.JWT = nil, ""
			results[i] = result{rec: &light, renews: renews}
		}
		return true
	}
	if len(awards) == 1 {
		issue(0)
	} else {
		var next atomic.Int64
		var failed atomic.Bool
		var wg sync.WaitGroup
		for range min(issueWorkers, len(awards)) {
			wg.Go(func() {
				for !failed.Load() {
					i := int(next.Add(1) - 1)
					if i >= len(awards) {
						return
					}
					if !issue(i) {
						failed.Store(true)
					}
				}
			})
		}
		wg.Wait()
	}
	var out []*accolade.Record
	var first error
	for i, r := range results {
		switch {
		case r.rec != nil:
			s.setHolding(r.rec)
			a := awards[i]
			if r.renews != "" {
				s.log.Info("credential renewed", "member", a.Member, "achievement", a.Achievement, "credential", r.rec.ID, "renews", r.renews)
			} else {
				s.log.Info("credential awarded", "member", a.Member, "achievement", a.Achievement, "credential", r.rec.ID)
			}
			out = append(out, r.rec)
		case r.err != nil && first == nil:
			first = r.err
		}
	}
	return out, first
}

// renewal returns the id of the member's credential for the achievement that
// an award now renews, or "": their latest credential for it, when it is
// active, not superseded, and expired or within the achievement's
// renewWithin of expiring. A revoked or suspended credential is never
// renewed: an award after it is a new credential, with no link to it.
func (s *Service) renewal(member, achievement string) (string, error) {
	recs, err := s.store.Credentials(accolade.CredentialFilter{Member: member, Achievement: achievement})
	if err != nil || len(recs) == 0 {
		return "", err
	}
	a, err := s.store.Achievement(achievement)
	if err != nil {
		return "", err
	}
	if latest := recs[len(recs)-1]; latest.Renewable(s.now(), a.RenewWithin) {
		return latest.ID, nil
	}
	return "", nil
}

// evidence is what earned r, for the credential: attestations name the
// attester (by their name, never their email) and quote their statement.
func (s *Service) evidence(r criteria.Result) []accolade.Evidence {
	out := make([]accolade.Evidence, 0, len(r.Evidence))
	for _, e := range r.Evidence {
		ev := accolade.Evidence{ID: e.ID, Kind: e.Kind, Narrative: e.Narrative}
		if e.Kind == criteria.EvidenceAttestation {
			s.describeAttestation(&ev, e)
		}
		out = append(out, ev)
	}
	return out
}

// describeAttestation names the attester in ev (inside Unicode directional
// isolates) and quotes the statement.
// The criteria narrative is "Attestation of SKILL, DATE" or "Application
// for X approved by a reviewer, DATE".
func (s *Service) describeAttestation(ev *accolade.Evidence, e criteria.Evidence) {
	name := ""
	if m, err := s.store.Member(e.Attester); err == nil {
		name = strings.TrimSpace(m.Name)
	}
	label, date := e.Narrative, ""
	if i := strings.LastIndex(label, ", "); i >= 0 {
		label, date = label[:i], label[i:]
	}
	if name != "" {
		name = isolateRTL(name)
		if strings.HasSuffix(label, " by a reviewer") {
			label = strings.TrimSuffix(label, "a reviewer") + name
		} else {
			label += " by " + name
		}
	}
	ev.Name, ev.Narrative, ev.Description = label, label+date, e.Statement
	if e.Statement != "" {
		ev.Narrative += ": “" + e.Statement + "”"
	}
}

// isolateRTL puts a name with right-to-left letters inside a first-strong
// isolate (U+2068 … U+2069), so that it does not reorder the text around
// it: "by ليلى حداد, 2026-11-27" keeps its date after the name. Other names
// are returned as they are.
func isolateRTL(name string) string {
	for _, r := range name {
		if p, _ := bidi.LookupRune(r); p.Class() == bidi.R || p.Class() == bidi.AL {
			return "\u2068" + name + "\u2069"
		}
	}
	return name
}

// Evaluate evaluates members (nil or empty: everyone) in every community
// and issues what they have earned.
func (s *Service) Evaluate(ctx context.Context, members []string) ([]*accolade.Record, error) {
	return s.EvaluateIn(ctx, "", members)
}

// EvaluateIn is Evaluate in the community slug only ("": every one); a
// member named must belong to it.
func (s *Service) EvaluateIn(ctx context.Context, slug string, members []string) ([]*accolade.Record, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	known, err := s.knownCommunities()
	if err != nil {
		return nil, err
	}
	if slug != "" && !known[slug] {
		return nil, errs.Field("community", "there is no community %q", slug)
	}
	for _, id := range members {
		m, err := s.store.Member(id)
		if err != nil || slug != "" && !m.In(slug) {
			return nil, errs.Field("members", "no member %q", id)
		}
	}
	return s.awardIn(ctx, slug, members)
}

// Progress returns, for every achievement with a rule, whether the member
// has earned it and how far along each requirement is.
func (s *Service) Progress(member string) ([]criteria.Result, error) {
	m, err := s.store.Member(member)
	if err != nil {
		return nil, err
	}
	return s.communities.progress(m, s.now()), nil
}
