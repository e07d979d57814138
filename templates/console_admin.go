package templates

import "time"

// The console's pages for running the community itself: its profile
// (settings), signing keys, API tokens and audit log.

func init() {
	consolePages = append(consolePages, "console-settings", "console-keys", "console-tokens", "console-audit")
	consoleSmoke["console-settings"] = ConsoleSettingsPage{}
	consoleSmoke["console-keys"] = ConsoleKeysPage{}
	consoleSmoke["console-tokens"] = ConsoleTokensPage{}
	consoleSmoke["console-audit"] = ConsoleAuditPage{}
}

// ConsoleSettingsPage is /console/{slug}/settings: the community's profile
// as a form; after a refused save it holds what was sent.
type ConsoleSettingsPage struct {
	ConsolePage
	Action                            string
	Name, URL, About, Email, LinkedIn string
	PaperSize, Lang                   string
	Coordinators                      string // member ids, one a line
	PaperSizes                        []MemberOption
	Err                               *FormError
}

// ConsoleKeysPage is /console/{slug}/keys: the community's signing keys.
type ConsoleKeysPage struct {
	ConsolePage
	RotateURL string
	DIDKey    string // the community's did:key, its id: its keys do not rotate
	Keys      []ConsoleKey
	Err       *FormError // a refused removal; Field is the key's id
}

// ConsoleKey is one signing key.
type ConsoleKey struct {
	ID, Alg   string
	Active    bool
	Created   time.Time
	Retired   time.Time // zero: active
	Signed    int       // credentials it signed
	RemoveURL string
}

// ConsoleTokensPage is /console/{slug}/tokens: the community's API tokens,
// never their secrets, and the form to create one. Secret is set only on
// the answer to creating a token: it is shown that once.
type ConsoleTokensPage struct {
	ConsolePage
	Action  string
	Tokens  []ConsoleToken
	Scopes  []ConsoleScope
	Name    string
	Err     *FormError
	Secret  string
	Created string // the new token's name
}

// ConsoleScope is one scope checkbox of the token form.
type ConsoleScope struct {
	Name, Label string
	Checked     bool
}

// ConsoleToken is one token in the list.
type ConsoleToken struct {
	ID, Name, CreatedBy string
	Scopes              []string
	Created, LastUsed   time.Time
	Revoked             time.Time // zero: in use
	RevokeURL           string
}

// ConsoleAuditPage is /console/{slug}/audit: the community's audit log,
// newest first.
type ConsoleAuditPage struct {
	ConsolePage
	Entries          []ConsoleAuditEntry
	Total            int
	PrevURL, NextURL string
	DownloadURL      string // the whole log as JSON lines
}

// ConsoleAuditEntry is one entry of the log.
type ConsoleAuditEntry struct {
	Time                          time.Time
	Actor, Action, Target, Reason string
	Outcome                       int
	Refusal                       string
	Refused                       bool
}
