package store_test

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/internal/pgtest"
	"github.com/accolade-badges/accolade/store"
)

// signIn stores sign-in link n of ana at at.
func signIn(db *store.DB, n int, at time.Time) error {
	hash := linkHash(n)
	return db.CreateSignIn(accolade.SignIn{Hash: hash, Member: "ana", Next: "/account", Created: at, Expires: at.Add(time.Hour)},
		&accolade.Notice{ID: "signin:" + hash[:24], Kind: accolade.NoticeSignIn, Member: "ana", Link: "https://x/signin/t", Created: at})
}

// TestSignInLimit: a member is sent at most accolade.SignInsPerWindow
// links within accolade.SignInWindow; one more is refused with
// ErrTooManySignIns (RateLimited) and stores neither the link nor its
// mail; once the first is older than the window, one more may go. Under
// make test-pg the links are created through two stores on one database,
// as two nodes would: the limit is the database's, not a node's.
func TestSignInLimit(t *testing.T) {
	var nodes []*store.DB
	if pgtest.Enabled() {
		nodes = store.OpenNodes(t, 2)
	} else {
		db := MustOpen(t)
		nodes = []*store.DB{db, db}
	}
	seed(t, nodes[0])
	for i := range accolade.SignInsPerWindow {
		if err := signIn(nodes[i%2], i, t0.Add(time.Duration(i)*time.Minute)); err != nil {
			t.Fatalf("sign-in link %d: %v", i, err)
		}
	}
	at := t0.Add(10 * time.Minute)
	err := signIn(nodes[1], 99, at)
	if !errors.Is(err, accolade.ErrTooManySignIns) || errs.KindOf(err) != errs.RateLimited {
		t.Fatalf("link %d within the window = %v, want ErrTooManySignIns", accolade.SignInsPerWindow+1, err)
	}
	if _, err := nodes[0].PendingSignIn(linkHash(99), at); !errors.Is(err, accolade.ErrSignInExpired) {
		t.Errorf("the refused link was stored: PendingSignIn = %v", err)
	}
	if _, err := nodes[0].OutboxEntry("signin:" + linkHash(99)[:24]); errs.KindOf(err) != errs.NotFound {
		t.Errorf("the refused link's mail was queued: %v", err)
	}
	// The first link (at t0) leaves the window; one more may go.
	if err := signIn(nodes[1], 100, t0.Add(accolade.SignInWindow+time.Second)); err != nil {
		t.Fatalf("a link once the first left the window: %v", err)
	}
}

// linkHash is link n's hash, its first 24 characters its own too (the
// mail's id).
func linkHash(n int) string { return fmt.Sprintf("%024x%040x", n, n) }
