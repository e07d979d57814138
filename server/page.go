package server

import (
	"bytes"
	"io/fs"
	"mime"
	"net/http"
	"path"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/templates"
)

// site is what every page shows of the service: the default issuer's name
// and logo are the community's identity. Without a default issuer the
// pages say "Accolade".
func (s *Server) site(r *http.Request) templates.Site {
	m := s.viewer(r)
	v := templates.Site{BaseURL: s.urls.Base, L: s.localeFor(r, m), Path: r.URL.RequestURI()}
	if m != nil {
		v.Viewer = m.Name
		v.Coordinator = s.coordinatesAny(m.ID)
	}
	if p, err := s.store.Issuer(accolade.DefaultSlug); err == nil {
		v.Name, v.LogoURL = p.Name, p.Logo
	}
	return v
}

// renderPage renders into a buffer so that a failure never sends half a page.
func renderPage(w http.ResponseWriter, status int, render func(*bytes.Buffer) error) error {
	var buf bytes.Buffer
	if err := render(&buf); err != nil {
		return errs.Wrap(errs.Internal, err, "rendering page")
	}
	writeHTML(w, status, buf.Bytes())
	return nil
}

// writeHTML answers with a page. Pages are in the language of the
// language cookie or of Accept-Language, so caches must keep one copy per
// language. Pages have no ETag.
func writeHTML(w http.ResponseWriter, status int, page []byte) {
	w.Header().Add("Vary", "Accept-Language, Cookie")
	writeBytes(w, status, "text/html; charset=utf-8", page)
}

func (s *Server) errorPage(w http.ResponseWriter, r *http.Request, err error) error {
	status := statusOf(errs.KindOf(err))
	if status == http.StatusInternalServerError {
		return err // logged and answered by writeError
	}
	site := s.site(r)
	v := templates.ErrorPage{Site: site, Title: pageTitle(site, status), Message: err.Error()}
	return renderPage(w, status, func(b *bytes.Buffer) error { return s.pages.Error(b, v) })
}

// Bounds of the home page's list of recent credentials.
const (
	recentShown = 10
	// recentLooked is how many of the newest credentials the home page
	// looks through for recentShown of published achievements; fewer are
	// shown when more than recentLooked-recentShown of the newest are of
	// unpublished ones.
	recentLooked = 160
)

func (s *Server) static(w http.ResponseWriter, r *http.Request) error {
	name := path.Clean(pathID(r, "name"))
	b, err := fs.ReadFile(s.pages.Static(), name)
	if err != nil {
		return errs.E(errs.NotFound, "no static file %q", name)
	}
	ct := mime.TypeByExtension(path.Ext(name))
	if ct == "" {
		ct = "application/octet-stream"
	}
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	writeBytes(w, http.StatusOK, ct, b)
	return nil
}
