package server

import (
	"context"
	"html/template"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/issuer"
)

// signEndorsement has the other community sign an endorsement of the
// default community's achievement id, not kept (as if it came from
// another install); nil when it cannot.
func (f *consoleFixture) signEndorsement(id string) *issuer.SignedEndorsement {
	se, err := f.ts.s.vcIssuer.(Endorser).Endorse(context.Background(), issuer.EndorseRequest{Endorser: "other", Subject: f.ts.s.urls.Achievement(id), Comment: "From afar"})
	if err != nil {
		panic(err)
	}
	return se
}

// keepEndorsement has the other community endorse the default
// community's achievement id, kept as POST /api/v1/endorsements does.
func (f *consoleFixture) keepEndorsement(id string) *accolade.Endorsement {
	e, err := f.ts.s.issueEndorsement(context.Background(), endorsementRequest{Endorser: "other", Subject: f.ts.s.urls.Achievement(id), Comment: "Well run <b>circles</b>"})
	if err != nil {
		panic(err)
	}
	return e
}

// TestConsoleEndorsements: the page lists what the community gave and
// what it keeps about itself, escaped, with the endorser's name isolated;
// endorsing another community's achievement keeps a signed endorsement,
// one of its own or of nothing is refused with the form kept.
func TestConsoleEndorsements(t *testing.T) {
	f := newConsoleFixture(t)
	const base = "/console/default/endorsements"
	received := f.keepEndorsement("circle-host")
	body := getConsole(t, f.bob, base)
	for _, want := range []string{"<bdi>Other</bdi>", "Well run &lt;b&gt;circles&lt;/b&gt;", "This community has endorsed nothing yet.",
		`<option value="https://badges.example.org/achievements/north-host">North Host</option>`, `<optgroup label="Other">`,
		`name="id" value="` + received.ID + `"`, "Credentials already issued are signed with it and stay unchanged.", `href="https://badges.example.org/console/default/endorsements" aria-current="page"`} {
		if !strings.Contains(body, want) {
			t.Errorf("GET %s does not contain %q", base, want)
		}
	}
	if strings.Contains(body, "<b>circles") || strings.Contains(body, `<option value="https://badges.example.org/achievements/circle-host"`) {
		t.Errorf("GET %s shows the comment unescaped, or offers the community's own achievement", base)
	}
	for _, tt := range []struct {
		name string
		form url.Values
		want string
	}{
		{"nothing chosen", url.Values{"comment": {"Kept comment"}}, "Choose what to endorse."},
		{"other without id", url.Values{"target": {"other"}, "comment": {"Kept comment"}}, "Give the id of the achievement or profile"},
		{"other not an id", url.Values{"target": {"other"}, "external": {"nonsense"}, "comment": {"Kept comment"}}, "Give the id of the achievement or profile"},
		{"its own", url.Values{"target": {"other"}, "external": {"https://badges.example.org/achievements/circle-host"}, "comment": {"Kept comment"}}, "cannot endorse its own"},
		{"nothing here", url.Values{"target": {"other"}, "external": {"https://badges.example.org/achievements/nope"}, "comment": {"Kept comment"}}, "no achievement or profile with this id"},
		{"too long", url.Values{"target": {"other"}, "external": {"https://elsewhere.example/a"}, "comment": {strings.Repeat("x", 2001)}}, "The comment is too long"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			before := consoleState(t, f)
			rec := f.bob.do("POST", base, tt.form)
			if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), tt.want) || (tt.name != "too long" && !strings.Contains(rec.Body.String(), ">Kept comment</textarea>")) {
				t.Errorf("POST %s %v = %d, want 422 saying %q with the form kept\n%s", base, tt.form, rec.Code, tt.want, rec.Body)
			}
			if !reflect.DeepEqual(before, consoleState(t, f)) {
				t.Error("the refused endorsement changed the store")
			}
		})
	}
	postConsole(t, f.bob, base, url.Values{"target": {"other"}, "external": {"https://elsewhere.example/issuers/1"}, "comment": {"Fine people"}}, "endorsed")
	postConsole(t, f.bob, base, url.Values{"target": {"did:web:badges.example.org:issuers:other"}, "comment": {"Good neighbours"}}, "endorsed")
	got, err := f.ts.db.Endorsements("https://elsewhere.example/issuers/1")
	if err != nil || len(got) != 1 || got[0].EndorserName != f.bobIssuerName(t) || got[0].Comment != "Fine people" || got[0].JWT == "" || len(got[0].JSON) == 0 {
		t.Fatalf("kept endorsements of the external profile = %+v, %v", got, err)
	}
	body = getConsole(t, f.bob, base)
	if !strings.Contains(body, "Fine people") || !strings.Contains(body, "Good neighbours") || strings.Contains(body, "This community has endorsed nothing yet.") {
		t.Errorf("the page does not list the endorsements given")
	}
	// The other community sees the one it received, not the external one.
	other := getConsole(t, f.cara, "/console/other/endorsements")
	if !strings.Contains(other, "Good neighbours") || strings.Contains(other, "Fine people") {
		t.Errorf("the other community's page should list what it received only")
	}
	if a := lastAudit(t, f, "POST /console/{slug}/endorsements"); a == nil || !strings.Contains(a.Target, "subject=did:web:badges.example.org:issuers:other") || a.Actor != "coordinator:bob" {
		t.Errorf("audit of the endorsement = %+v", a)
	}
}

