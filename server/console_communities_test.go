package server

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/keys"
)

// communityForm is the form creating community north, with changes.
func communityForm(changes map[string]string) url.Values {
	v := url.Values{"slug": {"north"}, "name": {"North Time Bank"}, "url": {"https://north.example.org"},
		"email": {"hello@north.example.org"}, "lang": {"fr"}, "alg": {"EdDSA"}, "idMode": {"did:web"}, "coordinators": {"bob\ncara"}}
	for k, s := range changes {
		v.Set(k, s)
	}
	return v
}

// issuerSlugs are the store's issuers.
func issuerSlugs(t *testing.T, ts *testServer) []string {
	t.Helper()
	list, err := ts.db.Issuers()
	mustOK(t, err)
	var out []string
	for _, p := range list {
		out = append(out, p.Slug)
	}
	return out
}

// TestConsoleCommunities: an owner (a coordinator of the default
// community) creates a community with its keys, did document and first
// coordinators, as POST /api/v1/issuers would, and the change is audited
// under the new slug.
func TestConsoleCommunities(t *testing.T) {
	f := newConsoleFixture(t)
	base := "/console/default/communities"
	body := getConsole(t, f.bob, base)
	for _, want := range []string{`href="https://badges.example.org/issuers/other"`, `<option value="did:web" selected>`,
		`<option value="RS256" selected>`, ">bob</textarea>", `aria-current="page">Communities</a>`} {
		if !strings.Contains(body, want) {
			t.Errorf("the communities page lacks %q", want)
		}
	}
	if strings.Contains(body, `href="https://badges.example.org/console/other"`) {
		t.Error("the page links the console of a community bob does not coordinate")
	}
	if body := getConsole(t, f.bob, "/console"); !strings.Contains(body, `href="https://badges.example.org/console/default/communities"`) {
		t.Error("the console index does not link creating a community for an owner")
	}
	if body := getConsole(t, f.bob, "/console/default/keys"); !strings.Contains(body, "/console/default/communities") {
		t.Error("the default community's navigation lacks Communities")
	}

	postConsole(t, f.bob, base, communityForm(nil), "created")
	if rec := f.bob.do("POST", base, communityForm(nil)); rec.Header().Get("Location") != "" {
		t.Fatalf("creating north twice answered %d to %q", rec.Code, rec.Header().Get("Location"))
	}
	p, err := f.ts.db.Issuer("north")
	mustOK(t, err)
	if p.Name != "North Time Bank" || p.URL != "https://north.example.org" || p.Email != "hello@north.example.org" || p.Lang != "fr" ||
		p.Alg != keys.EdDSA || p.IDMode != accolade.IDDIDWeb || !slices.Equal(p.Coordinators, []string{"bob", "cara"}) {
		t.Errorf("north = %+v", p)
	}
	if n := len(f.ts.keys.Public("north")); n != 2 {
		t.Errorf("north has %d keys, want 2 (RS256 and EdDSA)", n)
	}
	for _, path := range []string{"/issuers/north", "/issuers/north/did.json"} {
		if rec := f.ts.serve(t, "GET", path, "", "", ""); rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "did:web:badges.example.org:issuers:north") {
			t.Errorf("GET %s = %d, want north's did:web\n%s", path, rec.Code, rec.Body)
		}
	}
	if m, err := f.ts.db.Member("bob"); err != nil || len(m.Communities) != 0 {
		t.Errorf("coordinating north changed bob's communities: %+v, %v", m, err)
	}
	if body := getConsole(t, f.bob, "/console/north/settings?done=created"); !strings.Contains(body, "The community was created") {
		t.Error("north's settings do not say it was created")
	}
	if body := getConsole(t, f.cara, "/console/north"); !strings.Contains(body, "North Time Bank") {
		t.Error("cara, a first coordinator, does not get north's console")
	}
	log, err := f.ts.db.AuditLog(accolade.AuditFilter{})
	mustOK(t, err)
	if !slices.ContainsFunc(log, func(e *accolade.AuditEntry) bool {
		return e.Actor == "coordinator:bob" && e.Action == "POST /console/{slug}/communities" && strings.Contains(e.Target, "created=north") && e.Outcome == http.StatusSeeOther
	}) {
		t.Errorf("no audit entry of bob creating north: %+v", log)
	}
	if !slices.ContainsFunc(log, func(e *accolade.AuditEntry) bool {
		return e.Actor == "coordinator:bob" && e.Action == "POST /console/{slug}/communities" && e.Outcome == http.StatusUnprocessableEntity
	}) {
		t.Error("the refused second creation is not in the audit log")
	}
}

