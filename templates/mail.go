package templates

import (
	"bytes"
	"embed"
	"fmt"
	htmltemplate "html/template"
	"strconv"
	"strings"
	texttemplate "text/template"
	"time"

	"github.com/accolade-badges/accolade/i18n"
)

//go:embed mail/*.tmpl
var mailFiles embed.FS

// mailKinds are the mails, each mail/<kind>.txt.tmpl (defining "subject"
// and "body") and mail/<kind>.html.tmpl (defining "body"), executed in
// mail/layout.txt.tmpl and mail/layout.html.tmpl.
var mailKinds = []string{"awarded", "signin", "confirm", "decided", "expiring", "txcode"}

// Mails renders the mail Accolade sends, in plain text and HTML, in the
// recipient's language. It is safe for concurrent use.
type Mails struct {
	text map[string]*texttemplate.Template
	html map[string]*htmltemplate.Template
}

// MailSite is what every mail has: its language, the community, the
// recipient and, for notifications, the unsubscribe link.
type MailSite struct {
	L              *i18n.Locale // nil: English
	SiteName       string       // the community (the default issuer's name); empty: "Accolade"
	BaseURL        string
	RecipientName  string
	UnsubscribeURL string // empty for sign-in mail
	Subject        string // set while rendering, for the HTML title
}

// Locale is the mail's language: L, or English when L is nil.
func (s MailSite) Locale() *i18n.Locale {
	if s.L == nil {
		return i18n.Default().Locale(i18n.Source)
	}
	return s.L
}

// T is the mail's text for a catalogue key (see i18n.Locale.T).
func (s MailSite) T(key string, args ...any) string { return s.Locale().T(key, args...) }

// N is the plural form of a catalogue key for count (see i18n.Locale.N).
func (s MailSite) N(key string, count any, args ...any) string {
	return s.Locale().N(key, count, args...)
}

// Date is t as the mail's language writes a day.
func (s MailSite) Date(t time.Time) string { return s.Locale().Date(t) }

// Lang and Dir are the mail's language tag and text direction.
func (s MailSite) Lang() string { return s.Locale().Lang() }

// Dir is "rtl" for Arabic, "ltr" otherwise.
func (s MailSite) Dir() string { return s.Locale().Dir() }

// Site is the community's name, "Accolade" when it has none.
func (s MailSite) Site() string { return siteName(s.SiteName) }

// AwardedMail tells a member they were awarded a credential.
type AwardedMail struct {
	MailSite
	AchievementName string
	CredentialURL   string
	PDFURL          string
	LinkedInURL     string
	// WalletURL is the member page that adds the credential to the
	// Learner Credential Wallet (after signing in); empty: no such link.
	WalletURL string
}

// SignInMail carries a one-time sign-in link.
type SignInMail struct {
	MailSite
	Link    string
	Minutes int // how long the link works
}

// TxCodeMail carries the transaction code of a wallet offer (OpenID4VCI)
// the member asked for: the wallet asks for it before it collects the
// credential.
type TxCodeMail struct {
	MailSite
	AchievementName string
	Code            string
	Minutes         int // how long the offer works
}

// ConfirmMail asks a participant to confirm an exchange someone logged.
type ConfirmMail struct {
	MailSite
	ByName     string // who logged it
	Title      string
	OccurredAt time.Time
	Hours      float64
	URL        string // the member page where they confirm or dispute it
}

// HoursCount is Hours as a plural count ("1.5"): it picks the plural
// form, and HoursText is what the mail shows.
func (v ConfirmMail) HoursCount() string { return strconv.FormatFloat(v.Hours, 'f', -1, 64) }

// HoursText is Hours written with the language's decimal separator
// ("1.5", "1,5").
func (v ConfirmMail) HoursText() string {
	return strings.Replace(v.HoursCount(), ".", v.T("mail.decimalSeparator"), 1)
}

// DecidedMail tells a member their application was decided.
type DecidedMail struct {
	MailSite
	AchievementName string
	Approved        bool
	Comment         string
	AchievementURL  string
}

// ExpiringMail tells a member a credential expires soon.
type ExpiringMail struct {
	MailSite
	AchievementName string
	ValidUntil      time.Time
	CredentialURL   string
}

// RenderedMail is a rendered mail.
type RenderedMail struct{ Subject, Text, HTML string }

