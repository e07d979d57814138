package mail

import (
	"net/textproto"
	"net/url"
	"slices"
	"time"

	netmail "net/mail"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/criteria"
	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/i18n"
	"github.com/accolade-badges/accolade/ledger"
	"github.com/accolade-badges/accolade/ob3"
	"github.com/accolade-badges/accolade/templates"
)

// SignInValid is how long a sign-in link works, as its mail says.
const SignInValid = 15 * time.Minute

// MemberPathExchange is the member page of an exchange, where a
// participant confirms or disputes it (by POST; the mail only links it).
const MemberPathExchange = "/account/exchanges/"

// MemberWalletPath is the member page where the member adds credential id
// to the Learner Credential Wallet. The award mail links it rather than a
// wallet exchange: an exchange lasts minutes, a mail is read any day, and
// the page starts one only when the signed-in member asks (a POST).
func MemberWalletPath(id string) string {
	return "/account/credentials/" + url.PathEscape(id) + "/wallet"
}

// View is what rendering reads from the store: the state of things at send
// time.
type View interface {
	Member(id string) (*accolade.Member, error)
	Credential(id string) (*accolade.Record, error)
	Exchange(id string) (*ledger.Exchange, error)
	Application(id string) (*ledger.Application, error)
	Achievement(id string) (*criteria.Achievement, error)
	Issuer(slug string) (*accolade.Profile, error)
}

// Renderer turns a notice into a message for its member.
type Renderer struct {
	View    View
	Mails   *templates.Mails
	BaseURL string
	// From is the sender; without a display name, the community's name is
	// used.
	From netmail.Address
	// Secret signs unsubscribe links (store.DB.MailSecret).
	Secret []byte
}

// skip is a reason not to mail a notice at all: what it is about changed
// before it was sent.
type skip string

func (s skip) Error() string { return string(s) }

// Render renders n for m, who must be its member, as m's language reads it
// at date. An error of type skip (see Skipped) means there is nothing to
// send any more; an errs.NotFound error that what n is about is gone.
func (r *Renderer) Render(n *accolade.Notice, m *accolade.Member, date time.Time) (*Message, error) {
	site := templates.MailSite{BaseURL: r.BaseURL, RecipientName: m.Name}
	var issuerLang string
	if p, err := r.View.Issuer(accolade.DefaultSlug); err == nil {
		site.SiteName, issuerLang = p.Name, p.Lang
	}
	site.L = i18n.Default().Match(n.Lang, m.Lang, issuerLang)
	if n.Kind != accolade.NoticeSignIn && n.Kind != accolade.NoticeTxCode { // asked for just now: no unsubscribing
		site.UnsubscribeURL = UnsubscribeURL(r.BaseURL, r.Secret, m.ID)
	}
	out, err := r.render(n, site)
	if err != nil {
		return nil, err
	}
	from := r.From
	if from.Name == "" {
		from.Name = site.Site()
	}
	msg := &Message{From: from, To: netmail.Address{Name: m.Name, Address: m.Email}, Subject: out.Subject,
		Text: out.Text, HTML: out.HTML, MessageID: MessageID(n.ID, r.BaseURL), Date: date,
		Headers: textproto.MIMEHeader{"Auto-Submitted": {"auto-generated"}}}
	if site.UnsubscribeURL != "" {
		msg.SetUnsubscribe(site.UnsubscribeURL)
	}
	return msg, nil
}

// Skipped reports whether err from Render means the notice needs no mail,
// and why.
func Skipped(err error) (string, bool) {
	s, ok := err.(skip)
	return string(s), ok
}

func (r *Renderer) render(n *accolade.Notice, site templates.MailSite) (templates.RenderedMail, error) {
	switch n.Kind {
	case accolade.NoticeSignIn:
		if n.Link == "" {
			return templates.RenderedMail{}, skip("the sign-in link is no longer stored")
		}
		return r.Mails.SignIn(templates.SignInMail{MailSite: site, Link: n.Link, Minutes: int(SignInValid / time.Minute)})
	case accolade.NoticeTxCode:
		if n.Link == "" {
			return templates.RenderedMail{}, skip("the transaction code is no longer stored")
		}
		rec, err := r.View.Credential(n.Credential)
		if err != nil {
			return templates.RenderedMail{}, err
		}
		name, _ := r.signedNames(rec)
		return r.Mails.TxCode(templates.TxCodeMail{MailSite: site, AchievementName: name, Code: n.Link, Minutes: int(accolade.OfferTTL / time.Minute)})
	case accolade.NoticeAwarded, accolade.NoticeExpiring:
		return r.credential(n, site)
	case accolade.NoticeConfirm:
		return r.confirm(n, site)
	case accolade.NoticeDecided:
		return r.decided(n, site)
	}
	return templates.RenderedMail{}, errs.E(errs.Internal, "notice %s: unknown kind %q", n.ID, n.Kind)
}

