package templates

import (
	"html/template"
	"io"
	"time"
)

// This file holds the signed-in member's pages under /account: their
// badges, progress, exchanges, attestations and applications. The server
// fills the views with the member's own data only, in words already
// localised where a view has a string (statuses and numbers are worded by
// the templates from the "member" section of the catalogue).

// memberPages are the member page templates, html/member-*.html.
var memberPages = []string{"member-badges", "member-progress", "member-exchanges", "member-exchange", "member-attest", "member-applications", "member-wallet", "member-openid4vci"}

// memberSmoke is empty data for each member page, rendered once by New.
var memberSmoke = map[string]any{
	"member-badges": MemberBadgesPage{}, "member-openid4vci": MemberOfferPage{}, "member-progress": MemberProgressPage{},
	"member-exchanges": MemberExchangesPage{}, "member-exchange": MemberExchangePage{Exchange: MemberExchange{}},
	"member-attest": MemberAttestPage{}, "member-applications": MemberApplicationsPage{},
	"member-wallet": WalletPage{Links: &WalletLinks{}},
}

// MemberPage is what every member page has: the site, the account
// navigation, the member's name and the message of the action just done.
type MemberPage struct {
	Site
	Nav        []NavLink
	MemberName string
	// Done is the success message of the POST that redirected here, in
	// words; empty: none.
	Done string
}

// NavLink is one entry of the account navigation; Current marks the page
// shown (aria-current).
type NavLink struct {
	Label, URL string
	Current    bool
}

// FormError is a problem with a form field: Field is the form's own field
// name ("hours"), Message the problem in the words of the service. A form
// error with no field is shown above the form.
type FormError struct{ Field, Message string }

// Has reports whether the error is about field.
func (e *FormError) Has(field string) bool { return e != nil && e.Field == field }

// MemberBadgesPage is /account: the member's credentials.
type MemberBadgesPage struct {
	MemberPage
	Credentials []MemberCredential
	DataURL     string // data.json
	ZipURL      string // credentials.zip
	RecordURL   string // record.jwt: the CLR 2.0 record
}

// MemberCredential is one of the member's credentials with its links; the
// Hide or Show button posts to HideURL.
type MemberCredential struct {
	ID, AchievementName, ImageURL string
	Status                        string // StatusActive, StatusRevoked, …
	ValidFrom, ValidUntil         time.Time
	Links                         CredentialLinks
	PageURL, LinkedInURL          string
	Hidden                        bool
	HideURL                       string
	// WalletURL, when set, is where the "Add to Learner Credential
	// Wallet" button posts: only an active, current credential has one.
	WalletURL string
	// OfferURL is where the "Add to a wallet (OpenID4VCI)" button posts
	// (an OpenID4VCI offer); empty: the credential is not valid, no button.
	OfferURL string
}

// MemberOfferPage is the answer to "Add to a wallet (OpenID4VCI)": an
// OpenID4VCI credential offer as a QR code and as a link, for the
// member's wallet app.
type MemberOfferPage struct {
	MemberPage
	AchievementName string
	// Link is the openid-credential-offer:// link: a scheme html/template
	// would refuse, hence template.URL (the server builds it; nothing in it
	// comes from the request).
	Link     template.URL
	LinkText string // Link as text, to copy
	QR       *QRCode
	Minutes  int  // how long the offer works
	Mailed   bool // the transaction code was mailed
	BackURL  string
}

// WalletPage is where the member adds a credential to the Learner
// Credential Wallet (/account/credentials/{id}/wallet): a button that
// starts an exchange (StartURL) and, once started, the exchange's links
// and QR code. With no navigation it is also the page a browser gets at an
// exchange's interaction URL (a phone's camera opened the QR code).
type WalletPage struct {
	MemberPage
	AchievementName string
	CredentialURL   string // the credential's page; empty: no link back
	// StartURL, when set, is where the start button posts.
	StartURL string
	// Problem says, in words, why the credential cannot be added now
	// (revoked, expired, ...); empty: it can.
	Problem string
	// Links and QR are those of an exchange just started; nil: none.
	Links *WalletLinks
	QR    *QRCode
}

// WalletLinks open an exchange in the Learner Credential Wallet: its wallet
// API link (Request), its older credential request link (Legacy), and the
// interaction URL that the QR code holds.
type WalletLinks struct{ Request, Legacy, Interaction string }

// MemberProgressPage is /account/progress.
type MemberProgressPage struct {
	MemberPage
	Achievements []MemberProgress
}

// MemberProgress is where the member stands on one achievement, with the
// numbers of the criteria engine.
type MemberProgress struct {
	Name, URL string
	// Community is the name of the achievement's community, for a member
	// of several; empty otherwise.
	Community     string
	Earned        bool
	CredentialURL string // the credential held; empty: none
	Requirements  []MemberRequirement
}

// MemberRequirement is one requirement: Description, what it counts in the
// page's language as HTML (its values, such as skill tags, isolated in bdi
// elements), Current of Target, and the evidence counted.
type MemberRequirement struct {
	ID              string // unique on the page, for the ids that label its bar ("3-1")
	Description     template.HTML
	DescriptionLang string // Description's language when not the page's (an expression's English); empty otherwise
	Current, Target float64
	CurrentText     string // Current as a number for people ("3", "2.5")
	TargetText      string
	MissingText     string // Target-Current, when not met
	Met             bool
	Evidence        []Evidence // what counted; URL links a member's own exchange page
}

