package server

import (
	"crypto/sha256"
	"encoding/hex"
	"mime"
	"net/http"
	"time"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/api"
	"github.com/accolade-badges/accolade/badgeimage"
	"github.com/accolade-badges/accolade/criteria"
	"github.com/accolade-badges/accolade/errs"
)

// imageStore is what the image handlers need from storage.
type imageStore interface {
	Image(hash string) (*accolade.Image, error)
	PutImage(img *accolade.Image) (created bool, err error)
}

// imageCSP is the Content-Security-Policy of served images: an SVG may
// style itself and show embedded raster images, and nothing else, so that
// even a construct the sanitiser missed cannot run a script or fetch; an
// image opened on its own cannot be framed (<img> elsewhere still shows it).
const imageCSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'"

// imageHeaders sets what every image answer carries: no sniffing, and
// imageCSP.
func imageHeaders(h http.Header) {
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", imageCSP)
}

// writeEntity answers with body under a strong ETag (a hash of the bytes),
// or 304 Not Modified when If-None-Match names it: for the files whose
// bytes depend only on what is stored (images, baked badges, PDF
// certificates).
func writeEntity(w http.ResponseWriter, r *http.Request, contentType string, body []byte) {
	sum := sha256.Sum256(body)
	etag := `"` + hex.EncodeToString(sum[:16]) + `"`
	w.Header().Set("ETag", etag)
	if etagMatch(r.Header.Get("If-None-Match"), etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	writeBytes(w, http.StatusOK, contentType, body)
}

// imageRoutes registers the image endpoints.
func (s *Server) imageRoutes(m *routeMux) {
	m.HandleFunc("GET "+accolade.RouteImage, s.public(s.getImage))
	m.HandleFunc("POST /api/v1/images", s.allowUpload(accolade.ScopeAchievementsWrite, s.postImage))
	m.HandleFunc("PUT /api/v1/achievements/{id}/image", s.allowUpload(accolade.ScopeAchievementsWrite, s.putAchievementImage))
	m.HandleFunc("DELETE /api/v1/achievements/{id}/image", s.allow(accolade.ScopeAchievementsWrite, s.deleteAchievementImage))
	m.HandleFunc("PUT /api/v1/issuers/{slug}/logo", s.allowUpload(accolade.ScopeIssuersAdmin, s.putIssuerLogo))
	m.HandleFunc("DELETE /api/v1/issuers/{slug}/logo", s.allow(accolade.ScopeIssuersAdmin, s.deleteIssuerLogo))
}

// getImage serves a stored image. Its URL names its content, so it never
// changes: it is cached for a year as immutable.
func (s *Server) getImage(w http.ResponseWriter, r *http.Request) error {
	file := pathID(r, "file")
	hash, ext, ok := accolade.ImageFile(file)
	if !ok {
		return errs.E(errs.NotFound, "no image %q: images are named <sha256>.png or <sha256>.svg", file)
	}
	img, err := s.store.Image(hash)
	if err != nil {
		return err
	}
	if img.Ext() != ext {
		return errs.E(errs.NotFound, "no image %q: image %s is a %s, at .%s", file, hash, img.ContentType, img.Ext())
	}
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	imageHeaders(w.Header())
	writeEntity(w, r, img.ContentType, img.Data)
	return nil
}

// readImage reads and checks an uploaded image and stores it. A body of
// another type than PNG or SVG is refused with 415; an image the checks
// refuse with 400 and their message. Nothing is stored then.
func (s *Server) readImage(w http.ResponseWriter, r *http.Request) (*accolade.Image, error) {
	header := r.Header.Get("Content-Type")
	ct, _, err := mime.ParseMediaType(header)
	switch {
	case header == "":
	case err != nil:
		return nil, &unsupportedType{"Content-Type " + header + " is not a media type: send the image as image/png or image/svg+xml"}
	case ct == "image/jpeg":
		return nil, &unsupportedType{"Content-Type \"image/jpeg\" is not accepted here: Open Badges 3.0 bakes credentials into PNG and SVG images only; send a PNG (image/png) or an SVG (image/svg+xml)"}
	case ct != accolade.ImagePNG && ct != accolade.ImageSVG:
		return nil, &unsupportedType{"Content-Type \"" + ct + "\" is not accepted here: send the image as image/png or image/svg+xml"}
	}
	body, err := readBody(w, r, badgeimage.MaxBytes)
	if err != nil {
		return nil, err
	}
	if len(body) == 0 {
		return nil, errs.E(errs.Invalid, "the request body is empty: send the image (PNG or SVG)")
	}
	return s.storeImage(ct, body)
}

// storeImage checks an image (badgeimage.Check: ct is its declared type,
// "" to tell from the bytes) and stores it; a refused one is not stored.
func (s *Server) storeImage(ct string, body []byte) (*accolade.Image, error) {
	img, err := badgeimage.Check(ct, body)
	if err != nil {
		return nil, err
	}
	img.Created = s.now().UTC().Truncate(time.Second)
	if _, err := s.store.PutImage(img); err != nil {
		return nil, err
	}
	return img, nil
}

// imageAnswer is the answer to an upload.
func (s *Server) imageAnswer(img *accolade.Image) api.Image {
	return api.Image{URL: s.urls.Image(img.Hash(), img.Ext()), SHA256: img.Hash(), ContentType: img.ContentType,
		Width: img.Width, Height: img.Height, Bytes: len(img.Data)}
}

// postImage stores an image on its own, for an achievement file that names
// it (api.AchievementFile.Image): 201 when it is new, 200 when the same bytes
// were stored before.
func (s *Server) postImage(w http.ResponseWriter, r *http.Request) error {
	img, err := s.readImage(w, r)
	if err != nil {
		return err
	}
	out := s.imageAnswer(img)
	w.Header().Set("Location", out.URL)
	s.writeJSON(w, r, http.StatusOK, "application/json", out)
	return nil
}

// putAchievementImage stores an achievement's image and makes it the
// achievement's image: the credentials issued from now on name it.
func (s *Server) putAchievementImage(w http.ResponseWriter, r *http.Request) error {
	a, err := s.store.Achievement(pathID(r, "id"))
	if err != nil {
		return err
	}
	img, err := s.readImage(w, r)
	if err != nil {
		return err
	}
	out := s.imageAnswer(img)
	if err := s.setAchievementImage(a, out.URL); err != nil {
		return err
	}
	s.writeJSON(w, r, http.StatusOK, "application/json", out)
	return nil
}

// deleteAchievementImage clears an achievement's image: new credentials
// carry none (their baked image is the generated badge). The image stays
// served, since credentials already issued name it.
func (s *Server) deleteAchievementImage(w http.ResponseWriter, r *http.Request) error {
	a, err := s.store.Achievement(pathID(r, "id"))
	if err != nil {
		return err
	}
	if err := s.setAchievementImage(a, ""); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) setAchievementImage(a *criteria.Achievement, link string) error {
	a.Image = link
	return s.awards.LoadAchievements([]*criteria.Achievement{a})
}

// putIssuerLogo stores an issuer's logo and makes it the issuer's Logo.
func (s *Server) putIssuerLogo(w http.ResponseWriter, r *http.Request) error {
	p, err := s.store.Issuer(pathID(r, "slug"))
	if err != nil {
		return err
	}
	img, err := s.readImage(w, r)
	if err != nil {
		return err
	}
	out := s.imageAnswer(img)
	if _, err := s.store.UpdateIssuer(p.Slug, func(p *accolade.Profile) error { p.Logo = out.URL; return nil }); err != nil {
		return err
	}
	s.writeJSON(w, r, http.StatusOK, "application/json", out)
	return nil
}

// deleteIssuerLogo clears an issuer's logo.
func (s *Server) deleteIssuerLogo(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.store.UpdateIssuer(pathID(r, "slug"), func(p *accolade.Profile) error { p.Logo = ""; return nil }); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
