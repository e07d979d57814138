package certificate

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/jpeg"
	"image/png"
)

// pdfImage is a decoded PNG or a JPEG, ready to be written as an image
// XObject.
type pdfImage struct {
	w, h  int
	jpeg  []byte // the JPEG file as given (DCTDecode), or nil
	gray  bool   // for JPEG: one component
	rgb   []byte // 8-bit RGB samples, when not JPEG
	alpha []byte // 8-bit alpha samples (an SMask), or nil when opaque
	res   string // resource name once drawn
}

// maxPixels bounds the size of an image a certificate will decode.
const maxPixels = 4096 * 4096

// decodeImage reads a PNG or JPEG file. The error says what is wrong in
// plain words; callers put the field name in front.
func decodeImage(data []byte) (*pdfImage, error) {
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("not a PNG or JPEG image we can read")
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width*cfg.Height > maxPixels {
		return nil, fmt.Errorf("image is %d×%d pixels; at most %d pixels are allowed", cfg.Width, cfg.Height, maxPixels)
	}
	switch format {
	case "jpeg":
		m, err := jpeg.Decode(bytes.NewReader(data))
		if err != nil {
			return nil, fmt.Errorf("JPEG image is damaged: %v", err)
		}
		switch cfg.ColorModel {
		case color.YCbCrModel, color.RGBAModel:
			return &pdfImage{w: cfg.Width, h: cfg.Height, jpeg: data}, nil
		case color.GrayModel:
			return &pdfImage{w: cfg.Width, h: cfg.Height, jpeg: data, gray: true}, nil
		}
		return fromImage(m), nil // CMYK: converted to RGB samples
	case "png":
		m, err := png.Decode(bytes.NewReader(data))
		if err != nil {
			return nil, fmt.Errorf("PNG image is damaged: %v", err)
		}
		return fromImage(m), nil
	}
	return nil, fmt.Errorf("image is %s; only PNG and JPEG are allowed", format)
}

func fromImage(m image.Image) *pdfImage {
	b := m.Bounds()
	n := image.NewNRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	draw.Draw(n, n.Bounds(), m, b.Min, draw.Src)
	im := &pdfImage{w: b.Dx(), h: b.Dy(), rgb: make([]byte, 0, 3*b.Dx()*b.Dy())}
	alpha := make([]byte, 0, b.Dx()*b.Dy())
	opaque := true
	for i := 0; i < len(n.Pix); i += 4 {
		im.rgb = append(im.rgb, n.Pix[i], n.Pix[i+1], n.Pix[i+2])
		alpha = append(alpha, n.Pix[i+3])
		if n.Pix[i+3] != 0xff {
			opaque = false
		}
	}
	if !opaque {
		im.alpha = alpha
	}
	return im
}

// write stores the image XObject (and its soft mask) and returns it.
func (im *pdfImage) write(w *writer) int {
	if im.jpeg != nil {
		cs := "/DeviceRGB"
		if im.gray {
			cs = "/DeviceGray"
		}
		return w.stream(fmt.Sprintf(" /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace %s /BitsPerComponent 8 /Filter /DCTDecode", im.w, im.h, cs), im.jpeg, false)
	}
	smask := ""
	if im.alpha != nil {
		m := w.stream(fmt.Sprintf(" /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 8", im.w, im.h), im.alpha, true)
		smask = " /SMask " + ref(m)
	}
	return w.stream(fmt.Sprintf(" /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceRGB /BitsPerComponent 8%s", im.w, im.h, smask), im.rgb, true)
}
