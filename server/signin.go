package server

import (
	"bytes"
	"errors"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/i18n"
	"github.com/accolade-badges/accolade/templates"
)

// maxLinksPerAddress bounds the links one request mails when several
// members share an address.
const maxLinksPerAddress = 3

func (s *Server) signInRoutes(m *routeMux) {
	m.HandleFunc("GET /signin", s.public(s.signInPage))
	m.HandleFunc("POST /signin", s.public(s.requestSignIn))
	m.HandleFunc("GET /signin/{token}", s.public(s.signInLinkPage))
	m.HandleFunc("POST /signin/{token}", s.public(s.redeemSignIn))
	m.HandleFunc("POST /signout", s.public(s.signOut))
	m.HandleFunc("GET /account/settings", s.signedIn(s.settingsPage))
	m.HandleFunc("POST /account/settings", s.signedIn(s.saveSettings))
	m.HandleFunc("POST /account/signout-everywhere", s.signedIn(s.signOutEverywhere))
}

func (s *Server) signInPage(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Cache-Control", "no-store")
	v := templates.SignInPage{Site: s.site(r), Next: s.nextPath(r.URL.Query().Get("next")), Passkeys: s.passkeysOn()}
	if m := s.viewer(r); m != nil {
		v.SignedInAs = m.Name
	}
	return renderPage(w, http.StatusOK, func(b *bytes.Buffer) error { return s.pages.SignIn(b, v) })
}

// nextPath is where to go after signing in: a path on this site, or the
// member's badges.
func (s *Server) nextPath(p string) string {
	if !onSite(p) || len(p) > 2000 { // an OAuth authorization request is long
		return "/account"
	}
	return p
}

// requestSignIn mails a sign-in link when the address belongs to a member.
// The answer is the same page whether it does or not, and whether or not
// the address was over its limit, so that nobody learns from it who is a
// member.
func (s *Server) requestSignIn(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Cache-Control", "no-store")
	if ok, retry := s.signInClientLimit.reserve(r.RemoteAddr); !ok {
		return &rateLimited{retry: retry, signIn: true}
	}
	loc := s.locale(r)
	email := strings.ToLower(strings.TrimSpace(r.PostFormValue("email")))
	v := templates.SignInPage{Site: s.site(r), Email: email, Next: s.nextPath(r.PostFormValue("next")), Passkeys: s.passkeysOn()}
	probe := accolade.Member{ID: "x", Name: "x", Email: email}
	if err := probe.Validate(); err != nil || len(email) > 254 {
		v.Error = loc.T("signin.error.email")
		if email == "" {
			v.Error = loc.T("signin.error.noEmail")
		}
		return renderPage(w, http.StatusBadRequest, func(b *bytes.Buffer) error { return s.pages.SignIn(b, v) })
	}
	if ok, _ := s.signInAddressLimit.reserve(hashSecret(email)); ok {
		if err := s.mailSignIn(email, v.Next, v.Site.Lang()); err != nil {
			s.log.Error("mailing a sign-in link", "err", err)
		}
	}
	v.Sent = true
	return renderPage(w, http.StatusOK, func(b *bytes.Buffer) error { return s.pages.SignIn(b, v) })
}

// mailSignIn stores a sign-in link for each member with the address email
// and puts its mail, in lang (the language of the page it was asked
// from), in the outbox, in one transaction each.
func (s *Server) mailSignIn(email, next, lang string) error {
	ids, err := s.sessions.MembersByEmail(email)
	if err != nil {
		return err
	}
	now := s.now().UTC()
	for i, id := range ids {
		if i == maxLinksPerAddress {
			break
		}
		token, hash, err := s.newSecret()
		if err != nil {
			return err
		}
		link := strings.TrimRight(s.urls.Base, "/") + "/signin/" + token
		notice := &accolade.Notice{ID: "signin:" + hash[:24], Kind: accolade.NoticeSignIn, Member: id, Link: link, Lang: lang, Created: now}
		si := accolade.SignIn{Hash: hash, Member: id, Next: next, Created: now, Expires: now.Add(signInTTL)}
		if err := s.sessions.CreateSignIn(si, notice); errors.Is(err, accolade.ErrTooManySignIns) {
			continue // sent enough already, from this node or another: the page is the same
		} else if err != nil {
			return err
		}
	}
	return nil
}

// signInLinkPage is where a mailed link leads: a button that signs in. The
// link itself changes nothing, because mail scanners follow links.
func (s *Server) signInLinkPage(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Cache-Control", "no-store")
	loc := s.locale(r)
	v := templates.SignInLinkPage{Site: s.site(r), Action: s.localPath("/signin/" + r.PathValue("token"))}
	status := http.StatusOK
	si, err := s.sessions.PendingSignIn(hashSecret(r.PathValue("token")), s.now())
	switch {
	case err == accolade.ErrSignInUsed:
		v.Problem, status = loc.T("signin.link.used"), http.StatusGone
	case err == accolade.ErrSignInExpired:
		v.Problem, status = loc.T("signin.link.expired"), http.StatusGone
	case err != nil:
		return err
	default:
		m, err := s.store.Member(si.Member)
		if err != nil {
			return err
		}
		v.MemberName = m.Name
	}
	return renderPage(w, status, func(b *bytes.Buffer) error { return s.pages.SignInLink(b, v) })
}

