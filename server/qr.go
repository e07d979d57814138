package server

import (
	"image/color"
	"strconv"
	"strings"

	"github.com/boombuler/barcode/qr"

	"github.com/accolade-badges/accolade/templates"
)

// qrQuiet is the quiet zone around a QR code, in modules (ISO/IEC 18004).
const qrQuiet = 4

// qrCode draws text as a QR code for the printed credential page, one SVG
// path of the dark modules, each row's runs merged. It returns nil when
// text cannot be encoded (too long), and the page then prints the URL
// alone.
func qrCode(text string) *templates.QRCode {
	code, err := qr.Encode(text, qr.M, qr.Auto)
	if err != nil {
		return nil
	}
	b := code.Bounds()
	n := b.Dx()
	var path strings.Builder
	for y := range b.Dy() {
		for x := 0; x < n; {
			if !dark(code.At(b.Min.X+x, b.Min.Y+y)) {
				x++
				continue
			}
			run := 1
			for x+run < n && dark(code.At(b.Min.X+x+run, b.Min.Y+y)) {
				run++
			}
			path.WriteString("M" + strconv.Itoa(x+qrQuiet) + " " + strconv.Itoa(y+qrQuiet) +
				"h" + strconv.Itoa(run) + "v1h-" + strconv.Itoa(run) + "z")
			x += run
		}
	}
	return &templates.QRCode{Size: n + 2*qrQuiet, Path: path.String()}
}

func dark(c color.Color) bool {
	r, g, b, _ := c.RGBA()
	return r+g+b < 3*0x8000
}