// credential renders an award or an expiry notice.
func (r *Renderer) credential(n *accolade.Notice, site templates.MailSite) (templates.RenderedMail, error) {
	urls := accolade.URLs{Base: r.BaseURL}
	rec, err := r.View.Credential(n.Credential)
	if err != nil {
		return templates.RenderedMail{}, err
	}
	if rec.Status != accolade.Active {
		return templates.RenderedMail{}, skip("the credential was " + string(rec.Status) + " before the mail was sent")
	}
	name, org := r.signedNames(rec)
	page := urls.Credential(rec.ID)
	if n.Kind == accolade.NoticeExpiring {
		if rec.SupersededBy != "" {
			return templates.RenderedMail{}, skip("the credential was renewed")
		}
		return r.Mails.Expiring(templates.ExpiringMail{MailSite: site, AchievementName: name, ValidUntil: rec.ValidUntil, CredentialURL: page})
	}
	var orgID string
	if p, err := r.View.Issuer(rec.Issuer); err == nil {
		orgID = p.LinkedInOrganizationID
	}
	return r.Mails.Awarded(templates.AwardedMail{MailSite: site, AchievementName: name, CredentialURL: page,
		PDFURL: urls.CredentialForm(rec.ID, accolade.FormPDF), LinkedInURL: accolade.LinkedInURL(name, org, orgID, rec, page),
		WalletURL: r.BaseURL + MemberWalletPath(rec.ID)})
}

// confirm renders a request to confirm an exchange, linking the member page
// where the member answers.
func (r *Renderer) confirm(n *accolade.Notice, site templates.MailSite) (templates.RenderedMail, error) {
	e, err := r.View.Exchange(n.Exchange)
	switch {
	case err != nil:
		return templates.RenderedMail{}, err
	case e.Withdrawn:
		return templates.RenderedMail{}, skip("the exchange was withdrawn")
	case slices.Contains(e.ConfirmedBy, n.Member) || slices.Contains(e.DisputedBy, n.Member):
		return templates.RenderedMail{}, skip("the member already answered")
	}
	return r.Mails.Confirm(templates.ConfirmMail{MailSite: site, ByName: r.memberName(n.By), Title: e.Title,
		OccurredAt: e.OccurredAt, Hours: e.Hours, URL: r.BaseURL + MemberPathExchange + url.PathEscape(e.ID)})
}

// decided renders the decision on an application.
func (r *Renderer) decided(n *accolade.Notice, site templates.MailSite) (templates.RenderedMail, error) {
	a, err := r.View.Application(n.Application)
	if err != nil {
		return templates.RenderedMail{}, err
	}
	if a.Status == ledger.Pending {
		return templates.RenderedMail{}, skip("the application is pending again")
	}
	name := a.Achievement
	if ach, err := r.View.Achievement(a.Achievement); err == nil {
		name = ach.Name
	}
	return r.Mails.Decided(templates.DecidedMail{MailSite: site, AchievementName: name, Approved: a.Status == ledger.Approved,
		Comment: a.Comment, AchievementURL: accolade.URLs{Base: r.BaseURL}.Achievement(a.Achievement)})
}

// signedNames returns the achievement and issuer names the credential was
// signed with, or the stored achievement's name and the issuer's.
func (r *Renderer) signedNames(rec *accolade.Record) (achievement, issuer string) {
	if c, err := ob3.ParseCredential(rec.JSON); err == nil {
		achievement, issuer = c.CredentialSubject.Achievement.Name, c.Issuer.Name
	}
	if achievement == "" {
		achievement = rec.Achievement
		if a, err := r.View.Achievement(rec.Achievement); err == nil {
			achievement = a.Name
		}
	}
	if issuer == "" {
		if p, err := r.View.Issuer(rec.Issuer); err == nil {
			issuer = p.Name
		}
	}
	return achievement, issuer
}

// memberName is the name of member id, or the id when there is no such
// member (a coordinator).
func (r *Renderer) memberName(id string) string {
	if m, err := r.View.Member(id); err == nil {
		return m.Name
	}
	return id
}
