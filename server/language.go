package server

import (
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/i18n"
)

// langCookie holds the language a person chose with the switcher.
const langCookie = "lang"

// locale is the language of the page for r: the one chosen with the
// switcher, else the signed-in member's, else the browser's
// Accept-Language, else English.
func (s *Server) locale(r *http.Request) *i18n.Locale {
	var prefs []string
	if c, err := r.Cookie(langCookie); err == nil {
		prefs = append(prefs, c.Value)
	}
	if lang := s.memberLang(r); lang != "" {
		prefs = append(prefs, lang)
	}
	return i18n.Default().Match(append(prefs, r.Header.Values("Accept-Language")...)...)
}

// memberLang is the signed-in member's language setting, or "".
func (s *Server) memberLang(r *http.Request) string {
	return ""
}

// setLanguage is the language switcher: it remembers the choice in a
// cookie and goes back to the page it was made on.
func (s *Server) setLanguage(w http.ResponseWriter, r *http.Request) error {
	lang := r.PostFormValue("lang")
	if !slices.ContainsFunc(i18n.Languages, func(l i18n.Language) bool { return l.Tag == lang }) {
		return errs.Field("lang", "%q is not a language this site speaks", lang)
	}
	http.SetCookie(w, &http.Cookie{
		Name: langCookie, Value: lang, Path: "/", MaxAge: int((365 * 24 * time.Hour).Seconds()),
		HttpOnly: true, Secure: s.secureCookies(), SameSite: http.SameSiteLaxMode,
	})
	http.Redirect(w, r, s.localPath(r.PostFormValue("back")), http.StatusSeeOther)
	return nil
}

// localPath is p when it is a path on this site ("/credentials/42?x=1"),
// and the home page otherwise, so that a form cannot send people elsewhere.
func (s *Server) localPath(p string) string {
	if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.HasPrefix(p, "/\\") || strings.ContainsAny(p, "\r\n") {
		p = "/"
	}
	return strings.TrimRight(s.urls.Base, "/") + p
}

// secureCookies reports whether cookies get the Secure attribute: when the
// site is served over https.
func (s *Server) secureCookies() bool { return strings.HasPrefix(s.urls.Base, "https://") }
