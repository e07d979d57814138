package qr

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	_ "image/jpeg" // photos
	_ "image/png"  // scans and screenshots

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"

	"github.com/accolade-badges/accolade/errs"
)

// DefaultMaxPixels is the largest image, in pixels, a caller should let
// Decode read: 40 megapixels, more than a phone photo.
const DefaultMaxPixels = 40_000_000

// Errors Decode returns, each wrapped in an errs.Error whose text is a
// message for people.
var (
	// ErrNoCode: the image was read but holds no QR code that could be
	// decoded.
	ErrNoCode = errors.New("no QR code found")
	// ErrTooLarge: the image has more pixels than the limit.
	ErrTooLarge = errors.New("image too large")
	// ErrNotImage: the bytes are not a JPEG or PNG image.
	ErrNotImage = errors.New("not a JPEG or PNG image")
)

// decoding limits the images decoded at once: each may take a few
// hundred megabytes-seconds of memory and CPU.
var decoding = make(chan struct{}, 2)

// searchSizes are the long sides, in pixels, of the reduced copies a big
// image is searched at before its full size.
var searchSizes = []int{1024, 2048}

// Decode returns the text of the QR code in a JPEG or PNG image of at
// most maxPixels pixels. It returns an Invalid error wrapping ErrNotImage
// or ErrNoCode, or a TooLarge error wrapping ErrTooLarge.
func Decode(img []byte, maxPixels int) (string, error) {
	cfg, format, err := image.DecodeConfig(bytes.NewReader(img))
	if err != nil || (format != "jpeg" && format != "png") {
		return "", fail(errs.Invalid, ErrNotImage, "This is not a JPEG or PNG image we can read.")
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || int64(cfg.Width)*int64(cfg.Height) > int64(maxPixels) {
		return "", fail(errs.TooLarge, ErrTooLarge, fmt.Sprintf(
			"The image is %d × %d pixels (%.1f megapixels); at most %.0f megapixels are read. Send a smaller photo.",
			cfg.Width, cfg.Height, float64(cfg.Width)*float64(cfg.Height)/1e6, float64(maxPixels)/1e6))
	}
	decoding <- struct{}{}
	defer func() { <-decoding }()
	m, _, err := image.Decode(bytes.NewReader(img))
	if err != nil {
		return "", fail(errs.Invalid, ErrNotImage, "The image is damaged and could not be read.")
	}
	full := luminance(m)
	m = nil // let the decoded image go while we search
	long := max(full.w, full.h)
	for _, size := range searchSizes {
		if size >= long {
			break
		}
		if text, ok := find(full.shrink((long + size - 1) / size)); ok {
			return text, nil
		}
	}
	if text, ok := find(full); ok {
		return text, nil
	}
	return "", fail(errs.Invalid, ErrNoCode, "No QR code could be read in the image.")
}

// find looks for a QR code in a luminance plane.
func find(p plane) (string, bool) {
	src, err := gozxing.NewPlanarYUVLuminanceSource(p.pix, p.w, p.h, 0, 0, p.w, p.h, false)
	if err != nil {
		return "", false
	}
	bmp, err := gozxing.NewBinaryBitmap(gozxing.NewHybridBinarizer(src))
	if err != nil {
		return "", false
	}
	hints := map[gozxing.DecodeHintType]any{gozxing.DecodeHintType_TRY_HARDER: true}
	res, err := qrcode.NewQRCodeReader().Decode(bmp, hints)
	if err != nil {
		return "", false
	}
	return res.GetText(), true
}

// fail is an error of kind k, reading msg, that wraps sentinel.
func fail(k errs.Kind, sentinel error, msg string) error {
	return errs.Sentinel(k, sentinel, "%s", msg)
}
