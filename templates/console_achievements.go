package templates

import "io"

// The console's achievement pages: the list and the editor
// (html/console-achievements.html, html/console-achievements-edit.html).

func init() {
	consolePages = append(consolePages, "console-achievements", "console-achievements-edit")
	consoleSmoke["console-achievements"] = ConsoleAchievementsPage{}
	consoleSmoke["console-achievements-edit"] = ConsoleEditorPage{Check: ConsoleCheck{Checked: true, DryRun: &ConsoleDryRun{}}}
}

// ConsoleCheck renders the editor's check panel alone (the template
// "console-check" of the editor page), for the live check.
func (r *Renderer) ConsoleCheck(w io.Writer, v ConsoleCheck) error {
	return r.pages["console-achievements-edit"].ExecuteTemplate(w, "console-check", v)
}

// ConsoleAchievementsPage is /console/{slug}/achievements: the
// community's achievements, published or not.
type ConsoleAchievementsPage struct {
	ConsolePage
	Achievements []ConsoleAchievement
	NewURL       string
}

// ConsoleAchievement is one achievement of the list.
type ConsoleAchievement struct {
	ID, Name, EditURL, PageURL string
	Published, Automatic       bool
}

// ConsoleEditorPage is the achievement editor: the form fields and the
// achievement file (YAML) side by side. The file is what is submitted;
// the fields are shown and kept in step with it by console-editor.js.
type ConsoleEditorPage struct {
	ConsolePage
	New              bool
	ID               string // the achievement edited; "" for a new one
	Action, CheckURL string // where the form is saved, and checked live
	YAML             string
	Fields           AchievementFields
	Types            []string // achievement types to choose from
	Check            ConsoleCheck
	BadgeURL         string // the badge of the stored achievement; "" for a new one
	CertificateURL   string // a sample of its PDF certificate; "" for a new one
	ImageAction      string // where an image is uploaded
	ImageError       string // why the uploaded image was refused
}

// AchievementFields are the editor's form fields.
type AchievementFields struct {
	Name, Description, Type, Narrative, ValidFor, Reviewers string
	AwardOnApproval                                         bool
	Lang                                                    string // inLanguage
	Translations                                            []TranslationFields
}

// TranslationFields are an achievement's texts in one other language.
type TranslationFields struct {
	Lang, Name, Description, Narrative string
}

// ConsoleCheck is what checking an achievement file says: its problems
// (each naming its line) or, when it is valid, who would earn it now. It
// is rendered on its own (console-achievements-check) for the live check.
type ConsoleCheck struct {
	Site
	Checked bool     // a check ran
	Errors  []string // the file's problems, line-numbered
	DryRun  *ConsoleDryRun
}

// ConsoleDryRun is "who would earn this now".
type ConsoleDryRun struct {
	Members, WouldEarn, AlreadyHold, NearlyCount int
	Earners, Nearly                              []string // first names
	MoreEarners, MoreNearly                      int      // not named
	Replaces, Unpublished                        bool
}
