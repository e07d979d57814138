package keys

import (
	"crypto/ed25519"
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/accolade-badges/accolade/errs"
)

func TestDIDWeb(t *testing.T) {
	tests := []struct{ base, slug, want string }{
		{"https://example.org:8443/x", "default", "did:web:example.org%3A8443:x:issuers:default"},
		{"https://example.org", "default", "did:web:example.org:issuers:default"},
		{"https://example.org/", "wiki-ug", "did:web:example.org:issuers:wiki-ug"},
		{"https://Badges.Example.ORG/a/b/", "default", "did:web:badges.example.org:a:b:issuers:default"},
		{"http://127.0.0.1:8080", "default", "did:web:127.0.0.1%3A8080:issuers:default"},
		{"http://localhost:8080/", "x_1.2", "did:web:localhost%3A8080:issuers:x_1.2"},
		{"https://example.org/~team/a(b)", "default", "did:web:example.org:%7Eteam:a%28b%29:issuers:default"},
		{"https://example.org/a%3Ab", "default", "did:web:example.org:a%3Ab:issuers:default"},
		{"https://example.org/caf%C3%A9", "default", "did:web:example.org:caf%C3%A9:issuers:default"},
	}
	for _, tt := range tests {
		t.Run(tt.base, func(t *testing.T) {
			got, err := DIDWebOf(tt.base, "issuers", tt.slug)
			if err != nil || got != tt.want {
				t.Fatalf("DIDWeb(%q, %q) = %q, %v; want %q", tt.base, tt.slug, got, err, tt.want)
			}
			if _, err := DIDWebURL(got); err != nil {
				t.Errorf("DIDWebURL(%q): %v", got, err)
			}
		})
	}
}

func TestDIDWebErrors(t *testing.T) {
	tests := []struct{ name, base, slug string }{
		{"ftp scheme", "ftp://example.org", "default"},
		{"no scheme", "example.org", "default"},
		{"no host", "https://", "default"},
		{"user info", "https://user:pw@example.org", "default"},
		{"query", "https://example.org/?x=1", "default"},
		{"fragment", "https://example.org/#top", "default"},
		{"ipv6 literal", "https://[::1]:8080", "default"},
		{"underscore in host", "https://exa_mple.org", "default"},
		{"port zero", "https://example.org:0", "default"},
		{"port too large", "https://example.org:99999", "default"},
		{"empty path segment", "https://example.org/a//b", "default"},
		{"not a URL", "https://exa mple.org", "default"},
		{"empty slug", "https://example.org", ""},
		{"slash in slug", "https://example.org", "a/b"},
		{"colon in slug", "https://example.org", "a:b"},
		{"dot-dot slug", "https://example.org", ".."},
		{"tilde slug", "https://example.org", "a~b"},
		{"encoded slash in path", "https://example.org/a%2Fb", "default"},
		{"dot-dot path", "https://example.org/a/../b", "default"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := DIDWebOf(tt.base, "issuers", tt.slug)
			if errs.KindOf(err) != errs.Invalid {
				t.Errorf("DIDWeb(%q, %q) = %q, %v; want an Invalid error", tt.base, tt.slug, got, err)
			}
		})
	}
}