func (f *consoleFixture) bobIssuerName(t *testing.T) string {
	p, err := f.ts.db.Issuer("default")
	mustOK(t, err)
	return p.Name
}

// lastAudit is the newest audit entry of action, or nil.
func lastAudit(t *testing.T, f *consoleFixture, action string) *accolade.AuditEntry {
	t.Helper()
	list, err := f.ts.db.AuditLog(accolade.AuditFilter{})
	mustOK(t, err)
	var last *accolade.AuditEntry
	for _, e := range list {
		if e.Action == action && (last == nil || !e.Time.Before(last.Time)) {
			last = e
		}
	}
	return last
}

// TestConsoleAttachEndorsement: an endorsement received from outside,
// pasted (JSON or bare JWT) or uploaded, is kept once it verifies; every
// refusal is said in words with the paste kept, and stores nothing.
func TestConsoleAttachEndorsement(t *testing.T) {
	f := newConsoleFixture(t)
	const base = "/console/default/endorsements/attach"
	good, jwt, file := f.signEndorsement("circle-host"), f.signEndorsement("mentor"), f.signEndorsement("circle-host")
	northHost, err := f.ts.s.vcIssuer.(Endorser).Endorse(context.Background(), issuer.EndorseRequest{Endorser: "default", Subject: f.ts.s.urls.Achievement("north-host")})
	mustOK(t, err)
	far, err := f.ts.s.vcIssuer.(Endorser).Endorse(context.Background(), issuer.EndorseRequest{Endorser: "other", Subject: "https://elsewhere.example/a"})
	mustOK(t, err)
	tamperedJWT := jwt.JWT[:len(jwt.JWT)-6] + "AAAAAA"
	for _, tt := range []struct{ name, paste, want string }{
		{"empty", "", "Paste an endorsement or choose its file."},
		{"not json", `{"@context": `, "neither an endorsement’s JSON nor its JWT"},
		{"garbage", "hello there", "neither an endorsement’s JSON nor its JWT"},
		{"tampered json", strings.Replace(string(good.JSON), "From afar", "From nearby", 1), "The endorsement’s signature does not match its content"},
		{"tampered jwt", tamperedJWT, "The endorsement’s signature does not match its content"},
		{"another community's achievement", string(northHost.JSON), "not one of this community’s"},
		{"nothing of this install", string(far.JSON), "not one of this community’s"},
		{"not an endorsement", string(f.ts.rec.JSON), "not an endorsement"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			before := consoleState(t, f)
			rec := f.bob.do("POST", base, url.Values{"endorsement": {tt.paste}})
			page := rec.Body.String()
			if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(page, tt.want) || !strings.Contains(page, `role="alert" id="e-attach-error"`) {
				t.Errorf("attach %s = %d, want 422 saying %q\n%s", tt.name, rec.Code, tt.want, page)
			}
			if len(tt.paste) > 20 && !strings.Contains(page, template.HTMLEscapeString(tt.paste[:20])) {
				t.Errorf("attach %s: the pasted endorsement is not kept in the form", tt.name)
			}
			if !reflect.DeepEqual(before, consoleState(t, f)) {
				t.Error("the refused attachment changed the store")
			}
		})
	}
	postConsole(t, f.bob, base, url.Values{"endorsement": {string(good.JSON)}}, "endorsementAttached")
	postConsole(t, f.bob, base, url.Values{"endorsement": {"  " + jwt.JWT + "\n"}}, "endorsementAttached")
	if rec := f.bob.do("POST", base, url.Values{"endorsement": {string(good.JSON)}}); rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "already kept") {
		t.Errorf("attaching it again = %d, want 422 saying it is already kept", rec.Code)
	}
	if rec := f.bob.upload(base, map[string]string{"endorsement": "{}"}, "file", "e.json", string(file.JSON)); rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "not both") {
		t.Errorf("pasting and uploading = %d, want 422", rec.Code)
	}
	if rec := f.bob.upload(base, nil, "file", "e.json", strings.Repeat("x", maxEndorsementBody+1)); rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "could not be read") {
		t.Errorf("uploading a file too large = %d, want 422", rec.Code)
	}
	if rec := f.bob.upload(base, nil, "file", "e.jwt", file.JWT+"\n"); rec.Code != http.StatusSeeOther {
		t.Errorf("uploading a .jwt file = %d, want 303\n%s", rec.Code, rec.Body)
	}
	list, err := f.ts.db.Endorsements(f.ts.s.urls.Achievement("circle-host"))
	mustOK(t, err)
	kept := map[string]*accolade.Endorsement{}
	for _, e := range list {
		kept[e.ID] = e
	}
	if g, u := kept[good.ID], kept[file.ID]; len(list) != 2 || g == nil || u == nil || !g.Attached || g.EndorserName != "Other" || len(g.JSON) == 0 || u.JWT != file.JWT {
		t.Errorf("kept endorsements of circle-host = %+v", list)
	}
	if m, _ := f.ts.db.Endorsements(f.ts.s.urls.Achievement("mentor")); len(m) != 1 || m[0].JWT != jwt.JWT {
		t.Errorf("kept endorsements of mentor = %+v, want the JWT", m)
	}
	if a := lastAudit(t, f, "POST /console/{slug}/endorsements/attach"); a == nil || !strings.Contains(a.Target, "endorsement:"+file.ID) {
		t.Errorf("audit of the attachment = %+v", a)
	}
}

