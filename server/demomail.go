package server

import (
	"bytes"
	"net/http"
	"net/url"
	"strconv"

	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/templates"
)

// demoMail lists the demo mailbox, newest first: only served with --demo.
func (s *Server) demoMail(w http.ResponseWriter, r *http.Request) error {
	v := templates.DemoMailPage{Site: s.site(r)}
	for i, m := range s.mail.box.Messages() {
		to := m.To.Address // as a person reads it, not RFC 2047-encoded
		if m.To.Name != "" {
			to = m.To.Name + " <" + to + ">"
		}
		v.Messages = append(v.Messages, templates.DemoMail{To: to, Subject: m.Subject, Text: m.Text,
			Received: m.Received, HTMLURL: s.urls.Base + "/demo/mail/" + strconv.Itoa(i+1) + "?id=" + url.QueryEscape(m.MessageID)})
	}
	w.Header().Set("Cache-Control", "no-store")
	return renderPage(w, http.StatusOK, func(b *bytes.Buffer) error { return s.pages.DemoMail(b, v) })
}

// demoMailHTML shows one message's HTML body, found by its Message-ID (the
// number in the path only makes the link readable). The mail's own HTML is
// sandboxed: no script runs and nothing is loaded from elsewhere.
func (s *Server) demoMailHTML(w http.ResponseWriter, r *http.Request) error {
	m, ok := s.mail.box.Message(r.URL.Query().Get("id"))
	if !ok || m.HTML == "" {
		return errs.E(errs.NotFound, "no such message in the demo mailbox")
	}
	w.Header().Set("Content-Security-Policy", "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:")
	w.Header().Set("Cache-Control", "no-store")
	writeBytes(w, http.StatusOK, "text/html; charset=utf-8", []byte(m.HTML))
	return nil
}
