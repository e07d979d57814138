package templates

import (
	"time"

	"github.com/accolade-badges/accolade/i18n"
)

// This file holds the view models: plain data that the server fills and the
// templates read. They have no behaviour. Every string is rendered escaped,
// and every URL passes html/template's URL filter, so a URL with a scheme
// other than http, https or mailto renders as "#ZgotmplZ" instead of a link.
// URLs may be absolute or root-relative ("/credentials/42").
//
// A zero time.Time means "none" and is not shown.

// Site is what every page needs to know about the service. It is embedded in
// each page; templates read it as .Site because pages have fields of the same
// name (IssuerPage.Name, for one).
type Site struct {
	// Name is the name of the community (the default issuer's name): the
	// site's identity, shown in the header and in page titles. Empty
	// means "Accolade".
	Name string
	// LogoURL is the community's logo, shown beside Name in the header;
	// empty shows the name alone.
	LogoURL string
	// BaseURL is the public base URL ("https://badges.example.org"), with or
	// without a path and a trailing slash. The site's own links (home,
	// verify, JWKS, style sheet) are made from it; empty means root-relative
	// links, which is right when the service is served at the root of its
	// host.
	BaseURL string
	// L is the language of the page: its words, dates, lang and dir. Nil
	// means English (see Site.Locale).
	L *i18n.Locale
	// Viewer is the name of the signed-in member, empty when nobody is
	// signed in: the header then offers to sign in.
	Viewer string
	// Coordinator reports whether the signed-in member coordinates a
	// community: the header then links the console.
	Coordinator bool
	// Path is the page's own root-relative path and query, where the
	// language switcher comes back to.
	Path string
}

// Credential statuses, for CredentialPage.Status.
const (
	StatusActive    = "active"
	StatusRevoked   = "revoked"
	StatusSuspended = "suspended"
	StatusExpired   = "expired"
)

// CredentialPage is the public page of one issued credential: who earned
// what, from whom, when, and whether it is valid now. What the credential
// says (names, description, criteria, image) is shown as it was signed,
// not as the achievement or issuer reads today.
type CredentialPage struct {
	Site

	// RecipientName is the member's display name. Never put an email here:
	// the page is public.
	RecipientName string
	// HolderRemoved reports that the holder's details were erased at their
	// request: the page says so, and offers no downloads or sharing.
	HolderRemoved bool
	// RecipientLang is the BCP 47 tag of the name's language ("ar"), so
	// that screen readers pronounce it in that language; empty when unknown.
	RecipientLang string

	// PageURL is this page's absolute URL, for sharing, og:url and the
	// printed page; ID is the credential's id (a UUID).
	PageURL string
	ID      string

	AchievementName        string
	AchievementDescription string
	CriteriaNarrative      string // blank lines separate paragraphs
	AchievementURL         string // the achievement's page
	// ImageURL is the badge image shown and used as og:image (the baked
	// PNG, /credentials/{id}.png); empty hides it.
	ImageURL string
	// AchievementChanged reports whether the achievement's name,
	// description or criteria have changed since the credential was
	// issued; the page then says so, linking to AchievementURL.
	AchievementChanged bool

	IssuerName    string
	IssuerURL     string // the issuer's profile page
	IssuerLogoURL string // the issuer's logo; empty hides it

	ValidFrom  time.Time
	ValidUntil time.Time // zero: does not expire

	// Status is StatusActive, StatusRevoked, StatusSuspended or
	// StatusExpired; anything else shows as "Status unknown". Why a
	// credential was revoked or suspended is private to the issuer and
	// has no place on this page.
	Status string
	// StatusChanged is when the credential was revoked or suspended; zero
	// when unknown (the page then gives no date).
	StatusChanged time.Time

	// AwardedDate is when the member was first awarded the achievement,
	// for a renewed credential; zero otherwise.
	AwardedDate time.Time
	// SupersededURL is the page of the renewed credential that supersedes
	// this one, renewed on SupersededAt; empty when not superseded.
	SupersededURL string
	SupersededAt  time.Time

	Evidence []Evidence
	Links    CredentialLinks

	// OfferURL is where the holder's "Add to a wallet (OpenID4VCI)"
	// button posts: set only when the signed-in member holds this valid
	// credential. Empty hides it.
	OfferURL string

	// VerifyURL is the link behind "Verify this credential", normally
	// /verify?url=<this page's URL, query-escaped>. Empty hides the button.
	VerifyURL string
	// LinkedInURL is an "Add to LinkedIn profile" link; empty hides it.
	// LinkedIn is what its form asks for, shown to copy by hand, since
	// LinkedIn fills in its form on a best-effort basis.
	LinkedInURL string
	LinkedIn    LinkedInFields

	// QR is the page URL as a QR code, for the printed page; nil: none.
	QR *QRCode

	// WalletURL, when set, is where the holder's "Add to Learner
	// Credential Wallet" button posts: the page is the signed-in holder's
	// and the credential can be collected.
	WalletURL string
	// OnlyYou reports whether the holder hid the page and is the one
	// seeing it: the page says only they can see it.
	OnlyYou bool
}

