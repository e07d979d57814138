package badgeimage

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/png"
	"strings"
	"testing"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/bake"
	"github.com/accolade-badges/accolade/errs"
)

func pngOf(t testing.TB, w, h int) []byte {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = byte(i * 7)
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// bomb is a PNG header claiming side×side pixels, with no pixel data.
func bomb(side uint32) []byte {
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], side)
	binary.BigEndian.PutUint32(ihdr[4:], side)
	ihdr[8], ihdr[9] = 8, 6 // 8-bit RGBA
	chunk := func(typ string, data []byte) {
		binary.Write(&b, binary.BigEndian, uint32(len(data)))
		b.WriteString(typ)
		b.Write(data)
		binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(append([]byte(typ), data...)))
	}
	chunk("IHDR", ihdr)
	chunk("IEND", nil)
	return b.Bytes()
}

func TestCheckPNG(t *testing.T) {
	for _, tt := range []struct {
		name string
		data []byte
		kind errs.Kind
		msg  string
	}{
		{"too small", pngOf(t, 32, 32), errs.Invalid, "the PNG image is 32×32 pixels; a badge is from 64×64 to 2048×2048 pixels"},
		{"too wide", pngOf(t, 2049, 64), errs.Invalid, "2049×64 pixels"},
		{"decompression bomb", bomb(100000), errs.Invalid, "100000×100000 pixels"},
		{"truncated pixels", bomb(512), errs.Invalid, "cannot be read"},
		{"jpeg", []byte("\xff\xd8\xff\xe0\x00\x10JFIF"), errs.Invalid, "JPEG images are not accepted for badges: Open Badges 3.0 bakes credentials into PNG and SVG images only"},
		{"not png", []byte("GIF89a"), errs.Invalid, "not a PNG image"},
		{"too many bytes", append(pngOf(t, 64, 64), make([]byte, MaxPNGBytes)...), errs.TooLarge, "at most 2097152 (2 MiB)"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := CheckPNG(tt.data)
			if errs.KindOf(err) != tt.kind || err == nil || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("CheckPNG(%s) = %v (%v), want %v containing %q", tt.name, err, errs.KindOf(err), tt.kind, tt.msg)
			}
		})
	}
	img, err := CheckPNG(pngOf(t, 64, 2048))
	if err != nil || img.Width != 64 || img.Height != 2048 || img.ContentType != accolade.ImagePNG {
		t.Errorf("CheckPNG(64×2048) = %+v, %v", img, err)
	}
}

func TestCheckPNGRemovesBakedCredential(t *testing.T) {
	plain := pngOf(t, 100, 100)
	baked, err := bake.PNG(plain, "eyJhbGciOiJSUzI1NiJ9.e30.c2ln")
	if err != nil {
		t.Fatal(err)
	}
	img, err := Check("image/png", baked)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(img.Data, plain) {
		t.Errorf("Check(baked PNG) kept the credential: %d bytes, want the %d of the plain image", len(img.Data), len(plain))
	}
	if _, err := png.Decode(bytes.NewReader(img.Data)); err != nil {
		t.Errorf("Check(baked PNG) = an image that does not decode: %v", err)
	}
}

func TestCheckTypes(t *testing.T) {
	for _, tt := range []struct{ ct, msg string }{
		{"image/jpeg", "JPEG images are not accepted"},
		{"image/gif", `the image type "image/gif" is not accepted: a badge image is a PNG (image/png) or an SVG (image/svg+xml)`},
	} {
		if _, err := Check(tt.ct, []byte("x")); err == nil || !strings.Contains(err.Error(), tt.msg) {
			t.Errorf("Check(%s) = %v, want %q", tt.ct, err, tt.msg)
		}
	}
	if img, err := Check("", pngOf(t, 64, 64)); err != nil || img.ContentType != accolade.ImagePNG {
		t.Errorf("Check(no type, PNG bytes) = %v, %v", img, err)
	}
}

func TestDefault(t *testing.T) {
	for _, b := range []Badge{
		{ID: "project-trainer", Name: "Project Trainer", Issuer: "Riverside Skill Exchange"},
		{ID: "mentor", Name: "مرشد المجتمع المتميز", Issuer: "تبادل المهارات"},
		{ID: "wiki-editor", Name: "维基百科编辑入门与社区贡献者", Issuer: "河畔技能交流"},
		{ID: "x", Name: strings.Repeat("Supercalifragilistic ", 12)},
	} {
		svg := DefaultSVG(b)
		out, err := SanitiseSVG(svg)
		if err != nil {
			t.Errorf("DefaultSVG(%s) is refused by the sanitiser: %v", b.ID, err)
		}
		if !bytes.Equal(out, mustSanitise(t, out)) {
			t.Errorf("DefaultSVG(%s) does not sanitise stably", b.ID)
		}
		if got := strings.Count(string(svg), "<text "); got < 2 || got > 4 {
			t.Errorf("DefaultSVG(%s) has %d lines of text, want the name in 1-3 and the issuer", b.ID, got)
		}
		p := DefaultPNG(b)
		img, err := CheckPNG(p)
		if err != nil || img.Width != DefaultSize || img.Height != DefaultSize {
			t.Errorf("DefaultPNG(%s) = %+v, %v; want a %d-pixel square PNG", b.ID, img, err, DefaultSize)
		}
		if !bytes.Equal(DefaultPNG(b), p) || !bytes.Equal(DefaultSVG(b), svg) {
			t.Errorf("Default(%s) is not deterministic", b.ID)
		}
	}
	if !strings.Contains(string(DefaultSVG(Badge{ID: "m", Name: "مرشد"})), `direction="rtl" lang="ar"`) {
		t.Errorf("DefaultSVG(Arabic name) is not marked rtl and ar")
	}
	if paletteOf("a") == paletteOf("b") {
		t.Errorf("two achievements have the same colours")
	}
}

func mustSanitise(t *testing.T, b []byte) []byte {
	t.Helper()
	out, err := SanitiseSVG(b)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func BenchmarkDefaultPNG(b *testing.B) {
	badge := Badge{ID: "project-trainer", Name: "Project Trainer", Issuer: "Riverside Skill Exchange"}
	for b.Loop() {
		DefaultPNG(badge)
	}
}

func BenchmarkSanitiseSVG(b *testing.B) {
	svg := DefaultSVG(Badge{ID: "project-trainer", Name: "Project Trainer", Issuer: "Riverside Skill Exchange"})
	b.SetBytes(int64(len(svg)))
	for b.Loop() {
		if _, err := SanitiseSVG(svg); err != nil {
			b.Fatal(err)
		}
	}
}
