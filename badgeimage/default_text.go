package badgeimage

import (
	"image"

	"golang.org/x/image/vector"
)

// textMeasure is how the default badge measures text to wrap it.
func textMeasure() measurer { return estimate }

// drawText draws the badge's text into dst. Without fonts (package
// typeset) the PNG has no text.
func drawText(dst *image.RGBA, z *vector.Rasterizer, b Badge, p palette) {}
