package store_test

import (
	"errors"
	"testing"
	"time"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/store"
)

// grantWithCode stores ana's grant id to client, with an authorization
// code "code-"+id that expires 10 minutes after t0.
func grantWithCode(t *testing.T, db *store.DB, id, client string) {
	t.Helper()
	err := db.CreateOAuthGrant(&accolade.OAuthGrant{ID: id, Member: "ana", Client: client, Scopes: []string{"s"}, Created: t0},
		&accolade.OAuthCode{Hash: "code-" + id, Grant: id, Client: client, RedirectURI: "https://x/cb", Challenge: "c", Expires: t0.Add(10 * time.Minute)})
	if err != nil {
		t.Fatal(err)
	}
}

func tokens(grant, access, refresh string, at time.Time) []accolade.OAuthToken {
	return []accolade.OAuthToken{{Hash: access, Grant: grant, Expires: at.Add(time.Hour)},
		{Hash: refresh, Grant: grant, Refresh: true, Expires: at.Add(90 * 24 * time.Hour)}}
}

// TestPruneOAuth: pruning deletes expired codes and tokens and the tokens
// of ended grants, and nothing a client may still use; a used refresh
// token is kept until it expires, so that replaying it still ends its
// grant after a pruning.
func TestPruneOAuth(t *testing.T) {
	db := MustOpen(t)
	seed(t, db)
	for _, c := range []string{"c1", "c2", "c3"} {
		if err := db.PutOAuthClient(&accolade.OAuthClient{ID: c, Name: c, RedirectURIs: []string{"https://x/cb"}, Scopes: []string{"s"}, Created: t0}); err != nil {
			t.Fatal(err)
		}
	}
	ok := func(*accolade.OAuthCode) error { return nil }
	grantWithCode(t, db, "g1", "c1") // exchanged, then refreshed
	grantWithCode(t, db, "g2", "c2") // exchanged, then ended by ana
	grantWithCode(t, db, "g3", "c3") // never exchanged
	at := t0.Add(time.Minute)
	if _, err := db.ExchangeOAuthCode("code-g1", at, ok, tokens("g1", "a1", "r1", at)...); err != nil {
		t.Fatal(err)
	}
	if _, err := db.RefreshOAuth("r1", "c1", at.Add(time.Minute), tokens("g1", "a2", "r2", at.Add(time.Minute))...); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExchangeOAuthCode("code-g2", at, ok, tokens("g2", "a3", "r3", at)...); err != nil {
		t.Fatal(err)
	}
	if err := db.RevokeOAuthGrant("ana", "g2", at); err != nil {
		t.Fatal(err)
	}

	prune := func(now time.Time, want int) {
		t.Helper()
		if n, err := db.PruneOAuth(now); err != nil || n != want {
			t.Fatalf("PruneOAuth(t0+%v) = %d, %v; want %d", now.Sub(t0), n, err, want)
		}
	}
	// The three codes have expired; g2's tokens are of an ended grant.
	prune(t0.Add(30*time.Minute), 5)
	if _, err := db.OAuthAccess("a2", t0.Add(31*time.Minute)); err != nil {
		t.Fatalf("the live access token after pruning: %v", err)
	}
	prune(t0.Add(31*time.Minute), 0)
	// An hour later both of g1's access tokens have expired.
	later := t0.Add(2 * time.Hour)
	prune(later, 2)
	// r1 was used and kept: presented again, it still ends g1.
	if _, err := db.RefreshOAuth("r1", "c1", later); !errors.Is(err, accolade.ErrTokenInvalid) {
		t.Fatalf("replayed refresh token after pruning: %v, want ErrTokenInvalid", err)
	}
	if _, err := db.RefreshOAuth("r2", "c1", later, tokens("g1", "a4", "r4", later)...); !errors.Is(err, accolade.ErrTokenInvalid) {
		t.Fatalf("refresh after the replay: %v, want ErrTokenInvalid (the grant ended)", err)
	}
	prune(later, 2) // r1 and r2, of the grant that ended
	grants, err := db.MemberOAuthGrants("ana")
	if err != nil || len(grants) != 3 {
		t.Fatalf("grants after pruning: %d, %v; want all 3 kept", len(grants), err)
	}
}