// NewMails parses the mail templates and renders each once with empty
// data, so that a broken template stops the program at start-up.
func NewMails() (*Mails, error) {
	m := &Mails{text: map[string]*texttemplate.Template{}, html: map[string]*htmltemplate.Template{}}
	funcs := map[string]any{"isolate": isolate, "paragraphs": paragraphs}
	textLayout, err := texttemplate.New("layout.txt.tmpl").Funcs(funcs).ParseFS(mailFiles, "mail/layout.txt.tmpl")
	if err != nil {
		return nil, fmt.Errorf("parsing mail layout: %w", err)
	}
	htmlLayout, err := htmltemplate.New("layout.html.tmpl").Funcs(funcs).ParseFS(mailFiles, "mail/layout.html.tmpl")
	if err != nil {
		return nil, fmt.Errorf("parsing HTML mail layout: %w", err)
	}
	for _, kind := range mailKinds {
		t := texttemplate.Must(textLayout.Clone())
		if m.text[kind], err = t.ParseFS(mailFiles, "mail/"+kind+".txt.tmpl"); err != nil {
			return nil, fmt.Errorf("parsing %s mail: %w", kind, err)
		}
		h := htmltemplate.Must(htmlLayout.Clone())
		if m.html[kind], err = h.ParseFS(mailFiles, "mail/"+kind+".html.tmpl"); err != nil {
			return nil, fmt.Errorf("parsing %s HTML mail: %w", kind, err)
		}
	}
	for _, check := range []func() (RenderedMail, error){
		func() (RenderedMail, error) { return m.Awarded(AwardedMail{}) },
		func() (RenderedMail, error) { return m.SignIn(SignInMail{}) },
		func() (RenderedMail, error) { return m.Confirm(ConfirmMail{}) },
		func() (RenderedMail, error) { return m.Decided(DecidedMail{}) },
		func() (RenderedMail, error) { return m.Expiring(ExpiringMail{}) },
		func() (RenderedMail, error) { return m.TxCode(TxCodeMail{}) },
	} {
		if _, err := check(); err != nil {
			return nil, err
		}
	}
	return m, nil
}

// Awarded renders the mail of an award.
func (m *Mails) Awarded(v AwardedMail) (RenderedMail, error) {
	return m.render("awarded", &v, &v.MailSite)
}

// SignIn renders a sign-in mail.
func (m *Mails) SignIn(v SignInMail) (RenderedMail, error) {
	return m.render("signin", &v, &v.MailSite)
}

// TxCode renders the mail of a wallet offer's transaction code.
func (m *Mails) TxCode(v TxCodeMail) (RenderedMail, error) {
	return m.render("txcode", &v, &v.MailSite)
}

// Confirm renders a request to confirm an exchange.
func (m *Mails) Confirm(v ConfirmMail) (RenderedMail, error) {
	return m.render("confirm", &v, &v.MailSite)
}

// Decided renders the mail of an application's decision.
func (m *Mails) Decided(v DecidedMail) (RenderedMail, error) {
	return m.render("decided", &v, &v.MailSite)
}

// Expiring renders the mail of a credential that expires soon.
func (m *Mails) Expiring(v ExpiringMail) (RenderedMail, error) {
	return m.render("expiring", &v, &v.MailSite)
}

func (m *Mails) render(kind string, data any, site *MailSite) (RenderedMail, error) {
	var subject, text, html bytes.Buffer
	if err := m.text[kind].ExecuteTemplate(&subject, "subject", data); err != nil {
		return RenderedMail{}, fmt.Errorf("rendering %s mail subject: %w", kind, err)
	}
	site.Subject = strings.Join(strings.Fields(subject.String()), " ")
	if err := m.text[kind].ExecuteTemplate(&text, "layout.txt.tmpl", data); err != nil {
		return RenderedMail{}, fmt.Errorf("rendering %s mail: %w", kind, err)
	}
	if err := m.html[kind].ExecuteTemplate(&html, "layout.html.tmpl", data); err != nil {
		return RenderedMail{}, fmt.Errorf("rendering %s HTML mail: %w", kind, err)
	}
	return RenderedMail{Subject: site.Subject, Text: tidyText(text.String()), HTML: html.String()}, nil
}

// tidyText trims trailing spaces and collapses runs of blank lines that
// template actions leave in plain text.
func tidyText(s string) string {
	lines := strings.Split(s, "\n")
	out := lines[:0]
	for _, l := range lines {
		l = strings.TrimRight(l, " \t")
		if l == "" && (len(out) == 0 || out[len(out)-1] == "") {
			continue
		}
		out = append(out, l)
	}
	return strings.TrimSpace(strings.Join(out, "\n")) + "\n"
}
