package store_test

import (
	"slices"
	"testing"
	"time"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/ledger"
	"github.com/accolade-badges/accolade/mail"
	"github.com/accolade-badges/accolade/server"
	"github.com/accolade-badges/accolade/store"
)

// The store satisfies what the mail worker and renderer, and the server's
// unsubscribe pages, declare.
var (
	_ mail.Outbox           = (*store.DB)(nil)
	_ mail.View             = (*store.DB)(nil)
	_ server.MemberSettings = (*store.DB)(nil)
)

func notice(id string, created time.Time) *accolade.Notice {
	return &accolade.Notice{ID: id, Kind: accolade.NoticeSignIn, Member: "ana", Link: "https://x.example/secret-" + id, Created: created}
}

func dueIDs(t *testing.T, db *store.DB, now time.Time) []string {
	t.Helper()
	list, err := db.DueNotices(now, 100)
	if err != nil {
		t.Fatalf("DueNotices: %v", err)
	}
	var ids []string
	for _, n := range list {
		ids = append(ids, n.ID)
	}
	return ids
}

func TestOutboxEnqueueIdempotentAndDueOrder(t *testing.T) {
	db := MustOpen(t)
	if err := db.Enqueue(notice("b", t0.Add(2*time.Minute)), notice("a", t0.Add(time.Minute)), notice("c", t0.Add(time.Hour))); err != nil {
		t.Fatal(err)
	}
	again := notice("a", t0.Add(time.Minute))
	again.Link = "changed"
	if err := db.Enqueue(again); err != nil {
		t.Fatal(err)
	}
	if got, want := dueIDs(t, db, t0.Add(5*time.Minute)), []string{"a", "b"}; !slices.Equal(got, want) {
		t.Fatalf("due = %q, want %q (c is not due yet)", got, want)
	}
	e, err := db.OutboxEntry("a")
	if err != nil || e.Notice.Link != "https://x.example/secret-a" || e.State != store.OutboxPending {
		t.Fatalf("OutboxEntry(a) = %+v, %v; want the first enqueue kept, pending", e, err)
	}
	if list, _ := db.DueNotices(t0.Add(2*time.Hour), 1); len(list) != 1 || list[0].ID != "a" {
		t.Errorf("DueNotices limit 1 = %v, want [a]", list)
	}
}

