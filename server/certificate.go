package server

import (
	"bytes"
	"image/jpeg"
	"net/http"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/certificate"
	"github.com/accolade-badges/accolade/criteria"
	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/ob3"
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
	if size != "" {
		c.Size = size
	}
	pdf, notes, err := certificate.RenderNotes(c, s.fonts)
	if err != nil {
		return errs.Wrap(errs.Internal, err, "drawing certificate for credential %s", rec.ID)
	}
	for _, n := range notes {
		s.log.Warn("certificate: "+n, "credential", rec.ID)
	}
	w.Header().Set("Content-Disposition", accolade.ContentDisposition(accolade.DownloadName(c.AchievementName, c.HolderName, "pdf")))
	writeEntity(w, r, "application/pdf", pdf)
	return nil
}

// certificate builds the Certificate of a stored credential: the signed
// facts, the labels in the member's language (else the issuer's), the
// achievement's design today, and the paper size the design or else the
// issuer gives.
func (s *Server) certificate(rec *accolade.Record) (*certificate.Certificate, error) {
	cred, err := ob3.ParseCredential(rec.JSON)
	if err != nil {
		return nil, errs.Wrap(errs.Internal, err, "reading stored credential %s", rec.ID)
	}
	a := cred.CredentialSubject.Achievement
	c := &certificate.Certificate{
		IssuerName: cred.Issuer.Name, AchievementName: a.Name, Description: a.Description,
		Criteria: a.Criteria.Narrative, Image: s.imageBytes(a.ImageURL()),
		HolderName: cred.CredentialSubject.Name, Awarded: rec.Awarded(), Expires: rec.ValidUntil,
		CredentialID: "urn:uuid:" + rec.ID, VerifyURL: s.urls.Credential(rec.ID),
		CredentialJSON: rec.JSON, JWT: rec.JWT, AttachmentName: rec.Achievement,
	}
	// A name no bundled font draws falls back to the member's Latin name,
	// else the member id (ASCII); the log says so.
	c.HolderLatinName = rec.Member
	if m, err := s.store.Member(rec.Member); err == nil {
		c.Lang, c.HolderLang = m.Lang, m.Lang
		if m.LatinName != "" {
			c.HolderLatinName = m.LatinName
		}
		if c.HolderName == "" { // issued before the name was signed in
			c.HolderName = m.Name
		}
	}
	if p, err := s.store.Issuer(rec.Issuer); err == nil {
		c.IssuerURL, c.Size = p.URL, p.PaperSize
		c.IssuerLogo = s.imageBytes(p.Logo)
		if c.Lang == "" {
			c.Lang = p.Lang
		}
		if c.IssuerName == "" {
			c.IssuerName = p.Name
		}
	}
	if c.HolderName == "" {
		c.HolderName = rec.Member
	}
	if ach, err := s.store.Achievement(rec.Achievement); err == nil {
		s.applyDesign(c, ach)
	}
	return c, nil
}

// applyDesign gives c the achievement file's certificate block, when it
// has one: colours, wording, signatory, logo and background, and paper.
func (s *Server) applyDesign(c *certificate.Certificate, ach *criteria.Achievement) {
	d := ach.Certificate
	if d == nil {
		return
	}
	c.Design = certificate.Design{
		Primary: d.PrimaryColor, Accent: d.AccentColor, Title: d.Title, Statement: d.Statement,
		Signatory: d.Signatory, SignatoryRole: d.SignatoryRole,
		Logo: s.imageBytes(d.Logo), Background: s.imageBytes(d.Background),
	}
	if d.PaperSize != "" {
		c.Size = d.PaperSize
	}
}

// imageBytes returns the PNG or JPEG file an image URL names, for a
// certificate: a data: URI, or an image this service stores. Anything else
// (an SVG, an image elsewhere, which is not fetched) is nil: the
// certificate then draws without it.
func (s *Server) imageBytes(uri string) []byte {
	if b := s.signedImage(uri, "png"); b != nil {
		return b
	}
	if ct, b, ok := dataURI(uri); ok && ct == "image/jpeg" {
		if _, err := jpeg.DecodeConfig(bytes.NewReader(b)); err == nil {
			return b
		}
	}
	return nil
}
