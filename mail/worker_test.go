package mail

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"mime"
	netmail "net/mail"
	"strings"
	"testing"
	"time"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/criteria"
	"github.com/accolade-badges/accolade/internal/testutil"
	"github.com/accolade-badges/accolade/keys"
	"github.com/accolade-badges/accolade/ledger"
	"github.com/accolade-badges/accolade/store"
	"github.com/accolade-badges/accolade/templates"
)

var t0 = time.Date(2026, 3, 4, 10, 0, 0, 0, time.UTC)

// world is a real store with an issuer, an achievement and members, and a
// worker over it with a fake clock.
type world struct {
	db  *store.DB
	w   *Worker
	now time.Time
}

func newWorld(t *testing.T, sender Sender) *world {
	t.Helper()
	db := testutil.MustOpen(t)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(db.PutIssuer(&accolade.Profile{Slug: accolade.DefaultSlug, Name: "Riverside Skill Exchange", Alg: keys.RS256}))
	must(db.PutAchievement(&criteria.Achievement{ID: "trainer", Name: "Project Trainer", Description: "d"}))
	for _, m := range []*accolade.Member{
		{ID: "ana", Name: "Ana Souza", Email: "ana@example.org", Lang: "fr"},
		{ID: "layla", Name: "ليلى حداد", Email: "layla@example.org", Lang: "ar", NoMail: true},
	} {
		_, err := db.PutMember(m)
		must(err)
	}
	mails, err := templates.NewMails()
	must(err)
	wd := &world{db: db, now: t0}
	wd.w, err = NewWorker(WorkerConfig{Outbox: db, Sender: sender, Now: func() time.Time { return wd.now },
		Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Renderer: &Renderer{View: db, Mails: mails, BaseURL: "https://b.example", Secret: []byte("secret"),
			From: netmail.Address{Address: "badges@b.example"}}})
	must(err)
	return wd
}

func (wd *world) award(t *testing.T, id, member string) {
	t.Helper()
	rec := &accolade.Record{ID: id, State: accolade.Pending, Member: member, Achievement: "trainer", Issuer: accolade.DefaultSlug,
		Status: accolade.Active, ValidFrom: t0, Created: t0}
	if err := wd.db.ReserveCredential(rec, t0); err != nil {
		t.Fatal(err)
	}
	rec.State = accolade.Issued
	if err := wd.db.CompleteCredential(rec); err != nil {
		t.Fatal(err)
	}
}

