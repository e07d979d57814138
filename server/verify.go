package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/templates"
	"github.com/accolade-badges/accolade/verifier"
)

// Verify verifies a credential in any form. The verifier asks this
// service's store (through local) whether its own credentials were revoked
// or suspended.
func (s *Server) Verify(ctx context.Context, input []byte, contentType string) verifier.Verdict {
	v := s.verifier.Verify(ctx, input, contentType)
	s.metrics.verified(string(v.Outcome))
	return v
}

// VerifyURL is Verify for a link.
func (s *Server) VerifyURL(ctx context.Context, u string) verifier.Verdict {
	v := s.verifier.VerifyURL(ctx, u)
	s.metrics.verified(string(v.Outcome))
	return v
}

// CredentialStatus implements verifier.Local: the standing of one of our
// issuers' credentials. The reason for a revocation is private and stays
// here.
func (l local) CredentialStatus(_ context.Context, issuerID, id string) (verifier.CredentialStatus, bool) {
	p := l.profileOf(issuerID)
	if p == nil {
		return verifier.CredentialStatus{}, false
	}
	if l.s.vcStore != nil { // signed for a client through the VC-API
		if vc, err := l.s.vcStore.IssuedVC(id); err == nil && vc.Issuer == p.Slug {
			st := verifier.CredentialStatus{Revoked: vc.Status == accolade.Revoked, Suspended: vc.Status == accolade.Suspended}
			if st.Revoked || st.Suspended {
				st.Since = vc.StatusChanged
			}
			return st, true
		}
	}
	uuid, ok := strings.CutPrefix(id, "urn:uuid:")
	if !ok {
		return verifier.CredentialStatus{}, false
	}
	rec, err := l.s.store.Credential(strings.ToLower(uuid))
	if err != nil || rec.Issuer != p.Slug || rec.State != accolade.Issued {
		return verifier.CredentialStatus{}, false
	}
	st := verifier.CredentialStatus{Revoked: rec.Status == accolade.Revoked, Suspended: rec.Status == accolade.Suspended}
	if st.Revoked || st.Suspended {
		st.Since = rec.StatusChanged
	}
	return st, true
}

// IssuerNamed implements verifier.Local.
func (l local) IssuerNamed(name string) bool {
	name = strings.TrimSpace(name)
	all, err := l.s.store.Issuers()
	if name == "" || err != nil {
		return false
	}
	for _, p := range all {
		if strings.EqualFold(strings.TrimSpace(p.Name), name) {
			return true
		}
	}
	return false
}

// maxVerifyUpload bounds a body or an uploaded file on the verify
// endpoints: a PDF certificate or a photo of a printed one may be larger
// than a credential (the verifier still bounds the credential inside).
const maxVerifyUpload = verifier.MaxFileBytes

// verifyTypes are the body types POST /api/v1/verify reads; a body with no
// Content-Type has its format sniffed. Anything else, in particular
// application/x-www-form-urlencoded (what curl -d and --data-binary send
// unless told otherwise), is refused with 415.
var verifyTypes = []string{
	"application/jwt", "application/vc+jwt", "text/plain",
	"application/json", "application/ld+json", "application/vc+ld+json",
	"image/png", "image/svg+xml", "image/jpeg", "application/pdf",
	"application/octet-stream", "multipart/form-data",
}

// checkVerifyType applies verifyTypes to r.
func checkVerifyType(r *http.Request) (string, error) {
	header := r.Header.Get("Content-Type")
	if header == "" {
		return "", nil
	}
	ct, _, err := mime.ParseMediaType(header)
	ct = strings.ToLower(ct)
	if err == nil && slices.Contains(verifyTypes, ct) {
		return ct, nil
	}
	if err != nil {
		ct = header
	}
	hint := ""
	if ct == "application/x-www-form-urlencoded" {
		hint = " (curl -d and --data-binary send application/x-www-form-urlencoded: add -H 'Content-Type: application/pdf', or the type of your file)"
	}
	return "", &unsupportedType{fmt.Sprintf("Content-Type %q is not accepted here: send a VC-JWT (application/jwt or text/plain), "+
		"a JSON credential or {\"url\": \"...\"} (application/json or application/vc+ld+json), a badge image (image/png, image/svg+xml), "+
		"a PDF certificate (application/pdf), a photo of a certificate's QR code (image/jpeg, image/png), "+
		"or multipart/form-data with the file in the field \"file\"%s", ct, hint)}
}

// verifyAPI is POST /api/v1/verify: the body is the credential (JWT,
// JSON, PNG, SVG, PDF, or a photo of a QR code), {"url": "..."} or a bare
// link to verify a link, or a multipart form with the file in "file". It
// always answers 200 with a verdict, unless the request itself is
// unusable.
func (s *Server) verifyAPI(w http.ResponseWriter, r *http.Request) error {
	ct, err := checkVerifyType(r)
	if err != nil {
		return err
	}
	var sub submission
	if ct == "multipart/form-data" {
		r.Body = http.MaxBytesReader(w, r.Body, maxVerifyUpload+64<<10)
		if sub, _, err = formInput(r, templates.Site{}); err != nil { // the API speaks English
			return err
		}
	} else {
		body, err := readBody(w, r, maxVerifyUpload)
		if err != nil {
			return err
		}
		sub.input, sub.contentType = body, r.Header.Get("Content-Type")
		if u, ok := urlRequest(body); ok {
			sub.input, sub.url = nil, u
		} else if u, ok := pastedURL(body); ok {
			sub.input, sub.url = nil, u
		}
	}
	var v verifier.Verdict
	switch {
	case sub.url != "":
		v = s.VerifyURL(r.Context(), sub.url)
	case len(bytes.TrimSpace(sub.input)) == 0:
		return errs.E(errs.Invalid, "the request body is empty: send a credential (JWT, JSON, PNG, SVG, PDF or a photo of its QR code) or {\"url\": \"...\"}")
	default:
		v = s.Verify(r.Context(), sub.input, sub.contentType)
	}
	s.writeJSON(w, r, http.StatusOK, typeJSON, v)
	return nil
}

