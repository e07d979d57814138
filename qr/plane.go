package qr

import (
	"image"
	"image/color"
)

// plane is an image's luminance, one byte a pixel, row after row.
type plane struct {
	pix  []byte
	w, h int
}

// luminance returns m's luminance, transparent pixels counting as white
// (a QR code on a transparent background is dark on white), with fast
// paths for the images JPEG and PNG decode to.
func luminance(m image.Image) plane {
	b := m.Bounds()
	p := plane{pix: make([]byte, b.Dx()*b.Dy()), w: b.Dx(), h: b.Dy()}
	i := 0
	switch m := m.(type) {
	case *image.YCbCr:
		for y := b.Min.Y; y < b.Max.Y; y++ {
			off := m.YOffset(b.Min.X, y)
			i += copy(p.pix[i:i+p.w], m.Y[off:off+p.w])
		}
	case *image.Gray:
		for y := b.Min.Y; y < b.Max.Y; y++ {
			off := m.PixOffset(b.Min.X, y)
			i += copy(p.pix[i:i+p.w], m.Pix[off:off+p.w])
		}
	case *image.NRGBA:
		for y := b.Min.Y; y < b.Max.Y; y++ {
			row := m.Pix[m.PixOffset(b.Min.X, y):]
			for x := 0; x < p.w; x++ {
				r, g, bl, a := int(row[4*x]), int(row[4*x+1]), int(row[4*x+2]), int(row[4*x+3])
				p.pix[i] = byte(((r+2*g+bl)/4*a + 255*(255-a)) / 255)
				i++
			}
		}
	case *image.RGBA: // premultiplied: over white is adding 255-a
		for y := b.Min.Y; y < b.Max.Y; y++ {
			row := m.Pix[m.PixOffset(b.Min.X, y):]
			for x := 0; x < p.w; x++ {
				r, g, bl, a := int(row[4*x]), int(row[4*x+1]), int(row[4*x+2]), int(row[4*x+3])
				p.pix[i] = byte(min(255, (r+2*g+bl)/4+255-a))
				i++
			}
		}
	default:
		for y := b.Min.Y; y < b.Max.Y; y++ {
			for x := b.Min.X; x < b.Max.X; x++ {
				c := color.NRGBAModel.Convert(m.At(x, y)).(color.NRGBA)
				r, g, bl, a := int(c.R), int(c.G), int(c.B), int(c.A)
				p.pix[i] = byte(((r+2*g+bl)/4*a + 255*(255-a)) / 255)
				i++
			}
		}
	}
	return p
}

// shrink returns the plane reduced k times in each direction, each pixel
// the mean of a k × k block.
func (p plane) shrink(k int) plane {
	if k <= 1 {
		return p
	}
	q := plane{w: p.w / k, h: p.h / k}
	q.pix = make([]byte, q.w*q.h)
	for y := 0; y < q.h; y++ {
		for x := 0; x < q.w; x++ {
			sum := 0
			for dy := 0; dy < k; dy++ {
				row := p.pix[(y*k+dy)*p.w+x*k:]
				for dx := 0; dx < k; dx++ {
					sum += int(row[dx])
				}
			}
			q.pix[y*q.w+x] = byte(sum / (k * k))
		}
	}
	return q
}
