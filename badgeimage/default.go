package badgeimage

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"hash/fnv"
	"image"
	"image/color"
	"image/png"
	"math"
	"strings"
	"unicode"

	"github.com/accolade-badges/accolade/typeset"

	"golang.org/x/image/vector"
)

// Badge is what the default badge of an achievement shows.
type Badge struct {
	ID     string // the achievement id: it chooses the colours
	Name   string // the achievement's name, wrapped to at most 3 lines
	Issuer string // the issuer's name, smaller, on the ribbon
	Lang   string // BCP 47 tag of the names; "" guesses from their script
	// Fonts draw and measure the text; nil: typeset.Default(), the
	// bundled fonts.
	Fonts *typeset.Fonts
}

func (b Badge) fonts() *typeset.Fonts {
	if b.Fonts != nil {
		return b.Fonts
	}
	return typeset.Default()
}

// DefaultSize is the width and height of the default badge, in pixels.
const DefaultSize = 512

// palette is the badge's colours, derived from the achievement id.
type palette struct {
	rim, face, gold, ribbon, tail, ink, text color.RGBA
}

func paletteOf(id string) palette {
	h := fnv.New32a()
	h.Write([]byte(id))
	hue := float64(h.Sum32() % 360)
	return palette{
		rim:    hsl(hue, 0.55, 0.22),
		face:   hsl(hue, 0.50, 0.36),
		gold:   color.RGBA{0xe2, 0xb6, 0x4a, 0xff},
		ribbon: hsl(hue, 0.40, 0.93),
		tail:   hsl(hue, 0.35, 0.75),
		ink:    hsl(hue, 0.55, 0.20),
		text:   color.RGBA{0xff, 0xff, 0xff, 0xff},
	}
}

// hsl converts hue (degrees), saturation and lightness (0–1) to RGB.
func hsl(h, s, l float64) color.RGBA {
	c := (1 - math.Abs(2*l-1)) * s
	x := c * (1 - math.Abs(math.Mod(h/60, 2)-1))
	m := l - c/2
	var r, g, b float64
	switch {
	case h < 60:
		r, g = c, x
	case h < 120:
		r, g = x, c
	case h < 180:
		g, b = c, x
	case h < 240:
		g, b = x, c
	case h < 300:
		r, b = x, c
	default:
		r, b = c, x
	}
	f := func(v float64) uint8 { return uint8(math.Round((v + m) * 255)) }
	return color.RGBA{f(r), f(g), f(b), 0xff}
}

// shape is one filled part of the badge: a disc or a polygon, drawn the
// same in the SVG and the PNG.
type shape struct {
	fill   color.RGBA
	cx, cy float64 // disc centre
	r      float64 // disc radius; 0 for a polygon
	pts    [][2]float64
}

// shapes is the badge's drawing, back to front, on a 512×512 canvas.
func shapes(p palette) []shape {
	const c = DefaultSize / 2
	out := []shape{
		{fill: p.rim, cx: c, cy: c, r: 246},
		{fill: p.gold, cx: c, cy: c, r: 230},
		{fill: p.face, cx: c, cy: c, r: 221},
		{fill: p.gold, cx: c, cy: c, r: 203},
		{fill: p.face, cx: c, cy: c, r: 200},
		// ribbon tails, then the band
		{fill: p.tail, pts: [][2]float64{{22, 374}, {92, 374}, {92, 430}, {22, 430}, {44, 402}}},
		{fill: p.tail, pts: [][2]float64{{490, 374}, {420, 374}, {420, 430}, {490, 430}, {468, 402}}},
		{fill: p.rim, pts: [][2]float64{{72, 406}, {92, 430}, {92, 406}}},
		{fill: p.rim, pts: [][2]float64{{440, 406}, {420, 430}, {420, 406}}},
		{fill: p.ribbon, pts: [][2]float64{{72, 356}, {440, 356}, {440, 406}, {72, 406}}},
	}
	out = append(out, shape{fill: p.gold, pts: star(c, 112, 30, 12.5)})
	return out
}

// star is a five-pointed star's outline.
func star(cx, cy, outer, inner float64) [][2]float64 {
	pts := make([][2]float64, 10)
	for i := range pts {
		r := outer
		if i%2 == 1 {
			r = inner
		}
		a := -math.Pi/2 + float64(i)*math.Pi/5
		pts[i] = [2]float64{cx + r*math.Cos(a), cy + r*math.Sin(a)}
	}
	return pts
}

// Layout of the text, on the 512×512 canvas.
const (
	nameCentre   = 252.0 // the middle of the name's block of lines
	nameMaxWidth = 330.0
	issuerY      = 389.0 // baseline of the issuer's name on the ribbon
	issuerSize   = 20.0
	issuerWidth  = 340.0
)

