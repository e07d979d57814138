package accolade_test

import (
	"strings"
	"testing"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/keys"
)

var urlBases = []string{
	"http://127.0.0.1:8080",
	"http://localhost:8080/badges",
	"https://badges.example.org",
	"https://example.org:8443/x/y",
}

// TestURLsRoundTrip checks that every builder's output parses back to the
// same parts, for http and https base URLs with and without a path, and for
// profile-URL and did:web issuers.
func TestURLsRoundTrip(t *testing.T) {
	for _, base := range urlBases {
		u := accolade.URLs{Base: base}
		for _, mode := range []accolade.IDMode{accolade.IDAuto, accolade.IDURL, accolade.IDDIDWeb} {
			p := &accolade.Profile{Slug: "wiki-pt", IDMode: mode}
			t.Run(base+"/"+string(mode), func(t *testing.T) {
				if slug, ok := u.IssuerSlug(u.Issuer(p.Slug)); !ok || slug != p.Slug {
					t.Errorf("IssuerSlug(%q) = %q, %v, want %q", u.Issuer(p.Slug), slug, ok, p.Slug)
				}
				id := u.IssuerID(p)
				wantDID := mode == accolade.IDDIDWeb || mode == accolade.IDAuto && strings.HasPrefix(base, "https:")
				if got := strings.HasPrefix(id, "did:web:"); got != wantDID {
					t.Errorf("IssuerID(%s) = %q, want did:web %v", mode, id, wantDID)
				}
				if slug, ok := u.IssuerOf(id); !ok || slug != p.Slug {
					t.Errorf("IssuerOf(%q) = %q, %v, want %q", id, slug, ok, p.Slug)
				}
				did, err := u.DIDWeb(p.Slug)
				if err != nil {
					t.Fatalf("DIDWeb(%q): %v", p.Slug, err)
				}
				if slug, ok := u.DIDWebSlug(did); !ok || slug != p.Slug {
					t.Errorf("DIDWebSlug(%q) = %q, %v, want %q", did, slug, ok, p.Slug)
				}
				if doc, err := keys.DIDWebURL(did); err != nil || strings.TrimPrefix(doc, "https:") != strings.TrimPrefix(strings.TrimPrefix(u.DIDDocument(p.Slug), "https:"), "http:") {
					t.Errorf("DIDWebURL(%q) = %q, %v, want the document %q", did, doc, err, u.DIDDocument(p.Slug))
				}
				for _, tc := range []struct{ url, form string }{
					{u.Key(p.Slug, "k-1"), accolade.KeyJWK},
					{u.Multikey(p.Slug, "k-1"), accolade.KeyMultikey},
				} {
					slug, keyID, form, ok := u.KeyOf(tc.url)
					if !ok || slug != p.Slug || keyID != "k-1" || form != tc.form {
						t.Errorf("KeyOf(%q) = %q, %q, %q, %v, want %q, k-1, %q", tc.url, slug, keyID, form, ok, p.Slug, tc.form)
					}
				}
				vm, kid := u.VerificationMethod(p, "k-1"), u.JWTKeyID(p, "k-1", keys.RS256)
				for _, m := range []string{vm, kid} {
					if wantDID {
						if !strings.HasPrefix(m, id+"#") {
							t.Errorf("method %q is not a DID URL of %q", m, id)
						}
					} else if slug, keyID, _, ok := u.KeyOf(m); !ok || slug != p.Slug || keyID != "k-1" {
						t.Errorf("KeyOf(%q) = %q, %q, %v, want %q, k-1", m, slug, keyID, ok, p.Slug)
					}
				}
				if a, ok := u.AchievementID(u.Achievement("project-trainer")); !ok || a != "project-trainer" {
					t.Errorf("AchievementID(%q) = %q, %v", u.Achievement("project-trainer"), a, ok)
				}
				const uuid = "6f1c2a9e-2b7d-4e59-9d0e-6a7b9d2c1f00"
				for _, form := range append([]string{""}, accolade.CredentialForms...) {
					link := u.CredentialForm(uuid, form)
					if got, ok := u.CredentialID(link); !ok || got != uuid {
						t.Errorf("CredentialID(%q) = %q, %v, want %q", link, got, ok, uuid)
					}
					file := strings.TrimPrefix(link, u.Credential(""))
					if got, f := accolade.CredentialFile(file); got != uuid || f != form {
						t.Errorf("CredentialFile(%q) = %q, %q, want %q, %q", file, got, f, uuid, form)
					}
				}
				if got, ok := u.CredentialID("urn:uuid:" + uuid); !ok || got != uuid {
					t.Errorf("CredentialID(urn:uuid:%s) = %q, %v", uuid, got, ok)
				}
				if !strings.HasSuffix(u.JWKS(), accolade.RouteJWKS) || !strings.HasPrefix(u.JWKS(), base+"/") {
					t.Errorf("JWKS() = %q", u.JWKS())
				}
			})
		}
	}
}

