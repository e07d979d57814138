package server

import (
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/i18n"
)

// langCookie holds the language a person chose with the switcher.
const langCookie = "lang"

// locale is the language of the page for r: the one chosen with the
// switcher, else the signed-in member's, else the browser's
// Accept-Language, else English.
func (s *Server) locale(r *http.Request) *i18n.Locale { return s.localeFor(r, s.viewer(r)) }

// localeFor is locale for r when its signed-in member, m (or nil), is
// already known: a page looks its session up once.
func (s *Server) localeFor(r *http.Request, m *accolade.Member) *i18n.Locale {
	var prefs []string
	if c, err := r.Cookie(langCookie); err == nil {
		prefs = append(prefs, c.Value)
	}
	if m != nil && m.Lang != "" {
		prefs = append(prefs, m.Lang)
	}
	return i18n.Default().Match(append(prefs, r.Header.Values("Accept-Language")...)...)
}

// setLanguage is the language switcher: it remembers the choice in a
// cookie and goes back to the page it was made on.
func (s *Server) setLanguage(w http.ResponseWriter, r *http.Request) error {
	lang := r.PostFormValue("lang")
	if !knownLanguage(lang) {
		return errs.Field("lang", "%q is not a language this site speaks", lang)
	}
	s.setLangCookie(w, lang)
	if m := s.viewer(r); m != nil && m.Lang != lang { // mail follows the choice too
		if _, err := s.sessions.UpdateMember(m.ID, func(m *accolade.Member) error { m.Lang = lang; return nil }); err != nil {
			return err
		}
	}
	http.Redirect(w, r, s.localPath(r.PostFormValue("back")), http.StatusSeeOther)
	return nil
}

func knownLanguage(lang string) bool {
	return slices.ContainsFunc(i18n.Languages, func(l i18n.Language) bool { return l.Tag == lang })
}

func (s *Server) setLangCookie(w http.ResponseWriter, lang string) {
	http.SetCookie(w, &http.Cookie{
		Name: langCookie, Value: lang, Path: s.basePath(), MaxAge: int((365 * 24 * time.Hour).Seconds()),
		HttpOnly: true, Secure: s.secureCookies(), SameSite: http.SameSiteLaxMode,
	})
}

// localPath is p when it is a path on this site ("/credentials/42?x=1"),
// and the home page otherwise, so that a form cannot send people elsewhere.
func (s *Server) localPath(p string) string {
	if !onSite(p) {
		p = "/"
	}
	return strings.TrimRight(s.urls.Base, "/") + p
}

// onSite reports whether p is a path on this site ("/credentials/42?x=1"):
// not another host's ("//evil.example", "/\\evil.example") and without a
// line break that could split a header.
func onSite(p string) bool {
	return strings.HasPrefix(p, "/") && !strings.HasPrefix(p, "//") && !strings.HasPrefix(p, "/\\") &&
		!strings.ContainsAny(p, "\r\n")
}

// secureCookies reports whether cookies get the Secure attribute: when the
// site is served over https.
func (s *Server) secureCookies() bool { return strings.HasPrefix(s.urls.Base, "https://") }
