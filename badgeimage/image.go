package badgeimage

import (
	"bytes"
	"encoding/binary"
	"image/png"
	"mime"
	"regexp"
	"strconv"
	"strings"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/bake"
	"github.com/accolade-badges/accolade/errs"
)

// Limits on an uploaded PNG.
const (
	MaxPNGBytes = 2 << 20 // 2 MiB
	MaxPNGSide  = 2048    // pixels, each way
	MinPNGSide  = 64      // pixels, each way
)

// MaxBytes is the largest upload of either format.
const MaxBytes = MaxPNGBytes

// Check checks an upload of the given content type (a media type such as
// "image/png"; parameters are ignored; "" is read from the bytes) and
// returns it as it is to be stored: a PNG without a baked credential, or a
// sanitised SVG (see SanitiseSVG). Errors are of kind errs.Invalid, with a
// message for the uploader, or errs.TooLarge; a type other than PNG and
// SVG is an errs.Invalid error saying which are.
func Check(contentType string, data []byte) (*accolade.Image, error) {
	ct, _, _ := mime.ParseMediaType(contentType)
	if ct == "" {
		ct = sniff(data)
	}
	switch ct {
	case accolade.ImagePNG:
		return CheckPNG(data)
	case accolade.ImageSVG:
		out, err := SanitiseSVG(data)
		if err != nil {
			return nil, err
		}
		img := &accolade.Image{ContentType: accolade.ImageSVG, Data: out}
		img.Width, img.Height = svgSize(out)
		return img, nil
	case "image/jpeg", "image/jpg", "image/pjpeg":
		return nil, errJPEG
	}
	return nil, errs.E(errs.Invalid, "the image type %q is not accepted: a badge image is a PNG (image/png) or an SVG (image/svg+xml), the formats Open Badges bakes credentials into", ct)
}

var errJPEG = errs.E(errs.Invalid, "JPEG images are not accepted for badges: Open Badges 3.0 bakes credentials into PNG and SVG images only; save the image as PNG (or SVG) and upload that")

// sniff guesses the type of an upload that names none.
func sniff(data []byte) string {
	switch {
	case bake.IsPNG(data):
		return accolade.ImagePNG
	case bytes.HasPrefix(data, []byte{0xff, 0xd8, 0xff}):
		return "image/jpeg"
	case bytes.Contains(data[:min(len(data), 1024)], []byte("<svg")):
		return accolade.ImageSVG
	}
	return "application/octet-stream"
}

// CheckPNG checks an uploaded PNG image (see the package documentation)
// and returns it with any baked credential removed.
func CheckPNG(data []byte) (*accolade.Image, error) {
	if len(data) > MaxPNGBytes {
		return nil, errs.E(errs.TooLarge, "the PNG is %d bytes; at most %d (2 MiB) are accepted", len(data), MaxPNGBytes)
	}
	if !bake.IsPNG(data) {
		if bytes.HasPrefix(data, []byte{0xff, 0xd8, 0xff}) {
			return nil, errJPEG
		}
		return nil, errs.E(errs.Invalid, "the file is not a PNG image (it does not start with the PNG signature)")
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, errs.E(errs.Invalid, "the PNG image cannot be read: %v", err)
	}
	if cfg.Width > MaxPNGSide || cfg.Height > MaxPNGSide || cfg.Width < MinPNGSide || cfg.Height < MinPNGSide {
		return nil, errs.E(errs.Invalid, "the PNG image is %d×%d pixels; a badge is from %d×%d to %d×%d pixels (512×512 is a good size)",
			cfg.Width, cfg.Height, MinPNGSide, MinPNGSide, MaxPNGSide, MaxPNGSide)
	}
	if _, err := png.Decode(bytes.NewReader(data)); err != nil {
		return nil, errs.E(errs.Invalid, "the PNG image cannot be read: %v", err)
	}
	out, err := stripCredential(data)
	if err != nil {
		return nil, err
	}
	return &accolade.Image{ContentType: accolade.ImagePNG, Data: out, Width: cfg.Width, Height: cfg.Height}, nil
}

// stripCredential returns png without its iTXt, tEXt and zTXt chunks with
// keyword "openbadgecredential"; the other chunks are copied as they are.
func stripCredential(data []byte) ([]byte, error) {
	out := bytes.NewBuffer(make([]byte, 0, len(data)))
	out.Write(data[:8])
	for p := 8; p < len(data); {
		if len(data)-p < 12 {
			return nil, errs.E(errs.Invalid, "the PNG image is truncated")
		}
		n := int(binary.BigEndian.Uint32(data[p:]))
		if n < 0 || n > len(data)-p-12 {
			return nil, errs.E(errs.Invalid, "the PNG image is truncated")
		}
		typ, body := string(data[p+4:p+8]), data[p+8:p+8+n]
		end := p + 12 + n
		if !((typ == "iTXt" || typ == "tEXt" || typ == "zTXt") && bytes.HasPrefix(body, []byte(bake.PNGKeyword+"\x00"))) {
			out.Write(data[p:end])
		}
		p = end
		if typ == "IEND" {
			break
		}
	}
	return out.Bytes(), nil
}

var lengthRe = regexp.MustCompile(`^\s*([0-9]+(?:\.[0-9]+)?)\s*(px)?\s*$`)

// svgSize reads the size of a sanitised SVG from its root's width and
// height, or else its viewBox; 0, 0 when neither says.
func svgSize(svg []byte) (w, h int) {
	root := svg[:bytes.IndexByte(svg, '>')+1]
	attr := func(name string) string {
		re := regexp.MustCompile(`\s` + name + `="([^"]*)"`)
		if m := re.FindSubmatch(root); m != nil {
			return string(m[1])
		}
		return ""
	}
	num := func(s string) int {
		if m := lengthRe.FindStringSubmatch(s); m != nil {
			f, _ := strconv.ParseFloat(m[1], 64)
			return int(f + 0.5)
		}
		return 0
	}
	w, h = num(attr("width")), num(attr("height"))
	if w > 0 && h > 0 {
		return w, h
	}
	if f := strings.Fields(strings.ReplaceAll(attr("viewBox"), ",", " ")); len(f) == 4 {
		return num(f[2]), num(f[3])
	}
	return 0, 0
}