// textLine is one line of text, centred at x = 256 on baseline y.
type textLine struct {
	text string
	y    float64
	size float64
	bold bool
	fill color.RGBA
}

// measurer returns the width of text at a font size, in pixels.
type measurer func(text string, size float64, bold bool) float64

// layoutText wraps the name to at most 3 lines and places them and the
// issuer's name.
func layoutText(b Badge, p palette, measure measurer) []textLine {
	var out []textLine
	size, lines := fitName(strings.TrimSpace(b.Name), measure)
	lh := size * 1.18
	top := nameCentre - lh*float64(len(lines)-1)/2 + size*0.36
	for i, l := range lines {
		out = append(out, textLine{text: l, y: top + lh*float64(i), size: size, bold: true, fill: p.text})
	}
	if iss := strings.TrimSpace(b.Issuer); iss != "" {
		s := issuerSize
		for s > 12 && measure(iss, s, false) > issuerWidth {
			s--
		}
		out = append(out, textLine{text: ellipsis(iss, s, issuerWidth, measure, false), y: issuerY, size: s, fill: p.ink})
	}
	return out
}

// fitName chooses the largest font size at which name fits in 3 lines.
func fitName(name string, measure measurer) (float64, []string) {
	if name == "" {
		return 40, nil
	}
	for _, size := range []float64{50, 44, 40, 36, 32, 28, 25, 22} {
		if lines, ok := wrap(name, size, measure); ok && (len(lines) == 1 || size <= 44) {
			return size, lines
		}
	}
	lines, _ := wrap(name, 22, measure)
	lines = lines[:3]
	lines[2] = ellipsis(lines[2]+"…", 22, nameMaxWidth, measure, true)
	return 22, lines
}

// wrap breaks text into lines no wider than nameMaxWidth, between words,
// or between characters in scripts written without spaces (Chinese,
// Japanese); ok is false when more than 3 lines are needed.
func wrap(text string, size float64, measure measurer) (lines []string, ok bool) {
	var cur string
	for _, w := range words(text) {
		next := cur + w
		if cur == "" || measure(strings.TrimSpace(next), size, true) <= nameMaxWidth {
			cur = next
			continue
		}
		lines = append(lines, strings.TrimSpace(cur))
		cur = strings.TrimLeft(w, " ")
	}
	if cur != "" {
		lines = append(lines, strings.TrimSpace(cur))
	}
	for _, l := range lines {
		if measure(l, size, true) > nameMaxWidth {
			return lines, false
		}
	}
	return lines, len(lines) <= 3
}

// words splits text into breakable pieces: words with the space before
// them, and single ideographs.
func words(text string) []string {
	var out []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			out = append(out, string(cur))
			cur = nil
		}
	}
	for _, r := range text {
		switch {
		case unicode.IsSpace(r):
			flush()
			cur = append(cur, ' ')
		case wide(r):
			if len(cur) > 0 && !(len(cur) == 1 && cur[0] == ' ') {
				flush()
			}
			cur = append(cur, r)
			flush()
		default:
			cur = append(cur, r)
		}
	}
	flush()
	return out
}

// wide reports whether r is a Han, kana or Hangul character: a full em
// wide, and a place a line may break.
func wide(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul) || (r >= 0x3000 && r <= 0x303f) || (r >= 0xff00 && r <= 0xffef)
}

// ellipsis cuts text to fit width, ending it with "…" when cut.
func ellipsis(text string, size, width float64, measure measurer, bold bool) string {
	if measure(text, size, bold) <= width {
		return text
	}
	r := []rune(strings.TrimSuffix(text, "…"))
	for len(r) > 1 && measure(string(r)+"…", size, bold) > width {
		r = r[:len(r)-1]
	}
	return strings.TrimSpace(string(r)) + "…"
}

// rtl reports whether text starts, in its first letter, in a right-to-left script.
func rtl(text string) bool {
	for _, r := range text {
		switch {
		case unicode.In(r, unicode.Arabic, unicode.Hebrew, unicode.Syriac, unicode.Thaana, unicode.Nko):
			return true
		case unicode.IsLetter(r):
			return false
		}
	}
	return false
}

