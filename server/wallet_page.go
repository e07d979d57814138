package server

import (
	"bytes"
	"net/http"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/ob3"
	"github.com/accolade-badges/accolade/templates"
)

// The member's side of wallet exchanges: GET /account/credentials/{id}/wallet
// explains and offers a button; the button POSTs to the same path, which
// starts an exchange and answers with its links and QR code. The award mail
// links the GET page, never an exchange: mail is sent once and read any day
// later, while an exchange lasts 15 minutes, and a GET changes nothing, so a
// mail scanner that follows the link starts nothing. The links are shown in
// the POST's answer, not behind a redirect, so that no exchange id ends in a
// URL (history, access logs).

// walletPath is the member's wallet page of credential id.
func walletPath(id string) string { return "/account/credentials/" + id + "/wallet" }

func (s *Server) walletPageRoutes(m *routeMux) {
	m.HandleFunc("GET /account/credentials/{id}/wallet", s.signedIn(s.memberWalletPage))
	m.HandleFunc("POST /account/credentials/{id}/wallet", s.signedIn(s.memberStartWallet))
}

// memberCurrent is the member's credential id, or the copy that replaced
// it (a renewal, a wallet's copy), followed to the current one: the mail
// links the credential awarded, which may have been renewed since.
// errs.NotFound when it is not the member's.
func (s *Server) memberCurrent(m *accolade.Member, id string) (*accolade.Record, error) {
	rec, err := s.store.Credential(id)
	for range 100 { // a chain of renewals; bounded against a loop in bad data
		if err != nil || rec.Member != m.ID || rec.State != accolade.Issued {
			return nil, errs.E(errs.NotFound, "you have no credential %q", id)
		}
		if rec.SupersededBy == "" {
			return rec, nil
		}
		rec, err = s.store.Credential(rec.SupersededBy)
	}
	return nil, errs.E(errs.Internal, "credential %s: more than 100 renewals", id)
}

func (s *Server) memberWalletPage(w http.ResponseWriter, r *http.Request, m *accolade.Member) error {
	rec, err := s.memberCurrent(m, pathID(r, "id"))
	if err != nil {
		return s.errorPage(w, r, err)
	}
	return s.renderWalletPage(w, r, m, rec, nil)
}

func (s *Server) memberStartWallet(w http.ResponseWriter, r *http.Request, m *accolade.Member) error {
	rec, err := s.memberCurrent(m, pathID(r, "id"))
	if err != nil {
		return err
	}
	if s.collectable(rec) != nil {
		return s.renderWalletPage(w, r, m, rec, nil) // says why
	}
	ex, err := s.startExchange(rec)
	if err != nil {
		return err
	}
	return s.renderWalletPage(w, r, m, rec, ex)
}

// renderWalletPage shows the wallet page of rec, with the links of ex when
// one was just started.
func (s *Server) renderWalletPage(w http.ResponseWriter, r *http.Request, m *accolade.Member, rec *accolade.Record, ex *accolade.WalletExchange) error {
	v := templates.WalletPage{MemberPage: s.memberPage(r, m, "/account"), AchievementName: s.achievementName(rec),
		CredentialURL: s.urls.Credential(rec.ID)}
	if err := s.collectable(rec); err != nil {
		v.Problem = v.Site.Locale().T("member.wallet.notValid")
	} else {
		v.StartURL = s.localPath(walletPath(rec.ID))
	}
	if ex != nil {
		links := s.urls.WalletLinksOf(ex)
		v.Links = &templates.WalletLinks{Request: links.Request, Legacy: links.Legacy, Interaction: links.Interaction}
		v.QR = qrCode(links.Interaction)
	}
	return renderPage(w, http.StatusOK, func(b *bytes.Buffer) error { return s.pages.MemberWallet(b, v) })
}

// interactionPage is the page a browser gets at an exchange's interaction
// URL: a phone's camera app opened the QR code instead of the wallet. It
// has the exchange's wallet links, and no QR code (this is the phone).
func (s *Server) interactionPage(w http.ResponseWriter, r *http.Request, ex *accolade.WalletExchange) error {
	links := s.urls.WalletLinksOf(ex)
	v := templates.WalletPage{MemberPage: templates.MemberPage{Site: s.site(r)},
		Links: &templates.WalletLinks{Request: links.Request, Legacy: links.Legacy, Interaction: links.Interaction}}
	if rec, err := s.store.Credential(ex.Credential); err == nil {
		v.AchievementName = s.achievementName(rec)
	}
	return renderPage(w, http.StatusOK, func(b *bytes.Buffer) error { return s.pages.MemberWallet(b, v) })
}

// achievementName is the achievement's name as rec was signed with it.
func (s *Server) achievementName(rec *accolade.Record) string {
	if c, err := ob3.ParseCredential(rec.JSON); err == nil && c.CredentialSubject.Achievement.Name != "" {
		return c.CredentialSubject.Achievement.Name
	}
	return rec.Achievement
}

// walletURL is the form action of the "Add to Learner Credential Wallet"
// button of rec, for its holder m; "" when rec cannot be collected now.
func (s *Server) walletURL(m *accolade.Member, rec *accolade.Record) string {
	if m == nil || m.ID != rec.Member || s.collectable(rec) != nil {
		return ""
	}
	return s.localPath(walletPath(rec.ID))
}
