package issuer_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/criteria"
	"github.com/accolade-badges/accolade/dataintegrity"
	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/internal/spectest"
	"github.com/accolade-badges/accolade/internal/testutil"
	"github.com/accolade-badges/accolade/issuer"
	"github.com/accolade-badges/accolade/keys"
	"github.com/accolade-badges/accolade/store"
)

var update = flag.Bool("update", false, "rewrite golden files")

var t0 = time.Date(2026, 3, 4, 10, 0, 0, 0, time.UTC)

// fixture is a real store and keyring with a fixed clock and seeded
// randomness for ids and salts.
type fixture struct {
	db   *store.DB
	keys *keys.Keyring
	svc  *issuer.Service
}

func newFixture(t testing.TB, alg keys.Algorithm) *fixture {
	t.Helper()
	return newFixtureAt(t, alg, "https://badges.example.org")
}

func newFixtureAt(t testing.TB, alg keys.Algorithm, base string) *fixture {
	t.Helper()
	dir := t.TempDir()
	db := testutil.MustOpen(t) // bbolt, or PostgreSQL (ACCOLADE_TEST_DATABASE_URL)
	sealer, err := keys.LoadOrCreateKeyFile(filepath.Join(dir, "keyring.key"), cryptoRand{})
	if err != nil {
		t.Fatal(err)
	}
	// Seeded: Ed25519 (and so the Data Integrity proof) is deterministic;
	// RSA keys always come from the system's random source.
	kr, err := keys.Open(keys.Config{Store: db, Sealer: sealer, Rand: testutil.Rand(2), Now: func() time.Time { return t0 }})
	if err != nil {
		t.Fatal(err)
	}
	must(t, db.PutIssuer(&accolade.Profile{Slug: "default", Name: "Riverside Skill Exchange", Alg: alg}))
	if _, err := kr.EnsureIssuer("default"); err != nil {
		t.Fatal(err)
	}
	if alg == keys.ES256 {
		if _, err := kr.Generate("default", keys.ES256); err != nil {
			t.Fatal(err)
		}
	}
	a, err := criteria.ParseAchievement("trainer.yaml", []byte(`id: project-trainer
name: Project Trainer
description: Recognises volunteers who train others.
achievementType: Certificate
validFor: 730d
criteria:
  narrative: Ran 3 workshops.
`))
	if err != nil {
		t.Fatal(err)
	}
	must(t, db.PutAchievement(a))
	_, err = db.PutMember(&accolade.Member{ID: "layla", Name: "ليلى حداد", Email: "Layla@Example.org"})
	must(t, err)
	svc, err := issuer.New(issuer.Config{Store: db, Keys: kr, BaseURL: base,
		Now: func() time.Time { return t0.Add(123 * time.Millisecond) }, Rand: testutil.Rand(1)})
	if err != nil {
		t.Fatal(err)
	}
	return &fixture{db, kr, svc}
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestIssueGolden(t *testing.T) {
	f := newFixture(t, keys.RS256)
	rec, err := f.svc.Issue(context.Background(), issuer.Request{Achievement: "project-trainer", Member: "layla",
		Evidence: []accolade.Evidence{{ID: "ws-1", Kind: "exchange", Narrative: "Workshop 'Editing basics', 12 learners, 2026-03-04"}}})
	if err != nil {
		t.Fatalf("Issue: %v", err)
	}
	var pretty bytes.Buffer
	must(t, json.Indent(&pretty, rec.JSON, "", "  "))
	golden := filepath.Join("testdata", "credential.golden.json")
	if *update {
		must(t, os.WriteFile(golden, pretty.Bytes(), 0o644))
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("reading golden file (run with -update to create it): %v", err)
	}
	if !bytes.Equal(pretty.Bytes(), want) {
		t.Errorf("issued credential differs from %s (run go test -update if intended):\n%s", golden, pretty.Bytes())
	}
	spectest.ValidateCredential(t, rec.JSON)
	for _, secret := range []string{"layla@example.org", "Layla@Example.org", "null", "[]"} {
		if strings.Contains(rec.JWT+string(rec.JSON), secret) {
			t.Errorf("credential contains %q", secret)
		}
	}
}

func TestVCJWTShape(t *testing.T) {
	const did = "did:web:badges.example.org:issuers:default"
	for _, tt := range []struct {
		alg            keys.Algorithm
		base, issuerID string
		kid            func(keyID string) string
	}{
		// did:web: the DID URL of the key's JsonWebKey method in did.json.
		{keys.RS256, "https://badges.example.org", did, func(id string) string { return did + "#" + id }},
		{keys.EdDSA, "https://badges.example.org", did, func(id string) string { return did + "#" + id + "-jwk" }},
		{keys.ES256, "https://badges.example.org", did, func(id string) string { return did + "#" + id }},
		// Profile URL: the URL that answers the bare JWK.
		{keys.RS256, "http://127.0.0.1:8080", "http://127.0.0.1:8080/issuers/default",
			func(id string) string { return "http://127.0.0.1:8080/issuers/default/keys/" + id }},
	} {
		t.Run(string(tt.alg)+" "+tt.base, func(t *testing.T) {
			alg := tt.alg
			f := newFixtureAt(t, alg, tt.base)
			rec, err := f.svc.Issue(context.Background(), issuer.Request{Achievement: "project-trainer", Member: "layla"})
			if err != nil {
				t.Fatalf("Issue: %v", err)
			}
			parts := strings.Split(rec.JWT, ".")
			if len(parts) != 3 {
				t.Fatalf("JWT has %d parts", len(parts))
			}
			var header map[string]any
			decodePart(t, parts[0], &header)
			wantKid := tt.kid(rec.KeyID)
			if len(header) != 3 || header["alg"] != string(alg) || header["typ"] != "JWT" || header["kid"] != wantKid {
				t.Errorf("header = %v, want exactly alg %s, typ JWT, kid %s", header, alg, wantKid)
			}
			var claims map[string]any
			decodePart(t, parts[1], &claims)
			if claims["iss"] != tt.issuerID || claims["jti"] != claims["id"] ||
				claims["nbf"] != float64(t0.Unix()) || claims["exp"] != float64(t0.Add(730*24*time.Hour).Unix()) {
				t.Errorf("claims iss=%v jti=%v nbf=%v exp=%v", claims["iss"], claims["jti"], claims["nbf"], claims["exp"])
			}
			if _, ok := claims["sub"]; ok {
				t.Errorf("sub present although the subject has no id")
			}
			if alg == keys.RS256 {
				verifyRS256ByHand(t, f.keys, rec)
			}
		})
	}
}

// verifyRS256ByHand checks the signature with crypto/rsa only, independent of
// the JOSE library that produced it.
func verifyRS256ByHand(t *testing.T, kr *keys.Keyring, rec *accolade.Record) {
	t.Helper()
	k, ok := kr.Key(rec.KeyID)
	if !ok {
		t.Fatalf("key %s not found", rec.KeyID)
	}
	i := strings.LastIndexByte(rec.JWT, '.')
	sig, err := base64.RawURLEncoding.DecodeString(rec.JWT[i+1:])
	must(t, err)
	sum := sha256.Sum256([]byte(rec.JWT[:i]))
	if err := rsa.VerifyPKCS1v15(k.Key.(*rsa.PublicKey), cryptoSHA256, sum[:], sig); err != nil {
		t.Errorf("RS256 signature does not verify with crypto/rsa: %v", err)
	}
}

func decodePart(t *testing.T, s string, v any) {
	t.Helper()
	b, err := base64.RawURLEncoding.DecodeString(s)
	must(t, err)
	must(t, json.Unmarshal(b, v))
}

func TestIssueErrors(t *testing.T) {
	f := newFixture(t, keys.RS256)
	ctx := context.Background()
	tests := []struct {
		name string
		req  issuer.Request
		kind errs.Kind
	}{
		{"unknown achievement", issuer.Request{Achievement: "nope", Member: "layla"}, errs.NotFound},
		{"unknown member", issuer.Request{Achievement: "project-trainer", Member: "nobody"}, errs.NotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := f.svc.Issue(ctx, tt.req); errs.KindOf(err) != tt.kind {
				t.Errorf("Issue(%+v) kind = %v (%v), want %v", tt.req, errs.KindOf(err), err, tt.kind)
			}
		})
	}
	if _, err := f.svc.Issue(ctx, issuer.Request{Achievement: "project-trainer", Member: "layla"}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Issue(ctx, issuer.Request{Achievement: "project-trainer", Member: "layla"}); errs.KindOf(err) != errs.Conflict {
		t.Errorf("second Issue for a held achievement: %v, want Conflict", err)
	}
	got, _ := f.db.Credentials(accolade.CredentialFilter{Member: "layla"})
	if len(got) != 1 {
		t.Errorf("%d credentials stored, want 1", len(got))
	}
}

func TestPreparedSignsOnce(t *testing.T) {
	f := newFixture(t, keys.EdDSA)
	ctx := context.Background()
	p, err := f.svc.Prepare(ctx, issuer.Request{Achievement: "project-trainer", Member: "layla"})
	must(t, err)
	if _, err := f.svc.Sign(ctx, p); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Sign(ctx, p); errs.KindOf(err) != errs.Conflict {
		t.Errorf("second Sign: %v, want Conflict", err)
	}
}

func TestConcurrentIssueIsExactlyOnce(t *testing.T) {
	f := newFixture(t, keys.EdDSA)
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := f.svc.Issue(context.Background(), issuer.Request{Achievement: "project-trainer", Member: "layla"})
			if err != nil && errs.KindOf(err) != errs.Conflict {
				t.Errorf("Issue: %v", err)
			}
		}()
	}
	wg.Wait()
	if got, _ := f.db.Credentials(accolade.CredentialFilter{Member: "layla"}); len(got) != 1 {
		t.Errorf("%d credentials after concurrent issuing, want 1", len(got))
	}
}

