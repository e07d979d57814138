package server

import (
	"bytes"
	"io"
	"net/http"
	"strings"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/award"
	"github.com/accolade-badges/accolade/badgeimage"
	"github.com/accolade-badges/accolade/criteria"
	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/templates"
)

// The console's achievements: the community's list, and the editor (form
// fields and the achievement file side by side, checked live, with "who
// would earn this now"). The file is what is saved; the form fields are
// edits of the file that console-editor.js asks the check endpoint to make
// (console_achievements_file.go).

func init() {
	consoleRoutesList = append(consoleRoutesList,
		consoleRoute{"GET /console/{slug}/achievements", func(s *Server) consoleHandler { return s.consoleAchievements }},
		consoleRoute{"GET /console/{slug}/achievements/new", func(s *Server) consoleHandler { return s.consoleNewAchievement }},
		consoleRoute{"POST /console/{slug}/achievements/new", func(s *Server) consoleHandler { return s.consoleSaveAchievement }},
		consoleRoute{"POST /console/{slug}/achievements/check", func(s *Server) consoleHandler { return s.consoleCheckAchievement }},
		consoleRoute{"GET /console/{slug}/achievements/{id}", func(s *Server) consoleHandler { return s.consoleEditAchievement }},
		consoleRoute{"POST /console/{slug}/achievements/{id}", func(s *Server) consoleHandler { return s.consoleSaveAchievement }},
		consoleRoute{"POST /console/{slug}/achievements/{id}/image", func(s *Server) consoleHandler { return s.consoleAchievementImage }},
	)
	consoleNav = append(consoleNav, consoleNavItem{"/achievements", func(t func(string, ...any) string) string { return catalogueLookup(t).T("console.nav.achievements") }})
	consoleDone["achievementSaved"] = func(t func(string, ...any) string) string {
		return catalogueLookup(t).T("console.done.achievementSaved")
	}
	consoleDone["imageSaved"] = func(t func(string, ...any) string) string { return catalogueLookup(t).T("console.done.imageSaved") }
}

// consoleAchievements lists the community's achievements, published or not.
func (s *Server) consoleAchievements(w http.ResponseWriter, r *http.Request, c *coordinator) error {
	achs, err := s.store.Achievements()
	if err != nil {
		return err
	}
	unpublished, err := s.store.Unpublished()
	if err != nil {
		return err
	}
	base := "/console/" + c.Issuer.Slug + "/achievements"
	v := templates.ConsoleAchievementsPage{ConsolePage: s.consolePage(r, c, "/achievements"), NewURL: s.localPath(base + "/new")}
	for _, a := range achs {
		if issuerSlug(a.Issuer) != c.Issuer.Slug {
			continue
		}
		v.Achievements = append(v.Achievements, templates.ConsoleAchievement{
			ID: a.ID, Name: a.Definition().In(v.Site.Lang()).Name, EditURL: s.localPath(base + "/" + a.ID),
			PageURL: s.urls.Achievement(a.ID), Published: !unpublished[a.ID], Automatic: a.Criteria.Rule != nil || a.AwardOnApproval,
		})
	}
	sortConsole(v.Achievements)
	return renderPage(w, http.StatusOK, func(b *bytes.Buffer) error { return s.pages.Console(b, "console-achievements", v) })
}

// ownAchievement is the stored achievement id if it is the community's;
// another community's is not found, as if it did not exist.
func (s *Server) ownAchievement(c *coordinator, id string) (*criteria.Achievement, error) {
	a, err := s.store.Achievement(id)
	if err == nil && issuerSlug(a.Issuer) != c.Issuer.Slug {
		err = errs.E(errs.NotFound, "no achievement %q", id)
	}
	return a, err
}

// newAchievementFile is the file a new achievement starts from.
const newAchievementFile = `id: 
name: 
description: 
criteria:
  narrative: 
  rule:
    exchanges:
      role: teacher
      count: 1
`

func (s *Server) consoleNewAchievement(w http.ResponseWriter, r *http.Request, c *coordinator) error {
	return s.renderEditor(w, r, c, http.StatusOK, "", newAchievementFile, templates.ConsoleCheck{})
}

func (s *Server) consoleEditAchievement(w http.ResponseWriter, r *http.Request, c *coordinator) error {
	a, err := s.ownAchievement(c, pathID(r, "id"))
	if err != nil {
		return err
	}
	src, err := achievementFile(a)
	if err != nil {
		return err
	}
	return s.renderEditor(w, r, c, http.StatusOK, a.ID, src, templates.ConsoleCheck{})
}

// renderEditor shows the editor of achievement id ("" for a new one) with
// the file src and what checking it said.
func (s *Server) renderEditor(w http.ResponseWriter, r *http.Request, c *coordinator, status int, id, src string, check templates.ConsoleCheck) error {
	return s.editor(w, r, c, status, id, src, check, "")
}