func entry(t *testing.T, db *store.DB, id string) *store.OutboxEntry {
	t.Helper()
	e, err := db.OutboxEntry(id)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// TestWorkerEndToEnd sends an award, skips a member who turned mail off,
// sends that member's sign-in link anyway, over SMTP, once each.
func TestWorkerEndToEnd(t *testing.T) {
	srv, tlsCfg := startServer(t, "starttls")
	s, err := NewSMTP(SMTPConfig{URL: "smtp://" + srv.addr, TLS: tlsCfg})
	if err != nil {
		t.Fatal(err)
	}
	wd := newWorld(t, s)
	wd.award(t, "c1", "ana")
	wd.award(t, "c2", "layla")
	if err := wd.db.Enqueue(&accolade.Notice{ID: "signin:1", Kind: accolade.NoticeSignIn, Member: "layla",
		Link: "https://b.example/signin/secret", Created: t0}); err != nil {
		t.Fatal(err)
	}
	wd.w.drain(context.Background())
	wd.w.drain(context.Background()) // nothing twice
	srv.mu.Lock()
	msgs := srv.msgs
	srv.mu.Unlock()
	if len(msgs) != 2 {
		t.Fatalf("server got %d messages, want 2 (ana's award, layla's sign-in)", len(msgs))
	}
	byID := map[string]*netmail.Message{}
	for _, raw := range msgs {
		m, err := netmail.ReadMessage(bytes.NewReader(raw))
		if err != nil {
			t.Fatal(err)
		}
		byID[m.Header.Get("Message-ID")] = m
	}
	award, signin := byID["<awarded=3Ac1@b.example>"], byID["<signin=3A1@b.example>"]
	if award == nil || signin == nil {
		t.Fatalf("Message-IDs %v", byID)
	}
	subj, _ := new(mime.WordDecoder).DecodeHeader(award.Header.Get("Subject"))
	if !strings.Contains(subj, "Vous avez obtenu le badge") || !strings.Contains(subj, "Project Trainer") {
		t.Errorf("award subject = %q, want French with the achievement", subj)
	}
	if !strings.HasPrefix(award.Header.Get("List-Unsubscribe"), "<https://b.example/unsubscribe/") || signin.Header.Get("List-Unsubscribe") != "" {
		t.Errorf("List-Unsubscribe: award %q, sign-in %q", award.Header.Get("List-Unsubscribe"), signin.Header.Get("List-Unsubscribe"))
	}
	from, _ := award.Header.AddressList("From")
	if len(from) != 1 || from[0].Name != "Riverside Skill Exchange" {
		t.Errorf("From = %v, want the community's name", from)
	}
	if e := entry(t, wd.db, "awarded:c2"); e.State != store.OutboxSent || e.Note == "" {
		t.Errorf("layla's award: %+v, want marked sent with a note (mail off)", e)
	}
	if e := entry(t, wd.db, "signin:1"); e.State != store.OutboxSent || e.Notice.Link != "" {
		t.Errorf("sign-in notice after sending: %+v, want sent and the link forgotten", e)
	}
}

type failingSender struct{ calls int }

func (f *failingSender) Send(context.Context, *Message) error {
	f.calls++
	return errors.New("451 try again later")
}

func TestWorkerBacksOffThenGivesUp(t *testing.T) {
	f := &failingSender{}
	wd := newWorld(t, f)
	wd.award(t, "c1", "ana")
	for i := 1; i <= MaxAttempts; i++ {
		wd.w.drain(context.Background())
		e := entry(t, wd.db, "awarded:c1")
		if e.Attempts != i || f.calls != i {
			t.Fatalf("after drain %d: %d attempts, %d sends", i, e.Attempts, f.calls)
		}
		if i < MaxAttempts {
			if want := wd.now.Add(Backoff(i)); e.State != store.OutboxPending || !e.NextAttempt.Equal(want) {
				t.Fatalf("attempt %d: %s, next %v; want pending, next %v", i, e.State, e.NextAttempt, want)
			}
			wd.w.drain(context.Background()) // not due yet
			if f.calls != i {
				t.Fatalf("sent again before the back-off passed")
			}
			wd.now = e.NextAttempt
		} else if e.State != store.OutboxFailed || e.LastError != "451 try again later" {
			t.Fatalf("after %d attempts: %+v, want failed", i, e)
		}
	}
}

func TestWorkerExpiryConfirmDecided(t *testing.T) {
	box := &Mailbox{}
	wd := newWorld(t, box)
	rec := &accolade.Record{ID: "c1", State: accolade.Pending, Member: "ana", Achievement: "trainer", Issuer: accolade.DefaultSlug,
		Status: accolade.Active, ValidFrom: t0, ValidUntil: t0.Add(20 * 24 * time.Hour), Created: t0}
	if err := wd.db.ReserveCredential(rec, t0); err != nil {
		t.Fatal(err)
	}
	rec.State = accolade.Issued
	if err := wd.db.CompleteCredential(rec); err != nil {
		t.Fatal(err)
	}
	if _, _, err := wd.db.PutExchanges([]*ledger.Exchange{{ID: "x1", Kind: ledger.OneToOne, Title: "Wiki editing", Hours: 1.5,
		OccurredAt: t0, Teachers: []string{"layla"}, Learners: []string{"ana"}, ConfirmedBy: []string{"layla"}, LoggedBy: "layla"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := wd.db.PutApplication(&ledger.Application{ID: "ap1", Member: "ana", Achievement: "trainer", Narrative: "n",
		Status: ledger.Pending, CreatedAt: t0}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := wd.db.DecideApplication("ap1", func(a *ledger.Application) (*ledger.Attestation, error) {
		a.Status, a.Reviewer, a.Comment, a.DecidedAt = ledger.Rejected, "layla", "Ajoute des preuves.", t0
		return nil, nil
	}); err != nil {
		t.Fatal(err)
	}
	wd.now = t0.Add(24 * time.Hour)
	wd.w.scan()
	wd.w.scan()         // once is enough
	wd.now = time.Now() // the confirm notice was stamped with the wall clock
	wd.w.drain(context.Background())
	subjects := map[string]string{}
	for _, m := range box.Messages() {
		subjects[m.MessageID] = m.Subject + "\n" + m.Text
	}
	if len(subjects) != 4 {
		t.Fatalf("mailbox = %q, want award, expiry, confirmation and decision", subjects)
	}
	if s := subjects["<decided=3Aap1@b.example>"]; !strings.Contains(s, "n’a pas été acceptée") || !strings.Contains(s, "Ajoute des preuves.") {
		t.Errorf("decision mail = %q", s)
	}
	if s := subjects["<expiring=3Ac1@b.example>"]; !strings.Contains(s, "expire le") {
		t.Errorf("expiry mail = %q", s)
	}
	if s := subjects["<confirm=3Ax1=3Aana@b.example>"]; !strings.Contains(s, "https://b.example/account/exchanges/x1") ||
		!strings.Contains(s, "ليلى حداد") || !strings.Contains(s, "1,5 heure") {
		t.Errorf("confirm mail = %q", s)
	}
}