func TestMemberValidate(t *testing.T) {
	tests := []struct {
		name, field string
		m           accolade.Member
	}{
		{"ok", "", accolade.Member{ID: "a", Name: " 王小明 ", Email: "X@Y.org", Lang: "zh-Hant"}},
		{"bad id", "id", accolade.Member{ID: "a b", Name: "n", Email: "x@y.org"}},
		{"no name", "name", accolade.Member{ID: "a", Email: "x@y.org"}},
		{"control char", "name", accolade.Member{ID: "a", Name: "a\x07b", Email: "x@y.org"}},
		{"no email", "email", accolade.Member{ID: "a", Name: "n"}},
		{"bad email", "email", accolade.Member{ID: "a", Name: "n", Email: "not an email"}},
		{"display-name email", "email", accolade.Member{ID: "a", Name: "n", Email: "Ana <a@b.org>"}},
		{"bad did", "did", accolade.Member{ID: "a", Name: "n", Email: "x@y.org", DID: "http://x"}},
		{"bad lang", "lang", accolade.Member{ID: "a", Name: "n", Email: "x@y.org", Lang: "english!"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.m.Validate()
			if got := errs.FieldOf(err); got != tt.field {
				t.Errorf("Validate(%+v) field = %q (%v), want %q", tt.m, got, err, tt.field)
			}
		})
	}
}

