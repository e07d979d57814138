package accolade

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"time"
)

// Content types of badge images and logos.
const (
	ImagePNG = "image/png"
	ImageSVG = "image/svg+xml"
)

// Image is a badge image or an issuer's logo that this service serves at
// URLs.Image: a PNG or an SVG checked by package badgeimage, addressed by
// the SHA-256 of its bytes, so the same image stored twice is one image.
type Image struct {
	ContentType   string // ImagePNG or ImageSVG
	Data          []byte
	Width, Height int       // pixels; for an SVG from its width and height or viewBox, 0 when it has none
	Created       time.Time // when it was first stored
}

// Hash returns the lowercase hex SHA-256 of the image's bytes: its name
// where it is served.
func (i *Image) Hash() string {
	h := sha256.Sum256(i.Data)
	return hex.EncodeToString(h[:])
}

// Ext returns the image's file extension, "png" or "svg" ("" for another
// content type).
func (i *Image) Ext() string { return ImageExt(i.ContentType) }

// ImageExt returns the file extension of a badge image content type, "png"
// or "svg", or "" for another type.
func ImageExt(contentType string) string {
	switch contentType {
	case ImagePNG:
		return FormPNG
	case ImageSVG:
		return FormSVG
	}
	return ""
}

// ImageType returns the content type of a badge image file extension,
// "png" or "svg", or "" for another.
func ImageType(ext string) string {
	switch strings.ToLower(ext) {
	case FormPNG:
		return ImagePNG
	case FormSVG:
		return ImageSVG
	}
	return ""
}