// TestConsoleDeleteEndorsement: a kept endorsement is withdrawn once
// confirmed, and leaves the public page and new credentials; the other
// community's coordinator cannot withdraw one that is not hers, and a
// post from another site is refused.
func TestConsoleDeleteEndorsement(t *testing.T) {
	f := newConsoleFixture(t)
	const base = "/console/default/endorsements/delete"
	e := f.keepEndorsement("circle-host")
	mine, err := f.ts.s.issueEndorsement(context.Background(), endorsementRequest{Endorser: "default", Subject: "https://elsewhere.example/a", Comment: "Ours"})
	mustOK(t, err)
	if rec := f.bob.do("POST", base, url.Values{"id": {e.ID}}); rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "Tick the box") || !strings.Contains(rec.Body.String(), "<details open>") {
		t.Errorf("withdrawing without confirming = %d, want 422 with the box to tick\n%s", rec.Code, rec.Body)
	}
	cross := newBrowser(t, f.ts)
	cross.signIn("bob@example.org", "bob")
	cross.header.Set("Sec-Fetch-Site", "cross-site")
	if rec := cross.do("POST", base, url.Values{"id": {e.ID}, "confirm": {"yes"}}); rec.Code != http.StatusForbidden {
		t.Errorf("withdrawing from another site = %d, want 403", rec.Code)
	}
	// cara coordinates "other": her endorsement of default's achievement
	// is hers to withdraw, but the one default gave elsewhere is not.
	if rec := f.cara.do("POST", "/console/other/endorsements/delete", url.Values{"id": {mine.ID}, "confirm": {"yes"}}); rec.Code != http.StatusNotFound {
		t.Errorf("cara withdrawing default's endorsement = %d, want 404", rec.Code)
	}
	if rec := f.cara.do("POST", base, url.Values{"id": {e.ID}, "confirm": {"yes"}}); rec.Code != http.StatusNotFound {
		t.Errorf("cara on default's console = %d, want 404", rec.Code)
	}
	if got, _ := f.ts.db.Endorsements(e.Subject); len(got) != 1 {
		t.Fatalf("a refused withdrawal removed the endorsement")
	}
	if page := f.ts.get(t, "/achievements/circle-host", "Accept", "text/html").Body.String(); !strings.Contains(page, "Well run") {
		t.Fatal("the public page does not show the endorsement before it is withdrawn")
	}
	postConsole(t, f.bob, base, url.Values{"id": {e.ID}, "confirm": {"yes"}}, "endorsementWithdrawn")
	postConsole(t, f.bob, base, url.Values{"id": {mine.ID}, "confirm": {"yes"}}, "endorsementWithdrawn")
	if got, _ := f.ts.db.Endorsements(e.Subject); len(got) != 0 {
		t.Errorf("after withdrawing, %d endorsements are kept", len(got))
	}
	if page := f.ts.get(t, "/achievements/circle-host", "Accept", "text/html").Body.String(); strings.Contains(page, "Well run") {
		t.Error("the public page still shows the withdrawn endorsement")
	}
	if rec := f.ts.issue(t, "sam"); strings.Contains(string(rec.JSON), "endorsementComment") {
		t.Error("a credential issued after the withdrawal carries the endorsement")
	}
	if a := lastAudit(t, f, "POST /console/{slug}/endorsements/delete"); a == nil || !strings.Contains(a.Target, "endorsement:"+mine.ID) || a.Outcome != http.StatusSeeOther {
		t.Errorf("audit of the withdrawal = %+v", a)
	}
	if rec := f.bob.do("POST", base, url.Values{"id": {e.ID}, "confirm": {"yes"}}); rec.Code != http.StatusNotFound {
		t.Errorf("withdrawing it again = %d, want 404", rec.Code)
	}
}