// keyringResolver resolves verification methods from the keyring,
// checking the controller, as a verifier would: "<issuer id>#<key id>" for
// a did:web issuer, "<base>/issuers/default/keys/<key id>/multikey" for a
// profile-URL issuer.
type keyringResolver struct {
	kr       *keys.Keyring
	issuerID string
}

func (r keyringResolver) ResolveKey(_ context.Context, vm, purpose string) (ed25519.PublicKey, string, error) {
	controller, id, _ := strings.Cut(vm, "#")
	if rest, ok := strings.CutPrefix(vm, r.issuerID+"/keys/"); ok {
		id, ok = strings.CutSuffix(rest, "/multikey")
		if !ok || strings.HasPrefix(r.issuerID, "did:") {
			return nil, "", errs.E(errs.NotFound, "no key %s", vm)
		}
		controller = r.issuerID
	}
	k, ok := r.kr.Key(id)
	if !ok || controller != r.issuerID || purpose != "assertionMethod" {
		return nil, "", errs.E(errs.NotFound, "no key %s", vm)
	}
	return k.Key.(ed25519.PublicKey), controller, nil
}

func TestDataIntegrityProof(t *testing.T) {
	for _, tt := range []struct{ base, issuerID, vm string }{
		{"https://badges.example.org", "did:web:badges.example.org:issuers:default", "did:web:badges.example.org:issuers:default#%s"},
		{"http://127.0.0.1:8080", "http://127.0.0.1:8080/issuers/default", "http://127.0.0.1:8080/issuers/default/keys/%s/multikey"},
	} {
		t.Run(tt.base, func(t *testing.T) {
			f := newFixtureAt(t, keys.RS256, tt.base)
			rec, err := f.svc.Issue(context.Background(), issuer.Request{Achievement: "project-trainer", Member: "layla"})
			if err != nil {
				t.Fatal(err)
			}
			spectest.ValidateCredential(t, rec.JSON)
			res, err := dataintegrity.Verify(context.Background(), rec.JSON, keyringResolver{f.keys, tt.issuerID})
			if err != nil || len(res) != 1 || res[0].Err != nil {
				t.Fatalf("Verify = %+v, %v; want one verified proof", res, err)
			}
			if vm := fmt.Sprintf(tt.vm, rec.ProofKeyID); res[0].Cryptosuite != "eddsa-rdfc-2022" || res[0].VerificationMethod != vm {
				t.Errorf("proof = %+v, want eddsa-rdfc-2022 by %s", res[0], vm)
			}
			// The JWT payload carries the credential with the same proof.
			var claims map[string]json.RawMessage
			decodePart(t, strings.Split(rec.JWT, ".")[1], &claims)
			var doc map[string]json.RawMessage
			must(t, json.Unmarshal(rec.JSON, &doc))
			if !spectest.JSONEqual(t, claims["proof"], doc["proof"]) || string(claims["iss"]) != `"`+tt.issuerID+`"` {
				t.Errorf("JWT proof/iss differ from the JSON credential: %s vs %s", claims["proof"], doc["proof"])
			}
		})
	}
}

// TestForgottenMemberGetsNoCredential: a member whose details were erased
// at their request is issued nothing (a credential would name them).
func TestForgottenMemberGetsNoCredential(t *testing.T) {
	f := newFixture(t, keys.EdDSA)
	if _, err := f.db.ForgetMember("layla", t0); err != nil {
		t.Fatal(err)
	}
	_, err := f.svc.Issue(context.Background(), issuer.Request{Achievement: "project-trainer", Member: "layla"})
	if errs.KindOf(err) != errs.Conflict || !strings.Contains(err.Error(), "removed at their request") {
		t.Errorf("Issue for a forgotten member: %v, want Conflict saying their details were removed", err)
	}
}