// MemberExchangesPage is /account/exchanges: the list and the form.
type MemberExchangesPage struct {
	MemberPage
	Exchanges []MemberExchange
	Form      ExchangeForm
}

// MemberExchange is an exchange as a participant sees it.
type MemberExchange struct {
	ID, Title, KindLabel string
	Skills               []string
	Hours                string
	OccurredAt           time.Time
	URL                  string
	Withdrawn            bool
	// Awaiting reports whether the exchange waits for the viewer's
	// confirmation; Disputed whether anyone disputes it (it then counts
	// for nobody).
	Awaiting, Disputed bool
	Participants       []Participant
	// ConfirmURL and DisputeURL are the POST targets of the buttons; empty
	// hides them (withdrawn, or the viewer logged it: no dispute).
	ConfirmURL, DisputeURL string
}

// Participant is one teacher or learner and where they stand: State is
// "confirmed", "waiting" or "disputed", StateLabel the same in words.
type Participant struct {
	Name       string
	Teacher    bool
	State      string
	StateLabel string
	You        bool
}

// ExchangeForm is the "log an exchange" form with the member's input.
type ExchangeForm struct {
	Action string
	Kinds  []MemberOption // ledger exchange kinds; Selected marks the one chosen
	// Communities are the member's communities (ID the slug, Label the
	// name), offered when there are several: the exchange is made in one.
	Communities []MemberOption
	Title       string
	Skills      string
	Hours       string
	Date        string // YYYY-MM-DD
	Taught      bool   // the member's role: taught, or learned
	With        []string
	Members     []MemberOption
	FindURL     string // GET target of the member search
	Find        string // the search text
	MaxDate     string // today, for the date input's max
	Err         *FormError
	MoreShown   bool // more members match than are listed
}

// MemberOption is a member to choose: Label is "Name (id)" for members who
// are listed publicly, the name only for the others.
type MemberOption struct {
	ID, Label string
	Selected  bool
}

// MemberExchangePage is /account/exchanges/{id}.
type MemberExchangePage struct {
	MemberPage
	Exchange MemberExchange
	BackURL  string
}

// MemberAttestPage is /account/attest.
type MemberAttestPage struct {
	MemberPage
	May bool
	// Needed names the achievements that would let the member attest,
	// when they may not.
	Needed  []Link
	Form    AttestForm
	Given   []MemberAttestation
	Receive []MemberAttestation
}

// AttestForm is the attestation form with the member's input.
type AttestForm struct {
	Action                          string
	Member, Skill, Statement, Level string
	Members                         []MemberOption
	FindURL, Find                   string // the member search, as in ExchangeForm
	Err                             *FormError
}

// MemberAttestation is an attestation about or by the member.
type MemberAttestation struct {
	Other, Skill, Statement, Level string // Other: the other member's name
	CreatedAt                      time.Time
}

// MemberApplicationsPage is /account/applications.
type MemberApplicationsPage struct {
	MemberPage
	Form       ApplicationForm
	Mine       []MemberApplication
	ToReview   []MemberApplication
	IsReviewer bool
}

// ApplicationForm is the application form with the member's input.
type ApplicationForm struct {
	Action       string
	Achievements []MemberOption
	Achievement  string
	Narrative    string
	Evidence     string // one link per line
	Err          *FormError
}

// MemberApplication is an application, the member's or one to review.
type MemberApplication struct {
	ID, AchievementName, Applicant, Narrative string
	EvidenceURLs                              []string
	Status                                    string // pending, approved, rejected
	Comment                                   string
	CreatedAt, DecidedAt                      time.Time
	DecideURL                                 string // for reviewers
}

// MemberBadges renders /account.
func (r *Renderer) MemberBadges(w io.Writer, v MemberBadgesPage) error {
	return r.render(w, "member-badges", v)
}

// MemberWallet renders the wallet page of a credential.
func (r *Renderer) MemberWallet(w io.Writer, v WalletPage) error {
	return r.render(w, "member-wallet", v)
}

// MemberOffer renders the OpenID4VCI wallet offer page.
func (r *Renderer) MemberOffer(w io.Writer, v MemberOfferPage) error {
	return r.render(w, "member-openid4vci", v)
}

// MemberProgress renders /account/progress.
func (r *Renderer) MemberProgress(w io.Writer, v MemberProgressPage) error {
	return r.render(w, "member-progress", v)
}

// MemberExchanges renders /account/exchanges.
func (r *Renderer) MemberExchanges(w io.Writer, v MemberExchangesPage) error {
	return r.render(w, "member-exchanges", v)
}

// MemberExchange renders /account/exchanges/{id}.
func (r *Renderer) MemberExchange(w io.Writer, v MemberExchangePage) error {
	return r.render(w, "member-exchange", v)
}

// MemberAttest renders /account/attest.
func (r *Renderer) MemberAttest(w io.Writer, v MemberAttestPage) error {
	return r.render(w, "member-attest", v)
}

// MemberApplications renders /account/applications.
func (r *Renderer) MemberApplications(w io.Writer, v MemberApplicationsPage) error {
	return r.render(w, "member-applications", v)
}
