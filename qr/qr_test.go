package qr_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"image"
	"image/draw"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/boombuler/barcode"
	bqr "github.com/boombuler/barcode/qr"

	"github.com/accolade-badges/accolade/internal/certtest"
	"github.com/accolade-badges/accolade/qr"
)

const url = "https://badges.example.org/credentials/0b9a3c55-8a5e-4c61-9d0b-2f3a1c7e9d41"

func TestDecode(t *testing.T) {
	for _, tc := range []struct {
		name string
		img  []byte
	}{
		{"plain png", encodePNG(t, qrImage(t, url, 300))},
		{"photo png", certtest.Photo(t, url, 1600, 1200)},
		{"photo jpeg", certtest.PhotoJPEG(t, url, 1600, 1200)},
		{"big photo jpeg", certtest.PhotoJPEG(t, url, 4000, 3000)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := qr.Decode(tc.img, qr.DefaultMaxPixels)
			if err != nil || got != url {
				t.Errorf("Decode = %q, %v; want %q", got, err, url)
			}
			zbar(t, tc.img, url)
		})
	}
}

// zbar checks with zbarimg, a decoder that shares no code with gozxing,
// that the test image holds the code.
func zbar(t *testing.T, img []byte, want string) {
	t.Helper()
	if _, err := exec.LookPath("zbarimg"); err != nil {
		t.Log("zbarimg (Debian package zbar-tools) is not installed: not cross-checking the image")
		return
	}
	f := filepath.Join(t.TempDir(), "img")
	if err := os.WriteFile(f, img, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("zbarimg", "--quiet", "--raw", f).Output()
	if err != nil || strings.TrimSpace(string(out)) != want {
		t.Errorf("zbarimg read %q, %v; want %q", out, err, want)
	}
}

func TestDecodeErrors(t *testing.T) {
	blank := image.NewGray(image.Rect(0, 0, 200, 200))
	draw.Draw(blank, blank.Bounds(), image.White, image.Point{}, draw.Src)
	for _, tc := range []struct {
		name string
		img  []byte
		max  int
		want error
	}{
		{"no code", encodePNG(t, blank), qr.DefaultMaxPixels, qr.ErrNoCode},
		{"not an image", []byte("hello"), qr.DefaultMaxPixels, qr.ErrNotImage},
		{"too many pixels", encodePNG(t, blank), 100 * 100, qr.ErrTooLarge},
		{"header claims huge", hugePNGHeader(), qr.DefaultMaxPixels, qr.ErrTooLarge},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got, err := qr.Decode(tc.img, tc.max); !errors.Is(err, tc.want) {
				t.Errorf("Decode = %q, %v; want %v", got, err, tc.want)
			}
		})
	}
}

// hugePNGHeader is a PNG that claims 100,000 × 100,000 pixels: only its
// header is ever read.
func hugePNGHeader() []byte {
	var b bytes.Buffer
	png.Encode(&b, image.NewGray(image.Rect(0, 0, 1, 1)))
	p := b.Bytes()
	// IHDR data starts at 16: width, height (big-endian); its CRC
	// follows the 13 bytes of data.
	copy(p[16:24], []byte{0, 1, 0x86, 0xa0, 0, 1, 0x86, 0xa0})
	binary.BigEndian.PutUint32(p[29:33], crc32.ChecksumIEEE(p[12:29]))
	return p
}

func qrImage(t *testing.T, text string, size int) image.Image {
	c, err := bqr.Encode(text, bqr.M, bqr.Auto)
	if err != nil {
		t.Fatal(err)
	}
	c, err = barcode.Scale(c, size, size)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func encodePNG(t *testing.T, m image.Image) []byte {
	var b bytes.Buffer
	if err := png.Encode(&b, m); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// BenchmarkDecode reads the QR code in phone-sized photos (12 and 3
// megapixel JPEGs), and searches a 12 megapixel photo without one (every
// size tried: the worst case).
func BenchmarkDecode(b *testing.B) {
	for _, tc := range []struct {
		text string
		w, h int
	}{{url, 4000, 3000}, {url, 2000, 1500}, {"", 4000, 3000}} {
		img := certtest.PhotoJPEG(b, tc.text, tc.w, tc.h)
		b.Run(fmt.Sprintf("%dx%d/code=%v", tc.w, tc.h, tc.text != ""), func(b *testing.B) {
			for b.Loop() {
				if _, err := qr.Decode(img, qr.DefaultMaxPixels); (err == nil) != (tc.text != "") {
					b.Fatal(err)
				}
			}
		})
	}
}
