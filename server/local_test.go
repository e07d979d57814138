package server

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/award"
	"github.com/accolade-badges/accolade/criteria"
	"github.com/accolade-badges/accolade/dataintegrity"
	"github.com/accolade-badges/accolade/internal/testutil"
	"github.com/accolade-badges/accolade/issuer"
	"github.com/accolade-badges/accolade/keys"
	"github.com/accolade-badges/accolade/store"
	"github.com/accolade-badges/accolade/templates"
)

// testServer is a Server over a real store and keyring, with an issued
// credential for member "ana".
type testServer struct {
	s    *Server
	db   *store.DB
	keys *keys.Keyring
	rec  *accolade.Record
}

func newTestServer(t *testing.T, base string) *testServer {
	t.Helper()
	db := testutil.MustOpen(t)
	sealer, err := keys.LoadOrCreateKeyFile(filepath.Join(t.TempDir(), "keyring.key"), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	now := func() time.Time { return time.Date(2026, 3, 4, 10, 0, 0, 0, time.UTC) }
	kr, err := keys.Open(keys.Config{Store: db, Sealer: sealer, Rand: rand.Reader, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	mustOK(t, db.PutIssuer(&accolade.Profile{Slug: "default", Name: "Riverside Skill Exchange", Alg: keys.RS256}))
	mustOK(t, db.PutIssuer(&accolade.Profile{Slug: "other", Name: "Other", Alg: keys.RS256}))
	for _, slug := range []string{"default", "other"} {
		if _, err := kr.EnsureIssuer(slug); err != nil {
			t.Fatal(err)
		}
	}
	a, err := criteria.ParseAchievement("t.yaml", []byte("id: circle-host\nname: Circle Host\ndescription: Hosts circles.\nachievementType: Badge\ncriteria:\n  narrative: Hosted 2 circles.\n"))
	if err != nil {
		t.Fatal(err)
	}
	mustOK(t, db.PutAchievement(a))
	_, err = db.PutMember(&accolade.Member{ID: "ana", Name: "अनन्या शर्मा", Email: "ana@example.org"})
	mustOK(t, err)
	iss, err := issuer.New(issuer.Config{Store: db, Keys: kr, BaseURL: base, Now: now, Rand: rand.Reader})
	mustOK(t, err)
	aw, err := award.New(award.Config{Store: db, Issuer: iss, Now: now})
	mustOK(t, err)
	pages, err := templates.New()
	mustOK(t, err)
	lists, err := issuer.NewStatusLists(issuer.StatusListsConfig{Store: db, Keys: kr, BaseURL: base, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	s, err := New(Config{Store: db, Keys: kr, Awards: aw, Pages: pages, StatusLists: lists, BaseURL: base, Now: now, AdminToken: testToken, VCIssuer: iss})
	mustOK(t, err)
	rec, err := iss.Issue(context.Background(), issuer.Request{Achievement: "circle-host", Member: "ana"})
	mustOK(t, err)
	return &testServer{s: s, db: db, keys: kr, rec: rec}
}

// testToken is the admin token of a testServer.
const testToken = "test-admin-token"

func mustOK(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// TestKeyByKID resolves every id a key has had in a credential, old and new.
func TestKeyByKID(t *testing.T) {
	for _, tt := range []struct{ base, issuerID string }{
		{"http://127.0.0.1:8080", "http://127.0.0.1:8080/issuers/default"},
		{"https://badges.example.org", "did:web:badges.example.org:issuers:default"},
	} {
		t.Run(tt.base, func(t *testing.T) {
			ts := newTestServer(t, tt.base)
			l, u := local{ts.s}, ts.s.urls
			profileURL := tt.base + "/issuers/default"
			var other keys.PublicKey
			for _, k := range ts.keys.Public("other") {
				other = k
			}
			for _, k := range ts.keys.Public("default") {
				ed := k.Alg == keys.EdDSA
				for _, c := range []struct {
					kid  string
					want bool
				}{
					{u.Key("default", k.ID), true},
					{u.Multikey("default", k.ID), ed},
					{tt.issuerID + "#" + k.ID, true},
					{profileURL + "#" + k.ID, true}, // proofs issued before keys had their own URLs
					{tt.issuerID + "#" + k.ID + "-jwk", ed},
					{u.Key("default", k.ID) + "/jwk", false},
					{u.Key("default", k.ID) + "/multikey/x", false},
					{u.Key("other", k.ID), false},
					{tt.issuerID + "#" + k.ID + "-jw", false},
					{"did:web:elsewhere.example#" + k.ID, false},
				} {
					got, iss, ok := l.KeyByKID(c.kid)
					if ok != c.want || (ok && (got.ID != k.ID || iss != tt.issuerID)) {
						t.Errorf("KeyByKID(%q) = %s, %q, %v; want %v (key %s of %s)", c.kid, got.ID, iss, ok, c.want, k.ID, tt.issuerID)
					}
				}
			}
			if _, _, ok := l.KeyByKID(tt.issuerID + "#" + other.ID); ok {
				t.Errorf("KeyByKID resolved another issuer's key %s under %s", other.ID, tt.issuerID)
			}
		})
	}
}

// TestOldCredentialsVerify re-signs the issued credential in the shapes
// issued before keys had their own URLs and DID methods: a Data Integrity
// verificationMethod <profile URL>#<key id>, and a did:web issuer's JWT kid
// <base>/issuers/<slug>/keys/<key id>. Both, and the new shapes, verify.
func TestOldCredentialsVerify(t *testing.T) {
	for _, base := range []string{"http://127.0.0.1:8080", "https://badges.example.org"} {
		t.Run(base, func(t *testing.T) {
			ts := newTestServer(t, base)
			ctx := context.Background()
			ed, err := ts.keys.Signer("default", keys.EdDSA)
			mustOK(t, err)
			rs, err := ts.keys.Signer("default", keys.RS256)
			mustOK(t, err)
			var doc map[string]any
			mustOK(t, json.Unmarshal(ts.rec.JSON, &doc))
			delete(doc, "proof")
			unsigned, _ := json.Marshal(doc)
			oldDoc, err := dataintegrity.Sign(unsigned, ed, dataintegrity.Options{
				VerificationMethod: base + "/issuers/default#" + ed.KeyID(), Created: ts.rec.ValidFrom,
			})
			mustOK(t, err)
			payload, err := base64.RawURLEncoding.DecodeString(strings.Split(ts.rec.JWT, ".")[1])
			mustOK(t, err)
			oldJWT, err := keys.SignJWT(rs, base+"/issuers/default/keys/"+rs.KeyID(), payload)
			mustOK(t, err)
			for name, in := range map[string]struct {
				body []byte
				ct   string
			}{
				"new JSON": {ts.rec.JSON, "application/vc+ld+json"}, "old JSON": {oldDoc, "application/vc+ld+json"},
				"new JWT": {[]byte(ts.rec.JWT), "text/plain"}, "old JWT": {[]byte(oldJWT), "text/plain"},
			} {
				if v := ts.s.verifier.Verify(ctx, in.body, in.ct); !v.Verified {
					t.Errorf("%s does not verify: %+v", name, v.Checks)
				}
			}
		})
	}
}

// TestCredentialStatusSince: Local reports when a credential was revoked
// or suspended, never why.
func TestCredentialStatusSince(t *testing.T) {
	ts := newTestServer(t, "https://badges.example.org")
	l := local{ts.s}
	id := "urn:uuid:" + ts.rec.ID
	issuerID := "did:web:badges.example.org:issuers:default"
	if st, ok := l.CredentialStatus(context.Background(), issuerID, id); !ok || st.Revoked || !st.Since.IsZero() {
		t.Fatalf("CredentialStatus(active) = %+v, %v", st, ok)
	}
	at := time.Date(2027, 3, 3, 9, 30, 0, 0, time.UTC)
	_, err := ts.db.SetStatus(ts.rec.ID, accolade.Revoked, "private", at)
	mustOK(t, err)
	if st, ok := l.CredentialStatus(context.Background(), issuerID, id); !ok || !st.Revoked || !st.Since.Equal(at) {
		t.Errorf("CredentialStatus(revoked) = %+v, %v; want revoked since %v", st, ok, at)
	}
}