// TestConsoleCommunitiesRefused: each bad field is named, in the owner's
// words, with the form kept, and nothing is created; coordinators of
// another community do not find the page.
func TestConsoleCommunitiesRefused(t *testing.T) {
	f := newConsoleFixture(t)
	base := "/console/default/communities"
	for _, tt := range []struct{ name, field, value, errField, want string }{
		{"no slug", "slug", "", "slug", "Enter a slug of lowercase letters"},
		{"bad slug", "slug", "North Bank", "slug", "Enter a slug of lowercase letters"},
		{"slug taken", "slug", "other", "slug", "There is a community “other” already"},
		{"no name", "name", " ", "name", "Enter the community’s name."},
		{"bad url", "url", "ftp://x", "url", "Enter the website as an address starting with https://"},
		{"bad lang", "lang", "english!", "lang", "Enter a language code such as en, fr or ar."},
		{"bad alg", "alg", "HS256", "alg", "Choose RS256, EdDSA or ES256."},
		{"bad id mode", "idMode", "orcid", "idMode", "Choose did:web, did:key or the profile URL."},
		{"unknown coordinator", "coordinators", "bob\nzed", "coordinators", "“zed” is not a member"},
		{"bad coordinator id", "coordinators", "-x", "coordinators", "“-x” is not a member"},
		{"coordinator twice", "coordinators", "bob\nbob", "coordinators", "“bob” is listed twice"},
		{"no coordinator", "coordinators", " \n", "coordinators", "Give at least one coordinator"},
	} {
		rec := f.bob.do("POST", base, communityForm(map[string]string{tt.field: tt.value}))
		body := rec.Body.String()
		if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(body, `id="c-`+tt.errField+`-error">`) || !strings.Contains(body, tt.want) {
			t.Errorf("%s: %d, want 422 with %q next to %s\n%s", tt.name, rec.Code, tt.want, tt.errField, body)
		}
		if !strings.Contains(body, `value="hello@north.example.org"`) {
			t.Errorf("%s: the form lost the email sent", tt.name)
		}
		if got := issuerSlugs(t, f.ts); !slices.Equal(got, []string{"default", "other"}) {
			t.Fatalf("%s: a refused creation left issuers %v", tt.name, got)
		}
		if len(f.ts.keys.Public("north")) != 0 {
			t.Fatalf("%s: a refused creation made keys for north", tt.name)
		}
	}
	// In the owner's language.
	f.bob.header.Set("Accept-Language", "fr")
	if rec := f.bob.do("POST", base, communityForm(map[string]string{"slug": "Nord!"})); !strings.Contains(rec.Body.String(), "Saisissez un identifiant court") {
		t.Errorf("a French owner's refusal is not in French:\n%s", rec.Body)
	}
	f.bob.header.Del("Accept-Language")

	// cara coordinates other, not default: she is no owner.
	for _, path := range []string{base, "/console/other/communities"} {
		if rec := f.cara.do("GET", path, nil); rec.Code != http.StatusNotFound {
			t.Errorf("cara GET %s = %d, want 404", path, rec.Code)
		}
		if rec := f.cara.do("POST", path, communityForm(nil)); rec.Code != http.StatusNotFound {
			t.Errorf("cara POST %s = %d, want 404", path, rec.Code)
		}
	}
	if body := getConsole(t, f.cara, "/console/other/keys"); strings.Contains(body, "/communities") {
		t.Error("another community's navigation links Communities")
	}
	if body := getConsole(t, f.cara, "/console"); strings.Contains(body, "/communities") {
		t.Error("the console index links creating a community for a non-owner")
	}
	if rec := f.ana.do("POST", base, communityForm(nil)); rec.Code != http.StatusNotFound {
		t.Errorf("ana, no coordinator, POST = %d, want 404", rec.Code)
	}
	if got := issuerSlugs(t, f.ts); !slices.Equal(got, []string{"default", "other"}) || len(f.ts.keys.Public("north")) != 0 {
		t.Errorf("refused requests left issuers %v", got)
	}
}

// TestConsoleCommunitiesHTTP: on a base URL that is not https, did:web is
// not offered and a community is named by its profile URL.
func TestConsoleCommunitiesHTTP(t *testing.T) {
	ts, _ := newSignInServer(t, "http://127.0.0.1:8080")
	_, err := ts.db.UpdateIssuer("default", func(p *accolade.Profile) error { p.Coordinators = []string{"bob"}; return nil })
	mustOK(t, err)
	bob := newBrowser(t, ts)
	bob.signIn("bob@example.org", "bob")
	body := getConsole(t, bob, "/console/default/communities")
	if strings.Contains(body, `value="did:web"`) || !strings.Contains(body, `<option value="url" selected>`) || !strings.Contains(body, "did:web needs an https address") {
		t.Errorf("did:web is offered on an http base URL:\n%s", body)
	}
	if rec := bob.do("POST", "/console/default/communities", communityForm(map[string]string{"coordinators": "bob"})); rec.Code != http.StatusUnprocessableEntity ||
		!strings.Contains(rec.Body.String(), `id="c-idMode-error"`) {
		t.Errorf("did:web on http = %d, want 422 naming idMode", rec.Code)
	}
	if got := issuerSlugs(t, ts); !slices.Equal(got, []string{"default", "other"}) {
		t.Errorf("a refused did:web left issuers %v", got)
	}
	postConsole(t, bob, "/console/default/communities", communityForm(map[string]string{"idMode": "url", "coordinators": "bob"}), "created")
	if rec := ts.serve(t, "GET", "/issuers/north", "", "", ""); rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "http://127.0.0.1:8080/issuers/north") {
		t.Errorf("GET /issuers/north = %d\n%s", rec.Code, rec.Body)
	}
}
