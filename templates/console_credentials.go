package templates

import "time"

func init() {
	consolePages = append(consolePages, "console-credentials")
	consoleSmoke["console-credentials"] = ConsoleCredentialsPage{}
}

// ConsoleCredentialsPage is /console/{slug}/credentials: the community's
// credentials, filtered and paginated, the form to issue one and the
// actions on each.
type ConsoleCredentialsPage struct {
	ConsolePage
	Action                     string // the filter form's and the issue form's target
	Achievements               []MemberOption
	Statuses                   []MemberOption // active, suspended, revoked, expired, in words
	Achievement, Status, Query string         // the filters chosen
	Total                      int            // credentials matching the filters
	Back                       string         // the filters and page, as a query, for an action to come back to
	Credentials                []ConsoleCredential
	PrevURL, NextURL           string // pages; empty: none
	Issue                      ConsoleIssueForm
	// ActionErr is the error of a refused action; its Field is the
	// credential's id.
	ActionErr *FormError
}

// ConsoleCredential is one credential in the console's list.
type ConsoleCredential struct {
	ID, URL                 string
	Member, MemberName      string
	AchievementName, Status string
	StatusLabel             string // Status in words
	Reason                  string // the private reason of the last status change
	Issued                  time.Time
	ActionURL               string // + revoke, suspend, unsuspend, resend
	Suspendable             bool
}

// ConsoleIssueForm is the form to issue a credential directly.
type ConsoleIssueForm struct {
	Action              string
	Achievements        []MemberOption
	Member, Achievement string
	Err                 *FormError
}