// guessLang returns a BCP 47 tag for text from its script: "und"
// (undetermined) when the script does not say.
func guessLang(text string) string {
	han := false
	for _, r := range text {
		switch {
		case unicode.In(r, unicode.Hiragana, unicode.Katakana):
			return "ja"
		case unicode.Is(unicode.Hangul, r):
			return "ko"
		case unicode.Is(unicode.Han, r):
			han = true
		case unicode.Is(unicode.Arabic, r):
			return "ar"
		case unicode.Is(unicode.Hebrew, r):
			return "he"
		case unicode.Is(unicode.Devanagari, r):
			return "hi"
		case unicode.Is(unicode.Tamil, r):
			return "ta"
		}
	}
	if han {
		return "zh"
	}
	return "und"
}

func (b Badge) lang(text string) string {
	if b.Lang != "" {
		return b.Lang
	}
	return guessLang(text)
}

// DefaultSVG returns the default badge of b as an SVG image (512×512).
func DefaultSVG(b Badge) []byte {
	p := paletteOf(b.ID)
	var out bytes.Buffer
	fmt.Fprintf(&out, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" role="img" aria-label="`, DefaultSize, DefaultSize, DefaultSize, DefaultSize)
	xml.EscapeText(&out, []byte(strings.TrimSpace(b.Name)))
	out.WriteString(`">`)
	out.WriteString("<title>")
	xml.EscapeText(&out, []byte(strings.TrimSpace(b.Name)))
	out.WriteString("</title>")
	for _, s := range shapes(p) {
		if s.r > 0 {
			fmt.Fprintf(&out, `<circle cx="%g" cy="%g" r="%g" fill="%s"/>`, s.cx, s.cy, s.r, cssColor(s.fill))
			continue
		}
		out.WriteString(`<polygon points="`)
		for i, pt := range s.pts {
			if i > 0 {
				out.WriteByte(' ')
			}
			fmt.Fprintf(&out, "%.1f,%.1f", pt[0], pt[1])
		}
		fmt.Fprintf(&out, `" fill="%s"/>`, cssColor(s.fill))
	}
	for _, l := range layoutText(b, p, textMeasure(b)) {
		dir, weight := "ltr", "400"
		if rtl(l.text) {
			dir = "rtl"
		}
		if l.bold {
			weight = "700"
		}
		lang := b.lang(l.text)
		fmt.Fprintf(&out, `<text x="256" y="%.1f" text-anchor="middle" direction="%s" lang="%s" xml:lang="%s" font-family="'Noto Sans', 'Noto Naskh Arabic', 'Noto Sans Devanagari', 'Noto Sans CJK SC', system-ui, sans-serif" font-size="%g" font-weight="%s" fill="%s">`,
			l.y, dir, lang, lang, l.size, weight, cssColor(l.fill))
		xml.EscapeText(&out, []byte(l.text))
		out.WriteString("</text>")
	}
	out.WriteString("</svg>\n")
	return out.Bytes()
}

func cssColor(c color.RGBA) string { return fmt.Sprintf("#%02x%02x%02x", c.R, c.G, c.B) }

// DefaultPNG returns the default badge of b as a 512×512 PNG image, the
// same design as DefaultSVG.
func DefaultPNG(b Badge) []byte {
	p := paletteOf(b.ID)
	dst := image.NewRGBA(image.Rect(0, 0, DefaultSize, DefaultSize))
	z := vector.NewRasterizer(DefaultSize, DefaultSize)
	for _, s := range shapes(p) {
		z.Reset(DefaultSize, DefaultSize)
		if s.r > 0 {
			circle(z, s.cx, s.cy, s.r)
		} else {
			z.MoveTo(float32(s.pts[0][0]), float32(s.pts[0][1]))
			for _, pt := range s.pts[1:] {
				z.LineTo(float32(pt[0]), float32(pt[1]))
			}
			z.ClosePath()
		}
		z.Draw(dst, dst.Bounds(), image.NewUniform(s.fill), image.Point{})
	}
	drawText(dst, z, b, p)
	var out bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&out, dst); err != nil {
		panic(err) // encoding an RGBA image into memory does not fail
	}
	return out.Bytes()
}

// circle adds a circle to z as four cubic Bézier curves.
func circle(z *vector.Rasterizer, cx, cy, r float64) {
	const k = 0.5522847498
	f := func(v float64) float32 { return float32(v) }
	z.MoveTo(f(cx+r), f(cy))
	z.CubeTo(f(cx+r), f(cy+k*r), f(cx+k*r), f(cy+r), f(cx), f(cy+r))
	z.CubeTo(f(cx-k*r), f(cy+r), f(cx-r), f(cy+k*r), f(cx-r), f(cy))
	z.CubeTo(f(cx-r), f(cy-k*r), f(cx-k*r), f(cy-r), f(cx), f(cy-r))
	z.CubeTo(f(cx+k*r), f(cy-r), f(cx+r), f(cy-k*r), f(cx+r), f(cy))
	z.ClosePath()
}
