package server

import (
	"cmp"
	"net/http"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/certificate"
	"github.com/accolade-badges/accolade/errs"
)

func init() {
	consoleRoutesList = append(consoleRoutesList, consoleRoute{"GET /console/{slug}/achievements/{id}/certificate.pdf",
		func(s *Server) consoleHandler { return s.consoleCertificatePreview }})
}

// consoleCertificatePreview draws a stored achievement's certificate as it
// would be issued now, for the coordinator to look at before anyone earns
// it: its design, wording, image and the community's logo, in the page's
// language, with the coordinator as the sample holder. Nothing is signed or
// attached, and the code leads to the achievement's public page, not to a
// credential; the page says "Sample" in the credential id's place.
func (s *Server) consoleCertificatePreview(w http.ResponseWriter, r *http.Request, c *coordinator) error {
	ach, err := s.store.Achievement(r.PathValue("id"))
	if err != nil || issuerSlug(ach.Issuer) != c.Issuer.Slug {
		return errs.E(errs.NotFound, "There is no page at %s.", shortPath(r))
	}
	lang := s.site(r).Lang()
	d := ach.Definition().In(lang)
	cert := &certificate.Certificate{
		Lang: lang, IssuerName: c.Issuer.Name, IssuerURL: c.Issuer.URL, IssuerLogo: s.imageBytes(c.Issuer.Logo), Size: c.Issuer.PaperSize,
		AchievementName: d.Name, Description: d.Description, Criteria: d.Narrative, Image: s.imageBytes(ach.Image),
		HolderName: c.Member.Name, HolderLang: c.Member.Lang, HolderLatinName: cmp.Or(c.Member.LatinName, c.Member.ID),
		Awarded: s.now().UTC(), CredentialID: catalogueLookup(s.locale(r).T).T("console.editor.sample"), VerifyURL: s.urls.Achievement(ach.ID),
	}
	if ach.ValidFor > 0 {
		cert.Expires = cert.Awarded.Add(ach.ValidFor)
	}
	s.applyDesign(cert, ach)
	pdf, err := certificate.Render(cert, s.fonts)
	if err != nil {
		return errs.Wrap(errs.Invalid, err, "drawing the certificate")
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `inline; filename="`+accolade.DownloadName(ach.ID, "sample", "pdf")+`"`)
	w.Header().Set("Cache-Control", "no-store")
	_, err = w.Write(pdf)
	return err
}
