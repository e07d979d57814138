package server

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/api"
	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/templates"
)

// The console's settings page, /console/{slug}/settings: the community's
// profile, saved as PUT /api/v1/issuers/{slug} does (updateIssuer).

func init() {
	consoleRoutesList = append(consoleRoutesList,
		consoleRoute{"GET /console/{slug}/settings", func(s *Server) consoleHandler { return s.consoleSettings }},
		consoleRoute{"POST /console/{slug}/settings", func(s *Server) consoleHandler { return s.consoleSaveSettings }})
	consoleNav = append(consoleNav, consoleNavItem{"/settings", func(t func(string, ...any) string) string { return catalogueLookup(t).T("console.nav.settings") }})
	consoleDone["settingsSaved"] = func(t func(string, ...any) string) string { return catalogueLookup(t).T("console.done.settingsSaved") }
}

func (s *Server) consoleSettings(w http.ResponseWriter, r *http.Request, c *coordinator) error {
	p := c.Issuer
	v := templates.ConsoleSettingsPage{Name: p.Name, URL: p.URL, About: p.Description, Email: p.Email,
		LinkedIn: p.LinkedInOrganizationID, PaperSize: p.PaperSize, Lang: p.Lang, Coordinators: strings.Join(p.Coordinators, "\n")}
	return s.renderConsoleSettings(w, r, c, http.StatusOK, v)
}

func (s *Server) renderConsoleSettings(w http.ResponseWriter, r *http.Request, c *coordinator, status int, v templates.ConsoleSettingsPage) error {
	v.ConsolePage = s.consolePage(r, c, "/settings")
	v.Action = s.localPath("/console/" + c.Issuer.Slug + "/settings")
	l := catalogueLookup(v.Site.Locale().T)
	v.PaperSizes = []templates.MemberOption{{ID: accolade.PaperA4, Label: l.T("console.settings.a4")}, {ID: accolade.PaperLetter, Label: l.T("console.settings.letter")}}
	if v.PaperSize == "" { // empty is A4
		v.PaperSize = accolade.PaperA4
	}
	return renderPage(w, status, func(b *bytes.Buffer) error { return s.pages.Console(b, "console-settings", v) })
}

// consoleSaveSettings saves the profile form. A refused save shows the
// error next to its field with the form as sent, and changes nothing.
func (s *Server) consoleSaveSettings(w http.ResponseWriter, r *http.Request, c *coordinator) error {
	v := templates.ConsoleSettingsPage{Name: strings.TrimSpace(r.PostFormValue("name")), URL: r.PostFormValue("url"),
		About: r.PostFormValue("description"), Email: r.PostFormValue("email"), LinkedIn: r.PostFormValue("linkedInOrganizationId"),
		PaperSize: r.PostFormValue("paperSize"), Lang: strings.TrimSpace(r.PostFormValue("lang")), Coordinators: r.PostFormValue("coordinators")}
	u := api.IssuerUpdate{Name: v.Name, URL: v.URL, Description: v.About, Email: v.Email,
		LinkedInOrganizationID: v.LinkedIn, PaperSize: v.PaperSize, Lang: v.Lang}
	for _, line := range strings.Split(v.Coordinators, "\n") {
		if id := strings.TrimSpace(line); id != "" {
			u.Coordinators = append(u.Coordinators, id)
		}
	}
	_, err := s.updateIssuer(c.Issuer.Slug, u)
	err0 := err
	if err == nil {
		return s.done(w, r, "/console/"+c.Issuer.Slug+"/settings", "settingsSaved")
	}
	if v.Err, err = formError(err, func(field string) string {
		if strings.HasPrefix(field, "coordinators") {
			return "coordinators"
		}
		return field
	}); err != nil {
		return err
	}
	if m := settingsError(catalogueLookup(s.locale(r).T), errs.FieldOf(err0), u); m != "" {
		v.Err.Message = m
	}
	return s.renderConsoleSettings(w, r, c, http.StatusUnprocessableEntity, v)
}

// settingsError is the refusal of field in the coordinator's words ("":
// keep the profile's own message).
func settingsError(l catalogueLookup, field string, u api.IssuerUpdate) string {
	switch field {
	case "name":
		return l.T("console.settings.errName")
	case "url":
		return l.T("console.settings.errURL")
	case "linkedInOrganizationId":
		return l.T("console.settings.errLinkedIn")
	case "paperSize":
		return l.T("console.settings.errPaper")
	case "lang":
		return l.T("console.settings.errLang")
	}
	var i int
	if _, err := fmt.Sscanf(field, "coordinators[%d]", &i); err == nil && i >= 0 && i < len(u.Coordinators) {
		return l.T("console.settings.errCoordinator", "ID", u.Coordinators[i])
	}
	return ""
}
