package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/templates"
	"github.com/accolade-badges/accolade/verifier"
)

// Verify verifies a credential in any form. The verifier asks this
// service's store (through local) whether its own credentials were revoked
// or suspended.
func (s *Server) Verify(ctx context.Context, input []byte, contentType string) verifier.Verdict {
	return s.verifier.Verify(ctx, input, contentType)
}

// VerifyURL is Verify for a link.
func (s *Server) VerifyURL(ctx context.Context, u string) verifier.Verdict {
	return s.verifier.VerifyURL(ctx, u)
}

// CredentialStatus implements verifier.Local: the standing of one of our
// issuers' credentials. The reason for a revocation is private and stays
// here.
func (l local) CredentialStatus(_ context.Context, issuerID, id string) (verifier.CredentialStatus, bool) {
	p := l.profileOf(issuerID)
	uuid, ok := strings.CutPrefix(id, "urn:uuid:")
	if p == nil || !ok {
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

// verifyAPI is POST /api/v1/verify: the body is the credential (JWT, JSON,
// PNG or SVG), or {"url": "..."} to verify a link. It always answers 200
// with a verdict, unless the request itself is unusable.
func (s *Server) verifyAPI(w http.ResponseWriter, r *http.Request) error {
	body, err := readBody(w, r, maxVerifyBody)
	if err != nil {
		return err
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return errs.E(errs.Invalid, "the request body is empty: send a credential (JWT, JSON, PNG or SVG) or {\"url\": \"...\"}")
	}
	var v verifier.Verdict
	if u, ok := urlRequest(body); ok {
		v = s.VerifyURL(r.Context(), u)
	} else {
		v = s.Verify(r.Context(), body, r.Header.Get("Content-Type"))
	}
	s.writeJSON(w, r, http.StatusOK, typeJSON, v)
	return nil
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
	page := templates.VerifyPage{Site: s.site()}
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

// verifyForm is POST /verify from the page's forms: pasted text, an
// uploaded file, or a link, with an email address when the recipient check
// is asked for.
func (s *Server) verifyForm(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, maxVerifyBody+64<<10)
	page := templates.VerifyPage{Site: s.site()}
	sub, err := formInput(r)
	switch {
	case err != nil:
		page.Error = err.Error()
	case len(sub.input) > 0:
		page.Result = s.verdictView(s.Verify(r.Context(), sub.input, sub.contentType), sub)
	case sub.url != "":
		page.Result = s.verdictView(s.VerifyURL(r.Context(), sub.url), sub)
	default:
		page.Error = "Paste a credential, choose a file or enter a link."
	}
	status := http.StatusOK
	if page.Error != "" {
		status = http.StatusBadRequest
		page.Input, page.URL = string(sub.input), sub.url
	}
	return renderPage(w, status, func(b *bytes.Buffer) error { return s.pages.Verify(b, page) })
}

func formInput(r *http.Request) (submission, error) {
	var sub submission
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if ct == "multipart/form-data" {
		if err := r.ParseMultipartForm(maxVerifyBody); err != nil {
			return sub, fmt.Errorf("the upload could not be read (is it larger than %d MiB?)", maxVerifyBody>>20)
		}
		if f, h, err := r.FormFile("file"); err == nil {
			defer f.Close()
			b, err := io.ReadAll(io.LimitReader(f, maxVerifyBody+1))
			if err != nil || len(b) > maxVerifyBody {
				return sub, fmt.Errorf("the file could not be read or is larger than %d MiB", maxVerifyBody>>20)
			}
			if len(b) > 0 {
				sub.input, sub.contentType = b, h.Header.Get("Content-Type")
				return sub, nil
			}
		}
	} else if err := r.ParseForm(); err != nil {
		return sub, fmt.Errorf("the form could not be read")
	}
	sub.input = []byte(strings.TrimSpace(r.FormValue("input")))
	sub.url = strings.TrimSpace(r.FormValue("url"))
	sub.email = r.FormValue("email")
	return sub, nil
}
