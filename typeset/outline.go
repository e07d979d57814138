package typeset

import (
	"github.com/go-text/typesetting/font"
	ot "github.com/go-text/typesetting/font/opentype"
)

// Pather receives glyph outlines. *golang.org/x/image/vector.Rasterizer
// satisfies it.
type Pather interface {
	MoveTo(x, y float32)
	LineTo(x, y float32)
	QuadTo(x1, y1, x, y float32)
	CubeTo(x1, y1, x2, y2, x, y float32)
	ClosePath()
}

// Outline draws the outlines of the line's glyphs into p, with the left end
// of the baseline at (x, y) and y growing down (the raster convention).
func (l *Line) Outline(p Pather, x, y float64) {
	faces := map[*Face]*font.Face{}
	for _, r := range l.Runs {
		ff, ok := faces[r.Face]
		if !ok {
			ff = font.NewFace(r.Face.font)
			faces[r.Face] = ff
		}
		k := r.Size / r.Face.Upem
		for _, g := range r.Glyphs {
			gx := x + r.X + g.X + g.XOffset
			gy := y - g.YOffset
			o, ok := ff.GlyphDataOutline(font.GID(g.ID))
			if !ok {
				continue
			}
			pt := func(a ot.SegmentPoint) (float32, float32) {
				return float32(gx + float64(a.X)*k), float32(gy - float64(a.Y)*k)
			}
			open := false
			for _, s := range o.Segments {
				switch s.Op {
				case ot.SegmentOpMoveTo:
					if open {
						p.ClosePath()
					}
					p.MoveTo(pt(s.Args[0]))
					open = true
				case ot.SegmentOpLineTo:
					p.LineTo(pt(s.Args[0]))
				case ot.SegmentOpQuadTo:
					x1, y1 := pt(s.Args[0])
					x2, y2 := pt(s.Args[1])
					p.QuadTo(x1, y1, x2, y2)
				case ot.SegmentOpCubeTo:
					x1, y1 := pt(s.Args[0])
					x2, y2 := pt(s.Args[1])
					x3, y3 := pt(s.Args[2])
					p.CubeTo(x1, y1, x2, y2, x3, y3)
				}
			}
			if open {
				p.ClosePath()
			}
		}
	}
}
