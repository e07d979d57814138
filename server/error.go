package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"github.com/accolade-badges/accolade/api"
	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/templates"
)

// statusOf maps error kinds to HTTP status codes: the only such mapping.
func statusOf(k errs.Kind) int {
	switch k {
	case errs.Invalid:
		return http.StatusBadRequest
	case errs.NotFound:
		return http.StatusNotFound
	case errs.Conflict:
		return http.StatusConflict
	case errs.Unauthorized:
		return http.StatusUnauthorized
	case errs.Forbidden:
		return http.StatusForbidden
	case errs.Unavailable:
		return http.StatusServiceUnavailable
	case errs.TooLarge:
		return http.StatusRequestEntityTooLarge
	case errs.RateLimited:
		return http.StatusTooManyRequests
	case errs.Gone:
		return http.StatusGone
	}
	return http.StatusInternalServerError
}

// statusOfErr is statusOf err's kind, except for a method not allowed.
func statusOfErr(err error) int {
	var mna *methodNotAllowed
	if errors.As(err, &mna) {
		return http.StatusMethodNotAllowed
	}
	var hs interface{ HTTPStatus() int }
	if errors.As(err, &hs) {
		return hs.HTTPStatus()
	}
	return statusOf(errs.KindOf(err))
}

// writeError answers with a problem document for err, or with an HTML
// error page when a browser asked for a page outside the API. Internal
// errors are logged in full and shown to the client only as "internal
// error".
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		err = errs.E(errs.TooLarge, "the request body is larger than %d bytes", mbe.Limit)
	}
	status := statusOfErr(err)
	p := api.Problem{Type: "about:blank", Title: http.StatusText(status), Status: status, Detail: err.Error(), Field: errs.FieldOf(err)}
	if status == http.StatusInternalServerError {
		s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
		p.Detail, p.Field = "internal error", ""
	}
	switch status {
	case http.StatusUnauthorized:
		w.Header().Set("WWW-Authenticate", `Bearer realm="accolade admin"`)
	case http.StatusTooManyRequests:
		w.Header().Set("Retry-After", strconv.Itoa(retryAfter(err)))
	}
	if s.pages != nil && wantsHTML(r) && !strings.HasPrefix(r.URL.Path, "/api/") {
		if s.htmlError(w, r, status, p.Detail) == nil {
			return
		}
	}
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(p)
}

// htmlError answers with the error page: a title in words for the status,
// and the message.
func (s *Server) htmlError(w http.ResponseWriter, r *http.Request, status int, message string) error {
	site := s.site(r)
	v := templates.ErrorPage{Site: site, Title: pageTitle(site, status), Message: sentence(site, message)}
	var buf bytes.Buffer
	if err := s.pages.Error(&buf, v); err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	writeHTML(w, status, buf.Bytes())
	return nil
}

// pageTitle is an error page's heading for status, in the page's language.
func pageTitle(site templates.Site, status int) string {
	switch status {
	case http.StatusNotFound:
		return site.T("public.error.notFound")
	case http.StatusMethodNotAllowed:
		return site.T("public.error.methodNotAllowed")
	case http.StatusTooManyRequests:
		return site.T("public.error.tooMany")
	case http.StatusServiceUnavailable:
		return site.T("public.error.unavailable")
	case http.StatusRequestEntityTooLarge:
		return site.T("public.error.tooLarge")
	case http.StatusBadRequest:
		return site.T("public.error.badRequest")
	case http.StatusUnauthorized:
		return site.T("public.error.unauthorized")
	case http.StatusForbidden:
		return site.T("public.error.forbidden")
	case http.StatusConflict:
		return site.T("public.error.conflict")
	}
	return site.T("public.error.title")
}

// sentence capitalises msg and ends it with a period, for a page. The
// message itself is the error's, in English; an internal error is said in
// the page's language.
func sentence(site templates.Site, msg string) string {
	msg = strings.TrimSpace(msg)
	if msg == "" {
		return ""
	}
	if msg == "internal error" {
		return site.T("public.error.internal")
	}
	msg = strings.ToUpper(msg[:1]) + msg[1:]
	if !strings.HasSuffix(msg, ".") {
		msg += "."
	}
	return msg
}

// writeJSON answers with v as JSON of the given content type.
func (s *Server) writeJSON(w http.ResponseWriter, r *http.Request, status int, contentType string, v any) {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		s.writeError(w, r, errs.Wrap(errs.Internal, err, "encoding response"))
		return
	}
	writeBytes(w, status, contentType, append(b, '\n'))
}

func writeBytes(w http.ResponseWriter, status int, contentType string, b []byte) {
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

// logger is a nil-safe default.
func logger(l *slog.Logger) *slog.Logger {
	if l == nil {
		return slog.Default()
	}
	return l
}
