package server

import (
	"bytes"
	"net/http"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/i18n"
	"github.com/accolade-badges/accolade/mail"
	"github.com/accolade-badges/accolade/templates"
)

// MemberSettings changes one member's own settings without replacing the
// member; store.DB satisfies it.
type MemberSettings interface {
	UpdateMember(id string, change func(*accolade.Member) error) (*accolade.Member, error)
}

// mailPages are the mail-related pages: unsubscribe links (when Members
// and UnsubscribeSecret are configured) and the demo mailbox (when
// DemoMail is).
type mailPages struct {
	members MemberSettings
	secret  []byte
	box     *mail.Mailbox
}

func (s *Server) mailRoutes(m *routeMux) {
	if s.mail.members != nil && len(s.mail.secret) > 0 {
		m.HandleFunc("GET "+mail.UnsubscribePath+"{token}", s.public(s.unsubscribePage))
		m.HandleFunc("POST "+mail.UnsubscribePath+"{token}", s.public(s.unsubscribe))
	}
	if s.mail.box != nil {
		m.HandleFunc("GET /demo/mail", s.public(s.demoMail))
		m.HandleFunc("GET /demo/mail/{n}", s.public(s.demoMailHTML))
	}
}

// unsubscribePage asks, with a button, whether to stop notification mail.
// Following the link changes nothing: mail scanners open links.
func (s *Server) unsubscribePage(w http.ResponseWriter, r *http.Request) error {
	v, m := s.unsubscribeView(r)
	status := http.StatusNotFound
	if m != nil {
		v.State, v.MemberName, status = "ask", m.Name, http.StatusOK
		if m.NoMail {
			v.State = "done"
		}
	}
	w.Header().Set("Cache-Control", "no-store")
	return renderPage(w, status, func(b *bytes.Buffer) error { return s.pages.Unsubscribe(b, v) })
}

// unsubscribe turns the member's notification mail off: the page's button,
// and the RFC 8058 one-click POST a mail client sends.
func (s *Server) unsubscribe(w http.ResponseWriter, r *http.Request) error {
	v, m := s.unsubscribeView(r)
	status := http.StatusNotFound
	if m != nil {
		_, err := s.mail.members.UpdateMember(m.ID, func(m *accolade.Member) error { m.NoMail = true; return nil })
		switch {
		case err == nil:
			v.State, status = "done", http.StatusOK
			s.log.Info("member turned notification mail off", "member", m.ID)
		case errs.KindOf(err) != errs.NotFound:
			return err
		}
	}
	w.Header().Set("Cache-Control", "no-store")
	return renderPage(w, status, func(b *bytes.Buffer) error { return s.pages.Unsubscribe(b, v) })
}

// unsubscribeView is the page for the request's token, "invalid" until
// the caller decides, and the member the token names (nil when the token
// is forged or the member gone). The page speaks the member's language
// unless the switcher chose another.
func (s *Server) unsubscribeView(r *http.Request) (templates.UnsubscribePage, *accolade.Member) {
	v := templates.UnsubscribePage{Site: s.site(r), State: "invalid", Action: r.URL.Path}
	id, ok := mail.UnsubscribeMember(s.mail.secret, pathID(r, "token"))
	if !ok {
		return v, nil
	}
	m, err := s.store.Member(id)
	if err != nil {
		return v, nil
	}
	if _, err := r.Cookie(langCookie); err != nil {
		v.Site.L = i18n.Default().Match(append([]string{m.Lang}, r.Header.Values("Accept-Language")...)...)
	}
	return v, m
}