// TestForgetMemberOAuth: erasing a member ends their grants, deletes the
// codes and tokens of those grants and the credentials applications
// deposited for them; another member's grant and deposits stay.
func TestForgetMemberOAuth(t *testing.T) {
	db := MustOpen(t)
	seed(t, db)
	if _, err := db.PutMember(&accolade.Member{ID: "ben", Name: "Ben", Email: "ben@example.org"}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []string{"c1", "c2"} {
		if err := db.PutOAuthClient(&accolade.OAuthClient{ID: c, Name: c, RedirectURIs: []string{"https://x/cb"}, Scopes: []string{"s"}, Created: t0}); err != nil {
			t.Fatal(err)
		}
	}
	ok := func(*accolade.OAuthCode) error { return nil }
	grantWithCode(t, db, "g1", "c1")
	grantWithCode(t, db, "g2", "c2") // its code is never exchanged
	if _, err := db.ExchangeOAuthCode("code-g1", t0, ok, tokens("g1", "a1", "r1", t0)...); err != nil {
		t.Fatal(err)
	}
	err := db.CreateOAuthGrant(&accolade.OAuthGrant{ID: "gb", Member: "ben", Client: "c1", Scopes: []string{"s"}, Created: t0},
		&accolade.OAuthCode{Hash: "code-gb", Grant: "gb", Client: "c1", RedirectURI: "https://x/cb", Challenge: "c", Expires: t0.Add(10 * time.Minute)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExchangeOAuthCode("code-gb", t0, ok, tokens("gb", "ab", "rb", t0)...); err != nil {
		t.Fatal(err)
	}
	for _, m := range []string{"ana", "ben"} {
		if _, err := db.PutExternal(&accolade.External{Member: m, ID: "urn:uuid:x", JSON: []byte(`{"name":"` + m + `"}`), Received: t0}); err != nil {
			t.Fatal(err)
		}
	}

	f, err := db.ForgetMember("ana", t0.Add(time.Minute))
	if err != nil || f.Grants != 2 || f.Deposited != 1 {
		t.Fatalf("ForgetMember = %+v, %v; want 2 grants ended and 1 deposited credential deleted", f, err)
	}
	if _, err := db.OAuthAccess("a1", t0.Add(2*time.Minute)); !errors.Is(err, accolade.ErrTokenInvalid) {
		t.Errorf("ana's access token after she was forgotten: %v, want ErrTokenInvalid", err)
	}
	if _, err := db.ExchangeOAuthCode("code-g2", t0.Add(2*time.Minute), ok); !errors.Is(err, accolade.ErrCodeUsed) {
		t.Errorf("ana's unused code after she was forgotten: %v, want ErrCodeUsed", err)
	}
	grants, err := db.MemberOAuthGrants("ana")
	if err != nil || len(grants) != 2 || grants[0].Revoked.IsZero() || grants[1].Revoked.IsZero() {
		t.Errorf("ana's grants after she was forgotten = %+v, %v; want both ended", grants, err)
	}
	if ext, err := db.Externals("ana"); err != nil || len(ext) != 0 {
		t.Errorf("ana's deposited credentials after she was forgotten = %d, %v; want none", len(ext), err)
	}
	if _, err := db.OAuthAccess("ab", t0.Add(2*time.Minute)); err != nil {
		t.Errorf("ben's access token after ana was forgotten: %v", err)
	}
	if ext, err := db.Externals("ben"); err != nil || len(ext) != 1 {
		t.Errorf("ben's deposited credentials after ana was forgotten = %d, %v; want his one", len(ext), err)
	}
	// Only the tokens of ben's grant are left to prune later: ana's are gone.
	if n, err := db.PruneOAuth(t0.Add(2 * time.Minute)); err != nil || n != 0 {
		t.Errorf("PruneOAuth after the erasure = %d, %v; want nothing left of ana's to delete", n, err)
	}
	if f, err := db.ForgetMember("ana", t0.Add(3*time.Minute)); err != nil || f.Grants != 0 || f.Deposited != 0 {
		t.Errorf("forgetting ana again = %+v, %v; want nothing more", f, err)
	}
}
