package mail

import (
	"context"
	"log/slog"
	"time"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/errs"
)

// Delivery policy of the worker.
const (
	FirstRetry   = time.Minute          // the wait after the first failure, doubled after each
	MaxRetry     = 6 * time.Hour        // the longest wait between attempts
	MaxAttempts  = 10                   // attempts before a notice is given up
	ExpiryNotice = 30 * 24 * time.Hour  // how long before validUntil a member is told
	KeepFinished = 365 * 24 * time.Hour // how long sent notices are kept
)

// Outbox is the worker's side of the store's outbox.
type Outbox interface {
	// ClaimNotices returns up to limit due notices for this worker to
	// send within lease: no other worker sharing the store gets them
	// meanwhile.
	ClaimNotices(now time.Time, lease time.Duration, limit int) ([]*accolade.Notice, error)
	NoticeAttempts(id string) (int, error)
	MarkSent(id string, at time.Time) error
	MarkSkipped(id, note string, at time.Time) error
	MarkFailed(id, reason string, next time.Time, giveUp bool) error
	Enqueue(list ...*accolade.Notice) error
	ExpiringCredentials(now, until time.Time) ([]*accolade.Record, error)
	PruneOutbox(before time.Time) (int, error)
}

// WorkerConfig configures a Worker.
type WorkerConfig struct {
	Outbox   Outbox
	Renderer *Renderer
	Sender   Sender
	Now      func() time.Time // default time.Now
	Log      *slog.Logger
	// Poll is how often the outbox is read without a Poke (default 5 s);
	// Scan how often credentials are scanned for expiry notices and old
	// notices pruned (default an hour; also at start).
	Poll, Scan time.Duration
}

// Worker sends the outbox's mail. Run one per process.
type Worker struct {
	cfg  WorkerConfig
	poke chan struct{}
}