func (s *Server) renderEditorImageError(w http.ResponseWriter, r *http.Request, c *coordinator, id, src, msg string) error {
	return s.editor(w, r, c, http.StatusBadRequest, id, src, templates.ConsoleCheck{}, msg)
}

func (s *Server) editor(w http.ResponseWriter, r *http.Request, c *coordinator, status int, id, src string, check templates.ConsoleCheck, imageErr string) error {
	base := "/console/" + c.Issuer.Slug + "/achievements"
	v := templates.ConsoleEditorPage{ConsolePage: s.consolePage(r, c, "/achievements"), New: id == "", ID: id,
		Action: s.localPath(base + "/new"), CheckURL: s.localPath(base + "/check"), YAML: src, Types: criteria.AchievementTypes, ImageError: imageErr}
	check.Site = v.Site
	v.Check = check
	if id != "" {
		v.Action, v.ImageAction = s.localPath(base+"/"+id), s.localPath(base+"/"+id+"/image")
		if a, err := s.store.Achievement(id); err == nil {
			v.BadgeURL = s.badgeURL(a, accolade.FormPNG)
			v.CertificateURL = s.localPath(base + "/" + id + "/certificate.pdf")
		}
	}
	if a, err := criteria.ParseAchievement(fileName, []byte(src)); err == nil {
		v.Fields = fieldsOf(a)
	} else {
		v.Fields = fieldsOf(&criteria.Achievement{})
	}
	return renderPage(w, status, func(b *bytes.Buffer) error { return s.pages.Console(b, "console-achievements-edit", v) })
}

// fileName names the editor's file in line-numbered errors, as the admin
// API names its request body: the same words as PUT /api/v1/achievements.
const fileName = "request body"

// checkFile reads an achievement file as saving it would, for the
// community: parsed, its issuer this community (an issuer named in the
// file must be it; none means it), then checked and dry-run as loading
// would (award.Service.DryRun: references, issuer). The id, if not "",
// is the achievement edited: the file must keep it. A problem comes back
// as the check's errors.
func (s *Server) checkFile(c *coordinator, id, src string) (*criteria.Achievement, templates.ConsoleCheck, error) {
	check := templates.ConsoleCheck{Checked: true}
	a, err := s.parseOwnFile(c, id, src)
	if err == nil {
		var d *award.DryRun
		if d, err = s.awards.DryRun(a); err == nil {
			check.DryRun = dryRunView(d)
			return a, check, nil
		}
	}
	if errs.KindOf(err) != errs.Invalid && errs.KindOf(err) != errs.Conflict && errs.KindOf(err) != errs.NotFound {
		return nil, check, err
	}
	check.Errors = strings.Split(strings.TrimSpace(errMessage(err)), "\n")
	return nil, check, nil
}

// parseOwnFile parses src and makes it this community's achievement.
func (s *Server) parseOwnFile(c *coordinator, id, src string) (*criteria.Achievement, error) {
	a, err := criteria.ParseAchievement(fileName, []byte(src))
	if err != nil {
		return nil, err
	}
	if a.Issuer != "" && issuerSlug(a.Issuer) != c.Issuer.Slug {
		return nil, errs.Field("issuer", "%q is another community: this console saves achievements of %q only; remove the issuer line or write issuer: %s", a.Issuer, c.Issuer.Slug, c.Issuer.Slug)
	}
	a.Issuer = c.Issuer.Slug
	if c.Issuer.Slug == accolade.DefaultSlug {
		a.Issuer = ""
	}
	if id != "" && a.ID != id {
		return nil, errs.Field("id", "%q in the file does not match %q, the achievement edited: to make a new achievement, use New achievement", a.ID, id)
	}
	stored, err := s.store.Achievement(a.ID)
	switch {
	case err == nil && issuerSlug(stored.Issuer) != c.Issuer.Slug:
		return nil, errs.Field("id", "%q is taken by another community's achievement: choose another id", a.ID)
	case err == nil && id == "":
		return nil, errs.E(errs.Conflict, "id: an achievement %q exists already: edit it from the list, or choose another id", a.ID)
	case err == nil && a.Image == "":
		a.Image = stored.Image // the file need not repeat the uploaded image
	case err != nil && errs.KindOf(err) != errs.NotFound:
		return nil, err
	}
	return a, nil
}

