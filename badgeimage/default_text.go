package badgeimage

import (
	"image"

	"golang.org/x/image/vector"

	"github.com/accolade-badges/accolade/typeset"
)

// textMeasure measures text as the PNG draws it, with package typeset's
// bundled fonts (Noto Sans, bold for the name): the SVG wraps its lines at
// the same places.
func textMeasure(b Badge) measurer {
	fonts := b.fonts()
	return func(text string, size float64, bold bool) float64 {
		return fonts.Line(text, typeset.Options{Size: size, Lang: b.lang(text), Bold: bold, Sans: true}).Width
	}
}

// drawText draws the badge's text into dst, shaped by package typeset
// (Arabic joining, Devanagari conjuncts, bidi order), each line centred.
func drawText(dst *image.RGBA, z *vector.Rasterizer, b Badge, p palette) {
	fonts := b.fonts()
	for _, l := range layoutText(b, p, textMeasure(b)) {
		line := fonts.Line(l.text, typeset.Options{Size: l.size, Lang: b.lang(l.text), Bold: l.bold, Sans: true})
		z.Reset(DefaultSize, DefaultSize)
		line.Outline(z, DefaultSize/2-line.Width/2, l.y)
		z.Draw(dst, dst.Bounds(), image.NewUniform(l.fill), image.Point{})
	}
}