// LinkedInFields are the answers to LinkedIn's "Add license or
// certification" form.
type LinkedInFields struct {
	Name         string
	Organization string
	IssueDate    time.Time
	ExpiryDate   time.Time // zero: does not expire
	URL          string
	ID           string
}

// QRCode is a QR code drawn as one SVG path: Size modules square (quiet
// zone included), Path the dark modules as "M x y h 1 v 1 h -1 z" runs.
type QRCode struct {
	Size int
	Path string
}

// Evidence is one piece of evidence for a credential. Either field may be
// empty; an entry with neither is not shown.
type Evidence struct {
	Narrative string
	URL       string
}

// CredentialLinks are the downloadable forms of a credential. An empty
// string hides its link.
type CredentialLinks struct {
	JSON string // Data Integrity JSON (.json)
	JWT  string // VC-JWT (.jwt)
	PDF  string // PDF certificate
	PNG  string // baked PNG badge
	SVG  string // baked SVG badge
}

// IssuerPage is the public page of an issuer profile.
type IssuerPage struct {
	Site

	Name        string
	URL         string // the organisation's own website; empty hides it
	Description string
	Email       string // public contact address; empty hides it
	ImageURL    string // logo; empty hides it
	ID          string // profile id (a URL)
	DID         string // did:web identifier; empty hides it

	// DIDDocumentURL is the DID document (/issuers/{issuer}/did.json);
	// empty hides the link.
	DIDDocumentURL string

	Keys         []Key  // current and retired signing keys
	Achievements []Link // the achievements this issuer awards, by name

	Endorsements []Endorsement // of this issuer's profile (endorsement.go)
}

// Key is one public signing key of an issuer.
type Key struct {
	ID      string // kid, usually a URL into the JWKS
	Alg     string // "RS256", "EdDSA", "ES256"
	Created time.Time
	Retired time.Time // zero: the key is in use
}

// Link is a named link in a list.
type Link struct {
	Name string
	URL  string
	// ImageURL is a badge shown beside the link where the list has
	// pictures (the home page's achievements); empty: the default badge.
	ImageURL string
}

// AchievementPage is the public page of an achievement (a badge class).
type AchievementPage struct {
	Site

	Name              string
	Description       string
	CriteriaNarrative string // blank lines separate paragraphs
	AchievementType   string // OB 3.0 enum, e.g. "Certificate", "Badge"
	ImageURL          string // the achievement's image, else the default badge
	// PreviewURL is a raster (PNG) badge for og:image, since social sites
	// do not show SVG; empty: ImageURL is used.
	PreviewURL string
	IssuerName string
	IssuerURL  string
	ID         string // the achievement's id (a URL)
	// ValidFor is how long a credential stays valid ("2 years"); empty:
	// it does not expire.
	ValidFor string
	// Skills are the skills or alignments it certifies, as links when
	// they have a URL.
	Skills []Link
	// Holders are holders of valid credentials who chose to be listed;
	// Others is how many more hold one.
	Holders []CredentialSummary
	Others  int

	Endorsements []Endorsement // of this achievement (endorsement.go)
}

// Check statuses, for Check.Status.
const (
	CheckPass = "pass"
	CheckFail = "fail"
	CheckWarn = "warn"
	CheckSkip = "skip"
)

