package templates

import "time"

// The console's endorsements page: what the community endorsed, what it
// keeps about its own achievements and profile, and the forms to endorse,
// attach and withdraw.

func init() {
	consolePages = append(consolePages, "console-endorsements")
	consoleSmoke["console-endorsements"] = ConsoleEndorsementsPage{}
}

// ConsoleEndorsementsPage is /console/{slug}/endorsements. After a refused
// form it holds what was sent, and the error of that form.
type ConsoleEndorsementsPage struct {
	ConsolePage
	IssueAction, AttachAction string
	Given                     []ConsoleEndorsement // endorsements the community gave
	Received                  []ConsoleEndorsement // kept about its achievements and profile
	Targets                   []ConsoleEndorseTarget
	// The endorse form as sent: Target is the chosen target's id ("" none,
	// TargetOther: External holds it).
	Target, External, Comment string
	Paste                     string // the attach form's pasted endorsement
	IssueErr, AttachErr       *FormError
	DeleteErr                 *FormError // Field is the endorsement's id
}

// TargetOther is the endorse form's choice of a target given by its id.
const TargetOther = "other"

// ConsoleEndorsement is one endorsement in a list. Endorser is the name
// the endorser gives itself (a claim), or its id when it gives none.
type ConsoleEndorsement struct {
	ID, Endorser, Subject, Comment string
	SubjectURL                     string // the subject's public page; "" for one elsewhere
	Attached                       bool   // received from outside
	Created                        time.Time
	DeleteURL                      string
}

// ConsoleEndorseTarget is an achievement or profile of another community
// of this install that the community may endorse.
type ConsoleEndorseTarget struct {
	ID, Label string
	Group     string // the community's name
}

// EndorsementRows is one list of the page, for its table template.
type EndorsementRows struct {
	Site
	List []ConsoleEndorsement
	Err  *FormError // the page's DeleteErr
}

// Rows is list as a table of the page.
func (p ConsoleEndorsementsPage) Rows(list []ConsoleEndorsement) EndorsementRows {
	return EndorsementRows{Site: p.Site, List: list, Err: p.DeleteErr}
}