// pastedURL recognises a bare http(s) link: pasted text that is one word.
func pastedURL(b []byte) (string, bool) {
	t := strings.TrimSpace(string(b))
	if !(strings.HasPrefix(t, "https://") || strings.HasPrefix(t, "http://")) || strings.ContainsAny(t, " \t\r\n") || len(t) > 4096 {
		return "", false
	}
	return t, true
}

// urlRequest recognises a JSON body {"url": "..."} with nothing else.
func urlRequest(body []byte) (string, bool) {
	var m map[string]json.RawMessage
	if json.Unmarshal(body, &m) != nil || len(m) != 1 {
		return "", false
	}
	var u string
	if json.Unmarshal(m["url"], &u) != nil || u == "" {
		return "", false
	}
	return u, true
}

// verifyPage is GET /verify, optionally with ?url= to verify a link.
func (s *Server) verifyPage(w http.ResponseWriter, r *http.Request) error {
	page := templates.VerifyPage{Site: s.site(r), MaxUpload: errs.Size(maxVerifyUpload)}
	if u := r.URL.Query().Get("url"); u != "" {
		if err := s.checkVerifyLimit(r); err != nil {
			return err
		}
		page.Result = s.verdictView(s.VerifyURL(r.Context(), u), submission{url: u})
	}
	return renderPage(w, http.StatusOK, func(b *bytes.Buffer) error { return s.pages.Verify(b, page) })
}

// submission is what the verify form sent: pasted or uploaded input (with
// its content type), or a link, and an email address for the recipient
// check. The address is never stored or logged.
type submission struct {
	input       []byte
	contentType string
	url         string
	email       string
}

// verifyForm is POST /verify from the page's forms: pasted text (a
// credential or a link), an uploaded file, or a link, with an email
// address when the recipient check is asked for. It works without
// JavaScript: a plain multipart form.
func (s *Server) verifyForm(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, maxVerifyUpload+64<<10)
	site := s.site(r)
	page := templates.VerifyPage{Site: site, MaxUpload: errs.Size(maxVerifyUpload)}
	sub, field, err := formInput(r, site)
	switch {
	case err != nil:
		page.Error, page.ErrorField = err.Error(), field
	case len(sub.input) > 0:
		page.Result = s.verdictView(s.Verify(r.Context(), sub.input, sub.contentType), sub)
	case sub.url != "":
		page.Result = s.verdictView(s.VerifyURL(r.Context(), sub.url), sub)
	default:
		page.Error = site.T("public.verify.errEmpty")
	}
	status := http.StatusOK
	if page.Error != "" {
		status = http.StatusBadRequest
		if utf8.Valid(sub.input) {
			page.Input = string(sub.input)
		}
		page.URL = sub.url
	}
	return renderPage(w, status, func(b *bytes.Buffer) error { return s.pages.Verify(b, page) })
}

// formInput reads the verify form: a multipart form (the page's, or an
// API client's) with the file in "file", or a plain form. A pasted link
// becomes the link to verify. On error it returns the field the error is
// about, in the page's language.
func formInput(r *http.Request, site templates.Site) (submission, string, error) {
	var sub submission
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if ct == "multipart/form-data" {
		if err := r.ParseMultipartForm(maxVerifyUpload); err != nil {
			return sub, "file", errs.E(errs.Invalid, "%s", site.T("public.verify.errUpload", "Size", errs.Size(maxVerifyUpload)))
		}
		if f, h, err := r.FormFile("file"); err == nil {
			defer f.Close()
			b, err := io.ReadAll(io.LimitReader(f, maxVerifyUpload+1))
			if err != nil || len(b) > maxVerifyUpload {
				return sub, "file", errs.E(errs.Invalid, "%s", site.T("public.verify.errFile", "Size", errs.Size(maxVerifyUpload)))
			}
			if len(b) > 0 {
				sub.input, sub.contentType = b, h.Header.Get("Content-Type")
				sub.email = r.FormValue("email")
				return sub, "", nil
			}
		}
	} else if err := r.ParseForm(); err != nil {
		return sub, "", errs.E(errs.Invalid, "%s", site.T("public.verify.errForm"))
	}
	sub.input = []byte(strings.TrimSpace(r.FormValue("input")))
	sub.url = strings.TrimSpace(r.FormValue("url"))
	sub.email = r.FormValue("email")
	if u, ok := pastedURL(sub.input); ok && sub.url == "" {
		sub.input, sub.url = nil, u
	}
	return sub, "", nil
}
