package templates

// The console's import page (html/console-import.html): upload a file,
// see what importing it would do, then apply it.

func init() {
	consolePages = append(consolePages, "console-import")
	consoleSmoke["console-import"] = ConsoleImportPage{Preview: &ImportSummary{Stopped: &ImportProblem{}, Problems: []ImportProblem{{}}}, Result: &ImportSummary{}}
}

// ConsoleImportPage is /console/{slug}/import: the upload form, the
// preview of an uploaded file (with the form to apply it), or the result
// of applying it.
type ConsoleImportPage struct {
	ConsolePage
	Action, ApplyAction string
	Kind                string // members, exchanges or attestations: the form's choice
	Err                 *FormError
	FileName            string
	Token               string // the previewed file, kept for Apply
	Preview             *ImportSummary
	Result              *ImportSummary
	Gone                bool // the previewed file was applied already or expired
}

// ImportSummary is what an import would do (a preview) or did.
type ImportSummary struct {
	Site
	Kind                                              string
	Rows, Created, Updated, Unchanged, Failed, Issued int
	Problems                                          []ImportProblem
	Stopped                                           *ImportProblem // a problem that stopped the reading
	Encoding, Separator                               string         // a CSV file's, as read
}

// ImportProblem is a refused row: its number, the column (or JSON key)
// and the reason, in the import's words.
type ImportProblem struct {
	Row            int
	Column, Reason string
}
