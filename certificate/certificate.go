package certificate

import (
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/typeset"
)

// Certificate is what a certificate shows and carries. The strings are as
// the signed credential has them.
type Certificate struct {
	// Lang is the labels language (the holder's, else the issuer's
	// default); a language without labels falls back to English.
	Lang string
	// Size is "a4" (the default) or "letter"; empty takes Design.Size.
	Size string

	IssuerName, IssuerURL string
	IssuerLogo            []byte // PNG or JPEG, or nil

	AchievementName, Description, Criteria string
	Image                                  []byte // the badge, PNG or JPEG; nil draws an emblem

	// HolderName is printed as written; when no font can draw it,
	// HolderLatinName is printed instead (and a note says so).
	HolderName, HolderLang, HolderLatinName string

	Awarded, Expires time.Time // Expires zero: no expiry

	CredentialID, VerifyURL string

	// CredentialJSON (with its proof) and JWT are attached to the PDF as
	// AttachmentName+".json" and ".jwt" (AttachmentName defaults to a
	// slug of AchievementName). Either may be empty.
	CredentialJSON []byte
	JWT            string
	AttachmentName string

	Design Design
}

// Render draws the certificate as a one-page PDF. The same input gives the
// same bytes. Notes (such as a name printed in its Latin form) are logged
// with slog; use RenderNotes to get them. Bad input (paper size, colour,
// image) is an errs.Invalid error naming the field.
func Render(c *Certificate, fonts *typeset.Fonts) ([]byte, error) {
	pdf, notes, err := RenderNotes(c, fonts)
	for _, n := range notes {
		slog.Warn("certificate: "+n, "credential", c.CredentialID)
	}
	return pdf, err
}

// RenderNotes is Render, returning the notes instead of logging them.
func RenderNotes(c *Certificate, fonts *typeset.Fonts) ([]byte, []string, error) {
	if fonts == nil {
		fonts = typeset.Default()
	}
	in, err := c.check()
	if err != nil {
		return nil, nil, err
	}
	lb, err := labelsFor(c.Lang)
	if err != nil {
		return nil, nil, err
	}
	cv := &canvas{w: in.w, h: in.h}
	l := &layout{c: cv, f: fonts, lb: lb, rtl: lb.rtl(), in: in, cert: c}
	l.draw()
	pdf, err := c.document(cv, lb, l.holder)
	return pdf, l.notes, err
}

// checked is the input once read: page size, colours, images.
type checked struct {
	w, h                    float64
	primary, accent         rgb
	logo, image, background *pdfImage
}

func (c *Certificate) check() (*checked, error) {
	var in checked
	var err error
	size, field := c.Size, "size"
	if size == "" {
		size, field = c.Design.Size, "design.size"
	}
	if in.w, in.h, err = pageSize(field, size); err != nil {
		return nil, err
	}
	if in.primary, err = parseColour("design.primary", c.Design.Primary, defaultPrimary); err != nil {
		return nil, err
	}
	if in.accent, err = parseColour("design.accent", c.Design.Accent, defaultAccent); err != nil {
		return nil, err
	}
	logo, logoField := c.IssuerLogo, "issuer logo"
	if c.Design.Logo != nil {
		logo, logoField = c.Design.Logo, "design.logo"
	}
	for _, im := range []struct {
		field string
		data  []byte
		dst   **pdfImage
	}{
		{logoField, logo, &in.logo},
		{"badge image", c.Image, &in.image},
		{"design.background", c.Design.Background, &in.background},
	} {
		if len(im.data) == 0 {
			continue
		}
		if *im.dst, err = decodeImage(im.data); err != nil {
			return nil, errs.Field(im.field, "%v", err)
		}
	}
	if strings.TrimSpace(c.AchievementName) == "" {
		return nil, errs.Field("achievement name", "is empty")
	}
	if strings.TrimSpace(c.HolderName) == "" && strings.TrimSpace(c.HolderLatinName) == "" {
		return nil, errs.Field("holder name", "is empty")
	}
	return &in, nil
}

// attachmentBase is the file name, without extension, of the attachments.
func (c *Certificate) attachmentBase() string {
	if c.AttachmentName != "" {
		return c.AttachmentName
	}
	if s := slug(c.AchievementName); s != "" {
		return s
	}
	return "credential"
}

// slug turns s into a lowercase ASCII file-name part: letters and digits,
// runs of anything else as one hyphen. It may be empty (a name in a script
// without Latin letters).
func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		default:
			dash = true
		}
	}
	return b.String()
}

// pdfDate formats t as a PDF date in UTC.
func pdfDate(t time.Time) string {
	return fmt.Sprintf("D:%sZ", t.UTC().Format("20060102150405"))
}