// consoleCheckAchievement is the live check: the file (yaml) with the
// form field edits asked for (set.KEY=VALUE, see editFile) made, and what
// checking it says, as JSON for console-editor.js. Nothing is stored.
func (s *Server) consoleCheckAchievement(w http.ResponseWriter, r *http.Request, c *coordinator) error {
	if err := r.ParseForm(); err != nil {
		return errs.E(errs.Invalid, "the form cannot be read: %v", err)
	}
	src := strings.ReplaceAll(r.PostForm.Get("yaml"), "\r\n", "\n")
	edited := false
	var a *criteria.Achievement
	var check templates.ConsoleCheck
	var err error
	for k, vs := range r.PostForm {
		if key, ok := strings.CutPrefix(k, "set."); ok && err == nil {
			var out string
			if out, err = editFile(src, key, vs[0]); err == nil {
				src, edited = out, true
			}
		}
	}
	if err != nil { // the field cannot be set in this file: say why, check nothing
		if errs.KindOf(err) != errs.Invalid {
			return err
		}
		check = templates.ConsoleCheck{Checked: true, Errors: []string{errMessage(err)}}
	} else if a, check, err = s.checkFile(c, r.PostForm.Get("id"), src); err != nil {
		return err
	}
	check.Site = s.site(r)
	var panel bytes.Buffer
	if err := s.pages.ConsoleCheck(&panel, check); err != nil {
		return err
	}
	out := checkAnswer{Panel: panel.String(), OK: a != nil}
	if edited {
		out.YAML = &src
	}
	if a != nil {
		f := fieldsOf(a)
		out.Fields = &f
	}
	s.writeJSON(w, r, http.StatusOK, "application/json", out)
	return nil
}

// checkAnswer is the live check's answer.
type checkAnswer struct {
	OK     bool                         `json:"ok"`
	Panel  string                       `json:"panel"`          // the check panel's HTML
	YAML   *string                      `json:"yaml,omitempty"` // the file after the field edits, if any
	Fields *templates.AchievementFields `json:"fields,omitempty"`
}

// consoleSaveAchievement checks (action=check: the editor again, with
// what checking said) or saves the file, as PUT /api/v1/achievements does
// (award LoadAchievements), and goes back to the list.
func (s *Server) consoleSaveAchievement(w http.ResponseWriter, r *http.Request, c *coordinator) error {
	id := r.PathValue("id")
	if id != "" {
		if _, err := s.ownAchievement(c, id); err != nil {
			return err
		}
	}
	src := strings.ReplaceAll(r.PostFormValue("yaml"), "\r\n", "\n")
	a, check, err := s.checkFile(c, id, src)
	if err != nil {
		return err
	}
	if a == nil || r.PostFormValue("action") == "check" {
		status := http.StatusOK
		if a == nil {
			status = http.StatusBadRequest
		}
		return s.renderEditor(w, r, c, status, id, src, check)
	}
	if err := s.awards.LoadAchievements([]*criteria.Achievement{a}); err != nil {
		if errs.KindOf(err) != errs.Invalid {
			return err
		}
		check = templates.ConsoleCheck{Checked: true, Errors: strings.Split(errMessage(err), "\n")}
		return s.renderEditor(w, r, c, http.StatusBadRequest, id, src, check)
	}
	return s.done(w, r, "/console/"+c.Issuer.Slug+"/achievements/"+a.ID, "achievementSaved")
}

// consoleAchievementImage stores an uploaded image (a multipart form's
// image, checked and stored as POST /api/v1/images does) and makes it the
// achievement's image, as PUT /api/v1/achievements/{id}/image does. A
// refused image is said above the upload form and changes nothing.
func (s *Server) consoleAchievementImage(w http.ResponseWriter, r *http.Request, c *coordinator) error {
	a, err := s.ownAchievement(c, pathID(r, "id"))
	if err != nil {
		return err
	}
	img, err := s.uploadedImage(w, r)
	if err == nil {
		err = s.setAchievementImage(a, s.imageAnswer(img).URL)
	}
	if err != nil {
		if errs.KindOf(err) != errs.Invalid && errs.KindOf(err) != errs.TooLarge {
			return err
		}
		src, ferr := achievementFile(a)
		if ferr != nil {
			return ferr
		}
		return s.renderEditorImageError(w, r, c, a.ID, src, errMessage(err))
	}
	return s.done(w, r, "/console/"+c.Issuer.Slug+"/achievements/"+a.ID, "imageSaved")
}

// uploadedImage reads the image field of a multipart form and stores it.
func (s *Server) uploadedImage(w http.ResponseWriter, r *http.Request) (*accolade.Image, error) {
	r.Body = http.MaxBytesReader(w, r.Body, badgeimage.MaxBytes+64<<10)
	f, h, err := r.FormFile("image")
	if err != nil {
		return nil, errs.Field("image", "no image was sent: choose a PNG or SVG file")
	}
	defer f.Close()
	body, err := io.ReadAll(f)
	if err != nil {
		return nil, errs.E(errs.TooLarge, "the image is too large: at most %d KB", badgeimage.MaxBytes>>10)
	}
	if len(body) == 0 {
		return nil, errs.Field("image", "the file is empty: choose a PNG or SVG file")
	}
	ct := h.Header.Get("Content-Type")
	if ct == "application/octet-stream" {
		ct = ""
	}
	return s.storeImage(ct, body)
}
