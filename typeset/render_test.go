package typeset_test

import (
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"os"
	"testing"

	"golang.org/x/image/vector"

	"github.com/accolade-badges/accolade/typeset"
)

// render draws lines of text into a PNG, to look at the shaping.
func render(t *testing.T, path string, texts []string, o typeset.Options) {
	t.Helper()
	f := typeset.Default()
	const w = 900
	h := int(float64(len(texts))*o.Size*1.6) + 20
	z := vector.NewRasterizer(w, h)
	for i, s := range texts {
		l := f.Line(s, o)
		x := 10.0
		if l.RTL {
			x = w - 10 - l.Width
		}
		l.Outline(z, x, float64(i+1)*o.Size*1.6)
	}
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.Draw(dst, dst.Bounds(), image.White, image.Point{}, draw.Src)
	z.Draw(dst, dst.Bounds(), image.NewUniform(color.Black), image.Point{})
	fh, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	if err := png.Encode(fh, dst); err != nil {
		t.Fatal(err)
	}
}

func TestRenderLook(t *testing.T) {
	dir := os.Getenv("TYPESET_LOOK")
	if dir == "" {
		t.Skip("set TYPESET_LOOK=DIR to write PNGs of shaped lines to look at")
	}
	render(t, dir+"/look.png", []string{
		"Zoë Ångström-Nuñez ffi Office", "Дмитрий Шостакович", "Ἀριστοτέλης Παπαδόπουλος",
		"ليلى حداد", "Layla ليلى Haddad", "שרה כהן", "प्रज्ञा क्षत्रिय", "ପ୍ରଜ୍ଞା ମହାପାତ୍ର",
		"தமிழ்செல்வி", "王小明", "山田花子 やまだ はなこ", "الإصدار ٢٠٢٦ رقم 42",
	}, typeset.Options{Size: 36})
}