func TestOutboxBackOffGiveUpAndSent(t *testing.T) {
	db := MustOpen(t)
	if err := db.Enqueue(notice("a", t0), notice("b", t0)); err != nil {
		t.Fatal(err)
	}
	if err := db.MarkFailed("a", "421 try later", t0.Add(time.Minute), false); err != nil {
		t.Fatal(err)
	}
	if got := dueIDs(t, db, t0.Add(30*time.Second)); !slices.Equal(got, []string{"b"}) {
		t.Errorf("due after back-off = %q, want [b]", got)
	}
	if got := dueIDs(t, db, t0.Add(time.Minute)); !slices.Equal(got, []string{"b", "a"}) {
		t.Errorf("due a minute later = %q, want [b a]", got)
	}
	e, _ := db.OutboxEntry("a")
	if e.Attempts != 1 || e.LastError != "421 try later" || e.Notice.Link == "" {
		t.Errorf("after one failure: %+v, want 1 attempt, the error, the link kept", e)
	}
	if err := db.MarkFailed("a", "550 no such user", t0.Add(2*time.Minute), true); err != nil {
		t.Fatal(err)
	}
	if err := db.MarkSent("b", t0.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	if got := dueIDs(t, db, t0.Add(24*time.Hour)); len(got) != 0 {
		t.Errorf("due after give-up and send = %q, want none", got)
	}
	for id, state := range map[string]string{"a": store.OutboxFailed, "b": store.OutboxSent} {
		e, _ := db.OutboxEntry(id)
		if e.State != state || e.Notice.Link != "" {
			t.Errorf("%s: state %s, link %q; want %s and the link forgotten", id, e.State, e.Notice.Link, state)
		}
	}
	if err := db.MarkSent("b", t0); errs.KindOf(err) != errs.Conflict {
		t.Errorf("MarkSent twice: %v, want Conflict", err)
	}
	if err := db.Enqueue(notice("b", t0)); err != nil {
		t.Fatal(err)
	}
	if got := dueIDs(t, db, t0.Add(24*time.Hour)); len(got) != 0 {
		t.Errorf("re-enqueued sent notice is due again: %q", got)
	}
	if n, err := db.PruneOutbox(t0.Add(90 * time.Second)); err != nil || n != 1 {
		t.Errorf("PruneOutbox = %d, %v; want 1 (b, sent before)", n, err)
	}
	if _, err := db.OutboxEntry("b"); errs.KindOf(err) != errs.NotFound {
		t.Errorf("pruned notice: %v, want NotFound", err)
	}
	if list, _ := db.Outbox(10); len(list) != 1 || list[0].Notice.ID != "a" {
		t.Errorf("Outbox = %v, want only a", list)
	}
}

func TestOutboxHook(t *testing.T) {
	db := MustOpen(t)
	poked := make(chan struct{}, 1)
	remove := db.OnEnqueue(func() { poked <- struct{}{} })
	defer remove()
	if err := db.Enqueue(notice("a", t0)); err != nil {
		t.Fatal(err)
	}
	select {
	case <-poked:
	default:
		t.Fatal("Enqueue did not call the OnEnqueue hook")
	}
}

func outboxIDs(t *testing.T, db *store.DB) []string {
	t.Helper()
	list, err := db.Outbox(100)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, e := range list {
		ids = append(ids, e.Notice.ID)
	}
	slices.Sort(ids)
	return ids
}

func TestEventsEnqueueNotices(t *testing.T) {
	db := MustOpen(t)
	seed(t, db)
	if err := reserve(db, "c1", t0); err != nil {
		t.Fatal(err)
	}
	rec := &accolade.Record{ID: "c1", State: accolade.Issued, Member: "ana", Achievement: "trainer", Status: accolade.Active, ValidFrom: t0, Created: t0}
	if err := db.CompleteCredential(rec); err != nil {
		t.Fatal(err)
	}
	if err := db.CompleteCredential(rec); errs.KindOf(err) != errs.Conflict {
		t.Fatalf("second CompleteCredential: %v", err)
	}
	e := &ledger.Exchange{ID: "x1", Kind: ledger.Workshop, Hours: 2, OccurredAt: t0, Teachers: []string{"ana"},
		Learners: []string{"bo", "cy"}, ConfirmedBy: []string{"ana", "cy"}, LoggedBy: "ana"}
	plain := &ledger.Exchange{ID: "x2", Kind: ledger.Workshop, Hours: 2, OccurredAt: t0, Teachers: []string{"ana"}, Learners: []string{"bo"}}
	for range 2 {
		if _, _, err := db.PutExchanges([]*ledger.Exchange{e, plain}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.PutApplication(&ledger.Application{ID: "ap1", Member: "ana", Achievement: "trainer", Narrative: "n", Status: ledger.Pending, CreatedAt: t0}); err != nil {
		t.Fatal(err)
	}
	_, _, err := db.DecideApplication("ap1", func(a *ledger.Application) (*ledger.Attestation, error) {
		a.Status, a.Reviewer, a.DecidedAt = ledger.Rejected, "eva", t0
		return nil, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"awarded:c1", "confirm:x1:bo", "decided:ap1"}
	if got := outboxIDs(t, db); !slices.Equal(got, want) {
		t.Fatalf("outbox = %q, want %q", got, want)
	}
	d, _ := db.OutboxEntry("decided:ap1")
	if d.Notice.By != "eva" || d.Notice.Member != "ana" || d.Notice.Application != "ap1" {
		t.Errorf("decided notice = %+v", d.Notice)
	}
	c, _ := db.OutboxEntry("confirm:x1:bo")
	if c.Notice.By != "ana" || c.Notice.Exchange != "x1" || c.Notice.Kind != accolade.NoticeConfirm {
		t.Errorf("confirm notice = %+v", c.Notice)
	}
}

func TestUpdateMemberAndMailSecret(t *testing.T) {
	db := MustOpen(t)
	seed(t, db)
	m, err := db.UpdateMember("ana", func(m *accolade.Member) error { m.NoMail = true; m.ID = "other"; return nil })
	if err != nil || !m.NoMail || m.ID != "ana" {
		t.Fatalf("UpdateMember = %+v, %v", m, err)
	}
	if got, _ := db.Member("ana"); !got.NoMail || got.Email != "ana@example.org" {
		t.Errorf("stored member = %+v, want NoMail and the other fields kept", got)
	}
	if _, err := db.UpdateMember("nobody", func(*accolade.Member) error { return nil }); errs.KindOf(err) != errs.NotFound {
		t.Errorf("UpdateMember(nobody): %v, want NotFound", err)
	}
	s1, err := db.MailSecret()
	s2, _ := db.MailSecret()
	if err != nil || len(s1) != 32 || string(s1) != string(s2) {
		t.Errorf("MailSecret = %x, %x, %v; want the same 32 bytes twice", s1, s2, err)
	}
}

func TestExpiringCredentials(t *testing.T) {
	db := MustOpen(t)
	seed(t, db)
	if err := reserve(db, "c1", t0); err != nil {
		t.Fatal(err)
	}
	rec := &accolade.Record{ID: "c1", State: accolade.Issued, Member: "ana", Achievement: "trainer", Status: accolade.Active,
		ValidFrom: t0, ValidUntil: t0.Add(40 * 24 * time.Hour), Created: t0}
	if err := db.CompleteCredential(rec); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		now  time.Time
		want int
	}{
		{"too early", t0, 0},
		{"within 30 days", t0.Add(11 * 24 * time.Hour), 1},
		{"expired", t0.Add(41 * 24 * time.Hour), 0},
	} {
		list, err := db.ExpiringCredentials(tc.now, tc.now.Add(30*24*time.Hour))
		if err != nil || len(list) != tc.want {
			t.Errorf("%s: ExpiringCredentials = %d, %v; want %d", tc.name, len(list), err, tc.want)
		}
	}
}