func TestDIDWebURL(t *testing.T) {
	tests := []struct{ did, want string }{
		{"did:web:example.org", "https://example.org/.well-known/did.json"},
		{"did:web:localhost%3A8080", "https://localhost:8080/.well-known/did.json"},
		{"did:web:example.org%3A8443:x:issuers:default", "https://example.org:8443/x/issuers/default/did.json"},
		{"did:web:example.org:issuers:default#key-1", "https://example.org/issuers/default/did.json"},
		{"did:web:example.org:user:alice", "https://example.org/user/alice/did.json"},
		{"did:web:Example.org%3a8443", "https://example.org:8443/.well-known/did.json"},
		{"did:web:example.org:a%3Ab", "https://example.org/a:b/did.json"},
		{"did:web:example.org:caf%C3%A9", "https://example.org/caf%C3%A9/did.json"},
	}
	for _, tt := range tests {
		t.Run(tt.did, func(t *testing.T) {
			if got, err := DIDWebURL(tt.did); err != nil || got != tt.want {
				t.Errorf("DIDWebURL(%q) = %q, %v; want %q", tt.did, got, err, tt.want)
			}
		})
	}
	bad := []string{
		"did:key:z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi",
		"did:web:",
		"did:web:example.org:",
		"did:web:example.org::x",
		"did:web:example.org%3A",
		"did:web:example.org%3Aabc",
		"did:web:example.org%3A8443%3A9",
		"did:web:exa mple.org",
		"did:web:example.org/path",
		"did:web:example.org?service=x",
		"did:web:%zz",
		"did:web:example.org:a%2Fb",
		"did:web:example.org:..",
		"did:web:[::1]",
		"did:web:-example.org",
		"https://example.org",
	}
	for _, did := range bad {
		t.Run(did, func(t *testing.T) {
			got, err := DIDWebURL(did)
			if errs.KindOf(err) != errs.Invalid {
				t.Errorf("DIDWebURL(%q) = %q, %v; want an Invalid error", did, got, err)
			}
		})
	}
}

