package templates

import "time"

func init() {
	consolePages = append(consolePages, "console-members", "console-member", "console-member-edit")
	consoleSmoke["console-members"] = ConsoleMembersPage{}
	consoleSmoke["console-member"] = ConsoleMemberPage{}
	consoleSmoke["console-member-edit"] = ConsoleMemberEditPage{}
}

// ConsoleMembersPage is /console/{slug}/members: the community's members,
// searched, filtered and paginated.
type ConsoleMembersPage struct {
	ConsolePage
	Action string // the filter form's target
	NewURL string // the add form
	// The filters chosen: the search, a language, an achievement held, and
	// whether the member has exchanges waiting for confirmation or disputed.
	Query, Lang, Holds    string
	Unconfirmed, Disputed bool
	Languages             []MemberOption // the languages the community's members have
	Achievements          []MemberOption // the community's achievements
	Total                 int            // members matching the filters
	Members               []ConsoleMember
	PrevURL, NextURL      string // pages; empty: none
}

// ConsoleMember is one member in the console's list.
type ConsoleMember struct {
	ID, Name, Email   string
	Lang, Dir         string // the member's language and its direction, for the name; empty: unknown
	URL               string // the member's console page
	Credentials       int    // the community's credentials they hold
	Exchanges         int    // the community's exchanges they took part in
	LastActivity      time.Time
	LastActivityKnown bool
}

// ConsoleMemberPage is /console/{slug}/members/{id}: one member, their
// exchanges, credentials, progress and applications in the community.
type ConsoleMemberPage struct {
	ConsolePage
	Member         ConsoleMember
	DID            string
	LatinName      string
	Listed         bool
	Communities    []string // the names of the other communities they belong to
	EditURL        string
	InviteURL      string
	ForgetURL      string // erases the member's personal data
	Forgotten      bool   // their details were removed: no edit, invite or erasure
	BackURL        string // the list
	Exchanges      []ConsoleMemberExchange
	Credentials    []ConsoleCredential
	CredentialsURL string // the console's credentials page, searched for the member
	Progress       []MemberProgress
	Applications   []ConsoleMemberApplication
	// InviteErr is why the invitation was not sent; empty: none.
	InviteErr string
}

// ConsoleMemberExchange is one of the member's exchanges in the community.
type ConsoleMemberExchange struct {
	ID, Title  string
	Hours      string // as a number the plural rules read, such as "1.5"
	OccurredAt time.Time
	State      string   // confirmed, waiting or disputed
	StateLabel string   // State in words
	Others     []string // the other participants' names
	Disputes   []ConsoleDispute
}

// ConsoleMemberApplication is one of the member's applications for the
// community's achievements.
type ConsoleMemberApplication struct {
	AchievementName string
	Status          string // pending, approved, rejected
	StatusLabel     string
	Comment         string
	CreatedAt       time.Time
}

// ConsoleMemberEditPage is the form to add a member
// (/console/{slug}/members/new) or edit one (.../{id}/edit).
type ConsoleMemberEditPage struct {
	ConsolePage
	New                        bool
	Action, BackURL            string
	ID, Name, Email, Lang, DID string
	LatinName                  string
	Listed                     bool
	Stored                     string         // the member's stored name, for the heading of an edit
	Languages                  []MemberOption // suggestions for the language field
	Err                        *FormError
	// Elsewhere names another community the member belongs to that the
	// coordinator does not coordinate: the form is then not offered.
	Elsewhere string
}
