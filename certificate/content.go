package certificate

import (
	"fmt"
	"slices"
	"strings"

	"github.com/accolade-badges/accolade/typeset"
)

// canvas builds one page's content stream. Its coordinates are the
// layout's: points from the top-left corner, y growing down; it turns them
// into PDF's (from the bottom left, y up).
type canvas struct {
	w, h   float64
	b      strings.Builder
	fonts  fontSet
	images []*pdfImage
	links  []link
}

type link struct {
	x, y, w, h float64
	uri        string
}

type rgb [3]float64

func (c *canvas) op(format string, args ...any) {
	fmt.Fprintf(&c.b, format, args...)
	c.b.WriteByte('\n')
}

func (c *canvas) fillColor(k rgb) { c.op("%s %s %s rg", num(k[0]), num(k[1]), num(k[2])) }

func (c *canvas) strokeColor(k rgb) { c.op("%s %s %s RG", num(k[0]), num(k[1]), num(k[2])) }

// rect adds a rectangle to the path.
func (c *canvas) rect(x, y, w, h float64) {
	c.op("%s %s %s %s re", num(x), num(c.h-y-h), num(w), num(h))
}

func (c *canvas) fillRect(x, y, w, h float64, k rgb) {
	c.fillColor(k)
	c.rect(x, y, w, h)
	c.op("f")
}

func (c *canvas) strokeRect(x, y, w, h, width float64, k rgb) {
	c.strokeColor(k)
	c.op("%s w", num(width))
	c.rect(x, y, w, h)
	c.op("S")
}

func (c *canvas) hline(x, y, w, width float64, k rgb) {
	c.strokeColor(k)
	c.op("%s w %s %s m %s %s l S", num(width), num(x), num(c.h-y), num(x+w), num(c.h-y))
}

// path helpers, in layout coordinates.
func (c *canvas) moveTo(x, y float64) { c.op("%s %s m", num(x), num(c.h-y)) }
func (c *canvas) lineTo(x, y float64) { c.op("%s %s l", num(x), num(c.h-y)) }
func (c *canvas) curveTo(x1, y1, x2, y2, x, y float64) {
	c.op("%s %s %s %s %s %s c", num(x1), num(c.h-y1), num(x2), num(c.h-y2), num(x), num(c.h-y))
}

// circle adds a circle to the path (four Bézier arcs).
func (c *canvas) circle(cx, cy, r float64) {
	const k = 0.5523
	c.moveTo(cx+r, cy)
	c.curveTo(cx+r, cy+k*r, cx+k*r, cy+r, cx, cy+r)
	c.curveTo(cx-k*r, cy+r, cx-r, cy+k*r, cx-r, cy)
	c.curveTo(cx-r, cy-k*r, cx-k*r, cy-r, cx, cy-r)
	c.curveTo(cx+k*r, cy-r, cx+r, cy-k*r, cx+r, cy)
	c.op("h")
}

// text draws a shaped line with the left end of its baseline at (x, y).
//
// Copying and searching must give the text as written. Each left-to-right
// run is marked content with its text in logical order as ActualText (so
// Devanagari's reordered vowel signs and conjuncts copy right). A
// right-to-left run is not: poppler lays ActualText out left to right and
// then reverses right-to-left text, so a logical-order ActualText comes out
// backwards; its glyphs are in visual order with each cluster's text in
// the ToUnicode map (reversed, as in visual order), which extractors
// reorder. A left-to-right run after a right-to-left one in a
// left-to-right line starts its ActualText with U+200E (LRM), so the space
// before it stays on its side.
func (c *canvas) text(l *typeset.Line, x, y float64, k rgb) {
	c.fillColor(k)
	prevRTL := false
	for _, r := range l.Runs {
		if len(r.Glyphs) == 0 {
			continue
		}
		u := c.fonts.use(r.Face)
		if !r.RTL {
			actual := r.Text
			if prevRTL && !l.RTL {
				actual = "\u200e" + actual
			}
			c.op("/Span <</ActualText <%s>>> BDC", utf16hex(actual, true))
		}
		prevRTL = r.RTL
		c.op("BT /%s %s Tf", u.res, num(r.Size))
		if r.FakeBold {
			c.strokeColor(k)
			c.op("%s w 2 Tr", num(r.Size*0.03))
		}
		scale := r.Size / r.Face.Upem
		var tj strings.Builder
		flush := func() {
			if tj.Len() > 0 {
				c.op("[%s] TJ", tj.String())
				tj.Reset()
			}
		}
		at := func(gx, gy float64) {
			flush()
			c.op("1 0 0 1 %s %s Tm", num(gx), num(c.h-gy))
		}
		x0 := x + r.X
		at(x0, y)
		for i, g := range r.Glyphs {
			t := g.Text
			if r.RTL {
				t = reverse(t)
			}
			cid := u.cid(g.ID, t)
			shifted := g.XOffset != 0 || g.YOffset != 0
			if shifted {
				at(x0+g.X+g.XOffset, y-g.YOffset)
			}
			fmt.Fprintf(&tj, "<%04X>", cid)
			nominal := r.Face.GlyphAdvance(g.ID) * scale
			if shifted {
				if i+1 < len(r.Glyphs) {
					at(x0+g.X+g.Advance, y)
				}
				continue
			}
			if adj := (nominal - g.Advance) / r.Size * 1000; adj > 0.05 || adj < -0.05 {
				tj.WriteString(num(adj))
			}
		}
		flush()
		if r.FakeBold {
			c.op("0 Tr")
		}
		c.op("ET")
		if !r.RTL {
			c.op("EMC")
		}
	}
}

// image draws an image into the box (x, y, w, h).
func (c *canvas) image(im *pdfImage, x, y, w, h float64) {
	if im.res == "" {
		im.res = fmt.Sprintf("Im%d", len(c.images)+1)
		c.images = append(c.images, im)
	}
	c.op("q %s 0 0 %s %s %s cm /%s Do Q", num(w), num(h), num(x), num(c.h-y-h), im.res)
}

// link makes the box (x, y, w, h) open uri.
func (c *canvas) link(x, y, w, h float64, uri string) {
	c.links = append(c.links, link{x, y, w, h, uri})
}

func reverse(s string) string {
	r := []rune(s)
	slices.Reverse(r)
	return string(r)
}
