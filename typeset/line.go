package typeset

import (
	"slices"
	"strings"

	"github.com/go-text/typesetting/di"
	"github.com/go-text/typesetting/language"
	"github.com/go-text/typesetting/shaping"
	"golang.org/x/image/math/fixed"
	"golang.org/x/text/unicode/bidi"
)

// Direction is a paragraph direction.
type Direction int

const (
	// Auto takes the direction of the first strong character (LTR if none).
	Auto Direction = iota
	LTR
	RTL
)

// Options says how to set a line.
type Options struct {
	// Size is the font size in user units (pt in a PDF, px in a raster).
	Size float64
	// Lang is a BCP 47 language tag ("ar", "ja"); it selects
	// language-specific forms when the font has them.
	Lang string
	// Bold and Sans choose the Latin face (and bold in scripts that have
	// one bundled); the default is Noto Serif Regular.
	Bold, Sans bool
	// Dir is the paragraph direction.
	Dir Direction
}

// Line is one shaped line of text.
type Line struct {
	// Width is the advance of the whole line; Ascent and Descent are the
	// largest ascender and descender of its faces (Descent positive).
	Width, Ascent, Descent float64
	// Runs are in visual order, left to right.
	Runs []Run
	// Missing lists the runes that no face covers (drawn as .notdef), in
	// order of first appearance.
	Missing []rune
	// RTL reports whether the paragraph direction is right to left (the
	// line should then be aligned right).
	RTL bool
	// Text is the line's source text, in logical order.
	Text string
}

// Run is a sequence of glyphs in one face and one direction.
type Run struct {
	Face *Face
	// Size is the font size, as in Options.
	Size float64
	// X is the run's left edge from the line's left edge; Width its advance.
	X, Width float64
	// RTL reports whether the run is right to left.
	RTL bool
	// FakeBold reports whether bold was asked for and Face has none (no
	// bold is bundled for Hebrew, Indic scripts and CJK): a PDF writer may
	// then stroke the glyphs as well as fill them. Outline ignores it.
	FakeBold bool
	// Text is the source text of the run, in logical order.
	Text string
	// Glyphs are in visual order, left to right.
	Glyphs []Glyph
}

// Glyph is one positioned glyph. Distances are in user units.
type Glyph struct {
	// ID is the glyph id in Face.
	ID uint16
	// X is the pen position from the run's left edge, before the offsets.
	X, Advance float64
	// XOffset and YOffset move the glyph from the pen position; YOffset
	// grows upwards (font convention).
	XOffset, YOffset float64
	// Text is the source text of the cluster this glyph belongs to, set on
	// one glyph of the cluster (its base: the first with an advance) and
	// empty on the others (marks, the other parts of a split vowel).
	Text string
}

// shapeEm is the size at which runs are shaped: glyph positions come out
// in thousandths of an em (in 26.6 fixed point), as PDF widths are.
const shapeEm = 1000

// Line shapes text as one line. It never fails: runes no face covers are
// listed in Missing.
func (f *Fonts) Line(text string, o Options) *Line {
	lines := f.layout(text, 0, o)
	if len(lines) == 0 {
		return f.empty(o, dirOf(text, o.Dir))
	}
	return lines[0]
}

// Paragraph shapes text and breaks it into lines no wider than width (a
// word longer than width is broken inside). A newline starts a new
// paragraph; all lines share the direction of the first.
func (f *Fonts) Paragraph(text string, width float64, o Options) []*Line {
	var out []*Line
	dir := o.Dir
	if dir == Auto {
		if dirOf(text, Auto) {
			dir = RTL
		} else {
			dir = LTR
		}
	}
	o.Dir = dir
	for p := range strings.SplitSeq(text, "\n") {
		lines := f.layout(p, width, o)
		if len(lines) == 0 {
			lines = []*Line{f.empty(o, dir == RTL)}
		}
		out = append(out, lines...)
	}
	return out
}

func (f *Fonts) empty(o Options, rtl bool) *Line {
	face, _ := f.latin(o)
	k := o.Size / face.Upem
	return &Line{Ascent: face.Ascent * k, Descent: face.Descent * k, RTL: rtl}
}

