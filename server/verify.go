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

	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/issuer"
	"github.com/accolade-badges/accolade/ob3"
	"github.com/accolade-badges/accolade/templates"
	"github.com/accolade-badges/accolade/verifier"
)

// Verify verifies a credential in any form, then adds what only this service
// knows: whether one of its own credentials has been revoked or suspended.
func (s *Server) Verify(ctx context.Context, input []byte, contentType string) verifier.Verdict {
	return s.withStatus(s.verifier.Verify(ctx, input, contentType))
}

// VerifyURL is Verify for a link.
func (s *Server) VerifyURL(ctx context.Context, u string) verifier.Verdict {
	return s.withStatus(s.verifier.VerifyURL(ctx, u))
}

// withStatus replaces the status check for credentials issued here.
func (s *Server) withStatus(v verifier.Verdict) verifier.Verdict {
	c, err := ob3.ParseCredential(v.Credential)
	if err != nil || !(local{s}).IssuerKnown(c.Issuer.ID) {
		return v
	}
	id, ok := strings.CutPrefix(c.ID, "urn:uuid:")
	if !ok {
		return v
	}
	rec, err := s.store.Credential(strings.ToLower(id))
	if err != nil {
		return v
	}
	check := verifier.Check{Check: verifier.CheckStatus, Status: verifier.Pass, Message: "The issuer has not revoked or suspended this credential."}
	switch rec.Status {
	case issuer.Revoked, issuer.Suspended:
		check.Status = verifier.Fail
		check.Message = fmt.Sprintf("The issuer has %s this credential.", rec.Status)
		if rec.StatusReason != "" {
			check.Message += " Reason: " + rec.StatusReason
		}
		v.Verified = false
	}
	out := v.Checks[:0:0]
	for _, ch := range v.Checks {
		if ch.Check != verifier.CheckStatus {
			out = append(out, ch)
		}
	}
	v.Checks = append(out, check)
	return v
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
	page := templates.VerifyPage{Site: s.site(), URL: r.URL.Query().Get("url")}
	if page.URL != "" {
		if err := s.checkVerifyLimit(r); err != nil {
			return err
		}
		page.Result = s.verdictView(s.VerifyURL(r.Context(), page.URL))
	}
	return renderPage(w, http.StatusOK, func(b *bytes.Buffer) error { return s.pages.Verify(b, page) })
}

// verifyForm is POST /verify from the page's form: pasted text, an uploaded
// file, or a link.
func (s *Server) verifyForm(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, maxVerifyBody+64<<10)
	page := templates.VerifyPage{Site: s.site()}
	input, ct, err := formInput(r, &page)
	switch {
	case err != nil:
		page.Error = err.Error()
	case len(input) > 0:
		page.Result = s.verdictView(s.Verify(r.Context(), input, ct))
	case page.URL != "":
		page.Result = s.verdictView(s.VerifyURL(r.Context(), page.URL))
	default:
		page.Error = "Paste a credential, choose a file or enter a link."
	}
	status := http.StatusOK
	if page.Error != "" {
		status = http.StatusBadRequest
	}
	return renderPage(w, status, func(b *bytes.Buffer) error { return s.pages.Verify(b, page) })
}

func formInput(r *http.Request, page *templates.VerifyPage) ([]byte, string, error) {
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if ct == "multipart/form-data" {
		if err := r.ParseMultipartForm(maxVerifyBody); err != nil {
			return nil, "", fmt.Errorf("the upload could not be read (is it larger than %d MiB?)", maxVerifyBody>>20)
		}
		if f, h, err := r.FormFile("file"); err == nil {
			defer f.Close()
			b, err := io.ReadAll(io.LimitReader(f, maxVerifyBody+1))
			if err != nil || len(b) > maxVerifyBody {
				return nil, "", fmt.Errorf("the file could not be read or is larger than %d MiB", maxVerifyBody>>20)
			}
			if len(b) > 0 {
				return b, h.Header.Get("Content-Type"), nil
			}
		}
	} else if err := r.ParseForm(); err != nil {
		return nil, "", fmt.Errorf("the form could not be read")
	}
	page.Input = r.FormValue("input")
	page.URL = strings.TrimSpace(r.FormValue("url"))
	return []byte(strings.TrimSpace(page.Input)), "", nil
}

// verdictView turns a verdict into what the page shows.
func (s *Server) verdictView(v verifier.Verdict) *templates.Verdict {
	out := &templates.Verdict{Verified: v.Verified, Format: v.Format, Headline: headline(v)}
	for _, c := range v.Checks {
		out.Checks = append(out.Checks, templates.Check{Check: c.Check, Status: string(c.Status), Message: c.Message})
	}
	if c, err := ob3.ParseCredential(v.Credential); err == nil {
		out.AchievementName = c.CredentialSubject.Achievement.Name
		out.IssuerName = c.Issuer.Name
		out.ValidFrom, out.ValidUntil = c.Start().Time, c.End().Time
		if rec, ok := s.ownRecord(c); ok {
			if m, err := s.store.Member(rec.Member); err == nil {
				out.RecipientName = m.Name
			}
		}
	}
	return out
}

func (s *Server) ownRecord(c *ob3.OpenBadgeCredential) (*issuer.Record, bool) {
	id, ok := strings.CutPrefix(c.ID, "urn:uuid:")
	if !ok || !(local{s}).IssuerKnown(c.Issuer.ID) {
		return nil, false
	}
	rec, err := s.store.Credential(strings.ToLower(id))
	return rec, err == nil
}

func headline(v verifier.Verdict) string {
	if v.Verified {
		return "Valid credential"
	}
	for _, c := range v.Checks {
		if c.Status == verifier.Fail {
			return "Not valid: " + c.Message
		}
	}
	return "Not valid: no signature or proof could be checked"
}