// redeemSignIn uses a link: it starts a session and sets its cookie.
func (s *Server) redeemSignIn(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Cache-Control", "no-store")
	secret, hash, err := s.newSecret()
	if err != nil {
		return err
	}
	now := s.now().UTC()
	sess := accolade.Session{Hash: hash, Created: now, LastSeen: now, Expires: now.Add(s.sessionMaxAge)}
	si, err := s.sessions.RedeemSignIn(hashSecret(r.PathValue("token")), sess)
	if err == accolade.ErrSignInUsed || err == accolade.ErrSignInExpired {
		return s.signInLinkPage(w, r)
	}
	if err != nil {
		return err
	}
	if c, err := r.Cookie(s.sessionCookie()); err == nil && c.Value != "" {
		_ = s.sessions.DeleteSession(hashSecret(c.Value)) // the browser's previous session, if any
	}
	s.setSessionCookie(w, secret, sess.Expires)
	s.adoptLanguage(r, si.Member)
	s.pruneSessions(now)
	http.Redirect(w, r, s.localPath(s.nextPath(si.Next)), http.StatusSeeOther)
	return nil
}

// adoptLanguage makes the language chosen with the switcher before signing
// in the member's own, for their mail too, when their setting is one this
// site does not speak (or none). A language they set themselves stays.
func (s *Server) adoptLanguage(r *http.Request, member string) {
	c, err := r.Cookie(langCookie)
	if err != nil || !knownLanguage(c.Value) {
		return
	}
	_, err = s.sessions.UpdateMember(member, func(m *accolade.Member) error {
		if m.Lang == "" || !speaks(m.Lang) {
			m.Lang = c.Value
		}
		return nil
	})
	if err != nil {
		s.log.Error("keeping the chosen language", "member", member, "err", err)
	}
}

// speaks reports whether the catalogue has lang (a BCP 47 tag), or its
// language in another region or script.
func speaks(lang string) bool {
	base, _, _ := strings.Cut(strings.ToLower(lang), "-")
	return i18n.Default().Match(lang).Lang() == base
}

// pruneSessions deletes expired sessions, and expired OAuth codes and
// tokens (store.DB.PruneOAuth), at most once an hour.
func (s *Server) pruneSessions(now time.Time) {
	last := s.lastPrune.Load()
	if last != 0 && now.Sub(time.Unix(0, last)) < time.Hour || !s.lastPrune.CompareAndSwap(last, now.UnixNano()) {
		return
	}
	go func() {
		if _, err := s.sessions.PruneSessions(now, s.sessionIdle); err != nil {
			s.log.Error("pruning sessions", "err", err)
		}
		if s.oauth == nil {
			return
		}
		if _, err := s.oauth.PruneOAuth(now); err != nil {
			s.log.Error("pruning OAuth codes and tokens", "err", err)
		}
	}()
}

func (s *Server) signOut(w http.ResponseWriter, r *http.Request) error {
	if c, err := r.Cookie(s.sessionCookie()); err == nil && c.Value != "" {
		if err := s.sessions.DeleteSession(hashSecret(c.Value)); err != nil {
			return err
		}
	}
	s.clearSessionCookie(w)
	http.Redirect(w, r, s.localPath("/signin?out=1"), http.StatusSeeOther)
	return nil
}

func (s *Server) signOutEverywhere(w http.ResponseWriter, r *http.Request, m *accolade.Member) error {
	if _, err := s.sessions.DeleteSessions(m.ID); err != nil {
		return err
	}
	s.clearSessionCookie(w)
	http.Redirect(w, r, s.localPath("/signin?out=all"), http.StatusSeeOther)
	return nil
}

func (s *Server) settingsPage(w http.ResponseWriter, r *http.Request, m *accolade.Member) error {
	v := templates.SettingsPage{MemberPage: s.memberPage(r, m, "/account/settings"), Name: m.Name, Email: m.Email, Lang: s.locale(r).Lang(),
		Mail: !m.NoMail, Saved: r.URL.Query().Get("saved") == "1", PasskeysOn: s.passkeysOn()}
	var err error
	if v.Passkeys, err = s.passkeyViews(m); err != nil {
		return err
	}
	if v.Grants, err = s.grantViews(r, m); err != nil {
		return err
	}
	if s.oauth != nil {
		ext, err := s.oauth.Externals(m.ID)
		if err != nil {
			return err
		}
		for _, e := range ext {
			v.Externals = append(v.Externals, templates.ExternalView{ID: e.ID, Name: e.Name, Issuer: e.IssuerName, Received: e.Received,
				RemoveURL: s.localPath(routeRemoveExternal)})
		}
	}
	issuers, err := s.store.Issuers()
	if err != nil {
		return err
	}
	for _, p := range issuers {
		if slices.Contains(p.Coordinators, m.ID) {
			v.Coordinates = append(v.Coordinates, p.Name)
		}
	}
	return renderPage(w, http.StatusOK, func(b *bytes.Buffer) error { return s.pages.Settings(b, v) })
}

// saveSettings stores the member's language and mail choice.
func (s *Server) saveSettings(w http.ResponseWriter, r *http.Request, m *accolade.Member) error {
	lang := r.PostFormValue("lang")
	if !knownLanguage(lang) {
		return errs.Field("lang", "%q is not a language this site speaks", lang)
	}
	noMail := r.PostFormValue("mail") != "on"
	if _, err := s.sessions.UpdateMember(m.ID, func(m *accolade.Member) error {
		m.Lang, m.NoMail = lang, noMail
		return nil
	}); err != nil {
		return err
	}
	s.setLangCookie(w, lang)
	http.Redirect(w, r, s.localPath("/account/settings?saved=1"), http.StatusSeeOther)
	return nil
}
