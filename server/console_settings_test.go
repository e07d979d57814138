package server

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
)

// settingsForm is the settings form of the default community as the
// fixture has it, with changes.
func settingsForm(changes map[string]string) url.Values {
	v := url.Values{"name": {"Default Circle"}, "url": {"https://circle.example.org"}, "description": {"We swap skills."},
		"email": {"hello@example.org"}, "linkedInOrganizationId": {""}, "paperSize": {"a4"}, "lang": {"en"}, "coordinators": {"bob"}}
	for k, s := range changes {
		v.Set(k, s)
	}
	return v
}

// TestConsoleSettings: refused saves show the error next to the field with
// the input kept and change nothing; a good save changes the profile as
// PUT /api/v1/issuers/{slug} would.
func TestConsoleSettings(t *testing.T) {
	f := newConsoleFixture(t)
	base := "/console/default/settings"
	before, err := f.ts.db.Issuer("default")
	mustOK(t, err)
	if body := getConsole(t, f.bob, base); !strings.Contains(body, `value="`+before.Name+`"`) || !strings.Contains(body, ">bob</textarea>") {
		t.Errorf("the form does not hold the profile:\n%s", body)
	}
	for _, tt := range []struct{ name, field, value, want string }{
		{"no name", "name", " ", "Enter the community’s name."},
		{"bad url", "url", "ftp://x", "Enter the website as an address starting with https:// or http://."},
		{"bad LinkedIn id", "linkedInOrganizationId", "acme", "Enter the LinkedIn organisation id"},
		{"bad paper", "paperSize", "a3", "Choose A4 or US Letter."},
		{"bad lang", "lang", "english!", "Enter a language code such as en, fr or ar."},
		{"unknown coordinator", "coordinators", "bob\nzed", "“zed” cannot be a coordinator"},
		{"coordinator twice", "coordinators", "bob\nbob", "“bob” cannot be a coordinator"},
	} {
		rec := f.bob.do("POST", base, settingsForm(map[string]string{tt.field: tt.value}))
		body := rec.Body.String()
		if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(body, `id="s-`+tt.field+`-error">`) || !strings.Contains(body, tt.want) {
			t.Errorf("%s: %d, want 422 with %q next to %s\n%s", tt.name, rec.Code, tt.want, tt.field, body)
		}
		if !strings.Contains(body, "We swap skills.") {
			t.Errorf("%s: the form lost the description sent", tt.name)
		}
		if p, _ := f.ts.db.Issuer("default"); p.Name != before.Name || p.URL != before.URL || !slices.Equal(p.Coordinators, []string{"bob"}) {
			t.Errorf("%s: a refused save changed the profile: %+v", tt.name, p)
		}
	}
	postConsole(t, f.bob, base, settingsForm(map[string]string{"coordinators": "bob\n ana \n", "paperSize": "letter"}), "settingsSaved")
	p, err := f.ts.db.Issuer("default")
	mustOK(t, err)
	if p.Name != "Default Circle" || p.URL != "https://circle.example.org" || p.Description != "We swap skills." || p.Email != "hello@example.org" ||
		p.PaperSize != "letter" || p.Lang != "en" || !slices.Equal(p.Coordinators, []string{"bob", "ana"}) || p.Slug != "default" || p.Alg != before.Alg {
		t.Errorf("after saving: %+v", p)
	}
	if body := getConsole(t, f.bob, base+"?done=settingsSaved"); !strings.Contains(body, "The settings are saved.") || !strings.Contains(body, `<option value="letter" selected>`) {
		t.Error("the page after saving does not say so or lost the paper size")
	}
}