// TestURLsParseRejects checks that the parsers refuse what the builders
// never produce.
func TestURLsParseRejects(t *testing.T) {
	u := accolade.URLs{Base: "https://badges.example.org/x"}
	for _, tc := range []struct {
		name string
		ok   bool
	}{
		{"https://badges.example.org/x/issuers/a/keys/k/extra", false},
		{"https://badges.example.org/x/issuers/a/keys/", false},
		{"https://badges.example.org/x/issuers/a/keys/k#frag", false},
		{"https://badges.example.org/issuers/a/keys/k", false},
		{"https://other.example.org/x/issuers/a/keys/k", false},
		{"https://badges.example.org/x/issuers/a/keys/k", true},
	} {
		if _, _, _, ok := u.KeyOf(tc.name); ok != tc.ok {
			t.Errorf("KeyOf(%q) ok = %v, want %v", tc.name, ok, tc.ok)
		}
	}
	for _, tc := range []struct {
		link string
		ok   bool
	}{
		{"HTTP://BADGES.example.org/x/credentials/abc-1.jwt", true},
		{"https://badges.example.org/x/credentials/abc-1.exe", false},
		{"https://badges.example.org/x/credentials/", false},
		{"https://badges.example.org/credentials/abc-1", false},
		{"https://badges.example.org/x/achievements/abc-1", false},
		{"urn:uuid:abc/1", false},
	} {
		if _, ok := u.CredentialID(tc.link); ok != tc.ok {
			t.Errorf("CredentialID(%q) ok = %v, want %v", tc.link, ok, tc.ok)
		}
	}
	if _, ok := u.IssuerOf("did:web:badges.example.org:issuers:a"); ok {
		t.Errorf("IssuerOf: a did:web without the base path was taken")
	}
	if _, ok := (accolade.URLs{}).CredentialID("https://x.example/credentials/a"); ok {
		t.Errorf("CredentialID with no base URL took a link")
	}
}

// TestStatusListURLs checks that every status list URL parses back to its
// parts, that it matches the route, and that the parser refuses the rest.
func TestStatusListURLs(t *testing.T) {
	for _, base := range urlBases {
		u := accolade.URLs{Base: base}
		for _, p := range accolade.StatusPurposes {
			for _, form := range []string{"", accolade.FormJWT} {
				link := u.StatusList("wiki-pt", p, 12, form)
				slug, purpose, n, f, ok := u.StatusListOf(link)
				if !ok || slug != "wiki-pt" || purpose != p || n != 12 || f != form {
					t.Errorf("StatusListOf(%q) = %q, %q, %d, %q, %v, want wiki-pt, %q, 12, %q", link, slug, purpose, n, f, ok, p, form)
				}
				route := strings.Replace(strings.Replace(accolade.RouteStatusList, "{slug}", "wiki-pt", 1), "{file}", strings.TrimPrefix(link, u.Base+"/status/wiki-pt/"), 1)
				if base+route != link {
					t.Errorf("StatusList(%q) = %q, not under the route %s", p, link, accolade.RouteStatusList)
				}
			}
		}
	}
	u := accolade.URLs{Base: "https://badges.example.org"}
	for _, link := range []string{
		"https://badges.example.org/status/a/revocation-0",
		"https://badges.example.org/status/a/revocation-01",
		"https://badges.example.org/status/a/revocation-1.json",
		"https://badges.example.org/status/a/refresh-1",
		"https://badges.example.org/status/a/revocation",
		"https://badges.example.org/status/A/revocation-1",
		"https://badges.example.org/status/a/b/revocation-1",
		"https://other.example.org/status/a/revocation-1",
	} {
		if _, _, _, _, ok := u.StatusListOf(link); ok {
			t.Errorf("StatusListOf(%q) ok, want refused", link)
		}
	}
}
