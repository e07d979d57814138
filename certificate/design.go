package certificate

import (
	"strconv"
	"strings"

	"github.com/accolade-badges/accolade/errs"
)

// Design is an achievement's own look for its certificates. Every field is
// optional; the zero Design is the default certificate.
type Design struct {
	// Primary is the colour of the frame, the title and the badge's name;
	// Accent that of the fine rules and ornaments. Both are "#rrggbb".
	Primary, Accent string
	// Logo replaces the issuer's logo; Background is drawn under the whole
	// page, stretched to it. Both are PNG or JPEG files.
	Logo, Background []byte
	// Title replaces the labels' "Certificate of Achievement"; Statement
	// replaces "has earned" (both as written, in any language).
	Title, Statement string
	// Signatory and SignatoryRole, when Signatory is set, print a
	// signature line with that name and role under it.
	Signatory, SignatoryRole string
	// Size is the default paper size, "a4" or "letter", used when the
	// Certificate does not give one.
	Size string
}

var (
	defaultPrimary = rgb{0x1f / 255.0, 0x3a / 255.0, 0x5f / 255.0}
	defaultAccent  = rgb{0xb0 / 255.0, 0x8d / 255.0, 0x57 / 255.0}
)

// parseColour reads "#rrggbb" (or "" for def). It returns an errs.Invalid
// error naming field.
func parseColour(field, s string, def rgb) (rgb, error) {
	if s == "" {
		return def, nil
	}
	h, ok := strings.CutPrefix(s, "#")
	if !ok || len(h) != 6 {
		return rgb{}, errs.Field(field, "colour %q is not of the form #rrggbb (such as #1f3a5f)", s)
	}
	v, err := strconv.ParseUint(h, 16, 32)
	if err != nil {
		return rgb{}, errs.Field(field, "colour %q is not of the form #rrggbb (such as #1f3a5f)", s)
	}
	return rgb{float64(v>>16) / 255, float64(v>>8&0xff) / 255, float64(v&0xff) / 255}, nil
}

// pageSize gives the landscape size in points of "a4" or "letter" ("" is
// a4). It returns an errs.Invalid error naming field.
func pageSize(field, s string) (w, h float64, err error) {
	switch strings.ToLower(s) {
	case "", "a4":
		return 841.89, 595.28, nil
	case "letter":
		return 792, 612, nil
	}
	return 0, 0, errs.Field(field, "unknown paper size %q: use a4 or letter", s)
}