// NewWorker checks cfg and returns a worker.
func NewWorker(cfg WorkerConfig) (*Worker, error) {
	if cfg.Outbox == nil || cfg.Renderer == nil || cfg.Sender == nil {
		return nil, errs.E(errs.Invalid, "mail worker: Outbox, Renderer and Sender are required")
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	if cfg.Poll <= 0 {
		cfg.Poll = 5 * time.Second
	}
	if cfg.Scan <= 0 {
		cfg.Scan = time.Hour
	}
	return &Worker{cfg: cfg, poke: make(chan struct{}, 1)}, nil
}

// Poke tells the worker that a notice was enqueued, so that it reads the
// outbox now rather than at the next poll. It never blocks.
func (w *Worker) Poke() {
	select {
	case w.poke <- struct{}{}:
	default:
	}
}

// Run sends due mail until ctx is done. A send interrupted by ctx leaves
// its notice pending, without counting an attempt.
func (w *Worker) Run(ctx context.Context) {
	poll, scan := time.NewTicker(w.cfg.Poll), time.NewTicker(w.cfg.Scan)
	defer poll.Stop()
	defer scan.Stop()
	w.scan()
	for {
		w.drain(ctx)
		select {
		case <-ctx.Done():
			return
		case <-w.poke:
		case <-poll.C:
		case <-scan.C:
			w.scan()
		}
	}
}

// batch is how many due notices drain reads at a time.
const batch = 20

// claimLease is how long a batch of notices is this worker's alone on a
// store several nodes share: longer than sending a batch takes (each send
// is bounded by the SMTP timeouts), and how late a notice can be when its
// node stopped mid-batch.
const claimLease = 10 * time.Minute

// drain sends every due notice, a batch at a time. It stops at a store
// error (logged), so a broken store never makes it spin.
func (w *Worker) drain(ctx context.Context) {
	for ctx.Err() == nil {
		list, err := w.cfg.Outbox.ClaimNotices(w.cfg.Now(), claimLease, batch)
		if err != nil {
			w.cfg.Log.Error("reading the mail outbox", "err", err)
			return
		}
		if len(list) == 0 {
			return
		}
		for _, n := range list {
			if ctx.Err() != nil {
				return
			}
			if err := w.deliver(ctx, n); err != nil {
				w.cfg.Log.Error("recording a mail's outcome in the outbox", "notice", n.ID, "err", err)
				return
			}
		}
	}
}

// deliver renders and sends one notice and records the outcome; its error
// is the store's.
func (w *Worker) deliver(ctx context.Context, n *accolade.Notice) error {
	now := w.cfg.Now().UTC()
	m, err := w.cfg.Renderer.View.Member(n.Member)
	switch {
	case errs.KindOf(err) == errs.NotFound:
		return w.skip(n, "no such member", now)
	case err != nil:
		return w.fail(n, err, now)
	case n.Kind != accolade.NoticeSignIn && n.Kind != accolade.NoticeTxCode && m.NoMail: // those two were asked for
		return w.skip(n, "the member turned notification mail off", now)
	case m.Email == "":
		return w.skip(n, "the member has no email address", now)
	}
	msg, err := w.cfg.Renderer.Render(n, m, now)
	if note, ok := Skipped(err); ok {
		return w.skip(n, note, now)
	}
	if errs.KindOf(err) == errs.NotFound {
		return w.skip(n, err.Error(), now)
	}
	if err != nil {
		return w.fail(n, err, now)
	}
	if err := w.cfg.Sender.Send(ctx, msg); err != nil {
		if ctx.Err() != nil {
			return nil // shutting down: it stays pending
		}
		return w.fail(n, err, now)
	}
	w.cfg.Log.Info("mail sent", "notice", n.ID, "kind", n.Kind, "member", n.Member, "messageId", msg.MessageID)
	return w.cfg.Outbox.MarkSent(n.ID, w.cfg.Now())
}

func (w *Worker) skip(n *accolade.Notice, note string, now time.Time) error {
	w.cfg.Log.Info("mail not sent", "notice", n.ID, "why", note)
	return w.cfg.Outbox.MarkSkipped(n.ID, note, now)
}

// fail records a failed attempt, with the next one after Backoff, or gives
// up after MaxAttempts.
func (w *Worker) fail(n *accolade.Notice, cause error, now time.Time) error {
	attempts, err := w.cfg.Outbox.NoticeAttempts(n.ID)
	if err != nil {
		return err
	}
	attempts++
	giveUp := attempts >= MaxAttempts
	next := now.Add(Backoff(attempts))
	w.cfg.Log.Warn("mail not sent", "notice", n.ID, "attempt", attempts, "giveUp", giveUp, "next", next, "err", cause)
	return w.cfg.Outbox.MarkFailed(n.ID, cause.Error(), next, giveUp)
}

// Backoff is the wait after the given number of failed attempts:
// FirstRetry, doubled each time, at most MaxRetry.
func Backoff(attempts int) time.Duration {
	d := FirstRetry
	for i := 1; i < attempts && d < MaxRetry; i++ {
		d *= 2
	}
	return min(d, MaxRetry)
}

// scan enqueues expiry notices for credentials that expire within
// ExpiryNotice, and prunes notices finished more than KeepFinished ago.
func (w *Worker) scan() {
	now := w.cfg.Now().UTC()
	list, err := w.cfg.Outbox.ExpiringCredentials(now, now.Add(ExpiryNotice))
	if err != nil {
		w.cfg.Log.Error("scanning for expiring credentials", "err", err)
	}
	notices := make([]*accolade.Notice, 0, len(list))
	for _, c := range list {
		notices = append(notices, &accolade.Notice{ID: "expiring:" + c.ID, Kind: accolade.NoticeExpiring,
			Member: c.Member, Credential: c.ID, Created: now})
	}
	if len(notices) > 0 {
		if err := w.cfg.Outbox.Enqueue(notices...); err != nil {
			w.cfg.Log.Error("enqueueing expiry notices", "err", err)
		}
	}
	if n, err := w.cfg.Outbox.PruneOutbox(now.Add(-KeepFinished)); err != nil {
		w.cfg.Log.Error("pruning the mail outbox", "err", err)
	} else if n > 0 {
		w.cfg.Log.Info("pruned sent mail from the outbox", "notices", n)
	}
}
