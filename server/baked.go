package server

import (
	"encoding/base64"
	"net/http"
	"net/url"
	"strings"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/badgeimage"
	"github.com/accolade-badges/accolade/bake"
	"github.com/accolade-badges/accolade/criteria"
	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/issuer"
	"github.com/accolade-badges/accolade/ob3"
)

// credentialImage answers GET /credentials/{id}.png and .svg: the
// achievement's image as the credential signed it, with the credential's
// VC-JWT baked in (Open Badges 3.0 §5.3), as a download.
//
// The image is the one the credential names: one of this service's
// /images/ URLs is read from the store, a data: URI is decoded (and
// checked as an upload would be). When the credential names no image, an
// image elsewhere (which this service does not fetch), or an image of the
// other format, the achievement's generated default badge in the format
// asked for is baked instead; a PNG badge is never rasterised from an SVG.
// Baking replaces a credential already baked into the image.
func (s *Server) credentialImage(w http.ResponseWriter, r *http.Request, rec *accolade.Record, ext string) error {
	c, err := ob3.ParseCredential(rec.JSON)
	if err != nil {
		return errs.Wrap(errs.Internal, err, "reading stored credential %s", rec.ID)
	}
	img := s.signedImage(c.CredentialSubject.Achievement.ImageURL(), ext)
	if img == nil {
		img = s.defaultBadge(rec, c, ext)
	}
	credential, isJWT := rec.JWT, true
	if credential == "" { // only the JSON form was kept
		credential, isJWT = string(rec.JSON), false
	}
	var baked []byte
	if ext == accolade.FormPNG {
		baked, err = bake.PNG(img, credential)
	} else {
		baked, err = bake.SVG(img, credential, isJWT)
	}
	if err != nil {
		return errs.Wrap(errs.Internal, err, "baking credential %s", rec.ID)
	}
	holder := c.CredentialSubject.Name
	if holder == "" {
		if m, err := s.store.Member(rec.Member); err == nil {
			holder = m.Name
		}
	}
	name := accolade.DownloadName(c.CredentialSubject.Achievement.Name, holder, ext)
	w.Header().Set("Content-Disposition", accolade.ContentDisposition(name))
	imageHeaders(w.Header())
	writeEntity(w, r, accolade.ImageType(ext), baked)
	return nil
}

// signedImage returns the image at link in format ext, when it is one of
// this service's stored images or a data: URI, and nil otherwise.
func (s *Server) signedImage(link, ext string) []byte {
	if hash, iext, ok := s.urls.ImageOf(link); ok {
		if iext != ext {
			return nil
		}
		img, err := s.store.Image(hash)
		if err != nil {
			if errs.KindOf(err) != errs.NotFound {
				s.log.Error("reading badge image", "hash", hash, "err", err)
			}
			return nil
		}
		if img.Ext() != ext {
			return nil
		}
		return img.Data
	}
	ct, data, ok := dataURI(link)
	if !ok || accolade.ImageExt(ct) != ext {
		return nil
	}
	img, err := badgeimage.Check(ct, data)
	if err != nil {
		return nil
	}
	return img.Data
}

// dataURI decodes a data: URI (RFC 2397), base64 or percent-encoded, and
// reports whether link is one.
func dataURI(link string) (contentType string, data []byte, ok bool) {
	rest, ok := strings.CutPrefix(link, "data:")
	if !ok {
		return "", nil, false
	}
	meta, payload, ok := strings.Cut(rest, ",")
	if !ok {
		return "", nil, false
	}
	params := strings.Split(meta, ";")
	contentType = strings.ToLower(strings.TrimSpace(params[0]))
	if params[len(params)-1] == "base64" {
		b, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(payload), ""))
		return contentType, b, err == nil
	}
	p, err := url.PathUnescape(payload)
	return contentType, []byte(p), err == nil
}

// getBadge answers GET /achievements/{id}/badge.png and .svg: the
// achievement's image in that format when one is stored here, else its
// generated badge (with its name and issuer today), for the public pages
// and for previews on social sites, which want a raster image.
func (s *Server) getBadge(w http.ResponseWriter, r *http.Request) error {
	ext, ok := strings.CutPrefix(pathID(r, "file"), "badge.")
	if !ok || (ext != accolade.FormPNG && ext != accolade.FormSVG) {
		return errs.E(errs.NotFound, "no %q: an achievement's badge is badge.png or badge.svg", pathID(r, "file"))
	}
	a, err := s.store.Achievement(pathID(r, "id"))
	if err != nil {
		return err
	}
	img := s.signedImage(issuer.AchievementJSON(s.urls, a).ImageURL(), ext)
	if img == nil {
		b := badgeimage.Badge{ID: a.ID, Name: a.Name, Fonts: s.fonts}
		if p, err := s.store.Issuer(a.Definition().IssuerSlug()); err == nil {
			b.Issuer, b.Lang = p.Name, p.Lang
		}
		img = s.badges.get(b, ext)
	}
	w.Header().Set("Cache-Control", "no-cache") // the name, and so the badge, may change
	imageHeaders(w.Header())
	writeEntity(w, r, accolade.ImageType(ext), img)
	return nil
}

// badgeURL is the URL of an achievement's image for a page: the image it
// names, else its generated badge.
func (s *Server) badgeURL(a *criteria.Achievement, ext string) string {
	if u := issuer.AchievementJSON(s.urls, a).ImageURL(); u != "" {
		return u
	}
	return s.urls.Badge(a.ID, ext)
}

// defaultBadge draws the achievement's generated badge in format ext, with
// its name and its issuer's name as the credential signed them.
func (s *Server) defaultBadge(rec *accolade.Record, c *ob3.OpenBadgeCredential, ext string) []byte {
	b := badgeimage.Badge{ID: rec.Achievement, Name: c.CredentialSubject.Achievement.Name, Issuer: c.Issuer.Name, Fonts: s.fonts}
	if p, err := s.store.Issuer(rec.Issuer); err == nil {
		b.Lang = p.Lang
		if b.Issuer == "" {
			b.Issuer = p.Name
		}
	}
	return s.badges.get(b, ext)
}