// layout shapes text and wraps it at width (0: one line).
func (f *Fonts) layout(text string, width float64, o Options) []*Line {
	runes := []rune(text)
	if len(runes) == 0 || o.Size <= 0 {
		return nil
	}
	st := f.state()
	defer f.pool.Put(st)
	m := &fontmap{fonts: f, st: st, order: f.faces(o)}
	rtl := dirOf(text, o.Dir)
	dir := di.DirectionLTR
	if rtl {
		dir = di.DirectionRTL
	}
	in := shaping.Input{
		Text: runes, RunEnd: len(runes), Direction: dir,
		Size: fixed.I(shapeEm), Language: language.NewLanguage(o.Lang),
	}
	var outs []shaping.Output
	for _, seg := range st.seg.Split(in, m) {
		outs = append(outs, st.shaper.Shape(seg))
	}
	max := fixed.Int26_6(1 << 30)
	if width > 0 {
		max = fixed.Int26_6(width / o.Size * shapeEm * 64)
	}
	cfg := shaping.WrapConfig{Direction: dir}
	wrapped, _ := st.wrap.WrapParagraphF(cfg, max, runes, shaping.NewSliceIterator(outs))
	missing := missingRunes(runes, m)
	lines := make([]*Line, 0, len(wrapped))
	for _, wl := range wrapped {
		l := st.line(wl, runes, o.Size, rtl)
		for i := range l.Runs {
			l.Runs[i].FakeBold = o.Bold && !l.Runs[i].Face.Bold
		}
		l.Missing = missing
		lines = append(lines, l)
	}
	return lines
}

// line converts a wrapped line to a Line, runs in visual order.
func (st *state) line(wl shaping.Line, runes []rune, size float64, rtl bool) *Line {
	k := size / shapeEm / 64
	outs := slices.Clone(wl)
	slices.SortStableFunc(outs, func(a, b shaping.Output) int { return int(a.VisualIndex - b.VisualIndex) })
	l := &Line{RTL: rtl}
	if len(wl) > 0 {
		first, last := wl[0].Runes, wl[len(wl)-1].Runes
		l.Text = string(runes[first.Offset:min(last.Offset+last.Count, len(runes))])
	}
	for _, out := range outs {
		face := st.back[out.Face]
		r := Run{
			Face: face, Size: size, X: l.Width, RTL: out.Direction.Progression() == di.TowardTopLeft,
			Text: string(runes[out.Runes.Offset : out.Runes.Offset+out.Runes.Count]),
		}
		var pen float64
		for _, g := range out.Glyphs {
			gl := Glyph{
				ID: uint16(g.GlyphID), X: pen, Advance: float64(g.Advance) * k,
				XOffset: float64(g.XOffset) * k, YOffset: float64(g.YOffset) * k,
			}
			pen += gl.Advance
			r.Glyphs = append(r.Glyphs, gl)
		}
		clusterText(r.Glyphs, out.Glyphs, runes)
		r.Width = pen
		l.Width += pen
		fk := size / face.Upem
		l.Ascent = max(l.Ascent, face.Ascent*fk)
		l.Descent = max(l.Descent, face.Descent*fk)
		l.Runs = append(l.Runs, r)
	}
	return l
}

// clusterText gives each cluster's source text to one of its glyphs: the
// first with an advance (the base, not a mark), else the first.
func clusterText(gs []Glyph, shaped []shaping.Glyph, runes []rune) {
	for i := 0; i < len(gs); {
		j, base := i, -1
		for ; j < len(gs) && shaped[j].TextIndex() == shaped[i].TextIndex(); j++ {
			if base < 0 && gs[j].Advance != 0 {
				base = j
			}
		}
		if base < 0 {
			base = i
		}
		start := shaped[i].TextIndex()
		gs[base].Text = string(runes[start:min(start+shaped[i].RunesCount(), len(runes))])
		i = j
	}
}

// missingRunes lists the runes of text that no face covers.
func missingRunes(runes []rune, m *fontmap) []rune {
	var out []rune
	for _, r := range runes {
		if !m.covered(r) && !slices.Contains(out, r) {
			out = append(out, r)
		}
	}
	return out
}

// dirOf reports whether a paragraph in direction d is right to left: for
// Auto, whether its first strong character is right to left.
func dirOf(text string, d Direction) bool {
	switch d {
	case LTR:
		return false
	case RTL:
		return true
	}
	for _, r := range text {
		p, _ := bidi.LookupRune(r)
		switch p.Class() {
		case bidi.L:
			return false
		case bidi.R, bidi.AL:
			return true
		}
	}
	return false
}
