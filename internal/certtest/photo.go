// Package certtest makes certificates as partners receive them, for the
// tests of the packages that read them (qr, verifier, the command line
// and the browser test): photo-like images of a QR code, and PDFs with
// embedded files. Tests only.
package certtest

import (
	"bytes"
	"image"
	"image/color"
	"image/draw"
	"image/jpeg"
	"image/png"
	"math/rand/v2"
	"testing"

	"github.com/boombuler/barcode"
	bqr "github.com/boombuler/barcode/qr"
)

// Image returns a w × h photo-like image: a grey, noisy, unevenly lit
// background with a sheet of paper, off centre, carrying the QR code of
// text at about a quarter of the image's height (at least 4 pixels a
// module). With text "" the paper is blank.
func Image(tb testing.TB, text string, w, h int) image.Image {
	tb.Helper()
	side := h / 4
	var code image.Image = image.NewUniform(color.RGBA{236, 232, 220, 255})
	if text != "" {
		c, err := bqr.Encode(text, bqr.M, bqr.Auto)
		if err != nil {
			tb.Fatal(err)
		}
		side = max(side, 4*c.Bounds().Dx())
		if code, err = barcode.Scale(c, side, side); err != nil {
			tb.Fatal(err)
		}
	}
	rnd := rand.New(rand.NewPCG(1, 2))
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			v := uint8(90 + 60*x/w + rnd.IntN(25))
			m.SetRGBA(x, y, color.RGBA{v, v - 10, v - 20, 255})
		}
	}
	paper := image.Rect(w/5, h/6, w/5+side*2, h/6+side*2)
	draw.Draw(m, paper, &image.Uniform{color.RGBA{236, 232, 220, 255}}, image.Point{}, draw.Src)
	at := paper.Min.Add(image.Pt(side/2, side/2))
	draw.Draw(m, image.Rectangle{at, at.Add(image.Pt(side, side))}, code, image.Point{}, draw.Over)
	// Noise over everything, as a camera adds.
	for i := 0; i < w*h/20; i++ {
		x, y := rnd.IntN(w), rnd.IntN(h)
		c := m.RGBAAt(x, y)
		d := uint8(rnd.IntN(40))
		if c.R > 128 {
			c.R, c.G, c.B = c.R-d, c.G-d, c.B-d
		} else {
			c.R, c.G, c.B = c.R+d, c.G+d, c.B+d
		}
		m.SetRGBA(x, y, c)
	}
	return m
}

// Photo is Image as a PNG file.
func Photo(tb testing.TB, text string, w, h int) []byte {
	tb.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, Image(tb, text, w, h)); err != nil {
		tb.Fatal(err)
	}
	return b.Bytes()
}

// PhotoJPEG is Image as a JPEG file of quality 80.
func PhotoJPEG(tb testing.TB, text string, w, h int) []byte {
	tb.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, Image(tb, text, w, h), &jpeg.Options{Quality: 80}); err != nil {
		tb.Fatal(err)
	}
	return b.Bytes()
}