// VerifyPage is the public verification page: a form to paste, upload or
// link a credential, and the verdict on what was submitted.
type VerifyPage struct {
	Site

	// Input and URL are echoed back into the form after an Error only: the
	// "verify another" form under a verdict starts empty.
	Input string
	URL   string

	// Error is a problem with the submission itself ("Paste a credential,
	// choose a file or enter a link."), shown above the form.
	Error string
	// ErrorField names the field Error is about ("input", "file" or
	// "url"), which then points to it (aria-describedby, aria-invalid);
	// empty means all three.
	ErrorField string

	// MaxUpload is the largest file the form accepts, in words ("12
	// MiB"), shown by the file field; empty shows no limit.
	MaxUpload string

	// Result is the verdict; nil shows only the form.
	Result *Verdict
}

// Verdict outcomes, for Verdict.Outcome (the verifier's words).
const (
	OutcomeValid             = "valid"
	OutcomeExpired           = "expired"
	OutcomeRevoked           = "revoked"
	OutcomeSuspended         = "suspended"
	OutcomeUnconfirmedIssuer = "unconfirmed-issuer"
	OutcomeInvalid           = "invalid"
	OutcomeUnverifiable      = "unverifiable"
	OutcomeUnreadable        = "unreadable"
)

// Verdict is the outcome of verifying one credential.
type Verdict struct {
	// Outcome is one of the Outcome constants; it decides the colour and
	// the headline. An unknown one shows as "cannot check".
	Outcome string
	// Summary states the outcome in a sentence or two. The heading above
	// it says the answer with the facts that matter (issuer, recipient,
	// dates), so the server leaves the answer's own sentence out.
	Summary string
	// Since is when the credential was revoked or suspended; zero when
	// unknown. Changed reports whether it is not valid because its
	// contents were changed after signing.
	Since   time.Time
	Changed bool
	// Format is as the verifier reports it ("jwt", "png+json",
	// "url+svg+jwt") and is shown in words ("VC-JWT baked in an SVG image,
	// fetched from a link"); a format it does not know is shown as it is.
	Format string
	Checks []Check

	// Details is what the credential says, as signed. The server sets it
	// only for a genuine credential (valid, expired, revoked, suspended or
	// unconfirmed issuer): a forgery's claims are never shown as facts.
	Details *CredentialDetails

	// Recipient is the recipient check: nil when the credential names no
	// recipient by email.
	Recipient *RecipientCheck
}

// CredentialDetails are a genuine credential's claims, as signed. Empty
// fields and zero times are not shown.
type CredentialDetails struct {
	RecipientName          string
	AchievementName        string
	AchievementDescription string
	CriteriaNarrative      string // blank lines separate paragraphs
	ImageURL               string
	IssuerName             string
	IssuerID               string
	// IssuerConfirmed reports whether the verifier tied the signing key to
	// the issuer: "Issued by", else "Says it is from".
	IssuerConfirmed bool
	ValidFrom       time.Time
	ValidUntil      time.Time
	Evidence        []Evidence
}

// RecipientCheck is the form that checks an email address against the
// credential's hashed recipient, and its answer.
type RecipientCheck struct {
	// Input or URL is what was verified, resubmitted with the address
	// (hidden fields) so that the check needs no stored state.
	Input string
	URL   string
	// Result is "" before a check, else "matches" or "differs".
	Result string
}

// Check is the result of one verification check.
type Check struct {
	Check   string // e.g. "signature", "status", "expiry"
	Label   string // the check in words: "Signature", "Dates"; empty shows Check
	Status  string // CheckPass, CheckFail, CheckWarn or CheckSkip
	Message string
}

// HomePage is the landing page.
type HomePage struct {
	Site

	// About says what the community recognises (the default issuer's
	// description); empty shows a general sentence.
	About             string
	Issuers           []Link
	Achievements      []Link
	RecentCredentials []CredentialSummary // valid ones, of listed members
	// Others is how many more valid credentials were awarded recently, to
	// members who are not listed.
	Others int
}

// CredentialSummary is one line in a list of credentials.
type CredentialSummary struct {
	RecipientName   string
	RecipientLang   string // BCP 47 tag of the name's language; empty when unknown
	AchievementName string
	URL             string
	ValidFrom       time.Time
}

// ErrorPage is the page for 404 and other errors: a title and a plain
// message. The HTTP status is the server's business.
type ErrorPage struct {
	Site

	Title   string // "Page not found"
	Message string // "There is no credential with this address."
}
