package server

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/certificate"
	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/ob3"
	"github.com/accolade-badges/accolade/typeset"
)

// credentialPDF serves a credential as a PDF certificate (?size=a4|letter)
// with the signed credential and its VC-JWT attached. What it shows comes
// from the signed JSON: the achievement's name, description, criteria and
// image, the holder's name, the issuer's name. The labels are in the
// holder's language (English when there are none for it). The ETag is a
// hash of the bytes, which depend only on the stored credential.
func (s *Server) credentialPDF(w http.ResponseWriter, r *http.Request, rec *accolade.Record) error {
	q := r.URL.Query()
	for k := range q {
		if k != "size" {
			return errs.Field(k, "is not a known query parameter: use size (a4 or letter)")
		}
	}
	size := q.Get("size")
	if size != "" && size != "a4" && size != "letter" {
		return errs.Field("size", "unknown paper size %q: use a4 or letter", size)
	}
	c, err := s.certificate(rec)
	if err != nil {
		return err
	}
	c.Size = size
	pdf, notes, err := certificate.RenderNotes(c, typeset.Default())
	if err != nil {
		return errs.Wrap(errs.Internal, err, "drawing certificate for credential %s", rec.ID)
	}
	for _, n := range notes {
		s.log.Warn("certificate: "+n, "credential", rec.ID)
	}
	sum := sha256.Sum256(pdf)
	etag := `"` + base64.RawURLEncoding.EncodeToString(sum[:18]) + `"`
	w.Header().Set("ETag", etag)
	if inm := r.Header.Get("If-None-Match"); inm != "" && strings.Contains(inm, etag) {
		w.WriteHeader(http.StatusNotModified)
		return nil
	}
	w.Header().Set("Content-Disposition", contentDisposition(c.AchievementName, c.HolderName))
	writeBytes(w, http.StatusOK, "application/pdf", pdf)
	return nil
}

// certificate builds the Certificate of a stored credential.
func (s *Server) certificate(rec *accolade.Record) (*certificate.Certificate, error) {
	cred, err := ob3.ParseCredential(rec.JSON)
	if err != nil {
		return nil, errs.Wrap(errs.Internal, err, "reading stored credential %s", rec.ID)
	}
	a := cred.CredentialSubject.Achievement
	c := &certificate.Certificate{
		IssuerName: cred.Issuer.Name, AchievementName: a.Name, Description: a.Description,
		Criteria: a.Criteria.Narrative, Image: achievementImage(a),
		HolderName: cred.CredentialSubject.Name, Awarded: rec.Awarded(), Expires: rec.ValidUntil,
		CredentialID: "urn:uuid:" + rec.ID, VerifyURL: s.urls.Credential(rec.ID),
		CredentialJSON: rec.JSON, JWT: rec.JWT, AttachmentName: rec.Achievement,
	}
	if m, err := s.store.Member(rec.Member); err == nil {
		c.Lang, c.HolderLang = m.Lang, m.Lang
		if c.HolderName == "" { // issued before the name was signed in
			c.HolderName = m.Name
		}
	}
	if p, err := s.store.Issuer(rec.Issuer); err == nil {
		c.IssuerURL = p.URL
		if c.IssuerName == "" {
			c.IssuerName = p.Name
		}
	}
	if c.HolderName == "" {
		c.HolderName = rec.Member
	}
	// A name no bundled font draws falls back to the member id, which is
	// ASCII; the certificate says so in the log.
	c.HolderLatinName = rec.Member
	return c, nil
}

// achievementImage returns the achievement's image file when the signed
// credential carries it inline (a data: URI, PNG or JPEG), else nil (the
// certificate then draws an emblem). Images at https: URLs are not
// fetched here: the image store will extend this.
func achievementImage(a ob3.Achievement) []byte {
	uri := a.ImageURL()
	for _, prefix := range []string{"data:image/png;base64,", "data:image/jpeg;base64,"} {
		if rest, ok := strings.CutPrefix(uri, prefix); ok {
			b, err := base64.StdEncoding.DecodeString(rest)
			if err != nil {
				return nil
			}
			return b
		}
	}
	return nil
}

// contentDisposition names the download "<achievement>-<holder>.pdf": an
// ASCII slug in filename, the names as written in filename*.
func contentDisposition(achievement, holder string) string {
	ascii := strings.Trim(certificate.Slug(achievement)+"-"+certificate.Slug(holder), "-")
	if ascii == "" {
		ascii = "certificate"
	}
	utf := strings.Map(func(r rune) rune {
		if r < 0x20 || strings.ContainsRune(`/\:*?"<>|`, r) {
			return '-'
		}
		return r
	}, strings.TrimSpace(achievement)+" - "+strings.TrimSpace(holder))
	var b bytes.Buffer
	fmt.Fprintf(&b, `attachment; filename="%s.pdf"; filename*=UTF-8''%s.pdf`, ascii, url.PathEscape(utf))
	return b.String()
}