func TestDIDDocument(t *testing.T) {
	k, err := signers()
	if err != nil {
		t.Fatal(err)
	}
	keys := k.Public("default")
	pub := fixedEd25519()
	retired := PublicKey{ID: "retired-ed", Issuer: "default", Alg: EdDSA, Key: pub,
		Created: keys[0].Created.Add(-time.Hour), Retired: keys[0].Created}
	keys = append(keys, retired)
	const did = "did:web:example.org:issuers:default"
	b, err := DIDDocument(did, keys)
	if err != nil {
		t.Fatalf("DIDDocument: %v", err)
	}
	var doc struct {
		Context            []string                     `json:"@context"`
		ID                 string                       `json:"id"`
		VerificationMethod []map[string]json.RawMessage `json:"verificationMethod"`
		AssertionMethod    []string                     `json:"assertionMethod"`
		Authentication     any                          `json:"authentication"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatalf("parsing %s: %v", b, err)
	}
	wantCtx := []string{"https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1", "https://w3id.org/security/suites/jws-2020/v1"}
	if !slices.Equal(doc.Context, wantCtx) || doc.ID != did || doc.Authentication != nil {
		t.Errorf("document head = %v %q auth=%v, want %v %q no authentication", doc.Context, doc.ID, doc.Authentication, wantCtx, did)
	}
	// Each Ed25519 key twice (Multikey, then JsonWebKey), the others once.
	type want struct {
		p   PublicKey
		typ string
		id  string
	}
	var wants []want
	for _, p := range sortedPublic(keys) {
		if p.Alg == EdDSA {
			wants = append(wants, want{p, TypeMultikey, did + "#" + p.ID})
			wants = append(wants, want{p, TypeJsonWebKey, did + "#" + p.ID + "-jwk"})
		} else {
			wants = append(wants, want{p, TypeJsonWebKey, did + "#" + p.ID})
		}
	}
	if len(doc.VerificationMethod) != len(wants) {
		t.Fatalf("document has %d verification methods, want %d: %s", len(doc.VerificationMethod), len(wants), b)
	}
	var vmIDs []string
	for i, vm := range doc.VerificationMethod {
		var id, typ, controller string
		json.Unmarshal(vm["id"], &id)
		json.Unmarshal(vm["type"], &typ)
		json.Unmarshal(vm["controller"], &controller)
		vmIDs = append(vmIDs, id)
		w := wants[i]
		if id != w.id || typ != w.typ || controller != did {
			t.Errorf("method %d: id %q type %q controller %q, want %q, %q, %q", i, id, typ, controller, w.id, w.typ, did)
		}
		checkMethod(t, w.p, typ, vm)
	}
	if !slices.Equal(doc.AssertionMethod, vmIDs) {
		t.Errorf("assertionMethod = %v, want every method %v", doc.AssertionMethod, vmIDs)
	}
	if vmIDs[0] != did+"#retired-ed" {
		t.Errorf("first method = %q, want the oldest (retired) key", vmIDs[0])
	}
	if _, err := DIDDocument("example.org", keys); errs.KindOf(err) != errs.Invalid {
		t.Errorf("DIDDocument(not a DID) error = %v, want kind Invalid", err)
	}
}

// checkMethod checks a verification method's type and key members.
func checkMethod(t *testing.T, p PublicKey, typ string, vm map[string]json.RawMessage) {
	t.Helper()
	if typ == TypeMultikey {
		var mb string
		json.Unmarshal(vm["publicKeyMultibase"], &mb)
		want, _ := p.Multikey()
		if p.Alg != EdDSA || mb != want || vm["publicKeyJwk"] != nil {
			t.Errorf("Ed25519 method = %s %q jwk=%s, want Multikey %q without publicKeyJwk", typ, mb, vm["publicKeyJwk"], want)
		}
		return
	}
	var jwk map[string]any
	json.Unmarshal(vm["publicKeyJwk"], &jwk)
	wantKty := map[Algorithm]string{RS256: "RSA", ES256: "EC", EdDSA: "OKP"}[p.Alg]
	if typ != "JsonWebKey" || jwk["kty"] != wantKty || vm["publicKeyMultibase"] != nil {
		t.Errorf("%s method = %s %v, want JsonWebKey with kty %s", p.Alg, typ, jwk, wantKty)
	}
	for _, private := range []string{"d", "p", "q", "dp", "dq", "qi"} {
		if _, ok := jwk[private]; ok {
			t.Errorf("%s publicKeyJwk has private member %q", p.Alg, private)
		}
	}
}

// fixedEd25519 returns an Ed25519 public key for tests that need some key.
func fixedEd25519() ed25519.PublicKey {
	return ed25519.NewKeyFromSeed(make([]byte, 32)).Public().(ed25519.PublicKey)
}

func TestMultikeyDocument(t *testing.T) {
	pub := PublicKey{ID: "ed-1", Issuer: "default", Alg: EdDSA, Key: fixedEd25519()}
	const id, controller = "https://example.org/issuers/default/keys/ed-1/multikey", "https://example.org/issuers/default"
	b, err := pub.MultikeyDocument(id, controller)
	if err != nil {
		t.Fatalf("MultikeyDocument: %v", err)
	}
	mk, _ := pub.Multikey()
	want := `{"@context":["https://w3id.org/security/multikey/v1"],"id":"` + id + `","type":"Multikey","controller":"` + controller + `","publicKeyMultibase":"` + mk + `"}`
	if string(b) != want {
		t.Errorf("MultikeyDocument =\n%s\nwant\n%s", b, want)
	}
	k, err := signers()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range k.Public("default") {
		if p.Alg == EdDSA {
			continue
		}
		if _, err := p.MultikeyDocument(id, controller); errs.KindOf(err) != errs.Invalid {
			t.Errorf("MultikeyDocument(%s key) error = %v, want kind Invalid", p.Alg, err)
		}
	}
}

func TestDIDMethodID(t *testing.T) {
	const did = "did:web:example.org:issuers:default"
	tests := []struct {
		alg       Algorithm
		typ, want string
	}{
		{EdDSA, TypeMultikey, did + "#k"},
		{EdDSA, TypeJsonWebKey, did + "#k-jwk"},
		{RS256, TypeJsonWebKey, did + "#k"},
		{ES256, TypeJsonWebKey, did + "#k"},
	}
	for _, tt := range tests {
		if got := DIDMethodID(did, "k", tt.alg, tt.typ); got != tt.want {
			t.Errorf("DIDMethodID(%s, %s) = %q, want %q", tt.alg, tt.typ, got, tt.want)
		}
	}
	if id, ok := CutJWKSuffix("k-jwk"); id != "k" || !ok {
		t.Errorf(`CutJWKSuffix("k-jwk") = %q, %v`, id, ok)
	}
	if id, ok := CutJWKSuffix("-jwk"); id != "-jwk" || ok {
		t.Errorf(`CutJWKSuffix("-jwk") = %q, %v, want no cut`, id, ok)
	}
}
